// DeepSpeed (microsoft/DeepSpeed) JSON configs: `scheduler: {type, params}` + `optimizer: {type, params}`.
// Semantics: deepspeed/runtime/lr_schedules.py @38327e07 (WarmupLR, WarmupDecayLR, WarmupCosineLR,
// OneCycle, LRRangeTest) and runtime/engine.py @38327e07: _scheduler_from_config builds the named class with
// `params` as keyword arguments (a name DeepSpeed lacks is looked up in torch.optim.lr_scheduler), the
// constructor writes an LR (last_batch_iteration = -1), and _take_model_step calls lr_scheduler.step() after
// each optimizer step. So update 0 uses the constructor's LR and update k >= 1 uses get_lr() at
// last_batch_iteration = k - 1 (fp16 overflow skips are not modelled). A DeepSpeed config does not state how
// long the run is (the training script does): the plan assumes the scheduler's own total_num_steps where it
// has one, else shows a window and keeps the decay out of the plan so no rule judges a length it does not know.
import schema from '../../schemas/deepspeed.schema.json' with { type: 'json' };
import { defaulted, formatNumber, type DocReader } from '../core/access.ts';
import type { Dialect, PlanContext, PlanResult, TrainingPlan } from '../core/plan.ts';
import type { ParsedDoc } from '../core/parse.ts';
import { makeSchedule } from '../core/schedule.ts';
import type { Phase, Resolved } from '../core/types.ts';
import { torchLr, torchPhases, type TorchScheduler } from '../schedules/torch.ts';
import { isObject } from './shared.ts';

const VERSION = 'deepspeed@38327e07';
const DS_TYPES = ['WarmupLR', 'WarmupDecayLR', 'WarmupCosineLR', 'OneCycle', 'LRRangeTest'] as const;
const TORCH_TYPES = ['StepLR', 'MultiStepLR', 'ExponentialLR', 'ConstantLR', 'LinearLR', 'CosineAnnealingLR', 'CosineAnnealingWarmRestarts', 'OneCycleLR'] as const;
/** Keys only a DeepSpeed config has (HF TrainingArguments share gradient_accumulation_steps, so that one does not count). */
const DS_KEYS = ['train_batch_size', 'train_micro_batch_size_per_gpu', 'zero_optimization', 'steps_per_print', 'wall_clock_breakdown', 'zero_allow_untested_optimizer', 'gradient_clipping', 'prescale_gradients'];

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

function detect(doc: ParsedDoc): number {
  const d = doc.data;
  if (!isObject(d)) return 0;
  // A TrainingArguments-style file that embeds or names a DeepSpeed config is not one itself.
  if ('learning_rate' in d || 'lr_scheduler_type' in d || 'per_device_train_batch_size' in d) return 0;
  const scheduler = isObject(d.scheduler) && typeof d.scheduler.type === 'string' && isObject(d.scheduler.params);
  const optimizer = isObject(d.optimizer) && typeof d.optimizer.type === 'string' && isObject(d.optimizer.params);
  const dsKeys = DS_KEYS.filter((k) => k in d).length;
  if (scheduler && ((DS_TYPES as readonly string[]).includes(String((d.scheduler as Record<string, unknown>).type)) || dsKeys > 0 || optimizer)) return 1;
  if (optimizer && dsKeys > 0) return 0.9;
  if (dsKeys >= 2 && 'zero_optimization' in d) return 0.8;
  return 0;
}

function num(r: DocReader, key: string, fallback: number, why = `${VERSION} default`): Resolved {
  return r.number(['scheduler', 'params', key]) ?? defaulted(fallback, `${key} unset: ${formatNumber(fallback)} (${why})`);
}

interface Built {
  lrAt: (k: number) => number;
  peak: Resolved;
  phases: Phase[];
  warmup?: { steps: Resolved; style: string; startLr?: Resolved };
  decay?: TrainingPlan['decay'];
  /** The scheduler's own horizon, which the run is assumed to last. */
  horizon?: Resolved;
  restarts?: number[];
  notes: string[];
}

function warmupSteps(r: DocReader): Resolved {
  const given = num(r, 'warmup_num_steps', 1000);
  const value = Math.max(2, given.value);
  return value === given.value ? given : { value, how: `warmup_num_steps = max(2, ${formatNumber(given.value)}) = ${value}`, from: given.from };
}

function warmupType(r: DocReader): 'log' | 'linear' {
  // An unknown warmup_type falls back to log (with a logged warning), as does an unset one.
  return r.string(['scheduler', 'params', 'warmup_type'])?.value === 'linear' ? 'linear' : 'log';
}

function build(type: string, r: DocReader, optimizerLr: Resolved): Built | { problem: string } {
  const notes: string[] = [];
  if (type === 'WarmupLR' || type === 'WarmupDecayLR') {
    const minLr = num(r, 'warmup_min_lr', 0);
    const maxLr = num(r, 'warmup_max_lr', 0.001);
    const w = warmupSteps(r);
    const style = warmupType(r);
    const a: WarmupArgs = { minLr: minLr.value, maxLr: maxLr.value, warmup: w.value, type: style };
    const phases: Phase[] = [{ kind: 'warmup', start: 0, end: w.value + 1, style }];
    const built: Built = { lrAt: (k) => warmupLr(a, k), peak: maxLr, phases, warmup: { steps: w, style, startLr: minLr }, notes };
    if (type === 'WarmupLR') {
      phases.push({ kind: 'constant', start: w.value + 1, end: Infinity, style: 'constant' });
      return built;
    }
    const total = r.number(['scheduler', 'params', 'total_num_steps']);
    if (!total) return { problem: 'WarmupDecayLR needs scheduler.params.total_num_steps (a required argument of its constructor)' };
    a.total = total.value;
    // get_lr at t = total gives 0: update total + 1. A run of total_num_steps updates ends at 2/(total - warmup) of the
    // peak by design, so the decay is taken as built to end at update total_num_steps.
    phases.push({ kind: 'decay', start: w.value + 1, end: Math.max(total.value, w.value + 1), style: 'linear' }, { kind: 'floor', start: Math.max(total.value, w.value + 1), end: Infinity, style: 'constant' });
    built.horizon = total;
    if (total.value > w.value) built.decay = {
      style: 'linear',
      start: { value: w.value, how: `decay starts when warmup ends (warmup_num_steps ${w.value})`, from: w.from },
      steps: { value: total.value - w.value, how: `total_num_steps - warmup_num_steps = ${total.value} - ${w.value} = ${total.value - w.value}`, from: [...total.from, ...w.from] },
      minLr: defaulted(0, 'WarmupDecayLR decays linearly to 0'),
    };
    return built;
  }
  if (type === 'WarmupCosineLR') {
    const total = r.number(['scheduler', 'params', 'total_num_steps']);
    if (!total) return { problem: 'WarmupCosineLR needs scheduler.params.total_num_steps (a required argument of its constructor)' };
    const w = warmupSteps(r);
    const style = warmupType(r);
    const warmupMin = num(r, 'warmup_min_ratio', 0);
    const cosMin = num(r, 'cos_min_ratio', 0.0001);
    if (total.value === w.value) return { problem: `WarmupCosineLR with total_num_steps = warmup_num_steps = ${w.value} divides by zero (total_num_steps - warmup_num_steps) at the first update after warmup` };
    const a: CosineArgs = { orgLr: optimizerLr.value, total: total.value, warmup: w.value, warmupMinRatio: warmupMin.value, cosMinRatio: cosMin.value, type: style };
    const minLr = optimizerLr.value * cosMin.value;
    notes.push('WarmupCosineLR scales the optimizer\'s own lr; its first update runs at LR 0.0 (get_lr before the first step), whatever warmup_min_ratio says');
    return {
      lrAt: (k) => warmupCosineLr(a, k),
      peak: optimizerLr,
      phases: [
        { kind: 'warmup', start: 0, end: w.value + 1, style },
        { kind: 'decay', start: w.value + 1, end: Math.max(total.value, w.value + 1), style: 'cosine' },
        // Past total_num_steps the cosine is not clamped: it climbs back.
        { kind: 'cycle', start: Math.max(total.value, w.value + 1), end: Infinity, style: 'cosine past total_num_steps' },
      ],
      warmup: { steps: w, style, startLr: { value: 0, how: 'WarmupCosineLR: first update at 0.0', from: [] } },
      ...(total.value <= w.value ? {} : { decay: {
        style: 'cosine',
        start: { value: w.value, how: `decay starts when warmup ends (warmup_num_steps ${w.value})`, from: w.from },
        steps: { value: total.value - w.value, how: `total_num_steps - warmup_num_steps = ${total.value} - ${w.value} = ${total.value - w.value}`, from: [...total.from, ...w.from] },
        minLr: { value: minLr, how: `cos_min_ratio x lr = ${formatNumber(cosMin.value)} x ${formatNumber(optimizerLr.value)} = ${formatNumber(minLr)}`, from: [...cosMin.from, ...optimizerLr.from] },
      } }),
      horizon: total,
      notes,
    };
  }
  if (type === 'OneCycle') {
    const minLr = r.number(['scheduler', 'params', 'cycle_min_lr']);
    const maxLr = r.number(['scheduler', 'params', 'cycle_max_lr']);
    if (!minLr || !maxLr) return { problem: 'OneCycle needs scheduler.params.cycle_min_lr and cycle_max_lr (required arguments of its constructor)' };
    const first = num(r, 'cycle_first_step_size', 2000);
    const secondGiven = r.number(['scheduler', 'params', 'cycle_second_step_size']);
    const second = secondGiven ?? { value: first.value, how: `cycle_second_step_size unset: = cycle_first_step_size = ${first.value}`, from: first.from };
    const a: OneCycleArgs = { minLr: minLr.value, maxLr: maxLr.value, first: first.value, second: second.value, decayLrRate: num(r, 'decay_lr_rate', 0).value, decayStepSize: num(r, 'decay_step_size', 0).value };
    const end = first.value + second.value;
    return {
      lrAt: (k) => oneCycleLr(a, k),
      peak: maxLr,
      phases: [
        { kind: 'warmup', start: 0, end: first.value, style: 'linear' },
        { kind: 'decay', start: first.value, end, style: 'linear' },
        { kind: a.decayLrRate === 0 || a.decayStepSize === 0 ? 'floor' : 'decay', start: end, end: Infinity, style: a.decayLrRate === 0 || a.decayStepSize === 0 ? 'constant' : 'inverse time' },
      ],
      warmup: { steps: first, style: 'linear', startLr: minLr },
      notes,
    };
  }
  if (type === 'LRRangeTest') {
    const minLr = num(r, 'lr_range_test_min_lr', 1e-3);
    const size = num(r, 'lr_range_test_step_size', 2000);
    const rate = num(r, 'lr_range_test_step_rate', 1.0);
    const stairs = r.raw(['scheduler', 'params', 'lr_range_test_staircase']) === true;
    const interval = (k: number) => (stairs ? Math.floor(k / size.value) : k / size.value);
    notes.push('LRRangeTest raises the LR without bound: it is a range test, not a training schedule');
    return { lrAt: (k) => (k <= 0 ? minLr.value : minLr.value * (1 + rate.value * interval(k))), peak: minLr, phases: [{ kind: 'cycle', start: 0, end: Infinity, style: 'range test' }], notes };
  }
  const spec = torchSpec(type, r);
  if ('problem' in spec) return spec;
  const total = spec.spec.type === 'OneCycleLR' ? spec.spec.totalSteps : undefined;
  notes.push(`${type} is torch.optim.lr_scheduler.${type} (DeepSpeed falls back to torch's schedulers), simulated as torch 1.13 computes it`);
  return {
    lrAt: torchLr(spec.spec, optimizerLr.value),
    peak: spec.spec.type === 'OneCycleLR' ? { value: spec.spec.maxLr, how: `max_lr: ${formatNumber(spec.spec.maxLr)}`, from: [r.origin(['scheduler', 'params', 'max_lr'])] } : optimizerLr,
    phases: torchPhases(spec.spec, total ?? 1_000_000),
    ...(total !== undefined ? { horizon: { value: total, how: `OneCycleLR total_steps: ${total}`, from: [r.origin(['scheduler', 'params'])] } } : {}),
    ...(spec.spec.type === 'CosineAnnealingWarmRestarts' ? { restarts: [] } : {}),
    notes,
  };
}

function torchSpec(type: string, r: DocReader): { spec: TorchScheduler } | { problem: string } {
  const p = (key: string) => r.number(['scheduler', 'params', key])?.value;
  const need = (key: string): number | { problem: string } => p(key) ?? { problem: `${type} needs scheduler.params.${key}` };
  switch (type) {
    case 'StepLR': {
      const stepSize = need('step_size');
      return typeof stepSize === 'number' ? { spec: { type, stepSize, gamma: p('gamma') ?? 0.1 } } : stepSize;
    }
    case 'MultiStepLR': {
      const m = r.raw(['scheduler', 'params', 'milestones']);
      if (!Array.isArray(m) || !m.every((x) => typeof x === 'number')) return { problem: 'MultiStepLR needs scheduler.params.milestones (a list of steps)' };
      return { spec: { type, milestones: m as number[], gamma: p('gamma') ?? 0.1 } };
    }
    case 'ExponentialLR': {
      const gamma = need('gamma');
      return typeof gamma === 'number' ? { spec: { type, gamma } } : gamma;
    }
    case 'ConstantLR':
      return { spec: { type, factor: p('factor') ?? 1 / 3, totalIters: p('total_iters') ?? 5 } };
    case 'LinearLR':
      return { spec: { type, startFactor: p('start_factor') ?? 1 / 3, endFactor: p('end_factor') ?? 1.0, totalIters: p('total_iters') ?? 5 } };
    case 'CosineAnnealingLR': {
      const tMax = need('T_max');
      return typeof tMax === 'number' ? { spec: { type, tMax, etaMin: p('eta_min') ?? 0 } } : tMax;
    }
    case 'CosineAnnealingWarmRestarts': {
      const t0 = need('T_0');
      return typeof t0 === 'number' ? { spec: { type, t0, tMult: p('T_mult') ?? 1, etaMin: p('eta_min') ?? 0 } } : t0;
    }
    case 'OneCycleLR': {
      const maxLr = need('max_lr');
      if (typeof maxLr !== 'number') return maxLr;
      const totalSteps = p('total_steps') ?? ((p('epochs') ?? NaN) * (p('steps_per_epoch') ?? NaN));
      if (!Number.isFinite(totalSteps)) return { problem: 'OneCycleLR needs scheduler.params.total_steps, or epochs and steps_per_epoch' };
      const anneal = r.string(['scheduler', 'params', 'anneal_strategy'])?.value === 'linear' ? 'linear' : 'cos';
      return {
        spec: { type, maxLr, totalSteps, pctStart: p('pct_start') ?? 0.3, annealStrategy: anneal, divFactor: p('div_factor') ?? 25, finalDivFactor: p('final_div_factor') ?? 1e4, threePhase: r.raw(['scheduler', 'params', 'three_phase']) === true },
      };
    }
  }
  return { problem: `scheduler.type "${type}" is neither a DeepSpeed scheduler (${DS_TYPES.join(', ')}) nor one trainlint simulates from torch.optim.lr_scheduler (${TORCH_TYPES.join(', ')})` };
}

/** A window for open-ended schedules: long enough that the warmup is at most a tenth of it. */
function windowFor(phases: Phase[]): number {
  const last = Math.max(0, ...phases.flatMap((p) => [p.start, p.end]).filter((x) => Number.isFinite(x)));
  return Math.max(1000, Math.ceil((10 * last) / 1000) * 1000);
}

function plan(r: DocReader, _context: PlanContext): PlanResult {
  // "auto" is the Hugging Face Trainer integration's placeholder: the Trainer fills it from its own arguments.
  for (const block of ['scheduler', 'optimizer']) {
    const params = r.raw([block, 'params']);
    const auto = isObject(params) ? Object.keys(params).find((k) => params[k] === 'auto') : undefined;
    if (auto) {
      return { ok: false, problem: { at: r.origin([block, 'params', auto]), message: `${block}.params.${auto} is "auto": the Hugging Face Trainer fills it from its TrainingArguments, so this file alone does not fix the schedule (review the training arguments instead)`, kind: 'needs-data' } };
    }
  }
  const optimizerType = r.string(['optimizer', 'type']) ?? defaulted('client optimizer', 'no optimizer block: the training script passes its own optimizer');
  const optimizerLr = r.number(['optimizer', 'params', 'lr']) ?? defaulted(1e-3, r.has(['optimizer']) ? `optimizer.params.lr unset: 1e-3 (the default of DeepSpeed's Adam/AdamW, ${VERSION})` : 'no optimizer block: assumed 1e-3 (the client optimizer\'s lr is set in code)');
  const type = r.string(['scheduler', 'type'])?.value;
  const assumptions: string[] = [];
  if (!r.has(['optimizer', 'params', 'lr'])) assumptions.push(optimizerLr.how);
  let built: Built;
  if (type === undefined) {
    built = { lrAt: () => optimizerLr.value, peak: optimizerLr, phases: [{ kind: 'constant', start: 0, end: Infinity, style: 'constant' }], notes: ['no scheduler block: the LR stays at the optimizer\'s lr unless the training script passes its own scheduler'] };
  } else {
    const result = build(type, r, optimizerLr);
    if ('problem' in result) return { ok: false, problem: { at: r.origin(['scheduler', 'type']), message: result.problem, kind: 'invalid' } };
    built = result;
  }
  assumptions.push(...built.notes);
  let total: Resolved;
  if (built.horizon) {
    total = { value: built.horizon.value, how: `${built.horizon.how} (a DeepSpeed config does not state the run's length; assumed to be the scheduler's)`, from: built.horizon.from };
    assumptions.push(`the run is assumed to make ${built.horizon.value} optimizer updates, the scheduler's horizon: the training script decides the real count`);
  } else {
    const window = windowFor(built.phases);
    total = { value: window, how: `not in a DeepSpeed config (the training script decides it): showing the first ${window} updates`, from: [] };
    assumptions.push(`the run's length is not in the config: the curve shows the first ${window} updates, and rules that depend on the run's length are not applied`);
    // Without a run length there is no end to judge a decay against.
    delete built.decay;
  }
  const planned: TrainingPlan = {
    dialect: 'deepspeed',
    semantics: VERSION,
    optimizer: { name: optimizerType, lr: built.peak },
    totalSteps: total,
    totalStepsSource: 'derived',
    schedule: makeSchedule({ totalSteps: total.value, peakLr: built.peak.value, lrAt: built.lrAt, phases: built.phases, declaredRestarts: built.restarts ?? [] }),
    assumptions,
    fixes: {
      warmupTo: (n) => (r.has(['scheduler', 'params', 'warmup_num_steps']) ? { at: r.origin(['scheduler', 'params', 'warmup_num_steps']), value: n } : undefined),
      totalStepsTo: (n) => (built.horizon?.from[0] ? { at: built.horizon.from[0], value: n } : undefined),
      decayEndAt: (n) => (built.horizon?.from[0] ? { at: built.horizon.from[0], value: n } : undefined),
    },
  };
  if (built.warmup) planned.warmup = built.warmup;
  if (built.decay) planned.decay = built.decay;
  return { ok: true, plan: planned };
}

export const deepspeed: Dialect = {
  id: 'deepspeed',
  title: 'DeepSpeed',
  follows: 'microsoft/DeepSpeed @38327e07 (runtime/lr_schedules.py, runtime/engine.py); torch.optim.lr_scheduler fallbacks as torch 1.13',
  schema,
  // DeepSpeed reads JSON (json.load): no YAML typing. Scheduler params go to the constructor unconverted, so a
  // string where a number belongs fails inside the scheduler's arithmetic.
  loader: { yaml: 'yaml12', stringForNumber: 'passed-on', citation: 'json.load + scheduler kwargs as given, DeepSpeed @38327e07' },
  // DeepSpeed reads its config with json.load (or takes a dict from the caller): only JSON files are DeepSpeed configs.
  formats: ['json'],
  detect,
  plan,
};
