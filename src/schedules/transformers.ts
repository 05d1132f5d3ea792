// Every `lr_scheduler_type` of transformers' Trainer, as closed-form lambdas of the optimizer update k.
// Source: huggingface/transformers src/transformers/optimization.py @005edacb (the commit the goldens cite);
// the lambdas are unchanged in the 4.57.6 and 5.18.0 releases (checked against their wheels). get_scheduler's
// dispatch differs by version in one place: `inverse_sqrt` receives lr_scheduler_kwargs (timescale) only from
// 5.4 on (PR #44909); @005edacb and 4.57.6 drop them. The Trainer builds a LambdaLR before training and steps it
// after every optimizer update, so update k uses `learning_rate * lambda(k)` (goldens/README.md).
import { firstStepWhere } from '../core/budget.ts';
import type { Phase } from '../core/types.ts';

export const HF_SCHEDULER_TYPES = [
  'linear',
  'cosine',
  'cosine_with_restarts',
  'polynomial',
  'constant',
  'constant_with_warmup',
  'inverse_sqrt',
  'reduce_lr_on_plateau',
  'cosine_with_min_lr',
  'cosine_warmup_with_min_lr',
  'warmup_stable_decay',
  'greedy',
] as const;
export type HfSchedulerType = (typeof HF_SCHEDULER_TYPES)[number];

export interface HfScheduleInput {
  type: HfSchedulerType;
  /** The optimizer's lr (LambdaLR's base_lr and `optimizer.defaults["lr"]`). */
  lr: number;
  /** num_warmup_steps as TrainingArguments.get_warmup_steps returns it. */
  warmup: number;
  /** num_training_steps: the Trainer passes max_steps. */
  total: number;
  /** lr_scheduler_kwargs as get_scheduler forwards them (already dropped where the version ignores them). */
  kwargs: Record<string, unknown>;
}

/** What the plan shows besides the curve: warmup, decay and their end values as factors of the peak LR. */
export interface HfSchedule {
  lrAt(k: number): number;
  phases: Phase[];
  declaredRestarts: number[];
  warmup?: { steps: number; style: string; startFactor: number };
  decay?: { style: string; start: number; steps: number; endFactor: number; startHow?: string };
  /** Facts about how this scheduler reads the inputs (e.g. `constant` ignores warmup). */
  notes: string[];
}

export type HfScheduleResult =
  | { ok: true; schedule: HfSchedule }
  /** `invalid`: the framework raises when it builds this scheduler; `metric-driven`: the LR depends on eval metrics. */
  | { ok: false; kind: 'invalid' | 'metric-driven'; message: string };

/** Keyword arguments each schedule function accepts besides the ones get_scheduler passes itself. */
const ACCEPTED_KWARGS: Record<HfSchedulerType, readonly string[]> = {
  linear: ['last_epoch'],
  cosine: ['num_cycles', 'last_epoch'],
  cosine_with_restarts: ['num_cycles', 'last_epoch'],
  polynomial: ['lr_end', 'power', 'last_epoch'],
  constant: [],
  constant_with_warmup: [],
  inverse_sqrt: ['timescale', 'last_epoch'],
  reduce_lr_on_plateau: [],
  cosine_with_min_lr: ['num_cycles', 'last_epoch', 'min_lr', 'min_lr_rate'],
  cosine_warmup_with_min_lr: ['num_cycles', 'last_epoch', 'min_lr', 'min_lr_rate', 'warmup_lr_rate'],
  warmup_stable_decay: ['num_decay_steps', 'num_stable_steps', 'warmup_type', 'decay_type', 'min_lr_ratio', 'num_cycles', 'last_epoch'],
  greedy: [],
};

/** get_scheduler calls these without forwarding lr_scheduler_kwargs (constant: optimization.py, any version). */
export const IGNORES_KWARGS: ReadonlySet<HfSchedulerType> = new Set(['constant', 'constant_with_warmup']);

const WARMUP_OR_DECAY_TYPES = ['linear', 'cosine', '1-sqrt'] as const;

function num(kwargs: Record<string, unknown>, key: string, fallback: number): number {
  const v = kwargs[key];
  return typeof v === 'number' ? v : fallback;
}

/** The linear warmup every LambdaLR schedule but two shares: k / max(1, W), 0 at update 0. */
function linearWarmup(k: number, w: number): number {
  return k / Math.max(1, w);
}

/** First update k >= from at which `reached(k)` holds (monotone in k), searched up to `limit` by bisection. */
function firstStep(from: number, limit: number, reached: (k: number) => boolean): number {
  return firstStepWhere(from, Math.max(from, limit), reached);
}

/**
 * A cosine of `cycles` waves over [w, w + span): where it first reaches its minimum (progress 1 / (2 cycles)), and
 * whether it climbs again after that (cycles > 0.5: the max(0, ...) clamp does not hold it down).
 */
function cosineEnd(w: number, span: number, cycles: number, progressOf: (k: number) => number): { end: number; rises: boolean } {
  if (!(cycles > 0)) return { end: Infinity, rises: false };
  const target = 1 / (2 * cycles);
  const guess = w + Math.ceil(span * target) + 2;
  return { end: firstStep(w, guess, (k) => progressOf(k) >= target), rises: cycles > 0.5 };
}

function unexpectedKwargs(type: HfSchedulerType, kwargs: Record<string, unknown>): string | null {
  if (IGNORES_KWARGS.has(type)) return null;
  const bad = Object.keys(kwargs).filter((k) => !ACCEPTED_KWARGS[type].includes(k));
  if (bad.length === 0) return null;
  const accepted = ACCEPTED_KWARGS[type].filter((k) => k !== 'last_epoch');
  return `lr_scheduler_kwargs ${bad.map((b) => `\`${b}\``).join(', ')} ${bad.length === 1 ? 'is' : 'are'} not an argument of the \`${type}\` schedule (get_scheduler forwards the kwargs, so it raises TypeError when the scheduler is built)${accepted.length ? `; it takes ${accepted.map((a) => `\`${a}\``).join(', ')}` : '; it takes none'}`;
}

export function buildHfSchedule(input: HfScheduleInput): HfScheduleResult {
  const { type, lr, warmup: w, total: t, kwargs } = input;
  if (type === 'reduce_lr_on_plateau' || type === 'greedy') {
    return {
      ok: false,
      kind: 'metric-driven',
      message: `lr_scheduler_type ${type} changes the LR when the evaluation metric stops improving (torch ReduceLROnPlateau${type === 'greedy' ? ' / transformers GreedyLR' : ''}): the curve depends on the run's metrics, not on the config, so it is not simulated`,
    };
  }
  const bad = unexpectedKwargs(type, kwargs);
  if (bad) return { ok: false, kind: 'invalid', message: bad };
  if (kwargs.last_epoch !== undefined && kwargs.last_epoch !== -1) {
    return { ok: false, kind: 'invalid', message: `lr_scheduler_kwargs.last_epoch ${String(kwargs.last_epoch)}: LambdaLR then needs an \`initial_lr\` in the optimizer's param groups and raises KeyError on a fresh run` };
  }
  const notes: string[] = [];
  const warmupPhase = (style: string, start: number): Pick<HfSchedule, 'warmup'> => (w > 0 ? { warmup: { steps: w, style, startFactor: start } } : {});
  // Most schedules: LambdaLR over lr, linear warmup from 0, and their own phases after it.
  const withLinearWarmup = (lambda: (k: number) => number, phases: HfSchedule['phases'], declaredRestarts: number[], decay?: HfSchedule['decay']) =>
    ({ ok: true, schedule: { lrAt: (k: number) => lr * lambda(k), phases, declaredRestarts, ...warmupPhase('linear', 0), ...(decay ? { decay } : {}), notes } }) as const;
  const span = Math.max(1, t - w);
  const decayProgress = (k: number) => (k - w) / span;

  switch (type) {
    case 'constant':
      if (w > 0) notes.push(`lr_scheduler_type constant ignores the ${w} warmup steps (get_scheduler builds it without num_warmup_steps)`);
      return { ok: true, schedule: { lrAt: () => lr * 1, phases: [{ kind: 'constant', start: 0, end: Infinity, style: 'constant' }], declaredRestarts: [], notes } };
    case 'constant_with_warmup': {
      const lambda = (k: number) => (k < w ? k / Math.max(1.0, w) : 1.0);
      return withLinearWarmup(
        lambda,
        [
          { kind: 'warmup', start: 0, end: w, style: 'linear' },
          { kind: 'constant', start: w, end: Infinity, style: 'constant' },
        ],
        [],
      );
    }
    case 'linear': {
      const lambda = (k: number) => (k < w ? linearWarmup(k, w) : Math.max(0.0, (t - k) / Math.max(1, t - w)));
      return withLinearWarmup(
        lambda,
        [
          { kind: 'warmup', start: 0, end: w, style: 'linear' },
          { kind: 'decay', start: w, end: Math.max(w, t), style: 'linear' },
          { kind: 'floor', start: Math.max(w, t), end: Infinity, style: 'constant' },
        ],
        [],
        { style: 'linear', start: w, steps: Math.max(0, t - w), endFactor: 0 },
      );
    }
    case 'cosine':
    case 'cosine_with_min_lr': {
      let rate = 0;
      if (type === 'cosine_with_min_lr') {
        const minLr = kwargs.min_lr;
        const minLrRate = kwargs.min_lr_rate;
        if (minLr !== undefined && minLr !== null && minLrRate !== undefined && minLrRate !== null) {
          return { ok: false, kind: 'invalid', message: 'lr_scheduler_kwargs sets both min_lr and min_lr_rate: get_cosine_with_min_lr_schedule_with_warmup raises "Only one of min_lr or min_lr_rate should be set"' };
        }
        if (typeof minLr === 'number') rate = minLr / lr;
        else if (typeof minLrRate === 'number') rate = minLrRate;
        else return { ok: false, kind: 'invalid', message: 'cosine_with_min_lr needs lr_scheduler_kwargs min_lr or min_lr_rate: without them the scheduler raises "One of min_lr or min_lr_rate should be set"' };
      }
      const cycles = num(kwargs, 'num_cycles', 0.5);
      // optimization.py defines _get_cosine_schedule_with_warmup_lr_lambda twice; the second (with min_lr_rate,
      // default 0) is the one both `cosine` and `cosine_with_min_lr` call.
      const lambda = (k: number) => {
        if (k < w) return linearWarmup(k, w);
        let factor = 0.5 * (1.0 + Math.cos(Math.PI * cycles * 2.0 * decayProgress(k)));
        factor = factor * (1 - rate) + rate;
        return Math.max(0, factor);
      };
      return { ok: true, schedule: cosineLike(lr, lambda, w, t, cycles, rate, decayProgress, 'linear', 0, notes) };
    }
    case 'cosine_warmup_with_min_lr': {
      const minLr = kwargs.min_lr;
      const minLrRate = kwargs.min_lr_rate;
      if (minLr !== undefined && minLr !== null && minLrRate !== undefined && minLrRate !== null) {
        return { ok: false, kind: 'invalid', message: 'lr_scheduler_kwargs sets both min_lr and min_lr_rate: the scheduler raises "Only one of min_lr or min_lr_rate should be set"' };
      }
      let rate: number;
      if (typeof minLr === 'number') rate = minLr / lr;
      else if (typeof minLrRate === 'number') rate = minLrRate;
      else return { ok: false, kind: 'invalid', message: 'cosine_warmup_with_min_lr needs lr_scheduler_kwargs min_lr or min_lr_rate: without them the scheduler raises "One of min_lr or min_lr_rate should be set"' };
      const cycles = num(kwargs, 'num_cycles', 0.5);
      const wlr = typeof kwargs.warmup_lr_rate === 'number' ? kwargs.warmup_lr_rate : null;
      // This one counts from step + 1: warmup (k + 1) / W reaches the peak at k = W - 1, and the decay's
      // progress (k - W + 1) / (T - W) reaches 1 at the last update k = T - 1.
      const progressOf = (k: number) => (k - w + 1.0) / Math.max(1.0, t - w);
      const lambda = (k: number) => {
        if (k < w) return wlr === null ? (k + 1.0) / Math.max(1.0, w) : wlr + ((1.0 - wlr) * k) / Math.max(1, w - 1);
        let factor = 0.5 * (1.0 + Math.cos(Math.PI * cycles * 2.0 * progressOf(k)));
        factor = factor * (1 - rate) + rate;
        return Math.max(0, factor);
      };
      const startFactor = wlr === null ? 1 / Math.max(1, w) : wlr;
      return { ok: true, schedule: cosineLike(lr, lambda, w, t, cycles, rate, progressOf, `linear from ${wlr === null ? '1/W' : 'warmup_lr_rate'}`, startFactor, notes) };
    }
    case 'cosine_with_restarts': {
      const cycles = num(kwargs, 'num_cycles', 1);
      const lambda = (k: number) => {
        if (k < w) return linearWarmup(k, w);
        const progress = decayProgress(k);
        if (progress >= 1.0) return 0.0;
        return Math.max(0.0, 0.5 * (1.0 + Math.cos(Math.PI * ((cycles * progress) % 1.0))));
      };
      const restarts: number[] = [];
      const phases: Phase[] = [{ kind: 'warmup', start: 0, end: w, style: 'linear' }];
      const end = w + span; // progress 1: the schedule drops to 0 for good
      // Cycle j (1-based) starts where cycles x progress first reaches j - 1. The last cycle runs until progress 1; with
      // a fractional num_cycles it is unfinished there: its natural end (a whole wave) lies past the schedule's end.
      const count = cycles > 0 ? Math.ceil(cycles) : 0;
      let start = w;
      for (let j = 1; j <= Math.min(count, 10_000); j++) {
        const natural = w + Math.ceil((span * j) / cycles);
        const last = j === count;
        const next = last ? natural : firstStep(start, natural + 2, (k) => cycles * decayProgress(k) >= j);
        phases.push({ kind: 'decay', start, end: Math.max(start, next), style: 'cosine cycle' });
        if (!last) restarts.push(next);
        start = next;
      }
      phases.push({ kind: 'floor', start: end, end: Infinity, style: 'constant' });
      if (count > 1) notes.push(`cosine_with_restarts: ${formatCycles(cycles)} cycles of ${formatCycles(span / cycles)} steps, restarting at ${restarts.slice(0, 5).join(', ')}${restarts.length > 5 ? ', ...' : ''}`);
      return withLinearWarmup(lambda, phases, restarts, { style: `cosine with ${formatCycles(cycles)} hard restarts`, start: w, steps: span, endFactor: 0 });
    }
    case 'polynomial': {
      const lrEnd = num(kwargs, 'lr_end', 1e-7);
      const power = num(kwargs, 'power', 1.0);
      if (!(lr > lrEnd)) return { ok: false, kind: 'invalid', message: `polynomial: lr_end (${lrEnd}) must be smaller than the initial lr (${lr}); get_polynomial_decay_schedule_with_warmup raises ValueError` };
      const lambda = (k: number) => {
        if (k < w) return linearWarmup(k, w);
        if (k > t) return lrEnd / lr;
        const pctRemaining = 1 - (k - w) / (t - w);
        return ((lr - lrEnd) * pctRemaining ** power + lrEnd) / lr;
      };
      return withLinearWarmup(
        lambda,
        [
          { kind: 'warmup', start: 0, end: w, style: 'linear' },
          { kind: 'decay', start: w, end: Math.max(w, t), style: `polynomial (power ${power})` },
          { kind: 'floor', start: Math.max(w, t), end: Infinity, style: 'constant' },
        ],
        [],
        { style: `polynomial (power ${power})`, start: w, steps: Math.max(0, t - w), endFactor: lrEnd / lr },
      );
    }
    case 'inverse_sqrt': {
      const given = kwargs.timescale;
      const timescale = typeof given === 'number' ? given : w || 10_000;
      const shift = timescale - w;
      const lambda = (k: number) => (k < w ? linearWarmup(k, w) : 1.0 / Math.sqrt((k + shift) / timescale));
      notes.push(`inverse_sqrt: lr x sqrt(${timescale} / (k + ${shift})) after warmup (timescale ${typeof given === 'number' ? `${timescale} from lr_scheduler_kwargs` : `${timescale} = ${w ? 'num_warmup_steps' : 'default 10000 (no warmup)'}`}); it has no end`);
      return withLinearWarmup(
        lambda,
        [
          { kind: 'warmup', start: 0, end: w, style: 'linear' },
          { kind: 'decay', start: w, end: Infinity, style: 'inverse sqrt' },
        ],
        [],
      );
    }
    case 'warmup_stable_decay':
      return wsd(lr, w, t, kwargs, notes);
  }
}

function formatCycles(x: number): string {
  return Number.isInteger(x) ? String(x) : String(Number(x.toFixed(2)));
}

/** Cosine decays (`cosine`, `cosine_with_min_lr`, `cosine_warmup_with_min_lr`): phases from where the wave bottoms out. */
function cosineLike(
  lr: number,
  lambda: (k: number) => number,
  w: number,
  t: number,
  cycles: number,
  rate: number,
  progressOf: (k: number) => number,
  warmupStyle: string,
  startFactor: number,
  notes: string[],
): HfSchedule {
  const span = Math.max(1, t - w);
  const { end, rises } = cosineEnd(w, span, cycles, progressOf);
  const phases: Phase[] = [
    { kind: 'warmup', start: 0, end: w, style: warmupStyle },
    { kind: 'decay', start: w, end: Math.max(w, end), style: 'cosine' },
  ];
  if (Number.isFinite(end)) phases.push(rises ? { kind: 'cycle', start: end, end: Infinity, style: 'cosine rising again' } : { kind: 'floor', start: end, end: Infinity, style: 'constant' });
  if (rises) notes.push(`num_cycles ${cycles} > 0.5: the cosine reaches its minimum at step ${end} and then climbs again`);
  const schedule: HfSchedule = {
    lrAt: (k) => lr * lambda(k),
    phases,
    declaredRestarts: [],
    decay: { style: cycles === 0.5 ? 'cosine' : `cosine (num_cycles ${cycles})`, start: w, steps: Number.isFinite(end) ? end - w : span, endFactor: Math.max(0, rate) },
    notes,
  };
  if (w > 0) schedule.warmup = { steps: w, style: warmupStyle, startFactor };
  return schedule;
}

function wsd(lr: number, w: number, t: number, kwargs: Record<string, unknown>, notes: string[]): HfScheduleResult {
  const decaySteps = kwargs.num_decay_steps;
  if (typeof decaySteps !== 'number') {
    return { ok: false, kind: 'invalid', message: 'warmup_stable_decay needs lr_scheduler_kwargs.num_decay_steps: get_wsd_schedule() is called without it and raises TypeError' };
  }
  const warmupType = kwargs.warmup_type ?? 'linear';
  const decayType = kwargs.decay_type ?? 'cosine';
  for (const [key, value] of [['warmup_type', warmupType], ['decay_type', decayType]] as const) {
    if (!(WARMUP_OR_DECAY_TYPES as readonly unknown[]).includes(value)) {
      return { ok: false, kind: 'invalid', message: `lr_scheduler_kwargs.${key} ${JSON.stringify(value)}: get_wsd_schedule raises ValueError (expected 'linear', 'cosine' or '1-sqrt')` };
    }
  }
  const m = num(kwargs, 'min_lr_ratio', 0);
  const cycles = num(kwargs, 'num_cycles', 0.5);
  const stableGiven = kwargs.num_stable_steps;
  // num_stable_steps wins over num_training_steps when both are known (get_wsd_schedule warns and uses it).
  const s = typeof stableGiven === 'number' ? stableGiven : t - w - decaySteps;
  const d = decaySteps;
  const lambda = (k: number) => {
    if (k < w) {
      const progress = k / Math.max(1, w);
      let factor = warmupType === 'linear' ? progress : warmupType === 'cosine' ? 0.5 * (1.0 - Math.cos(Math.PI * progress)) : 1.0 - Math.sqrt(1.0 - progress);
      factor = factor * (1.0 - m) + m;
      return Math.max(0.0, factor);
    }
    if (k < w + s) return 1.0;
    if (k < w + s + d) {
      const progress = (k - w - s) / Math.max(1, d);
      let factor = decayType === 'linear' ? 1.0 - progress : decayType === 'cosine' ? 0.5 * (1.0 + Math.cos(Math.PI * cycles * 2.0 * progress)) : 1.0 - Math.sqrt(progress);
      factor = factor * (1.0 - m) + m;
      return Math.max(0.0, factor);
    }
    return m;
  };
  const decayStart = w + s;
  const decayEnd = w + s + d;
  if (typeof stableGiven !== 'number') notes.push(`warmup_stable_decay: stable phase = num_training_steps - warmup - num_decay_steps = ${t} - ${w} - ${d} = ${s}`);
  const schedule: HfSchedule = {
    lrAt: (k) => lr * lambda(k),
    phases: [
      { kind: 'warmup', start: 0, end: w, style: String(warmupType) },
      { kind: 'constant', start: w, end: Math.max(w, decayStart), style: 'constant' },
      { kind: 'decay', start: Math.max(w, decayStart), end: Math.max(w, decayEnd), style: String(decayType) },
      { kind: 'floor', start: Math.max(w, decayEnd), end: Infinity, style: 'constant' },
    ],
    declaredRestarts: [],
    decay: {
      style: String(decayType),
      start: decayStart,
      steps: d,
      endFactor: m,
      startHow: `warmup ${w} + ${typeof stableGiven === 'number' ? `num_stable_steps ${s}` : `stable steps (num_training_steps ${t} - warmup ${w} - num_decay_steps ${d} = ${s})`} = ${decayStart}`,
    },
    notes,
  };
  if (w > 0) schedule.warmup = { steps: w, style: String(warmupType), startFactor: m };
  return { ok: true, schedule };
}
