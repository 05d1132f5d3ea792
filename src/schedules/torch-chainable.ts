// torch's chainable schedulers as scheduler.step() runs them: each step multiplies the optimizer's current LR
// (get_lr's recursive branch), so the LR after k steps is a product of k factors, not the closed form
// (_get_closed_form_lr). The two agree to ~1e-15 in ordinary cases but not in the edge cases: ConstantLR and
// LinearLR with total_iters 0 stay at factor x lr for ever (the closed form says lr, or divides by zero), and
// PolynomialLR with total_iters 0 stays at lr. Semantics: torch/optim/lr_scheduler.py in torch 1.13.1 (Debian
// python3-torch 1.13.1) and pytorch/pytorch @008f727e (2.x); for a scheduler started fresh (last_epoch = -1)
// both compute the same factors (2.x's `_is_initial` replaces 1.13's `last_epoch == 0` test in the constructor's
// step only).
//
// Evaluated lazily with checkpoints every CHECKPOINT_EVERY steps: the first call past step n costs n steps once,
// later calls at most CHECKPOINT_EVERY. Past RECURSION_LIMIT the closed form stands in.
import { bisectRight, pythonMod } from '../core/python-numbers.ts';

/** Step past which the closed form stands in for the recursion. */
export const RECURSION_LIMIT = 20_000_000;
const CHECKPOINT_EVERY = 64;

/**
 * A chainable scheduler: `start` is the LR after the constructor's step (last_epoch 0), `next(lr, e)` the LR
 * get_lr returns at last_epoch e given the optimizer's LR `lr` before it, `closed(e)` the closed form.
 */
export interface Chain {
  start: number;
  next: (lr: number, e: number) => number;
  closed: (e: number) => number;
}

export class ChainRecursion {
  private readonly marks: number[];
  /** The last step read below RECURSION_LIMIT: its checkpoint block, step and LR. */
  private cursorMark = -1;
  private cursorStep = 0;
  private cursorLr = 0;

  constructor(private readonly chain: Chain) {
    this.marks = [chain.start];
  }

  at(t: number): number {
    if (t <= 0) return this.marks[0]!;
    if (t > RECURSION_LIMIT || !Number.isFinite(t)) return this.chain.closed(t);
    const mark = Math.floor(t / CHECKPOINT_EVERY);
    const { next } = this.chain;
    while (this.marks.length <= mark) {
      const from = (this.marks.length - 1) * CHECKPOINT_EVERY;
      let lr = this.marks[this.marks.length - 1]!;
      for (let s = from + 1; s <= from + CHECKPOINT_EVERY; s++) lr = next(lr, s);
      this.marks.push(lr);
    }
    // Reads in step order (sampling every step) go on from the last read inside the same checkpoint block: the same
    // factors applied in the same order, so the same LR, without walking again from the block's start.
    const resume = this.cursorMark === mark && this.cursorStep <= t;
    let lr = resume ? this.cursorLr : this.marks[mark]!;
    let s = resume ? this.cursorStep + 1 : mark * CHECKPOINT_EVERY + 1;
    for (; s <= t; s++) lr = next(lr, s);
    this.cursorMark = mark;
    this.cursorStep = s - 1;
    this.cursorLr = lr;
    return lr;
  }
}

export function stepChain(base: number, stepSize: number, gamma: number): Chain {
  return {
    start: base,
    next: (lr, e) => (pythonMod(e, stepSize) !== 0 ? lr : lr * gamma),
    closed: (e) => base * gamma ** Math.floor(e / stepSize),
  };
}

export function multiStepChain(base: number, milestones: readonly number[], gamma: number): Chain {
  // Counter(milestones): a milestone listed twice multiplies by gamma twice.
  const counts = new Map<number, number>();
  for (const m of milestones) counts.set(m, (counts.get(m) ?? 0) + 1);
  const sorted = [...milestones].sort((a, b) => a - b);
  return {
    start: base,
    next: (lr, e) => {
      const n = counts.get(e);
      return n === undefined ? lr : lr * gamma ** n;
    },
    closed: (e) => base * gamma ** bisectRight(sorted, e),
  };
}

export function exponentialChain(base: number, gamma: number): Chain {
  return { start: base, next: (lr) => lr * gamma, closed: (e) => base * gamma ** e };
}

export function constantChain(base: number, factor: number, totalIters: number): Chain {
  return {
    start: base * factor,
    // At total_iters the LR is divided back by the factor (1.0 / factor: factor 0 raises ZeroDivisionError).
    next: (lr, e) => (e !== totalIters ? lr : lr * (1.0 / factor)),
    closed: (e) => (totalIters <= 0 ? base * factor : base * (factor + (e >= totalIters ? 1 - factor : 0))),
  };
}

export function linearChain(base: number, startFactor: number, endFactor: number, totalIters: number): Chain {
  const delta = endFactor - startFactor;
  return {
    start: base * startFactor,
    next: (lr, e) => (e > totalIters ? lr : lr * (1.0 + delta / (totalIters * startFactor + (e - 1) * delta))),
    closed: (e) => (totalIters <= 0 ? base * startFactor : base * (startFactor + (delta * Math.min(totalIters, e)) / totalIters)),
  };
}

export function polynomialChain(base: number, totalIters: number, power: number): Chain {
  return {
    start: base,
    next: (lr, e) => (e > totalIters ? lr : lr * ((1.0 - e / totalIters) / (1.0 - (e - 1) / totalIters)) ** power),
    closed: (e) => (totalIters <= 0 ? base : base * (1.0 - Math.min(totalIters, e) / totalIters) ** power),
  };
}
