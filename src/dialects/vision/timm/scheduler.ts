// timm's epoch/update schedulers as train.py builds them (create_scheduler_v2) and steps them.
// Sources, huggingface/pytorch-image-models @aa4b5850: timm/scheduler/scheduler_factory.py (create_scheduler_v2: t
// values multiplied by updates_per_epoch when stepping on updates, num_epochs from get_cycle_length() + cooldown),
// timm/scheduler/{cosine_lr,tanh_lr,poly_lr,step_lr,multistep_lr,scheduler}.py (_get_lr, get_cycle_length, the
// constructor's initial value), train.py (step(epoch + 1) after each epoch, step_update(num_updates) after each update).
import { bisectRight } from '../../../core/python-numbers.ts';
import type { Phase } from '../../../core/types.ts';

export type TimmSched = 'cosine' | 'tanh' | 'poly' | 'step' | 'multistep';
export const CYCLE_SCHEDS: readonly TimmSched[] = ['cosine', 'tanh', 'poly'];

/** create_scheduler_v2's inputs after train.py's scheduler_kwargs (in epochs, as configured). */
export interface TimmSchedulerArgs {
  sched: TimmSched;
  lr: number;
  epochs: number;
  warmupEpochs: number;
  warmupLr: number;
  warmupPrefix: boolean;
  minLr: number;
  cooldownEpochs: number;
  decayEpochs: number;
  decayMilestones: number[];
  decayRate: number;
  cycleMul: number;
  cycleDecay: number;
  cycleLimit: number;
  kDecay: number;
  onUpdates: boolean;
  updatesPerEpoch: number;
}

/** The scheduler as constructed: its t unit (epochs or updates) and lengths in that unit. */
export interface TimmScheduler {
  args: TimmSchedulerArgs;
  /** Scheduler steps per optimizer update's unit: updates_per_epoch when stepping per epoch, else 1. */
  updatesPerT: number;
  tInitial: number;
  warmupT: number;
  decayT: number;
  milestones: number[];
  cooldownT: number;
  /** create_scheduler_v2's returned num_epochs: the epochs train.py loops over. */
  numEpochs: number;
  /** get_cycle_length() for the cycle schedulers (includes the warmup with warmup_prefix), in t. */
  cycleLength?: number;
  /** The value at t (the LR of every update that runs while the scheduler last wrote t). */
  valueAt(t: number): number;
}

// tanh_lr.py defaults (lb=-7, ub=3); train.py does not pass them.
const TANH_LB = -7;
const TANH_UB = 3;

/** The cycle index, cycle length and position in the cycle at t (cosine/tanh/poly share this code). */
function cycleOf(t: number, tInitial: number, mul: number): { i: number; ti: number; tCurr: number } {
  if (mul !== 1) {
    const i = Math.floor(Math.log(1 - (t / tInitial) * (1 - mul)) / Math.log(mul));
    const ti = mul ** i * tInitial;
    return { i, ti, tCurr: t - ((1 - mul ** i) / (1 - mul)) * tInitial };
  }
  const i = Math.floor(t / tInitial);
  return { i, ti: tInitial, tCurr: t - tInitial * i };
}

export function buildTimmScheduler(args: TimmSchedulerArgs): TimmScheduler {
  const u = args.onUpdates ? args.updatesPerEpoch : 1;
  const tInitial = args.epochs * u;
  const warmupT = args.warmupEpochs * u;
  const decayT = args.decayEpochs * u;
  const milestones = args.decayMilestones.map((m) => m * u);
  const cooldownT = args.cooldownEpochs * u;
  const { lr: base, warmupLr: init } = args;
  // The warmup rises to the base LR, except tanh without warmup_prefix: to its own value at warmup_t (tanh_lr.py).
  let warmupStep = 1;
  const getLr = (t0: number): number => {
    if (t0 < warmupT) return init + t0 * warmupStep;
    const t = args.warmupPrefix ? t0 - warmupT : t0;
    switch (args.sched) {
      case 'step':
        return base * args.decayRate ** Math.floor(t / decayT);
      case 'multistep':
        return base * args.decayRate ** bisectRight(milestones, t + 1);
      default: {
        const { i, ti, tCurr } = cycleOf(t, tInitial, args.cycleMul);
        if (!(i < args.cycleLimit)) return args.minLr;
        const peak = base * args.cycleDecay ** i;
        if (args.sched === 'cosine') {
          const k = args.kDecay;
          return args.minLr + 0.5 * (peak - args.minLr) * (1 + Math.cos((Math.PI * tCurr ** k) / ti ** k));
        }
        if (args.sched === 'tanh') {
          const tr = tCurr / ti;
          return args.minLr + 0.5 * (peak - args.minLr) * (1 - Math.tanh(TANH_LB * (1 - tr) + TANH_UB * tr));
        }
        const k = args.kDecay;
        return args.minLr + (peak - args.minLr) * (1 - tCurr ** k / ti ** k) ** args.decayRate;
      }
    }
  };
  if (warmupT) warmupStep = ((args.sched === 'tanh' && !args.warmupPrefix ? getLr(warmupT) : base) - init) / warmupT;
  // The constructor writes warmup_lr_init when there is a warmup, else leaves the optimizer's LR (scheduler.py
  // update_groups(base_values)); _get_lr(0) is not called before the first step.
  const valueAt = (t: number): number => (t === 0 ? (warmupT ? init : base) : getLr(t));

  let numEpochs = args.epochs;
  let cycleLength: number | undefined;
  if (CYCLE_SCHEDS.includes(args.sched)) {
    const cycles = Math.max(1, args.cycleLimit);
    const plain = args.cycleMul === 1 ? tInitial * cycles : Math.floor((-tInitial * (args.cycleMul ** cycles - 1)) / (1 - args.cycleMul));
    cycleLength = args.warmupPrefix ? plain + warmupT : plain;
    const withCooldown = cycleLength + cooldownT;
    numEpochs = args.onUpdates ? Math.floor(withCooldown / u) : withCooldown;
  } else if (args.warmupPrefix) numEpochs += args.warmupEpochs;

  return { args, updatesPerT: args.onUpdates ? 1 : args.updatesPerEpoch, tInitial, warmupT, decayT, milestones, cooldownT, numEpochs, ...(cycleLength !== undefined ? { cycleLength } : {}), valueAt };
}

/** The LR update k uses: the scheduler's value at k (per update) or at k's epoch (per epoch). */
export function timmLrAt(s: TimmScheduler, k: number): number {
  return s.valueAt(s.args.onUpdates ? k : Math.floor(k / s.args.updatesPerEpoch));
}

/** Where the formula changes, in optimizer updates. */
export function timmPhases(s: TimmScheduler, totalSteps: number): { phases: Phase[]; restarts: number[]; warmupEnd: number; decayEnd: number | null } {
  const per = s.updatesPerT;
  const a = s.args;
  const phases: Phase[] = [];
  const warmupEnd = Math.min(s.warmupT * per, totalSteps);
  if (s.warmupT > 0) phases.push({ kind: 'warmup', start: 0, end: s.warmupT * per, style: 'linear' });
  const offset = a.warmupPrefix ? s.warmupT : 0;
  const restarts: number[] = [];
  let decayEnd: number | null = null;
  if (CYCLE_SCHEDS.includes(a.sched)) {
    // Cycle boundaries in t (after the warmup prefix), up to cycle_limit cycles.
    let start = 0;
    let length = s.tInitial;
    for (let i = 0; i < Math.max(1, a.cycleLimit) && i < 10000; i++) {
      const end = start + length;
      const from = Math.max((start + offset) * per, warmupEnd);
      if (i > 0) restarts.push((start + offset) * per);
      phases.push({ kind: i === 0 && a.cycleLimit <= 1 ? 'decay' : 'cycle', start: from, end: (end + offset) * per, style: a.sched });
      decayEnd = (end + offset) * per;
      start = end;
      length *= a.cycleMul;
      if (start * per > totalSteps) break;
    }
    if (decayEnd !== null && decayEnd < totalSteps) phases.push({ kind: 'floor', start: decayEnd, end: totalSteps, style: 'min_lr' });
  } else {
    const steps = a.sched === 'step' ? [] : s.milestones.map((m) => (m - 1 + offset) * per).filter((x) => x > 0);
    if (a.sched === 'step') for (let t = s.decayT; (t + offset) * per < totalSteps && steps.length < 10000; t += s.decayT) steps.push(Math.ceil(t + offset) * per);
    let from = warmupEnd;
    for (const at of steps) {
      if (at <= from) continue;
      phases.push({ kind: 'constant', start: from, end: at, style: `${a.sched} (x${a.decayRate} at each step)` });
      from = at;
    }
    phases.push({ kind: 'constant', start: from, end: Math.max(from, totalSteps), style: a.sched });
  }
  return { phases, restarts, warmupEnd, decayEnd };
}
