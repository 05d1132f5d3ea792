// timm train.py's arguments: the names a `--config` YAML (and the args.yaml train.py writes) uses as keys, the flags a
// launch line gives, their types and defaults (huggingface/pytorch-image-models train.py @aa4b5850), and how the two are
// merged: _parse_args loads the YAML with yaml.safe_load, hands it to parser.set_defaults(**cfg), then parses the
// command line, so a flag wins over the YAML, and the YAML over train.py's defaults. argparse converts a *string*
// default with the argument's type (so PyYAML's string "1e-3" becomes 0.001 for --lr); other values stay as loaded.

/** Every dest of train.py's parser @aa4b5850 (detection: a YAML of timm arguments has nothing else). */
export const TIMM_DESTS: ReadonlySet<string> = new Set(
  (
    'config data data_dir dataset train_split val_split train_num_samples val_num_samples dataset_download class_map input_img_mode input_key target_key ' +
    'dataset_trust_remote_code model pretrained pretrained_path initial_checkpoint resume no_resume_opt num_classes gp img_size in_chans input_size ' +
    'crop_pct mean std interpolation batch_size validation_batch_size channels_last fuser grad_accum_steps grad_checkpointing fast_norm model_kwargs ' +
    'head_init_scale head_init_bias torchcompile_mode torchscript torchcompile device amp amp_dtype model_dtype no_ddp_bb synchronize_step local_rank ' +
    'device_modules opt opt_eps opt_betas momentum weight_decay clip_grad clip_mode layer_decay layer_decay_min_scale layer_decay_no_opt_scale opt_kwargs ' +
    'sched sched_on_updates lr lr_base lr_base_size lr_base_scale lr_noise lr_noise_pct lr_noise_std lr_cycle_mul lr_cycle_decay lr_cycle_limit lr_k_decay ' +
    'warmup_lr min_lr epochs epoch_repeats start_epoch decay_milestones decay_epochs warmup_epochs warmup_prefix cooldown_epochs patience_epochs decay_rate ' +
    'no_aug train_crop_mode scale ratio hflip vflip color_jitter color_jitter_prob grayscale_prob gaussian_blur_prob aa aug_repeats aug_splits jsd_loss ' +
    'bce_loss bce_sum bce_target_thresh bce_pos_weight reprob remode recount resplit mixup cutmix cutmix_minmax mixup_prob mixup_switch_prob mixup_mode ' +
    'mixup_off_epoch smoothing train_interpolation drop drop_connect drop_path drop_block bn_momentum bn_eps sync_bn dist_bn split_bn model_ema ' +
    'model_ema_force_cpu model_ema_decay model_ema_warmup seed worker_seeding log_interval val_interval recovery_interval checkpoint_hist workers ' +
    'save_images pin_mem no_prefetcher output experiment eval_metric tta use_multi_epochs_loader log_wandb wandb_project wandb_tags wandb_resume_id ' +
    'train_img_sizes train_batch_sizes train_size_probs train_size_schedule train_size_schedule_spread train_size_random_mix train_batches_per_epoch ' +
    'variable_batch_loss_scale naflex_loader naflex_train_seq_lens naflex_max_seq_len naflex_patch_sizes naflex_patch_size_probs naflex_loss_scale ' +
    'naflex_patchify_channels_first kd_model_name kd_distill_type kd_loss_type distill_loss_weight task_loss_weight kd_temperature kd_student_feature_dim ' +
    'kd_teacher_feature_dim kd_token_distill_type'
  ).split(' '),
);

/** Flags whose dest is not their long name with `-` read as `_` (train.py @aa4b5850). */
const ALIASES: Record<string, string> = { '-c': 'config', '-b': 'batch_size', '-vb': 'validation_batch_size', '-j': 'workers', '--dr': 'decay_rate', '--train-steps-per-epoch': 'train_batches_per_epoch', '--data_dir': 'data_dir' };

/**
 * The dest a command-line flag sets, or undefined for a flag train.py does not have. argparse (allow_abbrev) also takes
 * an unambiguous prefix of a long option: `--warmup-ep 3` is `--warmup-epochs 3`.
 */
export function destOfFlag(flag: string): string | undefined {
  if (ALIASES[flag]) return ALIASES[flag];
  if (!flag.startsWith('--')) return undefined;
  const name = flag.slice(2).replace(/-/g, '_');
  if (TIMM_DESTS.has(name)) return name;
  const prefixed = [...TIMM_DESTS].filter((d) => d.startsWith(name));
  return prefixed.length === 1 ? prefixed[0] : undefined;
}

export type ArgType = 'float' | 'int' | 'str' | 'flag' | 'int+' | 'float+';

/** The arguments the schedule depends on, with their type and train.py default @aa4b5850. */
export const SCHEDULE_ARGS: Record<string, { type: ArgType; default: number | string | boolean | number[] | null }> = {
  sched: { type: 'str', default: 'cosine' },
  sched_on_updates: { type: 'flag', default: false },
  lr: { type: 'float', default: null },
  lr_base: { type: 'float', default: 0.1 },
  lr_base_size: { type: 'int', default: 256 },
  lr_base_scale: { type: 'str', default: '' },
  lr_noise: { type: 'float+', default: null },
  lr_cycle_mul: { type: 'float', default: 1.0 },
  lr_cycle_decay: { type: 'float', default: 0.5 },
  lr_cycle_limit: { type: 'int', default: 1 },
  lr_k_decay: { type: 'float', default: 1.0 },
  warmup_lr: { type: 'float', default: 1e-5 },
  min_lr: { type: 'float', default: 0 },
  epochs: { type: 'int', default: 300 },
  epoch_repeats: { type: 'float', default: 0 },
  start_epoch: { type: 'int', default: null },
  decay_milestones: { type: 'int+', default: [90, 180, 270] },
  decay_epochs: { type: 'float', default: 90 },
  warmup_epochs: { type: 'int', default: 5 },
  warmup_prefix: { type: 'flag', default: false },
  cooldown_epochs: { type: 'int', default: 0 },
  decay_rate: { type: 'float', default: 0.1 },
  batch_size: { type: 'int', default: 128 },
  grad_accum_steps: { type: 'int', default: 1 },
  opt: { type: 'str', default: 'sgd' },
  train_img_sizes: { type: 'int+', default: null },
  naflex_loader: { type: 'flag', default: false },
};

/** Python's float() of a string (the forms a config realistically holds), or undefined. */
export function pythonFloat(text: string): number | undefined {
  const t = text.trim().replace(/_/g, '');
  if (/^[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?$/.test(t)) return Number(t);
  if (/^[-+]?(?:inf|infinity)$/i.test(t)) return t.startsWith('-') ? -Infinity : Infinity;
  if (/^[-+]?nan$/i.test(t)) return NaN;
  return undefined;
}

/** Python's int() of a string, or undefined. */
export function pythonInt(text: string): number | undefined {
  const t = text.trim().replace(/_/g, '');
  return /^[-+]?\d+$/.test(t) ? Number(t) : undefined;
}

export type Converted = { ok: true; value: unknown } | { ok: false; why: string };

/** A value as train.py holds it: a command-line word goes through the type; a YAML value only when it is a string. */
export function convert(dest: string, value: unknown, from: 'cli' | 'yaml'): Converted {
  const spec = SCHEDULE_ARGS[dest];
  if (!spec) return { ok: true, value };
  const one = (v: unknown): Converted => {
    if (typeof v !== 'string') return { ok: true, value: v };
    if (spec.type === 'float' || spec.type === 'float+') {
      const f = pythonFloat(v);
      return f === undefined ? { ok: false, why: `float('${v}') fails` } : { ok: true, value: f };
    }
    if (spec.type === 'int' || spec.type === 'int+') {
      const i = pythonInt(v);
      return i === undefined ? { ok: false, why: `int('${v}') fails` } : { ok: true, value: i };
    }
    return { ok: true, value: v };
  };
  if (spec.type === 'flag') return { ok: true, value: from === 'cli' ? true : value };
  if (from === 'cli' && (spec.type === 'int+' || spec.type === 'float+')) {
    const items = Array.isArray(value) ? value : [value];
    const out: unknown[] = [];
    for (const item of items) {
      const c = one(typeof item === 'number' ? String(item) : item);
      if (!c.ok) return c;
      out.push(c.value);
    }
    return { ok: true, value: out };
  }
  if (from === 'cli') return one(typeof value === 'number' ? String(value) : value);
  // set_defaults: argparse converts only a string default, with the type (a list default is left as it is).
  return typeof value === 'string' ? one(value) : { ok: true, value };
}

/** Python truthiness of a loaded value (a store_true default from YAML is used as it is: "false" is true). */
export function truthy(value: unknown): boolean {
  if (value === null || value === undefined || value === false || value === 0 || value === '') return false;
  if (Array.isArray(value)) return value.length > 0;
  if (typeof value === 'object') return Object.keys(value as object).length > 0;
  return true;
}
