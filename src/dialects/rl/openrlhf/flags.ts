// OpenRLHF's command-line flags for the schedule, per release family, and the defaults of each training script.
// Two flag spellings exist (OpenRLHF/OpenRLHF):
//   flat   (from 397d6a1c, 2024-07, to c1ba971c, 2026-04): --learning_rate, --train_batch_size, --max_epochs, --max_samples,
//          --dataset; train_*.py call get_scheduler(..., scheduler_specific_kwargs={"min_lr": learning_rate * 0.1})
//          (train_dpo.py: learning_rate * --min_lr_ratio) for EVERY --lr_scheduler (openrlhf/cli/train_sft.py @c1ba971c).
//   dotted (from ed62d0e2, 2026-04-19): --adam.lr / --muon.lr, --train.batch_size, --train.max_epochs, --data.max_samples,
//          --data.dataset; DeepspeedStrategy._ds_init_train_model builds the scheduler, passing min_lr_rate=--min_lr_ratio
//          only to cosine_with_min_lr / cosine_warmup_with_min_lr (fix c3188af3, openrlhf/utils/deepspeed/deepspeed.py @3c3be623).
// Both: num_update_steps_per_epoch = len(train_dataset) // train_batch_size, max_steps = ceil(max_epochs x that),
// num_warmup_steps = ceil(max_steps x --lr_warmup_ratio) (default 0.03), --lr_scheduler default cosine_with_min_lr.

export type Era = 'flat' | 'dotted';

/** The training scripts whose scheduler OpenRLHF builds the same way (openrlhf/cli/train_<name>.py). */
export type ScriptName = 'sft' | 'rm' | 'dpo' | 'kto' | 'prm' | 'kd';

export interface EraFlags {
  lr: string;
  batch: string;
  epochs: string;
  maxSamples: string;
  dataset: string;
}

export const FLAGS: Record<Era, EraFlags> = {
  flat: { lr: '--learning_rate', batch: '--train_batch_size', epochs: '--max_epochs', maxSamples: '--max_samples', dataset: '--dataset' },
  dotted: { lr: '--adam.lr', batch: '--train.batch_size', epochs: '--train.max_epochs', maxSamples: '--data.max_samples', dataset: '--data.dataset' },
};

/** argparse defaults of each script: learning rate and max_epochs (train_batch_size is 128 everywhere). */
export const DEFAULTS: Record<Era, Partial<Record<ScriptName, { lr: number; epochs: number }>>> = {
  // openrlhf/cli/train_{sft,rm,dpo}.py @c1ba971c; train_{kto,prm,kd}.py @6a981c8c~1 (removed by 6a981c8c, 2026-03-19).
  flat: { sft: { lr: 5e-6, epochs: 2 }, rm: { lr: 9e-6, epochs: 1 }, dpo: { lr: 1e-5, epochs: 1 }, kto: { lr: 1e-5, epochs: 1 }, prm: { lr: 1e-6, epochs: 1 }, kd: { lr: 5e-6, epochs: 1 } },
  // openrlhf/cli/train_{sft,rm,dpo}.py @3c3be623 (--adam.lr).
  dotted: { sft: { lr: 5e-6, epochs: 2 }, rm: { lr: 9e-6, epochs: 1 }, dpo: { lr: 1e-5, epochs: 1 } },
};

export const DEFAULT_BATCH = 128;
export const DEFAULT_WARMUP_RATIO = 0.03;
export const DEFAULT_MIN_LR_RATIO = 0.1;
export const DEFAULT_SCHEDULER = 'cosine_with_min_lr';
/** Default --muon.lr of the dotted release (train_sft.py @3c3be623). */
export const DEFAULT_MUON_LR = 0.02;

/** Flag prefixes of the dotted release (openrlhf/utils/config.py hierarchize groups them). */
const DOTTED = /^--(?:train|data|model|adam|muon|ds|ckpt|logger|eval|actor|critic|ref|reward|vllm|algo|rollout)\./;
/** Flags only the flat release has. */
const FLAT_ONLY = ['--learning_rate', '--train_batch_size', '--micro_train_batch_size', '--max_epochs', '--max_samples', '--pretrain', '--dataset', '--save_path', '--zero_stage', '--actor_learning_rate', '--critic_learning_rate'];

/** Which release the launch's flags belong to: `mixed` when it uses both spellings (argparse of either refuses the other's). */
export function eraOf(flags: readonly string[]): Era | 'mixed' | 'unknown' {
  const dotted = flags.some((f) => DOTTED.test(f));
  const flat = flags.some((f) => FLAT_ONLY.includes(f));
  if (dotted && flat) return 'mixed';
  if (dotted) return 'dotted';
  if (flat) return 'flat';
  return 'unknown';
}

/** `openrlhf.cli.train_sft` / `openrlhf/cli/train_sft.py` / `train_ppo_ray`: the script's name, or null. */
export function scriptOf(target: string): string | null {
  const m = /(?:^|[./])openrlhf[./]cli[./]train_(\w+?)(?:\.py)?$/.exec(target);
  return m ? m[1]! : null;
}

export const SIMULATED: readonly ScriptName[] = ['sft', 'rm', 'dpo', 'kto', 'prm', 'kd'];
