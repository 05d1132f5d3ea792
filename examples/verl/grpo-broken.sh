#!/bin/bash
# The warmup ratio was meant for optimizer updates, but verl steps its scheduler once per trainer step:
# 0.95 of the trainer steps is 95 % of the whole run (Search-R1#28).
set -x
python3 -m verl.trainer.main_ppo \
    algorithm.adv_estimator=grpo \
    data.train_files=data/gsm8k/train.parquet \
    data.train_batch_size=512 \
    actor_rollout_ref.rollout.n=5 \
    actor_rollout_ref.actor.ppo_mini_batch_size=128 \
    actor_rollout_ref.actor.optim.lr=1e-6 \
    actor_rollout_ref.actor.optim.lr_scheduler_type=cosine \
    actor_rollout_ref.actor.optim.lr_warmup_steps_ratio=0.95 \
    trainer.total_epochs=10 \
    trainer.total_training_steps=140
