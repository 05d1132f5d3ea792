#!/bin/sh
# Pretraining launch: the script's defaults, except the learning rate (200x the default 5e-4).
cd "$(dirname "$0")"
torchrun --nproc_per_node 2 trainer/train_pretrain.py \
    --epochs 1 \
    --learning_rate 0.1
