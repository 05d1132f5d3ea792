// verl's own defaults for the keys the schedule depends on, used where neither the reviewed file nor a base config in the
// repository sets a key. Values from the flattened Hydra configs:
// verl-project/verl verl/trainer/config/_generated_ppo_trainer.yaml @1dda039b (FSDP; optim/fsdp.yaml) and
// _generated_ppo_megatron_trainer.yaml @1dda039b (optim/megatron.yaml); the legacy tree
// volcengine/verl verl/trainer/config/_generated_ppo_trainer.yaml @b178a3cd has the same values for these keys.
export const VERL_ENGINE_COMMIT = '1dda039b';
export const VERL_LEGACY_COMMIT = 'b178a3cd';

const FSDP_OPTIM: Record<string, unknown> = {
  lr_warmup_steps_ratio: 0.0,
  total_training_steps: -1,
  lr_warmup_steps: -1,
  min_lr_ratio: 0.0,
  num_cycles: 0.5,
  lr_scheduler_type: 'constant',
  zero_indexed_step: true,
  warmup_style: null,
};

const MEGATRON_OPTIM: Record<string, unknown> = {
  lr_warmup_steps_ratio: 0.0,
  total_training_steps: -1,
  lr_warmup_steps: -1,
  lr_warmup_init: 0.0,
  lr_decay_steps: null,
  lr_decay_style: 'constant',
  min_lr: 0.0,
  lr_wsd_decay_style: 'exponential',
  lr_wsd_decay_steps: null,
  use_checkpoint_opt_param_scheduler: false,
};

const COMMON: Record<string, unknown> = {
  'data.train_batch_size': 1024,
  'data.train_files': '~/data/rlhf/gsm8k/train.parquet',
  'actor_rollout_ref.actor.ppo_mini_batch_size': 256,
  'actor_rollout_ref.actor.ppo_epochs': 1,
  'actor_rollout_ref.actor.optim.lr': 1e-6,
  'actor_rollout_ref.rollout.n': 1,
  'critic.optim.lr': 1e-5,
  'critic.enable': null,
  'trainer.total_epochs': 30,
  'trainer.total_training_steps': null,
  'trainer.critic_warmup': 0,
  'algorithm.adv_estimator': 'gae',
};

/** verl's default for a dotted key, by the backend whose optim sub-config applies; undefined when not encoded. */
export function verlDefault(key: string, backend: 'fsdp' | 'megatron'): unknown {
  if (key in COMMON) return COMMON[key];
  if (key === 'actor_rollout_ref.actor.strategy' || key === 'critic.strategy') return backend === 'megatron' ? 'megatron' : 'fsdp';
  // critic.ppo_mini_batch_size / ppo_epochs: ${oc.select:actor_rollout_ref.actor.<key>,...} (critic/critic.yaml)
  const optim = /^(?:actor_rollout_ref\.actor|critic)\.optim\.(\w+)$/.exec(key);
  if (optim) {
    const table = backend === 'megatron' ? MEGATRON_OPTIM : FSDP_OPTIM;
    return optim[1]! in table ? table[optim[1]!] : undefined;
  }
  return undefined;
}

/** Critic keys whose default is the actor's value (critic/critic.yaml: `${oc.select:actor_rollout_ref.actor.X,...}`). */
export const CRITIC_FOLLOWS_ACTOR: Record<string, string> = {
  'critic.ppo_mini_batch_size': 'actor_rollout_ref.actor.ppo_mini_batch_size',
  'critic.ppo_epochs': 'actor_rollout_ref.actor.ppo_epochs',
  // critic/critic.yaml: use_dynamic_bsz: ${oc.select:actor_rollout_ref.actor.use_dynamic_bsz,false}
  'critic.use_dynamic_bsz': 'actor_rollout_ref.actor.use_dynamic_bsz',
};
