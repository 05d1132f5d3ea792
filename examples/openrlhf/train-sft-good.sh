set -x

# OpenRLHF SFT (dotted flags, OpenRLHF >= 0.11): cosine with a 0.1 floor, 3 % warmup of the run.
read -r -d '' training_commands <<EOF
openrlhf.cli.train_sft \
   --data.max_len 2048 \
   --data.dataset Open-Orca/OpenOrca \
   --data.input_key question \
   --data.output_key response \
   --train.batch_size 256 \
   --train.micro_batch_size 2 \
   --data.max_samples 500000 \
   --model.model_name_or_path meta-llama/Meta-Llama-3-8B \
   --ckpt.output_dir ./checkpoint/llama3-8b-sft \
   --train.max_epochs 1 \
   --adam.lr 5e-6 \
   --lr_scheduler cosine_with_min_lr \
   --lr_warmup_ratio 0.03 \
   --min_lr_ratio 0.1 \
   --model.gradient_checkpointing_enable
EOF

deepspeed --module $training_commands
