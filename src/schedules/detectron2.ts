// detectron2's LR multiplier, evaluated the way fvcore's param schedulers compute it. Sources:
//   facebookresearch/detectron2 detectron2/solver/build.py build_lr_scheduler, solver/lr_scheduler.py
//     WarmupParamScheduler + LRMultiplier @02b5c4e2;
//   facebookresearch/fvcore fvcore/common/param_scheduler.py @3378afe0 (MultiStep, Cosine, StepWithFixedGamma,
//     Linear, Constant, Composite; WHERE_EPSILON 1e-6).
// LRMultiplier.get_lr gives iteration i the LR base_lr x multiplier(i / MAX_ITER); hooks.LRScheduler steps it after
// every iteration, including the last (so multiplier(1.0) is evaluated once after the run).
import { bisectRight } from '../core/python-numbers.ts';

/** fvcore ParamScheduler.WHERE_EPSILON. */
const WHERE_EPSILON = 1e-6;

export type Detectron2Main =
  | { name: 'WarmupMultiStepLR'; gamma: number; milestones: readonly number[]; numUpdates: number }
  | { name: 'WarmupCosineLR'; endValue: number }
  | { name: 'WarmupStepWithFixedGammaLR'; gamma: number; numDecays: number };

export interface Detectron2Multiplier {
  main: Detectron2Main;
  warmupFactor: number;
  /** min(WARMUP_ITERS / MAX_ITER, 1.0), as build_lr_scheduler passes it. */
  warmupLength: number;
  warmupMethod: 'linear' | 'constant';
  rescaleInterval: boolean;
}

/** What Python raises where fvcore's code raises; the message names the exception as Python would. */
export class SchedulerRaises extends Error {}

/** MultiStepParamScheduler values: GAMMA**k for k in range(len(steps) + 1) (build.py). */
function multiStepValues(gamma: number, count: number): number[] {
  return Array.from({ length: count + 1 }, (_, k) => gamma ** k);
}

/** StepWithFixedGammaParamScheduler values: base 1.0, each the previous times gamma. */
function fixedGammaValues(gamma: number, numDecays: number): number[] {
  const values = [1.0];
  for (let i = 0; i < numDecays; i++) values.push(values[values.length - 1]! * gamma);
  return values;
}

/** The main scheduler of build_lr_scheduler, as a function of where in [0, 1]. */
export function mainValue(main: Detectron2Main, where: number): number {
  switch (main.name) {
    case 'WarmupMultiStepLR': {
      if (where > 1.0) throw new SchedulerRaises(`RuntimeError: where in ParamScheduler must be in [0, 1]: got ${where}`);
      const epoch = Math.trunc((where + WHERE_EPSILON) * main.numUpdates);
      return multiStepValues(main.gamma, main.milestones.length)[bisectRight(main.milestones, epoch)]!;
    }
    case 'WarmupCosineLR':
      return main.endValue + 0.5 * (1 - main.endValue) * (1 + Math.cos(Math.PI * where));
    case 'WarmupStepWithFixedGammaLR': {
      const values = fixedGammaValues(main.gamma, main.numDecays);
      const index = Math.trunc((where + WHERE_EPSILON) * values.length);
      if (index >= values.length) throw new SchedulerRaises(`IndexError: list index out of range (StepParamScheduler at where = ${where})`);
      return values[index]!;
    }
  }
}

/** Builds WarmupParamScheduler's warmup ends (evaluated once, at construction, as fvcore does). */
export function warmupEnds(m: Detectron2Multiplier): { start: number; end: number } {
  const atZero = mainValue(m.main, 0.0);
  return { start: m.warmupFactor * atZero, end: m.rescaleInterval ? atZero : mainValue(m.main, m.warmupLength) };
}

/** The multiplier at `where`: CompositeParamScheduler([warmup, main], lengths [w, 1 - w]). */
export function multiplierAt(m: Detectron2Multiplier, where: number, ends = warmupEnds(m)): number {
  const lengths = [m.warmupLength, 1 - m.warmupLength];
  let i = 0;
  let runningTotal = lengths[0]!;
  while (where + WHERE_EPSILON > runningTotal && i < 1) {
    i += 1;
    runningTotal += lengths[i]!;
  }
  // Warmup is always 'rescaled'; the main scheduler 'rescaled' only with RESCALE_INTERVAL.
  const rescaled = i === 0 || m.rescaleInterval;
  let schedulerWhere = where;
  if (rescaled) {
    const start = runningTotal - lengths[i]!;
    if (lengths[i] === 0) throw new SchedulerRaises('ZeroDivisionError: float division by zero (CompositeParamScheduler rescales a stage of length 0)');
    schedulerWhere = (where - start) / lengths[i]!;
  }
  if (i === 1) return mainValue(m.main, schedulerWhere);
  if (m.warmupMethod === 'constant') {
    if (schedulerWhere >= 1.0) throw new SchedulerRaises(`RuntimeError: where in ParamScheduler must be in [0, 1]: got ${schedulerWhere}`);
    return ends.start;
  }
  return ends.end * schedulerWhere + ends.start * (1 - schedulerWhere);
}

/** The LR of iteration k (0-based) of a MAX_ITER run: BASE_LR x multiplier(k / MAX_ITER), as LRMultiplier.get_lr. */
export function detectron2Lr(m: Detectron2Multiplier, baseLr: number, maxIter: number, ends = warmupEnds(m)): (k: number) => number {
  return (k) => baseLr * multiplierAt(m, k / maxIter, ends);
}
