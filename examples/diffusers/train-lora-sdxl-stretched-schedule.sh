#!/bin/bash
# LoRA fine-tune of SDXL with diffusers' examples/text_to_image/train_text_to_image_lora_sdxl.py on 4 GPUs.
# Broken: that script hands get_scheduler --lr_warmup_steps and --max_train_steps multiplied by
# gradient_accumulation_steps (written for accelerate < 0.16); current accelerate steps the scheduler once per update
# (x 4 processes), so the cosine is built for 1500 x 8 / 4 = 3000 updates and the run stops halfway down it.
export MODEL_NAME="stabilityai/stable-diffusion-xl-base-1.0"
export DATASET_NAME="lambdalabs/naruto-blip-captions"

accelerate launch --num_processes 4 --mixed_precision fp16 train_text_to_image_lora_sdxl.py \
  --pretrained_model_name_or_path=$MODEL_NAME \
  --dataset_name=$DATASET_NAME \
  --resolution=1024 --random_flip \
  --train_batch_size=1 \
  --gradient_accumulation_steps=8 \
  --max_train_steps=1500 \
  --learning_rate=1e-04 \
  --lr_scheduler="cosine" \
  --lr_warmup_steps=0 \
  --checkpointing_steps=500 \
  --output_dir="sdxl-naruto-lora"
