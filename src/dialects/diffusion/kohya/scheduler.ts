// kohya sd-scripts' scheduler, as library/train_util.py get_scheduler_fix builds it (kohya-ss/sd-scripts @48d368fa),
// over transformers' schedule functions (requirements.txt pins transformers 4.54.1; the lambdas are modelled in
// src/schedules/transformers.ts), stepped through accelerate's AcceleratedScheduler.
//
//   num_training_steps = max_train_steps x num_processes
//   num_warmup_steps   = int(lr_warmup_steps x num_training_steps) when lr_warmup_steps is a Python float, else as given
//   num_decay_steps    = the same for lr_decay_steps;  num_stable_steps = training - warmup - decay
//
// The prepared scheduler (accelerate AcceleratedScheduler.step, split_batches off) steps num_processes times per
// optimizer update, so update u runs at scheduler step u x P: the run's N updates cover the N x P training steps, but
// an integer warmup of W scheduler steps lasts only ceil(W / P) updates (kohya-ss/kohya_ss#1394): its share of the run
// shrinks with the GPU count, while a fractional warmup keeps its share.
import { formatNumber } from '../../../core/access.ts';
import type { Phase } from '../../../core/types.ts';
import { buildHfSchedule, HF_SCHEDULER_TYPES, type HfSchedule, type HfSchedulerType } from '../../../schedules/transformers.ts';
import { show, type PyValue } from './args.ts';

/** Names get_scheduler_fix dispatches itself (SchedulerType of transformers 4.54.1, less the ones it cannot build). */
export const KOHYA_SCHEDULERS = ['linear', 'cosine', 'cosine_with_restarts', 'polynomial', 'constant', 'constant_with_warmup', 'inverse_sqrt', 'cosine_with_min_lr', 'warmup_stable_decay'] as const;

export interface KohyaSchedulerInput {
  name: string;
  lr: number;
  /** accelerator.num_processes. */
  processes: number;
  /** max_train_steps after the epoch override: optimizer updates of the run. */
  updates: number;
  warmup: PyValue;
  decay: PyValue;
  cycles: number;
  power: number;
  timescale: number | null;
  minLrRatio: number | null;
  /** lr_scheduler_args, literal_eval'd. */
  extra: Record<string, unknown>;
}

export interface KohyaSchedule {
  /** LR at optimizer update u. */
  lrAt(u: number): number;
  phases: Phase[];
  restarts: number[];
  /** num_warmup_steps / num_decay_steps in scheduler steps, with how they were computed. */
  warmupSteps: number;
  warmupHow: string;
  decaySteps: number;
  trainingSteps: number;
  built: HfSchedule;
  notes: string[];
}

export type KohyaScheduleResult = { ok: true; schedule: KohyaSchedule } | { ok: false; kind: 'invalid' | 'not-simulated'; message: string };

/** int(value x training) for a Python float, the value itself for an int (get_scheduler_fix). */
function stepsOf(key: string, v: PyValue, training: number): { steps: number; how: string } | string {
  if (v.type === 'float') {
    const steps = Math.trunc(v.value * training);
    return { steps, how: `${key} ${show(v)} is a float, a share of num_training_steps: int(${show(v)} x ${training}) = ${steps}` };
  }
  if (v.type === 'int') return { steps: v.value, how: `${key} ${v.value} is an int: ${v.value} scheduler steps` };
  if (v.type === 'bool') return { steps: v.value ? 1 : 0, how: `${key} ${show(v)} counts as ${v.value ? 1 : 0}` };
  return `${key} ${show(v)} is neither an int nor a float: the scheduler compares it with the step count and raises TypeError`;
}

/** Scheduler step s falls on update ceil(s / P): the first update u with u x P >= s. */
function toUpdates(s: number, p: number): number {
  return Number.isFinite(s) ? Math.ceil(s / p) : s;
}

export function buildKohyaSchedule(input: KohyaSchedulerInput): KohyaScheduleResult {
  const { name, processes: P, updates: N } = input;
  const T = N * P;
  const warm = stepsOf('lr_warmup_steps', input.warmup, T);
  if (typeof warm === 'string') return { ok: false, kind: 'invalid', message: warm };
  const dec = stepsOf('lr_decay_steps', input.decay, T);
  if (typeof dec === 'string') return { ok: false, kind: 'invalid', message: dec };
  const W = warm.steps;
  const D = dec.steps;
  const kwargs: Record<string, unknown> = {};
  const fixed: Record<string, unknown> = {};
  const needsNoWarmup = (what: string): KohyaScheduleResult | null =>
    W !== 0 ? { ok: false, kind: 'invalid', message: `${what} takes no warmup, and get_scheduler_fix raises ValueError ("${name} does not require \`num_warmup_steps\`") when num_warmup_steps is ${W} (${warm.how}): set lr_warmup_steps to 0 or use constant_with_warmup` } : null;
  if (name === 'constant') {
    const refused = needsNoWarmup('lr_scheduler constant');
    if (refused) return refused;
  } else if (name === 'cosine_with_restarts') fixed.num_cycles = input.cycles;
  else if (name === 'polynomial') fixed.power = input.power;
  else if (name === 'inverse_sqrt') fixed.timescale = input.timescale;
  else if (name === 'cosine_with_min_lr') {
    fixed.num_cycles = input.cycles / 2;
    fixed.min_lr_rate = input.minLrRatio;
  } else if (name === 'warmup_stable_decay') {
    fixed.num_stable_steps = T - W - D;
    fixed.num_decay_steps = D;
    fixed.num_cycles = input.cycles / 2;
    fixed.min_lr_ratio = input.minLrRatio ?? 0;
  }
  const twice = Object.keys(input.extra).filter((k) => k in fixed);
  if (twice.length) return { ok: false, kind: 'invalid', message: `lr_scheduler_args ${twice.join(', ')} ${twice.length === 1 ? 'is' : 'are'} also passed by get_scheduler_fix itself for ${name}: the call raises TypeError (got multiple values for keyword argument)` };
  Object.assign(kwargs, input.extra);
  for (const [k, v] of Object.entries(fixed)) if (v !== null && v !== undefined) kwargs[k] = v;
  if (name === 'inverse_sqrt' && kwargs.timescale === undefined) delete kwargs.timescale;
  if (!(HF_SCHEDULER_TYPES as readonly string[]).includes(name)) return { ok: false, kind: 'invalid', message: `lr_scheduler ${JSON.stringify(name)} is not a transformers SchedulerType: get_scheduler_fix raises ValueError` };
  const built = buildHfSchedule({ type: name as HfSchedulerType, lr: input.lr, warmup: W, total: T, kwargs: name === 'constant' ? {} : kwargs });
  if (!built.ok) return { ok: false, kind: built.kind === 'invalid' ? 'invalid' : 'not-simulated', message: built.message.replace(/lr_scheduler_kwargs/g, 'lr_scheduler_args') };
  const b = built.schedule;
  const phases = b.phases.map((p) => ({ ...p, start: toUpdates(p.start, P), end: toUpdates(p.end, P) }));
  const restarts = [...new Set(b.declaredRestarts.map((r) => toUpdates(r, P)))];
  const notes = [...b.notes];
  const warmupHow =
    P === 1
      ? warm.how
      : input.warmup.type === 'float'
        ? `${warm.how} scheduler steps; num_training_steps = max_train_steps ${N} x ${P} processes = ${T}, and the prepared scheduler steps ${P} times per update, so the warmup lasts ceil(${W} / ${P}) = ${toUpdates(W, P)} updates, the same share of the run on any number of GPUs`
        : `${warm.how}, NOT multiplied by the ${P} processes while num_training_steps is (max_train_steps ${N} x ${P} = ${T}); the prepared scheduler steps ${P} times per update, so the warmup lasts ceil(${W} / ${P}) = ${toUpdates(W, P)} updates, 1/${P} of its share on one GPU (kohya-ss/kohya_ss#1394); a float lr_warmup_steps (a share of the run) keeps its share`;
  return {
    ok: true,
    schedule: {
      lrAt: (u) => b.lrAt(u * P),
      phases,
      restarts,
      warmupSteps: W,
      warmupHow,
      decaySteps: D,
      trainingSteps: T,
      built: b,
      notes: notes.map((n) => (P === 1 ? n : `${n} (in scheduler steps, ${P} per update)`)),
    },
  };
}

/** `key=value` words of lr_scheduler_args, read as ast.literal_eval reads simple literals. */
export function schedulerArgs(words: unknown[]): Record<string, unknown> | string {
  const out: Record<string, unknown> = {};
  for (const w of words) {
    const parts = String(w).split('=');
    if (parts.length !== 2) return `lr_scheduler_args ${JSON.stringify(w)} is not one key=value pair: get_scheduler_fix raises ValueError`;
    const [key, text] = [parts[0]!, parts[1]!.trim()];
    let value: unknown;
    if (/^[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?$/.test(text)) value = Number(text);
    else if (text === 'True' || text === 'False') value = text === 'True';
    else if (text === 'None') value = null;
    else if (/^(['"]).*\1$/.test(text)) value = text.slice(1, -1);
    else return `lr_scheduler_args ${key}=${text}: a value trainlint does not evaluate`;
    out[key] = value;
  }
  return out;
}

export function describeKwargs(kwargs: Record<string, unknown>): string {
  return Object.entries(kwargs)
    .map(([k, v]) => `${k}=${typeof v === 'number' ? formatNumber(v) : JSON.stringify(v)}`)
    .join(', ');
}
