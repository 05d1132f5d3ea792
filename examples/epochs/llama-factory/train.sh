#!/bin/sh
# Two processes on one machine (the accelerate config says num_processes: 2).
accelerate launch --config_file examples/epochs/llama-factory/accelerate-2gpu.yaml \
  src/train.py examples/epochs/llama-factory/sft-warmup-longer-than-run.yaml
