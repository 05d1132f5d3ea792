#!/bin/bash
# GPT pretraining with Megatron-LM: cosine decay over the whole run (--lr-decay-iters = --train-iters).
#SBATCH --nodes=8
#SBATCH --ntasks-per-node=1

GPUS_PER_NODE=8
TRAIN_ITERS=${TRAIN_ITERS:-500000}

DISTRIBUTED_ARGS=(
    --nproc_per_node $GPUS_PER_NODE
    --nnodes $SLURM_NNODES
)

GPT_ARGS=(
    --num-layers 24
    --hidden-size 2048
    --num-attention-heads 16
    --seq-length 2048
    --micro-batch-size 4
    --global-batch-size 1024
    --lr 3.0e-4
    --min-lr 3.0e-5
    --lr-decay-style cosine
    --lr-warmup-iters 2000
    --train-iters $TRAIN_ITERS
    --lr-decay-iters $TRAIN_ITERS
    --weight-decay 0.1
    --clip-grad 1.0
    --bf16
)

srun torchrun "${DISTRIBUTED_ARGS[@]}" pretrain_gpt.py \
    "${GPT_ARGS[@]}" \
    --data-path "$DATA_PATH" \
    --save "$CHECKPOINT_PATH"
