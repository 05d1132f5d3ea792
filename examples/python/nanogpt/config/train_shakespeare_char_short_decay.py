# Character-level Shakespeare with nanoGPT (python train.py config/train_shakespeare_char_short_decay.py).
# The run was made longer but the decay horizon was left behind, and min_lr is 0: the LR reaches 0 at
# iteration 3000 and the last 2000 updates change nothing.
out_dir = 'out-shakespeare-char'
dataset = 'shakespeare_char'
gradient_accumulation_steps = 1
batch_size = 64
block_size = 256

n_layer = 6
n_head = 6
n_embd = 384
dropout = 0.2

learning_rate = 1e-3
max_iters = 5000
lr_decay_iters = 3000
min_lr = 0.0
warmup_iters = max_iters // 50
beta2 = 0.99
