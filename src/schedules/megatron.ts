// megatron.core's OptimizerParamScheduler, which counts samples: NVIDIA/Megatron-LM
// megatron/core/optimizer_param_scheduler.py get_lr @d98e8a64 (last changed f55397dc, minus_sqrt added). The
// constructor calls step(0); train_step (megatron/training/training.py @d98e8a64) calls
// step(increment = num_microbatches x micro_batch_size x data_parallel_size), the global batch, after every successful
// update. So update k (0-based) runs at the LR get_lr gives for num_steps = k x global batch.
import type { Phase } from '../core/types.ts';

export type MegatronDecayStyle = 'constant' | 'linear' | 'cosine' | 'inverse-square-root' | 'WSD';
export type MegatronWsdStyle = 'exponential' | 'linear' | 'cosine' | 'minus_sqrt';

/** The scheduler's arguments, in samples (get_optimizer_param_scheduler, training.py @d98e8a64). */
export interface MegatronSchedulerArgs {
  initLr: number;
  maxLr: number;
  minLr: number;
  /** lr_warmup_steps: may be fractional (lr_warmup_fraction x lr_decay_steps). */
  warmupSamples: number;
  decaySamples: number;
  decayStyle: MegatronDecayStyle;
  wsdDecaySamples: number | null;
  wsdStyle: MegatronWsdStyle;
  /** Samples the scheduler advances per update (the global batch size). */
  samplesPerUpdate: number;
}

/** get_lr at num_steps = n, in the upstream order of float operations. */
export function megatronLrAtSamples(a: MegatronSchedulerArgs, n: number): number {
  const { maxLr, minLr } = a;
  if (a.warmupSamples > 0 && n <= a.warmupSamples) return a.initLr + ((maxLr - a.initLr) * n) / a.warmupSamples;
  if (a.decayStyle === 'constant') return maxLr;
  if (n > a.decaySamples) return minLr;
  if (a.decayStyle === 'inverse-square-root') {
    const warmup = Math.max(a.warmupSamples, 1);
    const steps = Math.max(n, 1);
    return Math.max(minLr, (maxLr * Math.pow(warmup, 0.5)) / Math.pow(steps, 0.5));
  }
  const ratio = (n - a.warmupSamples) / (a.decaySamples - a.warmupSamples);
  const delta = maxLr - minLr;
  let coeff: number;
  if (a.decayStyle === 'linear') coeff = 1.0 - ratio;
  else if (a.decayStyle === 'cosine') coeff = 0.5 * (Math.cos(Math.PI * ratio) + 1.0);
  else {
    const annealStart = a.decaySamples - (a.wsdDecaySamples ?? 0);
    if (n <= annealStart) coeff = 1.0;
    else {
      const r = (n - annealStart) / (a.wsdDecaySamples ?? 0);
      if (a.wsdStyle === 'linear') coeff = 1.0 - r;
      else if (a.wsdStyle === 'cosine') coeff = 0.5 * (Math.cos(Math.PI * r) + 1.0);
      else if (a.wsdStyle === 'exponential') coeff = 2.0 * Math.pow(0.5, r) - 1.0;
      else coeff = 1.0 - Math.sqrt(r);
    }
  }
  return minLr + coeff * delta;
}

export function megatronLr(a: MegatronSchedulerArgs, k: number): number {
  return megatronLrAtSamples(a, k * a.samplesPerUpdate);
}

/** The first update whose sample count is past `samples` (num_steps > samples), i.e. floor(samples / batch) + 1. */
export function firstUpdatePast(samples: number, perUpdate: number): number {
  return Math.floor(samples / perUpdate) + 1;
}

/** The first update whose sample count reaches `samples` (num_steps >= samples). */
export function firstUpdateAt(samples: number, perUpdate: number): number {
  return Math.ceil(samples / perUpdate);
}

/** Where the formula changes, in updates. */
export function megatronPhases(a: MegatronSchedulerArgs): { phases: Phase[]; warmupEnd: number; decayStart: number; decayEnd: number | null } {
  const g = a.samplesPerUpdate;
  // Warmup holds while num_steps <= warmup: the peak is reached at the first update with num_steps >= warmup.
  const warmupEnd = a.warmupSamples > 0 ? firstUpdateAt(a.warmupSamples, g) : 0;
  const phases: Phase[] = [{ kind: 'warmup', start: 0, end: warmupEnd, style: 'linear' }];
  if (a.decayStyle === 'constant') {
    phases.push({ kind: 'constant', start: warmupEnd, end: Infinity, style: 'constant' });
    return { phases, warmupEnd, decayStart: warmupEnd, decayEnd: null };
  }
  // Every decaying style returns min_lr once num_steps > lr_decay_steps; linear, cosine and WSD reach it at
  // num_steps = lr_decay_steps already.
  const floorStart = a.decayStyle === 'inverse-square-root' ? firstUpdatePast(a.decaySamples, g) : firstUpdateAt(a.decaySamples, g);
  let decayStart = warmupEnd;
  if (a.decayStyle === 'WSD') {
    const annealStart = a.decaySamples - (a.wsdDecaySamples ?? 0);
    decayStart = Math.max(warmupEnd, annealStart >= 0 ? firstUpdatePast(annealStart, g) : 0);
    phases.push({ kind: 'constant', start: warmupEnd, end: decayStart, style: 'constant' });
  }
  const decayEnd = Math.max(floorStart, decayStart);
  const style = a.decayStyle === 'WSD' ? `WSD ${a.wsdStyle}` : a.decayStyle;
  phases.push({ kind: 'decay', start: decayStart, end: decayEnd, style });
  phases.push({ kind: 'floor', start: decayEnd, end: Infinity, style: 'constant' });
  return { phases, warmupEnd, decayStart, decayEnd };
}
