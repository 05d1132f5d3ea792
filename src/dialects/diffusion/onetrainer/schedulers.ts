// OneTrainer's LR schedulers, evaluated exactly as its code does. Sources (Nerogar/OneTrainer):
// modules/util/lr_scheduler_util.py (the lambdas), modules/util/create.py create_lr_scheduler (total, warmup,
// scheduler_steps, dispatch) and modules/util/enum/LearningRateScheduler.py, at 714d7a48 (the parent of fix
// 2678f667) and 23df3832 (current). Every lambda is wrapped in torch's LambdaLR: update k uses
// base_lr * lambda(k), and the value the scheduler holds after the last update is lambda(total).
import type { Phase } from '../../../core/types.ts';

/** LearningRateScheduler members (the same eight at 714d7a48 and at 23df3832). */
export const SCHEDULER_NAMES = [
  'CONSTANT',
  'LINEAR',
  'COSINE',
  'COSINE_WITH_RESTARTS',
  'COSINE_WITH_HARD_RESTARTS',
  'REX',
  'ADAFACTOR',
  'CUSTOM',
] as const;
export type SchedulerName = (typeof SCHEDULER_NAMES)[number];
/** The ones built from a lambda in lr_scheduler_util.py (ADAFACTOR and CUSTOM return other scheduler objects). */
export type LambdaScheduler = Exclude<SchedulerName, 'ADAFACTOR' | 'CUSTOM'>;

export function isSchedulerName(value: unknown): value is SchedulerName {
  return typeof value === 'string' && (SCHEDULER_NAMES as readonly string[]).includes(value);
}

/** Lambdas that divide by scheduler_steps: with 0 steps left after warmup, evaluating them raises ZeroDivisionError. */
export const DIVIDES_BY_SCHEDULER_STEPS: readonly LambdaScheduler[] = ['LINEAR', 'COSINE', 'COSINE_WITH_RESTARTS', 'COSINE_WITH_HARD_RESTARTS'];

export interface SchedulerArgs {
  name: LambdaScheduler;
  /** The param group's initial_lr (learning_rate, times the LR scaler's sqrt). */
  baseLr: number;
  /** Warmup updates the lambda is wrapped in (0: no wrapper). */
  warmup: number;
  /** scheduler_steps = total_steps - warmup_steps (may be 0 or negative). */
  schedulerSteps: number;
  cycles: number;
  /** learning_rate_min_factor, or null where the code has no min factor (before dab5fc23). */
  minFactor: number | null;
  /** Fix 2678f667: restart schedules clamp their progress to (scheduler_steps - 1) / scheduler_steps. */
  clampRestarts: boolean;
}

/** Python's float % (the result takes the divisor's sign; JS's % takes the dividend's). */
function pyMod1(x: number): number {
  const m = x % 1.0;
  return m !== 0 && m < 0 ? m + 1.0 : m;
}

function applyMinFactor(value: number, minFactor: number | null): number {
  return minFactor === null ? value : minFactor + (1.0 - minFactor) * value;
}

/** lr_lambda(k) of the scheduler itself (after the warmup wrapper has subtracted the warmup). Python's float order kept. */
function innerFactor(a: SchedulerArgs, k: number): number {
  const s = a.schedulerSteps;
  switch (a.name) {
    case 'CONSTANT':
      return 1;
    case 'LINEAR':
      return applyMinFactor(Math.max(0.0, (s - k) / s), a.minFactor);
    case 'COSINE': {
      const progress = k / s;
      return applyMinFactor(Math.max(0.0, 0.5 * (1.0 + Math.cos(progress * Math.PI))), a.minFactor);
    }
    case 'COSINE_WITH_RESTARTS': {
      const progress = (a.clampRestarts ? Math.min(k, s - 1) : k) / s;
      return applyMinFactor(Math.max(0.0, 0.5 * (1.0 + Math.cos(progress * 2.0 * Math.PI * a.cycles))), a.minFactor);
    }
    case 'COSINE_WITH_HARD_RESTARTS': {
      const progress = (a.clampRestarts ? Math.min(k, s - 1) : k) / s;
      return applyMinFactor(Math.max(0.0, 0.5 * (1.0 + Math.cos(pyMod1(progress * a.cycles) * Math.PI))), a.minFactor);
    }
    case 'REX': {
      // https://arxiv.org/abs/2107.04197 as written there: max_lr 1, min_lr 0, d 0.9 ((1 - d) is 0.09999999999999998).
      const d = 0.9;
      let value = 0;
      if (k < s) {
        const progress = k / s;
        const div = 1 - d + d * (1 - progress);
        value = 0 + (1 - 0) * ((1 - progress) / div);
      }
      return applyMinFactor(value, a.minFactor);
    }
  }
}

/** LambdaLR's factor for update k: the warmup wrapper (lr_lambda_warmup), then the scheduler. */
export function factorAt(a: SchedulerArgs, k: number): number {
  if (a.warmup > 0) {
    if (k < a.warmup) return k / a.warmup;
    return innerFactor(a, k - a.warmup);
  }
  return innerFactor(a, k);
}

/** The LR update k applies (k >= total gives what the scheduler holds after the run: lambda(total) is what it logs last). */
export function lrAt(a: SchedulerArgs, k: number): number {
  return a.baseLr * factorAt(a, k);
}

/** Fractional position in the current hard-restart cycle at scheduler step k (no warmup offset), as the code computes it. */
function hardCyclePosition(a: SchedulerArgs, k: number): number {
  const progress = (a.clampRestarts ? Math.min(k, a.schedulerSteps - 1) : k) / a.schedulerSteps;
  return pyMod1(progress * a.cycles);
}

const MAX_MARKED_CYCLES = 10_000;

/**
 * Scheduler steps (no warmup offset) inside [1, scheduler_steps) where a hard restart starts: the first k of cycle j,
 * found from the code's own float arithmetic (j x S / cycles is only an estimate when it is a whole number).
 */
export function hardRestartSteps(a: SchedulerArgs): number[] {
  const s = a.schedulerSteps;
  const out: number[] = [];
  if (!(s > 1) || !(a.cycles > 0)) return out;
  for (let j = 1; j < a.cycles && j <= MAX_MARKED_CYCLES; j++) {
    const estimate = Math.floor((j * s) / a.cycles);
    if (estimate >= s) break;
    // A fixed number of candidates (k++ stops advancing past 2^53, so the bound is on the offset, not on k).
    for (let d = -1; d <= 2; d++) {
      const k = Math.max(1, estimate + d);
      if (k >= s) break;
      if (hardCyclePosition(a, k) < hardCyclePosition(a, k - 1)) {
        if (out[out.length - 1] !== k) out.push(k);
        break;
      }
    }
  }
  return out;
}

/**
 * COSINE_WITH_RESTARTS is a full cosine wave per cycle (peak -> 0 at mid-cycle -> peak): the LR climbs back by design.
 * Returns the first rising scheduler step after each trough inside [1, scheduler_steps).
 */
export function waveTroughSteps(a: SchedulerArgs): number[] {
  const s = a.schedulerSteps;
  const out: number[] = [];
  if (!(s > 1) || !(a.cycles > 0)) return out;
  const f = (k: number) => innerFactor(a, k);
  for (let j = 0; (j + 0.5) / a.cycles < 1 && j <= MAX_MARKED_CYCLES; j++) {
    const trough = Math.floor(((j + 0.5) * s) / a.cycles);
    if (trough >= s) break;
    for (let d = -1; d <= 3; d++) {
      const k = Math.max(1, trough + d);
      if (k >= s) break;
      if (f(k) > f(k - 1)) {
        if (out[out.length - 1] !== k) out.push(k);
        break;
      }
    }
  }
  return out;
}

export interface ScheduleShape {
  phases: Phase[];
  /** Steps (run space) where the schedule restarts by design. */
  restarts: number[];
  decayStyle: string | null;
}

/** Phases and declared restarts in run steps (warmup included). Open-ended phases end at Infinity. */
export function scheduleShape(a: SchedulerArgs): ScheduleShape {
  const w = Math.max(0, a.warmup);
  const s = a.schedulerSteps;
  const end = w + Math.max(0, s);
  const phases: Phase[] = [];
  if (w > 0) phases.push({ kind: 'warmup', start: 0, end: w, style: 'linear' });
  const shift = (ks: number[]) => ks.map((k) => k + w);
  switch (a.name) {
    case 'CONSTANT':
      phases.push({ kind: 'constant', start: w, end: Infinity, style: 'constant' });
      return { phases, restarts: [], decayStyle: null };
    case 'LINEAR':
    case 'REX': {
      const style = a.name === 'LINEAR' ? 'linear' : 'rex';
      phases.push({ kind: 'decay', start: w, end, style }, { kind: 'floor', start: end, end: Infinity, style: 'constant' });
      return { phases, restarts: [], decayStyle: style };
    }
    case 'COSINE':
      // Past scheduler_steps cos(progress x pi) climbs back (progress > 1): only reached past the horizon.
      phases.push({ kind: 'decay', start: w, end, style: 'cosine' }, { kind: 'cycle', start: end, end: end + Math.max(0, s), style: 'cosine past the horizon (climbs back)' });
      return { phases, restarts: [], decayStyle: 'cosine' };
    case 'COSINE_WITH_RESTARTS': {
      const style = `cosine wave, ${a.cycles} cycle${a.cycles === 1 ? '' : 's'}`;
      phases.push({ kind: 'cycle', start: w, end, style });
      phases.push(
        a.clampRestarts
          ? { kind: 'floor', start: end, end: Infinity, style: 'held at the last step (fix 2678f667)' }
          : { kind: 'cycle', start: end, end: Infinity, style: 'wave continues past the horizon' },
      );
      return { phases, restarts: shift(waveTroughSteps(a)), decayStyle: style };
    }
    case 'COSINE_WITH_HARD_RESTARTS': {
      const starts = [0, ...hardRestartSteps(a)];
      starts.forEach((k, i) => phases.push({ kind: 'decay', start: w + k, end: w + (starts[i + 1] ?? Math.max(0, s)), style: `cosine, cycle ${i + 1} of ${a.cycles}` }));
      phases.push(
        a.clampRestarts
          ? { kind: 'floor', start: end, end: Infinity, style: 'held at the last step (fix 2678f667)' }
          : { kind: 'cycle', start: end, end: Infinity, style: 'new cycles past the horizon' },
      );
      return { phases, restarts: shift(starts.slice(1)), decayStyle: `cosine with hard restarts, ${a.cycles} cycle${a.cycles === 1 ? '' : 's'}` };
    }
  }
}
