# A minimind-style pretraining script (settings are argparse defaults; the LR follows minimind's get_lr).
import argparse

import torch
from torch import optim

from trainer.trainer_utils import get_lr


def train_epoch(epoch, loader, iters, start_step=0):
    last_step = start_step
    for step, (input_ids, labels) in enumerate(loader, start=start_step + 1):
        last_step = step
        lr = get_lr(epoch * iters + step, args.epochs * iters, args.learning_rate)
        for group in optimizer.param_groups:
            group['lr'] = lr
        loss = model(input_ids, labels=labels).loss / args.accumulation_steps
        loss.backward()
        if step % args.accumulation_steps == 0:
            optimizer.step()
            optimizer.zero_grad(set_to_none=True)
    if last_step > start_step and last_step % args.accumulation_steps != 0:
        optimizer.step()
        optimizer.zero_grad(set_to_none=True)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description="pretraining")
    parser.add_argument("--epochs", type=int, default=2)
    parser.add_argument("--batch_size", type=int, default=32)
    parser.add_argument("--learning_rate", type=float, default=5e-4)
    parser.add_argument("--accumulation_steps", type=int, default=8)
    parser.add_argument("--grad_clip", type=float, default=1.0)
    args = parser.parse_args()
    model = build_model()
    optimizer = optim.AdamW(model.parameters(), lr=args.learning_rate)
    for epoch in range(args.epochs):
        train_epoch(epoch, make_loader(args.batch_size), len(loader))
