// torch's own LR schedulers as scheduler.step() computes them. `torchLr(spec, lr)(k)` is the LR after k calls of
// scheduler.step() (k = 0: right after construction), which is the LR optimizer update k uses when the loop
// steps the scheduler after every update. Semantics: torch/optim/lr_scheduler.py of torch 1.13.1 (Debian
// python3-torch 1.13.1: the runtime the goldens were produced with) and of pytorch/pytorch @008f727e (2.x), which
// compute the same LRs for a scheduler started fresh; where they differ (CyclicLR's momentum check, PolynomialLR
// only from 1.13) the dialect that reads the config decides (src/dialects/deepspeed-torch.ts).
//
// The chainable schedulers (get_lr multiplies the optimizer's current LR) are evaluated by the same recursion
// (torch-chainable.ts), lazily, from checkpoints; CosineAnnealingLR keeps its own recursion class (its
// restart from the closed form inside SequentialLR). Past RECURSION_LIMIT steps the closed form is used.
import { bisectRight } from '../core/python-numbers.ts';
import type { Phase } from '../core/types.ts';
import { ChainRecursion, constantChain, exponentialChain, linearChain, multiStepChain, polynomialChain, RECURSION_LIMIT, stepChain, type Chain } from './torch-chainable.ts';

export { RECURSION_LIMIT } from './torch-chainable.ts';

export type TorchScheduler =
  | { type: 'StepLR'; stepSize: number; gamma: number }
  | { type: 'MultiStepLR'; milestones: number[]; gamma: number }
  | { type: 'ExponentialLR'; gamma: number }
  | { type: 'ConstantLR'; factor: number; totalIters: number }
  | { type: 'LinearLR'; startFactor: number; endFactor: number; totalIters: number }
  | { type: 'PolynomialLR'; totalIters: number; power: number }
  | { type: 'CosineAnnealingLR'; tMax: number; etaMin: number }
  | { type: 'CosineAnnealingWarmRestarts'; t0: number; tMult: number; etaMin: number }
  | {
      type: 'OneCycleLR';
      maxLr: number;
      totalSteps: number;
      pctStart: number;
      annealStrategy: 'cos' | 'linear';
      divFactor: number;
      finalDivFactor: number;
      threePhase: boolean;
    }
  /** CyclicLR without a scale_fn: the mode picks the scale function and whether it reads cycles or iterations. */
  | { type: 'CyclicLR'; baseLr: number; maxLr: number; stepSizeUp: number; stepSizeDown: number; mode: 'triangular' | 'triangular2' | 'exp_range'; gamma: number }
  /** LambdaLR with a factor function (`base_lr * lambda(k)`), e.g. litgpt's `step / warmup_steps`. */
  | { type: 'LambdaLR'; factor: (k: number) => number; label: string; kind?: Phase['kind'] }
  | { type: 'SequentialLR'; schedulers: TorchScheduler[]; milestones: number[] };

const CHECKPOINT_EVERY = 64;

/** torch 1.13 CosineAnnealingLR._get_closed_form_lr. */
export function cosineClosedForm(base: number, etaMin: number, tMax: number, t: number): number {
  return etaMin + ((base - etaMin) * (1 + Math.cos((Math.PI * t) / tMax))) / 2;
}

/**
 * torch 1.13 CosineAnnealingLR stepped without an epoch: get_lr's recursive branches, starting from `start`
 * (the LR at its step 0: the optimizer's LR at construction, or the closed form when SequentialLR restarts it
 * with step(0)). Past T_max it follows the cosine back up (period 2 T_max).
 */
export class CosineRecursion {
  private readonly marks: number[];
  /** The last step read below RECURSION_LIMIT: its checkpoint block, step and LR. */
  private cursorMark = -1;
  private cursorStep = 0;
  private cursorLr = 0;

  constructor(
    private readonly base: number,
    private readonly etaMin: number,
    private readonly tMax: number,
    start: number,
  ) {
    this.marks = [start];
  }

  private next(lr: number, t: number): number {
    const { base, etaMin, tMax } = this;
    if ((t - 1 - tMax) % (2 * tMax) === 0) return lr + ((base - etaMin) * (1 - Math.cos(Math.PI / tMax))) / 2;
    return ((1 + Math.cos((Math.PI * t) / tMax)) / (1 + Math.cos((Math.PI * (t - 1)) / tMax))) * (lr - etaMin) + etaMin;
  }

  at(t: number): number {
    if (t <= 0) return this.marks[0]!;
    if (t > RECURSION_LIMIT || !Number.isFinite(t)) return cosineClosedForm(this.base, this.etaMin, this.tMax, t);
    const mark = Math.floor(t / CHECKPOINT_EVERY);
    while (this.marks.length <= mark) {
      const from = (this.marks.length - 1) * CHECKPOINT_EVERY;
      let lr = this.marks[this.marks.length - 1]!;
      for (let s = from + 1; s <= from + CHECKPOINT_EVERY; s++) lr = this.next(lr, s);
      this.marks.push(lr);
    }
    // Reads in step order (sampling every step) go on from the last read inside the same checkpoint block: the same
    // factors applied in the same order, so the same LR, without walking again from the block's start.
    const resume = this.cursorMark === mark && this.cursorStep <= t;
    let lr = resume ? this.cursorLr : this.marks[mark]!;
    let s = resume ? this.cursorStep + 1 : mark * CHECKPOINT_EVERY + 1;
    for (; s <= t; s++) lr = this.next(lr, s);
    this.cursorMark = mark;
    this.cursorStep = s - 1;
    this.cursorLr = lr;
    return lr;
  }
}

/** OneCycleLR's phases (torch 1.13 __init__): end steps are floats, as torch computes them. */
function oneCyclePhases(s: Extract<TorchScheduler, { type: 'OneCycleLR' }>): Array<{ end: number; from: number; to: number }> {
  const initial = s.maxLr / s.divFactor;
  const min = initial / s.finalDivFactor;
  if (s.threePhase) {
    return [
      { end: s.pctStart * s.totalSteps - 1, from: initial, to: s.maxLr },
      { end: 2 * s.pctStart * s.totalSteps - 2, from: s.maxLr, to: initial },
      { end: s.totalSteps - 1, from: initial, to: min },
    ];
  }
  return [
    { end: s.pctStart * s.totalSteps - 1, from: initial, to: s.maxLr },
    { end: s.totalSteps - 1, from: s.maxLr, to: min },
  ];
}

function oneCycleLr(s: Extract<TorchScheduler, { type: 'OneCycleLR' }>, k: number): number {
  // Stepping past total_steps raises ValueError in get_lr: the LR is undefined there.
  if (k > s.totalSteps) return NaN;
  const phases = oneCyclePhases(s);
  let start = 0;
  for (let i = 0; i < phases.length; i++) {
    const phase = phases[i]!;
    if (k <= phase.end || i === phases.length - 1) {
      const pct = (k - start) / (phase.end - start);
      if (s.annealStrategy === 'linear') return (phase.to - phase.from) * pct + phase.from;
      return phase.to + ((phase.from - phase.to) / 2) * (Math.cos(Math.PI * pct) + 1);
    }
    start = phase.end;
  }
  return NaN;
}

/**
 * The LR after k scheduler steps for a scheduler built on an optimizer whose LR is `lr`. For SequentialLR
 * each scheduler after a milestone restarts from its own step 0 (torch 1.13 SequentialLR.step calls
 * `step(0)`, which uses the closed form), so it sees k - milestone.
 */
export function torchLr(spec: TorchScheduler, lr: number): (k: number) => number {
  switch (spec.type) {
    case 'StepLR':
    case 'MultiStepLR':
    case 'ExponentialLR':
    case 'ConstantLR':
    case 'LinearLR':
    case 'PolynomialLR': {
      const recursion = new ChainRecursion(chainOf(spec, lr));
      return (k) => recursion.at(k);
    }
    case 'CyclicLR':
      return (k) => cyclicLr(spec, k);
    case 'CosineAnnealingLR': {
      const recursion = new CosineRecursion(lr, spec.etaMin, spec.tMax, lr);
      return (k) => recursion.at(k);
    }
    case 'CosineAnnealingWarmRestarts':
      return (k) => {
        const { tCur, tI } = warmRestartPosition(spec.t0, spec.tMult, k);
        return spec.etaMin + ((lr - spec.etaMin) * (1 + Math.cos((Math.PI * tCur) / tI))) / 2;
      };
    case 'OneCycleLR':
      return (k) => oneCycleLr(spec, k);
    case 'LambdaLR':
      return (k) => lr * spec.factor(k);
    case 'SequentialLR': {
      const parts = spec.schedulers.map((s, i) => {
        // Schedulers after the first restart with step(0): the closed form at 0, then their own stepping.
        if (i > 0 && s.type === 'CosineAnnealingLR') {
          const recursion = new CosineRecursion(lr, s.etaMin, s.tMax, cosineClosedForm(lr, s.etaMin, s.tMax, 0));
          return (t: number) => recursion.at(t);
        }
        return torchLr(s, lr);
      });
      return (k) => {
        const idx = bisectRight(spec.milestones, k);
        const offset = idx > 0 ? spec.milestones[idx - 1]! : 0;
        const part = parts[Math.min(idx, parts.length - 1)];
        return part ? part(k - offset) : NaN;
      };
    }
  }
}

function chainOf(spec: Extract<TorchScheduler, { type: 'StepLR' | 'MultiStepLR' | 'ExponentialLR' | 'ConstantLR' | 'LinearLR' | 'PolynomialLR' }>, lr: number): Chain {
  switch (spec.type) {
    case 'StepLR':
      return stepChain(lr, spec.stepSize, spec.gamma);
    case 'MultiStepLR':
      return multiStepChain(lr, spec.milestones, spec.gamma);
    case 'ExponentialLR':
      return exponentialChain(lr, spec.gamma);
    case 'ConstantLR':
      return constantChain(lr, spec.factor, spec.totalIters);
    case 'LinearLR':
      return linearChain(lr, spec.startFactor, spec.endFactor, spec.totalIters);
    case 'PolynomialLR':
      return polynomialChain(lr, spec.totalIters, spec.power);
  }
}

/**
 * CyclicLR.get_lr at last_epoch k (not chainable: it reads base_lr, which the constructor also writes into the
 * optimizer, so the optimizer's own lr never matters).
 */
export function cyclicLr(s: Extract<TorchScheduler, { type: 'CyclicLR' }>, k: number): number {
  const total = s.stepSizeUp + s.stepSizeDown;
  const ratio = s.stepSizeUp / total;
  const cycle = Math.floor(1 + k / total);
  const x = 1.0 + k / total - cycle;
  const scale = x <= ratio ? x / ratio : (x - 1) / (ratio - 1);
  const height = (s.maxLr - s.baseLr) * scale;
  if (s.mode === 'triangular') return s.baseLr + height * 1.0;
  if (s.mode === 'triangular2') return s.baseLr + height * (1 / 2.0 ** (cycle - 1));
  return s.baseLr + height * s.gamma ** k;
}

/** CosineAnnealingWarmRestarts after k steps without an epoch: T_cur counts up and wraps at T_i, T_i *= T_mult. */
export function warmRestartPosition(t0: number, tMult: number, k: number): { tCur: number; tI: number; cycleStart: number } {
  if (tMult === 1) {
    const cycle = Math.floor(k / t0);
    return { tCur: k - cycle * t0, tI: t0, cycleStart: cycle * t0 };
  }
  let start = 0;
  let tI = t0;
  // Geometric cycles: at most ~log(k) iterations.
  while (k >= start + tI) {
    start += tI;
    tI *= tMult;
  }
  return { tCur: k - start, tI, cycleStart: start };
}

/** Restart steps of CosineAnnealingWarmRestarts inside [0, total). */
export function warmRestarts(t0: number, tMult: number, total: number): number[] {
  const out: number[] = [];
  let start = t0;
  let tI = t0 * tMult;
  while (start < total && out.length < 10_000) {
    out.push(start);
    start += tI;
    tI *= tMult;
  }
  return out;
}

/** Where each scheduler's formula changes, for the chart and the rules (phases over scheduler steps). */
export function torchPhases(spec: TorchScheduler, total: number, offset = 0): Phase[] {
  const at = (p: Omit<Phase, 'start' | 'end'> & { start: number; end: number }): Phase => ({ ...p, start: p.start + offset, end: p.end + offset });
  switch (spec.type) {
    case 'StepLR':
    case 'MultiStepLR':
    case 'ExponentialLR':
      return [at({ kind: 'decay', start: 0, end: Infinity, style: spec.type === 'ExponentialLR' ? 'exponential' : 'step' })];
    case 'PolynomialLR':
      return [at({ kind: 'decay', start: 0, end: Math.max(0, spec.totalIters), style: spec.power === 1 ? 'linear' : `polynomial (power ${spec.power})` }), at({ kind: 'floor', start: Math.max(0, spec.totalIters), end: Infinity, style: 'constant' })];
    case 'CyclicLR': {
      // One phase per half cycle, up to a bound, so the chart and the spike rule see the declared cycling.
      const out: Phase[] = [];
      const horizon = Math.max(0, total - offset);
      for (let s = 0, up = true; (s < horizon || out.length === 0) && out.length < 512; up = !up) {
        const len = up ? spec.stepSizeUp : spec.stepSizeDown;
        if (!(len > 0)) break;
        out.push(at({ kind: 'cycle', start: Math.round(s), end: Math.round(s + len), style: `${spec.mode} ${up ? 'up' : 'down'}` }));
        s += len;
      }
      if (out.length) out[out.length - 1] = { ...out[out.length - 1]!, end: Infinity };
      return out;
    }
    case 'ConstantLR':
      return [at({ kind: 'constant', start: 0, end: spec.totalIters, style: `x ${spec.factor}` }), at({ kind: 'constant', start: spec.totalIters, end: Infinity, style: 'constant' })];
    case 'LinearLR': {
      const kind = spec.endFactor >= spec.startFactor ? 'warmup' : 'decay';
      return [at({ kind, start: 0, end: spec.totalIters, style: 'linear' }), at({ kind: 'constant', start: spec.totalIters, end: Infinity, style: 'constant' })];
    }
    case 'CosineAnnealingLR': {
      const t = Math.abs(spec.tMax);
      const phases: Phase[] = [at({ kind: 'decay', start: 0, end: t, style: 'cosine' })];
      // Past T_max the recursion climbs back up and down again (period 2 T_max): not a floor.
      if (t > 0) for (let s = t; s < total - offset && phases.length < 64; s += t) phases.push(at({ kind: 'cycle', start: s, end: s + t, style: 'cosine (past T_max)' }));
      return phases;
    }
    case 'CosineAnnealingWarmRestarts': {
      const starts = [0, ...warmRestarts(spec.t0, spec.tMult, Math.max(0, total - offset))];
      return starts.slice(0, 256).map((s, i) => at({ kind: i === 0 ? 'decay' : 'cycle', start: s, end: starts[i + 1] ?? Infinity, style: 'cosine with warm restarts' }));
    }
    case 'OneCycleLR': {
      const ends = oneCyclePhases(spec).map((p) => Math.floor(p.end) + 1);
      const style = spec.annealStrategy === 'cos' ? 'cosine' : 'linear';
      const phases: Phase[] = [at({ kind: 'warmup', start: 0, end: ends[0]!, style })];
      if (spec.threePhase) phases.push(at({ kind: 'decay', start: ends[0]!, end: ends[1]!, style }), at({ kind: 'decay', start: ends[1]!, end: spec.totalSteps, style }));
      else phases.push(at({ kind: 'decay', start: ends[0]!, end: spec.totalSteps, style }));
      return phases;
    }
    case 'LambdaLR':
      return [at({ kind: spec.kind ?? 'decay', start: 0, end: Infinity, style: spec.label })];
    case 'SequentialLR': {
      const out: Phase[] = [];
      spec.schedulers.forEach((s, i) => {
        const start = i === 0 ? 0 : (spec.milestones[i - 1] ?? Infinity);
        const end = spec.milestones[i] ?? Infinity;
        for (const p of torchPhases(s, total - offset - start, offset + start)) {
          const clipped = { ...p, end: Math.min(p.end, end + offset) };
          if (clipped.end > clipped.start) out.push(clipped);
        }
      });
      return out;
    }
  }
}
