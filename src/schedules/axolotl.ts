// axolotl's own schedulers, closed form: src/axolotl/utils/schedulers.py @067b021c (last changed 0ee98a03; RexLR
// before its warmup fix: @0134093a, axolotl 0.8.x) and the dispatch in core/trainers/mixins/scheduler.py.

/** Python's `a % b` for b > 0 (the result takes the divisor's sign). */
function pyMod(a: number, b: number): number {
  return ((a % b) + b) % b;
}

/** cosine + lr_quadratic_warmup: (k / W)^2, then a half cosine to 0 (num_cycles 0.5; axolotl passes no kwargs). */
export function quadraticWarmupCosine(k: number, w: number, total: number): number {
  if (k < w) return (k / Math.max(1, w)) ** 2;
  const progress = (k - w) / Math.max(1, total - w);
  return Math.max(0.0, 0.5 * (1.0 + Math.cos(Math.PI * 0.5 * 2.0 * progress)));
}

/** cosine_min_lr_ratio: linear warmup, then (1 - r) x half cosine + r; progress is not clamped past the horizon. */
export function cosineWithMinLr(k: number, w: number, total: number, ratio: number): number {
  if (k < w) return k / Math.max(1, w);
  const progress = (k - w) / Math.max(1, total - w);
  const scaling = 0.5 * (1.0 + Math.cos(Math.PI * progress));
  return (1 - ratio) * scaling + ratio;
}

/** int(total x constant_lr_ratio): where get_cosine_schedule_with_warmup_decay_constant stops decaying. */
export function constantFrom(total: number, constantRatio: number): number {
  return Math.trunc(total * constantRatio);
}

/** cosine_min_lr_ratio + cosine_constant_lr_ratio: the cosine reaches r at int(T x c) and stays there. */
export function cosineWarmupDecayConstant(k: number, w: number, total: number, minRatio: number, constantRatio: number): number {
  if (k < w) return k / Math.max(1, w);
  const constantSteps = constantFrom(total, constantRatio);
  const step = Math.min(k, constantSteps);
  const progress = (step - w) / Math.max(1, constantSteps - w);
  return Math.max(0, (1 - minRatio) * 0.5 * (1.0 + Math.cos(Math.PI * 0.5 * 2.0 * progress))) + minRatio;
}

export interface RexArgs {
  maxLr: number;
  minLr: number;
  totalSteps: number;
  warmup: number;
}

/** RexLR.get_lr() at its step counter `s` (the same for the fixed and the 0.8.x class; only the counter differs). */
export function rexLrAtStep(a: RexArgs, s: number): number {
  if (s >= 1 && s <= a.warmup) return (a.maxLr * s) / a.warmup;
  const stepAfter = s - a.warmup;
  const remaining = a.totalSteps - a.warmup;
  if (stepAfter >= remaining || stepAfter === -1 || remaining <= 0) return a.minLr;
  const modIter = pyMod(stepAfter, remaining);
  const z = (remaining - modIter) / remaining;
  const factor = a.minLr / a.maxLr + (1.0 - a.minLr / a.maxLr) * (z / (0.1 + 0.9 * z));
  return a.maxLr * factor;
}

/**
 * The counter update k sees. Fixed RexLR (axolotl >= 0.9, b882dfb6) is built with last_epoch = max(0 - 1, 0) = 0 and
 * torch's initial step moves it to 1, so update k uses s = k + 1. axolotl 0.8.x built it with last_epoch -1: update
 * k uses s = k, so update 0 takes the `step_after = -warmup` branch (a spike to a mid-cycle LR) before the warmup.
 */
export function rexStepOf(k: number, preFix: boolean): number {
  return preFix ? k : k + 1;
}

export interface JaggedArgs {
  restartSteps: number;
  warmupSteps: number;
  annealSteps: number;
  minLrScale: number;
}

/** JaggedLRRestartScheduler's factor at its step counter (applied to the inner scheduler's LR at the same counter). */
export function jaggedScale(a: JaggedArgs, step: number): number {
  if (step < a.restartSteps - a.annealSteps) return 1;
  const progress = pyMod(step, a.restartSteps);
  let cycle: number;
  if (progress < a.warmupSteps) cycle = Math.min(1.0, progress / a.warmupSteps);
  else if (progress > a.restartSteps - a.annealSteps) cycle = Math.min(1.0, (a.restartSteps - progress) / a.annealSteps);
  else cycle = 1;
  return cycle * (1 - a.minLrScale) + a.minLrScale;
}
