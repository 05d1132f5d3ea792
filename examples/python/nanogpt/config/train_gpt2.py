# GPT-2 (124M) on OpenWebText with nanoGPT, 8 GPUs on one node:
#   torchrun --standalone --nproc_per_node=8 train.py config/train_gpt2.py
# Only what differs from train.py's defaults is set here; the LR schedule keeps the defaults
# (learning_rate 6e-4, warmup_iters 2000, min_lr 6e-5).

wandb_log = True
wandb_project = 'owt'
wandb_run_name = 'gpt2-124M'

# tokens per update: 12 sequences x 1024 tokens x 5 accumulation steps x 8 GPUs = 491,520
batch_size = 12
block_size = 1024
gradient_accumulation_steps = 5 * 8

# 600k updates of ~0.5M tokens: about 300B tokens; the cosine ends with the run
max_iters = 600000
lr_decay_iters = 600000

eval_interval = 1000
eval_iters = 200
log_interval = 10

weight_decay = 1e-1
