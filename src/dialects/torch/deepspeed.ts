// DeepSpeed (microsoft/DeepSpeed) JSON configs: `scheduler: {type, params}` + `optimizer: {type, params}`.
// Semantics: deepspeed/runtime/lr_schedules.py @38327e07 (WarmupLR, WarmupDecayLR, WarmupCosineLR,
// OneCycle, LRRangeTest) and runtime/engine.py @38327e07: _scheduler_from_config builds the named class with
// `params` as keyword arguments (a name DeepSpeed lacks is looked up in torch.optim.lr_scheduler), the
// constructor writes an LR (last_batch_iteration = -1), and _take_model_step calls lr_scheduler.step() after
// each optimizer step. So update 0 uses the constructor's LR and update k >= 1 uses get_lr() at
// last_batch_iteration = k - 1 (fp16 overflow skips are not modelled). A DeepSpeed config does not state how
// long the run is (the training script does): the plan assumes the scheduler's own total_num_steps where it
// has one, else shows a window and keeps the decay out of the plan so no rule judges a length it does not know.
import schema from '../../../schemas/deepspeed.schema.json' with { type: 'json' };
import { defaulted, formatNumber, type DocReader } from '../../core/access.ts';
import type { Dialect, PlanContext, PlanResult, TrainingPlan } from '../../core/plan.ts';
import type { ParsedDoc } from '../../core/parse.ts';
import { makeSchedule } from '../../core/schedule.ts';
import type { Phase, Resolved } from '../../core/types.ts';
import { closest } from '../../core/validate.ts';
import { torchLr, torchPhases, type TorchScheduler } from '../../schedules/torch.ts';
import { DS_TYPES, KNOWN_SCHEDULERS, METRIC_DRIVEN, TORCH_CODE_ONLY, TORCH_SIMULATED, torchScheduler, torchVersion, type TorchVersion } from './deepspeed-torch.ts';
import { oneCycleLr, warmupCosineLr, warmupLr, type CosineArgs, type OneCycleArgs, type WarmupArgs } from './deepspeed-schedules.ts';
import { isObject } from '../shared.ts';

const VERSION = 'deepspeed@38327e07';
/** Keys only a DeepSpeed config has (HF TrainingArguments share gradient_accumulation_steps, so that one does not count). */
const DS_KEYS = ['train_batch_size', 'train_micro_batch_size_per_gpu', 'zero_optimization', 'steps_per_print', 'wall_clock_breakdown', 'zero_allow_untested_optimizer', 'gradient_clipping', 'prescale_gradients'];

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

interface BuildContext {
  /** The optimizer's lr, or why it is unknown (set by the training script, or a default trainlint does not know). */
  optimizerLr: Resolved | { unknown: string };
  optimizerType?: string;
  torch: TorchVersion;
}

/** A scheduler DeepSpeed builds but trainlint cannot draw from the file: the reason, as a not-simulated note. */
interface NotSimulated {
  notSimulated: string;
}

function build(type: string, r: DocReader, ctx: BuildContext): Built | { problem: string } | NotSimulated {
  // Schedulers that scale the optimizer's own lr cannot be drawn when the training script sets it.
  const lrOrWhy = ctx.optimizerLr;
  const needLr = (): Resolved | NotSimulated =>
    'unknown' in lrOrWhy ? { notSimulated: `scheduler ${type} scales the optimizer's lr, and ${lrOrWhy.unknown}` } : lrOrWhy;
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
    const optimizerLr = needLr();
    if ('notSimulated' in optimizerLr) return optimizerLr;
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
  return buildTorch(type, r, ctx, needLr, notes);
}

function buildTorch(type: string, r: DocReader, ctx: BuildContext, needLr: () => Resolved | NotSimulated, notes: string[]): Built | { problem: string } | NotSimulated {
  if (type in TORCH_CODE_ONLY) {
    return { notSimulated: `scheduler ${type} takes ${TORCH_CODE_ONLY[type]}, which a JSON config cannot hold: DeepSpeed can only get it from the training script (deepspeed.initialize(lr_scheduler=...)), so the schedule is set there` };
  }
  if (type === METRIC_DRIVEN) {
    const lr = needLr();
    if ('notSimulated' in lr) return lr;
    const factor = r.number(['scheduler', 'params', 'factor'])?.value ?? 0.1;
    const patience = r.number(['scheduler', 'params', 'patience'])?.value ?? 10;
    notes.unshift(
      `ReduceLROnPlateau is driven by a metric: the curve is drawn constant at the optimizer's lr ${formatNumber(lr.value)} because the LR only drops (x ${formatNumber(factor)}) when the metric has not improved for more than patience = ${formatNumber(patience)} scheduler steps, which no config can say. ` +
        `DeepSpeed steps it after each update with engine.step(lr_kwargs={"metrics": ...}); called without lr_kwargs, its TypeError fallback (engine.py _take_model_step) passes train_batch_size as the metric, which never improves, so the LR would drop x ${formatNumber(factor)} at update ${formatNumber(patience + 2)} and every ${formatNumber(patience + 1)} updates after (plus cooldown)`,
    );
    return { lrAt: () => lr.value, peak: lr, phases: [{ kind: 'constant', start: 0, end: Infinity, style: 'constant until the metric plateaus' }], notes };
  }
  if (!(TORCH_SIMULATED as readonly string[]).includes(type)) {
    const near = closest(type, KNOWN_SCHEDULERS);
    return {
      problem:
        `scheduler.type "${type}" is neither a DeepSpeed scheduler (${DS_TYPES.join(', ')}) nor a class of torch.optim.lr_scheduler: DeepSpeed asserts "DeepSpeed does not recognize LR scheduler ${type}"` +
        (near ? `; did you mean "${near}"?` : ''),
    };
  }
  const built = torchScheduler(type, r, { version: ctx.torch, ...(ctx.optimizerType !== undefined ? { optimizerType: ctx.optimizerType } : {}) });
  if ('problem' in built || 'notSimulated' in built) return built;
  let peak: Resolved;
  let base: number;
  if (built.ownLr) {
    peak = built.ownLr;
    base = built.ownLr.value;
  } else {
    const lr = needLr();
    if ('notSimulated' in lr) return lr;
    peak = lr;
    base = lr.value;
  }
  const spec = built.spec;
  notes.push(...built.notes, `${type} is torch.optim.lr_scheduler.${type} (DeepSpeed falls back to torch's schedulers), simulated as ${ctx.torch.label} steps it`);
  if (wrapsOptimizer(r)) {
    notes.push(
      `with ${wrapsOptimizer(r)}, DeepSpeed hands the scheduler its wrapper optimizer, which torch's schedulers refuse (TypeError "... is not an Optimizer", DeepSpeed issue #6992; DeepSpeed's own schedulers unwrap it): the curve is what ${type} gives on a plain optimizer`,
    );
  }
  const horizon = torchHorizon(r, spec);
  return {
    lrAt: torchLr(spec, base),
    peak: spec.type === 'CyclicLR' ? { ...peak, value: Math.max(spec.baseLr, spec.maxLr) } : peak,
    phases: torchPhases(spec, horizon?.value ?? 1_000_000),
    ...(horizon ? { horizon } : {}),
    ...(spec.type === 'CosineAnnealingWarmRestarts' ? { restarts: [] } : {}),
    notes,
  };
}

/** The step count a torch scheduler is built for, which the run is assumed to last (as total_num_steps for DeepSpeed's own). */
function torchHorizon(r: DocReader, spec: TorchScheduler): Resolved | undefined {
  const key = (k: string) => ['scheduler', 'params', k];
  if (spec.type === 'OneCycleLR') return { value: spec.totalSteps, how: `OneCycleLR total_steps: ${spec.totalSteps}`, from: [r.origin(key(r.has(key('total_steps')) ? 'total_steps' : 'epochs'))] };
  // PolynomialLR reaches 0 at total_iters and stays there; CosineAnnealingLR reaches eta_min at T_max (and climbs back after).
  if (spec.type === 'PolynomialLR' && spec.totalIters > 0) return { value: spec.totalIters, how: `PolynomialLR total_iters: ${formatNumber(spec.totalIters)}`, from: [r.origin(key('total_iters'))] };
  if (spec.type === 'CosineAnnealingLR' && spec.tMax > 0 && Number.isInteger(spec.tMax)) return { value: spec.tMax, how: `CosineAnnealingLR T_max: ${formatNumber(spec.tMax)}`, from: [r.origin(key('T_max'))] };
  return undefined;
}

/** What makes DeepSpeed wrap the optimizer it hands a config scheduler (engine.py _do_optimizer_sanity_check @38327e07), if anything. */
function wrapsOptimizer(r: DocReader): string | undefined {
  const stage = r.number(['zero_optimization', 'stage'])?.value;
  if (stage !== undefined && stage > 0) return `zero_optimization.stage ${stage}`;
  if (r.raw(['fp16', 'enabled']) === true) return 'fp16 enabled';
  if (r.raw(['bf16', 'enabled']) === true || r.raw(['bfloat16', 'enabled']) === true) return 'bf16 enabled';
  return undefined;
}

/** A window for open-ended schedules: long enough that the warmup is at most a tenth of it. */
function windowFor(phases: Phase[]): number {
  const last = Math.max(0, ...phases.flatMap((p) => [p.start, p.end]).filter((x) => Number.isFinite(x)));
  return Math.max(1000, Math.ceil((10 * last) / 1000) * 1000);
}

/** DeepSpeed's default lr for the optimizers it builds itself (FusedAdam, DeepSpeedCPUAdam, FusedLamb: lr=1e-3). */
const DEFAULT_LR_OPTIMIZERS = ['adam', 'adamw', 'lamb'];

function optimizerLrOf(r: DocReader): Resolved | { unknown: string } {
  const given = r.number(['optimizer', 'params', 'lr']);
  if (given) return given;
  const type = r.string(['optimizer', 'type'])?.value;
  if (!r.has(['optimizer'])) return { unknown: 'there is no optimizer block: the training script passes its own optimizer and sets its lr' };
  if (type !== undefined && DEFAULT_LR_OPTIMIZERS.includes(type.toLowerCase())) {
    return defaulted(1e-3, `optimizer.params.lr unset: 1e-3 (the default of DeepSpeed's ${type}: FusedAdam / DeepSpeedCPUAdam / FusedLamb lr=1e-3, ${VERSION})`);
  }
  return { unknown: `optimizer.params.lr is not set and the default lr of optimizer ${type ?? '(no type)'} is not modelled` };
}

/** Samples per optimizer update across all processes (runtime/config.py _configure_train_batch_size @38327e07). */
function batchSizeOf(r: DocReader, context: PlanContext): Resolved | undefined {
  const train = r.number(['train_batch_size']);
  if (train) return { value: train.value, how: `train_batch_size: ${formatNumber(train.value)} (samples per optimizer update across all processes)`, from: train.from };
  const micro = r.number(['train_micro_batch_size_per_gpu']);
  if (!micro || context.worldSize === undefined) return undefined;
  const ga = r.number(['gradient_accumulation_steps']);
  const gaValue = ga?.value ?? 1;
  const value = micro.value * gaValue * context.worldSize;
  return {
    value,
    how: `train_micro_batch_size_per_gpu x gradient_accumulation_steps${ga ? '' : ' (unset: 1)'} x world size (settings) = ${formatNumber(micro.value)} x ${formatNumber(gaValue)} x ${context.worldSize} = ${formatNumber(value)}`,
    from: [...micro.from, ...(ga?.from ?? [])],
  };
}

function plan(r: DocReader, context: PlanContext): PlanResult {
  // "auto" is the Hugging Face Trainer integration's placeholder: the Trainer fills it from its own arguments.
  for (const block of ['scheduler', 'optimizer']) {
    const params = r.raw([block, 'params']);
    const auto = isObject(params) ? Object.keys(params).find((k) => params[k] === 'auto') : undefined;
    if (auto) {
      return { ok: false, problem: { at: r.origin([block, 'params', auto]), message: `${block}.params.${auto} is "auto": the Hugging Face Trainer fills it from its TrainingArguments, so this file alone does not fix the schedule (review the training arguments instead)`, kind: 'needs-data' } };
    }
  }
  const optimizerType = r.string(['optimizer', 'type']) ?? defaulted('client optimizer', 'no optimizer block: the training script passes its own optimizer');
  const optimizerLr = optimizerLrOf(r);
  const type = r.string(['scheduler', 'type'])?.value;
  if (type === undefined) {
    // get_scheduler_name gives None without scheduler.type: DeepSpeed then runs the training script's scheduler, if any.
    const why = r.has(['scheduler']) ? 'the scheduler block has no type' : 'no scheduler block';
    const lrToo = 'unknown' in optimizerLr && !r.has(['optimizer']) ? ', and with no optimizer block the LR too is set by the script' : '';
    return {
      ok: false,
      problem: {
        at: r.origin(['scheduler']),
        message: `${why}: the learning-rate schedule is set by the training script (DeepSpeed runs no scheduler unless deepspeed.initialize gets lr_scheduler=..., and many scripts set the LR themselves)${lrToo}`,
        kind: 'not-simulated',
      },
    };
  }
  const pinned = torchVersion(context.frameworkVersions?.torch);
  const assumptions: string[] = [];
  if (pinned.note) assumptions.push(pinned.note);
  if (!('unknown' in optimizerLr) && !r.has(['optimizer', 'params', 'lr'])) assumptions.push(optimizerLr.how);
  const result = build(type, r, { optimizerLr, torch: pinned.version, ...(r.has(['optimizer', 'type']) ? { optimizerType: optimizerType.value } : {}) });
  if ('problem' in result) return { ok: false, problem: { at: r.origin(['scheduler', 'type']), message: result.problem, kind: 'invalid' } };
  if ('notSimulated' in result) return { ok: false, problem: { at: r.origin(['scheduler', 'type']), message: result.notSimulated, kind: 'not-simulated' } };
  const built = result;
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
  const batchSize = batchSizeOf(r, context);
  if (batchSize) planned.batchSize = batchSize;
  if (built.warmup) planned.warmup = built.warmup;
  if (built.decay) planned.decay = built.decay;
  return { ok: true, plan: planned };
}

export const deepspeed: Dialect = {
  id: 'deepspeed',
  title: 'DeepSpeed',
  follows: 'microsoft/DeepSpeed @38327e07 (runtime/lr_schedules.py, runtime/engine.py); torch.optim.lr_scheduler fallbacks as torch 2.x, or torch 1.13 with frameworks.torch',
  schema,
  // DeepSpeed reads JSON (json.load): no YAML typing. Scheduler params go to the constructor unconverted, so a
  // string where a number belongs fails inside the scheduler's arithmetic.
  loader: { yaml: 'yaml12', stringForNumber: 'passed-on', citation: 'json.load + scheduler kwargs as given, DeepSpeed @38327e07' },
  // DeepSpeed reads its config with json.load (or takes a dict from the caller): only JSON files are DeepSpeed configs.
  formats: ['json'],
  detect,
  plan,
};
