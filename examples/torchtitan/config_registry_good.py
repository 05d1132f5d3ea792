# A torchtitan config registry (torchtitan @b5bcd76c format), written for trainlint's examples.
# Each public function is one job config: `--module ... --config llama3_1b_wsd`.
from torchtitan.components.optimizer import default_adamw, LRSchedulersContainer
from torchtitan.config import TrainingConfig
from torchtitan.trainer import Trainer


def llama3_1b_wsd() -> Trainer.Config:
    return Trainer.Config(
        optimizer=default_adamw(lr=3e-4),
        lr_scheduler=LRSchedulersContainer.Config(
            warmup_steps=2000,
            decay_ratio=0.2,
            decay_type="sqrt",
            min_lr_factor=0.1,
        ),
        training=TrainingConfig(steps=100000),
    )


def llama3_1b_wsd_long() -> Trainer.Config:
    # Inherits the schedule above; the decay is a ratio of training.steps, so it stretches with the run.
    config = llama3_1b_wsd()
    config.training.steps = 200000
    return config
