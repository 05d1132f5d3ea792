set -x

# OpenRLHF SFT with the flat flags of releases up to 0.10: these releases hand
# scheduler_specific_kwargs={"min_lr": learning_rate * 0.1} to every scheduler,
# so `--lr_scheduler linear` stops the launch with TypeError.
read -r -d '' training_commands <<EOF
openrlhf.cli.train_sft \
   --max_len 2048 \
   --dataset Open-Orca/OpenOrca \
   --input_key question \
   --output_key response \
   --train_batch_size 256 \
   --micro_train_batch_size 2 \
   --max_samples 500000 \
   --pretrain meta-llama/Meta-Llama-3-8B \
   --save_path ./checkpoint/llama3-8b-sft \
   --max_epochs 1 \
   --bf16 \
   --flash_attn \
   --learning_rate 5e-6 \
   --lr_scheduler linear \
   --gradient_checkpointing
EOF

deepspeed --module $training_commands
