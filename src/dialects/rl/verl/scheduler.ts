// The LR schedules verl builds for its actor and critic, as functions of the scheduler step a (0-based trainer step the
// role has been updated at). Engine FSDP: FSDPEngine._build_lr_scheduler (verl/workers/engine/fsdp/transformer_impl.py)
// with get_constant_schedule_with_warmup / get_cosine_schedule_with_warmup (verl/utils/torch_functional.py), options from
// FSDPOptimizerConfig (verl/workers/config/optimizer.py), verl-project/verl @1dda039b. Legacy FSDP:
// verl/workers/fsdp_workers.py (_build_model_optimizer, CriticWorker._build_critic_model_optimizer), volcengine/verl
// @b178a3cd. Megatron: get_megatron_optimizer_param_scheduler (verl/utils/megatron/optimizer.py @1dda039b) over
// megatron.core's OptimizerParamScheduler (schedules/megatron.ts, Megatron-LM @d98e8a64), stepped by 1 per update.
import { megatronLr, type MegatronDecayStyle } from '../../../schedules/megatron.ts';

export type CodeVersion = 'engine' | 'legacy' | 'legacy-warmup-style';

export interface FsdpOptions {
  kind: 'fsdp';
  type: 'constant' | 'cosine';
  warmup: number;
  total: number;
  minLrRatio: number;
  numCycles: number;
  /** Engine only: false shifts every step by one (torchtitan convention). */
  zeroIndexed: boolean;
}

export interface MegatronOptions {
  kind: 'megatron';
  initLr: number;
  minLr: number;
  warmup: number;
  decaySteps: number;
  decayStyle: MegatronDecayStyle;
  wsdDecaySteps: number | null;
  wsdStyle: 'exponential' | 'linear' | 'cosine' | 'minus_sqrt';
}

export type RoleScheduler = FsdpOptions | MegatronOptions;

/** The multiplier of the FSDP LambdaLR at scheduler step `a` (torch_functional.py lr_lambda). */
export function fsdpFactor(o: FsdpOptions, a: number): number {
  const step = o.zeroIndexed ? a : a + 1;
  if (o.type === 'constant') return step < o.warmup ? step / Math.max(1, o.warmup) : 1;
  if (step < o.warmup) return step / Math.max(1, o.warmup);
  const progress = (step - o.warmup) / Math.max(1, o.total - o.warmup);
  const x = Math.cos(Math.PI * o.numCycles * 2.0 * progress);
  const coef = (1 - o.minLrRatio) * 0.5;
  const intercept = (1 + o.minLrRatio) * 0.5;
  return Math.max(o.minLrRatio, x * coef + intercept);
}

/** The LR at scheduler step `a`. */
export function roleLr(o: RoleScheduler, lr: number, a: number): number {
  if (o.kind === 'fsdp') return lr * fsdpFactor(o, a);
  return megatronLr({ initLr: o.initLr, maxLr: lr, minLr: o.minLr, warmupSamples: o.warmup, decaySamples: o.decaySteps, decayStyle: o.decayStyle, wsdDecaySamples: o.wsdDecaySteps, wsdStyle: o.wsdStyle, samplesPerUpdate: 1 }, a);
}
