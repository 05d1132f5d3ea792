# Warmup + cosine in the style of LLMs-from-scratch appendix D, with the run length written out
# (9 batches per epoch: the-verdict.txt split into 256-token windows, batch_size 2, drop_last=True).
n_epochs = 15
batches_per_epoch = 9
total_steps = batches_per_epoch * n_epochs

initial_lr = 3e-05
peak_lr = 5e-4
min_lr = 1e-6
warmup_steps = int(0.1 * total_steps)
