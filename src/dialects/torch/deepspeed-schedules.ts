// DeepSpeed's own schedulers (deepspeed/runtime/lr_schedules.py @38327e07: WarmupLR, WarmupDecayLR,
// WarmupCosineLR, OneCycle) as the LR optimizer update k uses: update 0 runs at the constructor's LR, update
// k >= 1 at get_lr() with last_batch_iteration = k - 1 (engine.py _take_model_step steps after each update).

export interface WarmupArgs {
  minLr: number;
  maxLr: number;
  /** Already max(2, warmup_num_steps). */
  warmup: number;
  type: 'log' | 'linear';
  /** WarmupDecayLR only. */
  total?: number;
}

/** WarmupLR / WarmupDecayLR _get_gamma at last_batch_iteration t. */
function warmupGamma(a: WarmupArgs, t: number): number {
  if (t < a.warmup) return a.type === 'log' ? (1.0 / Math.log(a.warmup)) * Math.log(t + 1) : t / a.warmup;
  if (a.total === undefined) return 1.0;
  return Math.max(0.0, (a.total - t) / Math.max(1.0, a.total - a.warmup));
}

/** LR of update k for WarmupLR / WarmupDecayLR: the constructor's warmup_min_lr, then get_lr at k - 1. */
export function warmupLr(a: WarmupArgs, k: number): number {
  if (k <= 0) return a.minLr;
  return a.minLr + (a.maxLr - a.minLr) * warmupGamma(a, k - 1);
}

export interface CosineArgs {
  orgLr: number;
  total: number;
  warmup: number;
  warmupMinRatio: number;
  cosMinRatio: number;
  type: 'log' | 'linear';
}

/** WarmupCosineLR: update 0 at 0.0 (get_lr before the first step), then org_lr x get_lr_ratio() at k - 1. */
export function warmupCosineLr(a: CosineArgs, k: number): number {
  if (k <= 0) return 0.0;
  const t = k - 1;
  let ratio: number;
  if (t < a.warmup) {
    const r = a.type === 'log' ? (1.0 / Math.log(a.warmup)) * Math.log(t + 1) : t / a.warmup;
    ratio = a.warmupMinRatio + r * (1 - a.warmupMinRatio);
  } else {
    const realLast = t - a.warmup + 1;
    const realTotal = a.total - a.warmup;
    const cos = (1 + Math.cos((Math.PI * realLast) / realTotal)) / 2;
    ratio = Math.max(0.0, a.cosMinRatio + (1 - a.cosMinRatio) * cos);
  }
  return a.orgLr * ratio;
}

export interface OneCycleArgs {
  minLr: number;
  maxLr: number;
  first: number;
  second: number;
  decayLrRate: number;
  decayStepSize: number;
}

/** OneCycle: cycle_min_lr from the constructor, then get_lr at last_batch_iteration k - 1 (stairs are not used by this version). */
export function oneCycleLr(a: OneCycleArgs, k: number): number {
  if (k <= 0) return a.minLr;
  const lbi = k - 1;
  const totalSize = a.first + a.second;
  if (lbi < totalSize) {
    const stepRatio = a.first / totalSize;
    const bi = lbi + 1;
    const cycle = Math.floor(1 + bi / totalSize);
    const x = 1 + bi / totalSize - cycle;
    const scale = x <= stepRatio ? x / stepRatio : (x - 1) / (stepRatio - 1);
    return a.minLr + (a.maxLr - a.minLr) * scale;
  }
  // Decay is skipped when decay_lr_rate or decay_step_size is (close to) 0.
  if (a.decayStepSize === 0 || a.decayLrRate === 0) return a.minLr;
  const interval = (lbi - totalSize + 1) / a.decayStepSize;
  return a.minLr / (1 + a.decayLrRate * interval);
}
