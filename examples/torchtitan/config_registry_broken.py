# A torchtitan config registry (torchtitan @b5bcd76c format), written for trainlint's examples.
# `llama3_8b_extended` runs llama3_8b longer, but the scheduler is still built for lr_scheduler.total_steps = 20000:
# past update 20001 the linear decay factor goes negative and the optimizer runs with a negative learning rate.
from torchtitan.components.optimizer import default_adamw, LRSchedulersContainer
from torchtitan.config import TrainingConfig
from torchtitan.trainer import Trainer


def llama3_8b() -> Trainer.Config:
    return Trainer.Config(
        optimizer=default_adamw(lr=3e-4),
        lr_scheduler=LRSchedulersContainer.Config(
            warmup_steps=1000,
            total_steps=20000,
            decay_type="linear",
        ),
        training=TrainingConfig(steps=20000),
    )


def llama3_8b_extended() -> Trainer.Config:
    config = llama3_8b()
    config.training.steps = 30000
    return config
