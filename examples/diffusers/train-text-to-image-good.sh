#!/bin/bash
# Full fine-tune of Stable Diffusion with diffusers' examples/text_to_image/train_text_to_image.py on 8 GPUs.
# That script multiplies the warmup and the run by num_processes for get_scheduler, and accelerate steps the
# scheduler 8 times per update, so the cosine below spans exactly the 15000 updates.
export MODEL_NAME="stable-diffusion-v1-5/stable-diffusion-v1-5"
export DATASET_NAME="lambdalabs/naruto-blip-captions"

accelerate launch --num_processes 8 --mixed_precision fp16 train_text_to_image.py \
  --pretrained_model_name_or_path=$MODEL_NAME \
  --dataset_name=$DATASET_NAME \
  --use_ema \
  --resolution=512 --center_crop --random_flip \
  --train_batch_size=1 \
  --gradient_accumulation_steps=4 \
  --gradient_checkpointing \
  --max_train_steps=15000 \
  --learning_rate=1e-05 \
  --max_grad_norm=1 \
  --lr_scheduler="cosine" --lr_warmup_steps=500 \
  --output_dir="sd-naruto-model"
