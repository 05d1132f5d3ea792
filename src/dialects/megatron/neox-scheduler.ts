// GPT-NeoX's AnnealingLR (EleutherAI/gpt-neox megatron/learning_rates.py @ea7aefd8, last changed 19f294d5). The
// constructor calls step(0); DeepSpeed's engine calls lr_scheduler.step() after each optimizer step (once per
// iteration, whatever the gradient accumulation), so update k runs at get_lr() with num_iters = k.
import type { Phase } from '../../core/types.ts';

export type NeoxDecayStyle = 'constant' | 'linear' | 'cosine' | 'exponential';

export interface NeoxSchedulerArgs {
  startLr: number;
  minLr: number;
  /** warmup x the decay horizon: a float. */
  warmupIter: number;
  /** end_iter: lr_decay_iters, floor(train_iters x lr_decay_fraction) or train_iters, at least 1. */
  endIter: number;
  style: NeoxDecayStyle;
  /**
   * 19f294d5 (2026-05-19, #1379) and later: warmup uses max(1, num_iters), so updates 0 and 1 share an LR; before it
   * update 0 ran at LR 0.
   */
  firstUpdateFix: boolean;
}

/** get_lr at num_iters = n, in the upstream order of float operations. */
export function neoxLr(a: NeoxSchedulerArgs, n: number): number {
  if (a.warmupIter > 0 && n <= a.warmupIter) return (a.startLr * (a.firstUpdateFix ? Math.max(1, n) : n)) / a.warmupIter;
  const done = n - a.warmupIter;
  const span = a.endIter - a.warmupIter;
  let lr: number;
  // Python raises ZeroDivisionError where span is 0 (warmup 1.0); the plan refuses that case before simulating.
  if (a.style === 'linear') lr = (a.startLr * (span - done)) / span;
  else if (a.style === 'cosine') lr = a.minLr + ((a.startLr - a.minLr) / 2.0) * (Math.cos((Math.PI * done) / span) + 1);
  else if (a.style === 'exponential') lr = a.startLr * Math.exp((-0.693 * done) / span);
  else lr = a.startLr;
  return Math.max(lr, a.minLr);
}

/** First update from `from` on at which the LR has reached the floor (min_lr), searched near an estimate; null if never. */
function floorFrom(a: NeoxSchedulerArgs, estimate: number, from: number): number | null {
  const start = Math.max(from, Math.floor(estimate) - 3);
  // Past 2^53 a step count no longer moves by 1 (k + 1 === k): no update there is countable, and the search would
  // never end. The plan guard reports such a run (TL002); the decay simply has no reachable end here.
  if (!Number.isSafeInteger(start + 11)) return null;
  for (let k = start; k <= start + 10; k++) if (neoxLr(a, k) === a.minLr && neoxLr(a, k + 1) === a.minLr) return k;
  return null;
}

export function neoxPhases(a: NeoxSchedulerArgs): { phases: Phase[]; warmupEnd: number; decayEnd: number | null; climbsBackAt: number | null } {
  const warmupEnd = a.warmupIter > 0 ? Math.ceil(a.warmupIter) : 0;
  const phases: Phase[] = [{ kind: 'warmup', start: 0, end: warmupEnd, style: 'linear' }];
  const span = a.endIter - a.warmupIter;
  if (a.style === 'constant') {
    phases.push({ kind: 'constant', start: warmupEnd, end: Infinity, style: 'constant' });
    return { phases, warmupEnd, decayEnd: null, climbsBackAt: null };
  }
  if (a.style === 'cosine') {
    // Not clamped: past end_iter the cosine turns and climbs back to start_lr (at 2 x end_iter - warmup).
    const bottom = a.endIter;
    phases.push({ kind: 'decay', start: warmupEnd, end: Math.max(warmupEnd, bottom), style: 'cosine' });
    phases.push({ kind: 'cycle', start: Math.max(warmupEnd, bottom), end: Infinity, style: 'cosine past lr_decay_iters (not clamped)' });
    return { phases, warmupEnd, decayEnd: bottom, climbsBackAt: bottom };
  }
  // Linear decays toward 0 and exponential toward nothing: min_lr is only a floor max(lr, min_lr).
  const estimate =
    a.style === 'linear' ? a.warmupIter + span * (1 - a.minLr / a.startLr) : a.minLr > 0 ? a.warmupIter + (span * Math.log(a.startLr / a.minLr)) / 0.693 : Infinity;
  const floor = a.startLr > 0 ? floorFrom(a, estimate, warmupEnd) : warmupEnd;
  phases.push({ kind: 'decay', start: warmupEnd, end: floor ?? Infinity, style: a.style });
  if (floor !== null) phases.push({ kind: 'floor', start: floor, end: Infinity, style: 'constant' });
  return { phases, warmupEnd, decayEnd: floor, climbsBackAt: null };
}
