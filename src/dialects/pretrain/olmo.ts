// OLMo (allenai/OLMo): `scheduler` + `optimizer` + `max_duration`. Semantics follow olmo/optim.py
// (schedulers, build_scheduler), olmo/config.py (SchedulerConfig defaults) and olmo/train.py
// (max_steps / max_tokens, and `global_step += 1` before the LR is set) @59a53e3f.
import schema from '../../../schemas/olmo.schema.json' with { type: 'json' };
import { DocReader, countOf, defaulted, formatNumber, formatValue, roundestIn } from '../../core/access.ts';
import { PYYAML_INT, readPlainScalar, type LoaderModel } from '../../core/loaders.ts';
import { assumeEpochs, type AssumedLength, type Dialect, type PlanContext, type PlanResult, type TrainingPlan, type UnitCheck } from '../../core/plan.ts';
import { escapePointerToken, type ParsedDoc } from '../../core/parse.ts';
import { pythonFloat, pythonInt } from '../../core/python-numbers.ts';
import { makeSchedule } from '../../core/schedule.ts';
import type { Phase, Resolved } from '../../core/types.ts';
import { isObject } from '../shared.ts';

const VERSION = 'olmo@59a53e3f';
/** olmo/train.py fit(): `stop_at = max_steps + 10` when unset. */
const OLMO_EXTRA_STEPS = 10;

// OmegaConf's loader: YAML 1.1 plus floats without a dot (`1e-4`); float fields convert numeric strings,
// but t_warmup / t_max (Union[int, float]) refuse any string (omegaconf 2.3 UnionNode; see schema).
const LOADER: LoaderModel = { yaml: 'omegaconf', stringForNumber: 'converted', interpolation: 'omegaconf', citation: 'OmegaConf 2.3 loader and structured config, OLMo @59a53e3f' };

/** Whether OmegaConf types the scalar at `path` as a float (so an int-or-str field refuses it even when whole). */
function readAsFloat(r: DocReader, path: readonly string[]): boolean {
  const scalar = r.doc.nodes.get(path.map((p) => `/${escapePointerToken(p)}`).join(''))?.scalar;
  if (!scalar || typeof r.raw(path) !== 'number') return false;
  if (scalar.tag) return /float$/.test(scalar.tag);
  if (!scalar.plain) return false;
  return typeof readPlainScalar(scalar.source, 'omegaconf') === 'number' && !PYYAML_INT.test(scalar.source);
}

export type OlmoSchedulerName =
  | 'cosine_with_warmup'
  | 'linear_with_warmup'
  | 'inverse_sqrt_with_warmup'
  | 'max_scheduler'
  | 'constant'
  | 'cosine_linear_envelope'
  | 'constant_with_warmup';

export interface OlmoSchedulerArgs {
  name: OlmoSchedulerName;
  lr: number;
  /** In the scheduler's units (steps or tokens), already truncated with int() as build_scheduler does. */
  warmup: number;
  tMax: number | null;
  alphaF: number;
  warmupMinLr: number | null;
}

function linearWarmup(a: OlmoSchedulerArgs, s: number): number {
  const start = a.warmupMinLr !== null ? a.warmupMinLr : a.lr * 0.1;
  return start + ((a.lr - start) * Math.min(s, a.warmup)) / a.warmup;
}

/** Scheduler.get_lr(lr, s, max) for every SchedulerType. */
export function olmoGetLr(a: OlmoSchedulerArgs, s: number, max: number): number {
  const name = a.name;
  if (name === 'constant') return a.lr;
  if (name === 'max_scheduler') {
    return Math.max(olmoGetLr({ ...a, name: 'cosine_with_warmup' }, s, max), olmoGetLr({ ...a, name: 'inverse_sqrt_with_warmup' }, s, max));
  }
  if (s < a.warmup) return linearWarmup(a, s);
  if (name === 'constant_with_warmup') return a.lr;
  if (name === 'inverse_sqrt_with_warmup') return a.lr * Math.sqrt(a.warmup / Math.max(a.warmup, s));
  const end = a.tMax !== null ? a.tMax : max;
  const etaMin = a.lr * a.alphaF;
  if (s >= end) return etaMin;
  const done = s - a.warmup;
  const span = end - a.warmup;
  if (name === 'linear_with_warmup') return a.lr - (a.lr - etaMin) * (done / span);
  const cosine = ((a.lr - etaMin) * (1 + Math.cos((Math.PI * done) / span))) / 2;
  if (name === 'cosine_linear_envelope') return etaMin + (1 - done / span) * cosine;
  return etaMin + cosine;
}

function detect(doc: ParsedDoc): number {
  const d = doc.data;
  if (!isObject(d) || !isObject(d.scheduler)) return 0;
  const s = d.scheduler;
  const schedulerLike = 'name' in s || 't_warmup' in s || 'alpha_f' in s || 'units' in s;
  if (!schedulerLike) return 0;
  if ('max_duration' in d || 'global_train_batch_size' in d) return 1;
  if (isObject(d.model) && isObject(d.optimizer)) return 0.7;
  return 0;
}

interface Duration {
  maxSteps: Resolved;
  maxTokens: number;
  /** max_duration counts epochs ("Nep"): the run then ends with the data. */
  byEpochs?: boolean;
  /** Set when max_duration counts epochs of a dataset whose size nobody gave: the steps are an assumed length. */
  assumed?: { length: AssumedLength; note: string };
}

function resolveDuration(r: DocReader, tokensPerBatch: Resolved, batchSize: Resolved, context: PlanContext): Duration | { invalid: string } {
  const raw = r.raw(['max_duration']);
  const from = r.has(['max_duration']) ? [r.origin(['max_duration'])] : [];
  const tpb = tokensPerBatch.value;
  if (raw === undefined || typeof raw === 'number') {
    const n = raw === undefined ? 10000 : raw;
    // max_duration is Union[int, str]: OmegaConf refuses a float, even a whole one (`1e4`, `10000.0`).
    if (!Number.isInteger(n)) return { invalid: `max_duration ${n} is a float; OLMo's config (Union[int, str]) refuses it: write ${Math.trunc(n)}` };
    if (raw !== undefined && readAsFloat(r, ['max_duration'])) {
      return { invalid: `max_duration ${r.doc.nodes.get('/max_duration')?.scalar?.source ?? n} is a float to OmegaConf; OLMo's config (Union[int, str]) refuses it: write ${n}` };
    }
    const how = raw === undefined ? `max_duration unset: 10000 steps (${VERSION} default)` : `max_duration: ${n} steps`;
    return { maxSteps: { value: n, how, from }, maxTokens: n * tpb };
  }
  if (typeof raw !== 'string') return { invalid: 'max_duration must be an int (steps) or a string like "2e12T" or "1ep"' };
  // olmo/train.py max_steps / max_tokens: `endswith("T")` and `endswith("ep")` test the string as written.
  if (raw.endsWith('T')) {
    const tokens = Math.trunc(pythonFloat(raw.slice(0, -1)));
    if (!Number.isFinite(tokens)) return { invalid: `max_duration "${raw}" is not a token count: int(float(${JSON.stringify(raw.slice(0, -1).trim())})) raises` };
    const value = Math.ceil(tokens / tpb);
    return {
      maxSteps: { value, how: `max_duration ${raw}: ceil(${tokens} / ${tpb} tokens per batch) = ${value}`, from: [...from, ...tokensPerBatch.from] },
      maxTokens: tokens,
    };
  }
  if (raw.endsWith('ep')) {
    // max_steps = int(max_duration[:-2]) x batches_per_epoch, batches_per_epoch = dataset.total_size //
    // global_train_batch_size (olmo/train.py): int() refuses a fractional count such as "1.5ep".
    const epochs = pythonInt(raw.slice(0, -2));
    if (!Number.isFinite(epochs)) return { invalid: `max_duration "${raw}": OLMo reads the epoch count with int(), which refuses "${raw.slice(0, -2).trim()}"` };
    const datasetSize = context.datasetSize;
    if (datasetSize === undefined) {
      if (!(epochs >= 1)) return { invalid: `max_duration "${raw}" asks for ${epochs} epochs: OLMo's max_steps = ${epochs} x batches_per_epoch, so it trains no steps` };
      const why =
        `max_duration "${raw}" counts epochs: OLMo runs ${epochs} x floor(N instances / global_train_batch_size ${batchSize.value}) steps ` +
        `(olmo/train.py max_steps, batches_per_epoch); the config does not give N: set it in .trainlint.yml (\`datasets: { "${context.path}": N }\`)`;
      const { total, assumed, note } = assumeEpochs({ value: epochs, how: `max_duration ${raw}`, from }, why, { path: context.path });
      return {
        maxSteps: { value: total.value, how: `max_duration ${raw}: ${total.how}`, from: [...from, ...batchSize.from] },
        maxTokens: total.value * tpb,
        byEpochs: true,
        assumed: { length: assumed, note },
      };
    }
    const perEpoch = Math.floor(datasetSize / batchSize.value);
    const value = epochs * perEpoch;
    return {
      maxSteps: { value, how: `max_duration ${raw}: ${epochs} x floor(${datasetSize} instances / ${batchSize.value}) = ${value}`, from: [...from, ...batchSize.from] },
      maxTokens: value * tpb,
      byEpochs: true,
    };
  }
  const value = Math.trunc(pythonFloat(raw));
  if (!Number.isFinite(value)) return { invalid: `max_duration "${raw}" is neither steps, "<N>T" nor "<N>ep": int(float(${JSON.stringify(raw)})) raises` };
  return { maxSteps: { value, how: `max_duration "${raw}": int(float(...)) = ${value} steps`, from }, maxTokens: value * tpb };
}

// The pipeline hands dialects the data as the framework's loader reads it (core/loaders.ts frameworkView).
function plan(r: DocReader, context: PlanContext): PlanResult {
  const lr = r.number(['optimizer', 'learning_rate']) ?? defaulted(1e-4, `optimizer.learning_rate unset: 1e-4 (${VERSION} default)`);
  const optimizerName = r.string(['optimizer', 'name']) ?? defaulted('lionw', `optimizer.name unset: lionw (${VERSION} default)`);
  const batch = r.number(['global_train_batch_size']) ?? defaulted(512, `global_train_batch_size unset: 512 (${VERSION} default)`);
  const seqLen = r.number(['model', 'max_sequence_length']) ?? defaulted(1024, `model.max_sequence_length unset: 1024 (${VERSION} default)`);
  const tpb: Resolved = {
    value: batch.value * seqLen.value,
    how: `global_train_batch_size x max_sequence_length = ${batch.value} x ${seqLen.value} = ${batch.value * seqLen.value} tokens per batch`,
    from: [...batch.from, ...seqLen.from],
  };
  const duration = resolveDuration(r, tpb, batch, context);
  if ('invalid' in duration) return { ok: false, problem: { at: r.origin(['max_duration']), message: duration.invalid, kind: 'invalid' } };

  const S = ['scheduler'];
  const name = (r.string([...S, 'name'])?.value ?? 'cosine_with_warmup') as OlmoSchedulerName;
  const units = r.string([...S, 'units'])?.value === 'tokens' ? 'tokens' : 'steps';
  const warmupRaw = r.number([...S, 't_warmup']) ?? defaulted(100, `t_warmup unset: 100 (${VERSION} default)`);
  const tMaxRaw = r.number([...S, 't_max']);
  const alphaF = r.number([...S, 'alpha_f']) ?? defaulted(0.1, `alpha_f unset: 0.1 (${VERSION} default)`);
  const warmupMinLr = r.number([...S, 'warmup_min_lr']);
  const args: OlmoSchedulerArgs = {
    name,
    lr: lr.value,
    warmup: name === 'constant' ? 0 : Math.trunc(warmupRaw.value),
    tMax: tMaxRaw ? Math.trunc(tMaxRaw.value) : null,
    alphaF: alphaF.value,
    warmupMinLr: warmupMinLr ? warmupMinLr.value : null,
  };
  // _linear_warmup asserts 0 <= warmup_min_lr < lr (warmup_min_lr unset: 0.1 x lr) whenever a step is in
  // warmup. The first update runs at s = 1 step (or one batch of tokens), so warmup is reached when that is < t_warmup.
  const unitsPerUpdate = units === 'tokens' ? batch.value * seqLen.value : 1;
  if (name !== 'constant' && unitsPerUpdate < args.warmup) {
    const wmin = args.warmupMinLr ?? lr.value * 0.1;
    if (!(0 <= wmin && wmin < lr.value)) {
      const what = warmupMinLr
        ? `scheduler.warmup_min_lr ${formatNumber(wmin)} with learning_rate ${formatNumber(lr.value)}`
        : `learning_rate ${formatNumber(lr.value)} (warmup_min_lr unset: 0.1 x learning_rate = ${formatValue(wmin)})`;
      return {
        ok: false,
        problem: {
          at: warmupMinLr?.from[0] ?? lr.from[0] ?? r.origin(['optimizer']),
          message: `${what}: OLMo's warmup asserts 0 <= warmup_min_lr < learning_rate, so the first update (in warmup) raises AssertionError`,
          kind: 'invalid',
        },
      };
    }
  }

  // stop_at ends the loop at global_step >= stop_at; unset, OLMo runs to max_steps + 10 (the extra 10
  // updates sit at the final LR and are not counted here, matching the goldens' total_steps).
  // stop_after (from scratch) sets stop_at = stop_after, or min(stop_at, stop_after) when both are set (train.py fit()).
  const stopAtGiven = r.number(['stop_at']);
  const stopAfter = r.number(['stop_after']);
  const stopAt: Resolved | undefined =
    stopAfter && (!stopAtGiven || stopAfter.value < stopAtGiven.value)
      ? { value: stopAfter.value, how: `stop_after: ${stopAfter.value}${stopAtGiven ? ` (< stop_at ${stopAtGiven.value})` : ''}`, from: stopAfter.from }
      : stopAtGiven;
  const maxSteps = duration.maxSteps;
  const assumed = duration.assumed;
  // With an assumed epoch length the run still depends on max_duration (its epochs set the scheduler's horizon), so
  // max_duration comes first among the origins: TL006 points at it.
  // An epoch duration ends with the data: fit() loops over max_epochs = ceil(max_steps / batches_per_epoch) epochs
  // (train.py @59a53e3f), exactly the N epochs of "Nep", so a stop_at past max_steps (the default max_steps + 10
  // included) is never reached.
  const epochDuration = duration.byEpochs === true;
  const stopBinds = stopAt && !(epochDuration && stopAt.value >= maxSteps.value) ? stopAt : undefined;
  const total: Resolved = stopBinds
    ? { value: stopBinds.value, how: `stop_at: ${stopBinds.value} (max_duration gives ${maxSteps.value}${assumed ? ', assumed' : ''})`, from: assumed ? [...maxSteps.from, ...stopBinds.from] : stopBinds.from }
    : stopAt
      ? { ...maxSteps, how: `${maxSteps.how}; the data ends there, before stop_at ${stopAt.value}` }
      : maxSteps;
  const unitSize = units === 'tokens' ? tpb.value : 1;
  const schedulerMax = units === 'tokens' ? duration.maxTokens : maxSteps.value;
  // Update k (0-based) runs after `global_step += 1`, so it uses s = k + 1 steps (or (k + 1) x tokens per batch).
  const lrAt = (k: number) => olmoGetLr(args, (k + 1) * unitSize, schedulerMax);
  // First update whose s reaches a scheduler position p: (k + 1) x unit >= p.
  const toStep = (p: number) => Math.max(0, Math.ceil(p / unitSize) - 1);

  const warmupEnd = toStep(args.warmup);
  const end = toStep(args.tMax ?? schedulerMax);
  const beyond = Infinity; // open-ended: these phases last as long as the run does
  const decayStyle = name === 'linear_with_warmup' ? 'linear' : name === 'cosine_linear_envelope' ? 'cosine x linear' : 'cosine';
  const phases: Phase[] = [{ kind: 'warmup', start: 0, end: warmupEnd, style: 'linear' }];
  if (name === 'constant' || name === 'constant_with_warmup') phases.push({ kind: 'constant', start: warmupEnd, end: beyond, style: 'constant' });
  else if (name === 'inverse_sqrt_with_warmup') phases.push({ kind: 'decay', start: warmupEnd, end: beyond, style: 'inverse sqrt' });
  else {
    phases.push({ kind: 'decay', start: warmupEnd, end, style: name === 'max_scheduler' ? 'max(cosine, inverse sqrt)' : decayStyle });
    if (name === 'max_scheduler') phases.push({ kind: 'decay', start: end, end: beyond, style: 'inverse sqrt' });
    else phases.push({ kind: 'floor', start: end, end: beyond, style: 'constant' });
  }

  const unitWord = units === 'tokens' ? 'tokens' : 'steps';
  // Shown counts follow the config's own reading: t_warmup 5000 (steps) is "5000 warmup steps", even though
  // the first update at full LR is k = 4999 (it runs at s = k + 1).
  const inSteps = (p: number) => Math.ceil(p / unitSize);
  /** The roundest value in the config's unit that is `n` steps as inSteps counts them. */
  const inUnits = (n: number) => (unitSize === 1 ? n : roundestIn((n - 1) * unitSize, n * unitSize));
  const warmupSteps: Resolved = {
    value: inSteps(args.warmup),
    how:
      units === 'tokens'
        ? `t_warmup ${formatNumber(warmupRaw.value)} tokens / ${tpb.value} tokens per batch = ${countOf(inSteps(args.warmup), 'step')}`
        : warmupRaw.how,
    from: [...warmupRaw.from, ...(units === 'tokens' ? tpb.from : [])],
  };
  const startLr: Resolved = warmupMinLr ?? {
    value: lr.value * 0.1,
    how: `warmup_min_lr unset: 0.1 x learning_rate = ${formatValue(lr.value * 0.1)}`,
    from: lr.from,
  };
  const hasDecay = !['constant', 'constant_with_warmup', 'inverse_sqrt_with_warmup'].includes(name);
  // The decay end every text shows is the first update at the end value, counted from 0 as the chart's steps are;
  // OLMo's own step numbers are one more (update k runs at s = k + 1).
  const horizonHow = `${
    tMaxRaw
      ? `t_max ${formatNumber(tMaxRaw.value)} ${unitWord}`
      : `no t_max: decay runs to the end of max_duration (${units === 'tokens' ? `${formatNumber(duration.maxTokens)} tokens` : `${maxSteps.value} steps`}${assumed ? ', at the assumed epoch length' : ''})`
  }${end > warmupEnd ? `: update ${end} (OLMo step ${end + 1}) is the first at the end value` : ''}`;
  const unitChecks: UnitCheck[] = [];
  const check = { unit: unitWord, unitsPerStep: unitSize, totalSteps: total.value };
  if (warmupRaw.from[0]) unitChecks.push({ ...check, at: warmupRaw.from[0], name: 't_warmup', value: warmupRaw.value, steps: warmupEnd });
  if (tMaxRaw?.from[0]) unitChecks.push({ ...check, at: tMaxRaw.from[0], name: 't_max', value: tMaxRaw.value, steps: end });
  const planned: TrainingPlan = {
    dialect: 'olmo',
    semantics: VERSION,
    optimizer: { name: optimizerName, lr },
    totalSteps: total,
    totalStepsSource: typeof r.raw(['max_duration']) === 'string' || stopAt ? 'derived' : 'explicit',
    schedule: makeSchedule({ totalSteps: total.value, peakLr: lr.value, lrAt, phases }),
    unitChecks,
    assumptions: [
      ...(assumed ? [assumed.note] : []),
      ...(stopAt || epochDuration ? [] : ['stop_at is unset, so OLMo runs 10 updates past max_steps at the final LR (stop_at defaults to max_steps + 10); they are not counted here']),
    ],
    fixes: {
      // Update k runs at s = k + 1: t_max anywhere in ((n - 1) x unit, n x unit] makes the last of n updates the first at
      // the final LR; the roundest such value is the one a person writes (the token budget itself, often).
      decayEndAt: (n) => (tMaxRaw?.from[0] && n >= 1 ? { at: tMaxRaw.from[0], value: inUnits(n) } : undefined),
      totalStepsTo: (n) => {
        if (n < 1) return undefined;
        if (stopAt?.from[0]) return { at: stopAt.from[0], value: n };
        // Without t_max the decay runs to the end of max_duration: a new length moves the decay with it.
        if (!tMaxRaw || !r.has(['max_duration'])) return undefined;
        const at = r.origin(['max_duration']);
        if (typeof r.raw(['max_duration']) !== 'string') return { at, value: n };
        // max_steps = ceil(tokens / tokens per batch): any token count in ((n - 1) x tpb, n x tpb] gives n steps. One step
        // more is as good (the extra update runs at the LR the schedule has then), so the roundest count that gives n or
        // n + 1 steps is written: a run that ends where a decay of t_max tokens ends then reads as that token count.
        return { at, value: `${tokenCount(roundestIn((n - 1) * tpb.value, (n + 1) * tpb.value))}T` };
      },
      warmupTo: (n) => (warmupRaw.from[0] && n >= 1 ? { at: warmupRaw.from[0], value: inUnits(n) } : undefined),
    },
  };
  // fit() defaults stop_at to max_steps + 10, and configs that set stop_at often write that same value
  // (`stop_at: 11931  # round(50e9 / (1024 * 4096)) + 10`): up to 10 updates past max_steps at the final LR are
  // OLMo's convention, not a decay that ended early. (Unset, the plan counts max_steps updates, without them.)
  if (assumed) planned.assumedLength = assumed.length;
  if (stopBinds && stopBinds.value > maxSteps.value) planned.finalTailSteps = Math.min(OLMO_EXTRA_STEPS, stopBinds.value - maxSteps.value);
  if (name !== 'constant') planned.warmup = { steps: warmupSteps, style: 'linear', startLr };
  if (hasDecay) {
    const minLr = lr.value * alphaF.value;
    planned.decay = {
      style: decayStyle,
      start: { value: warmupSteps.value, how: 'where warmup ends', from: warmupSteps.from },
      steps: { value: inSteps(args.tMax ?? schedulerMax) - warmupSteps.value, how: horizonHow, from: tMaxRaw ? tMaxRaw.from : maxSteps.from },
      minLr: { value: minLr, how: `alpha_f x learning_rate = ${formatNumber(alphaF.value)} x ${formatNumber(lr.value)}`, from: [...alphaF.from, ...lr.from] },
    };
  }
  return { ok: true, plan: planned };
}

/** A token count as max_duration strings write it: `5e12` rather than `5000000000000` (OLMo reads int(float(...))). */
function tokenCount(tokens: number): string {
  const exp = tokens.toExponential().replace(/\.?0*e\+?/, 'e');
  return exp.length < String(tokens).length ? exp : String(tokens);
}

export const olmo: Dialect = {
  id: 'olmo',
  title: 'OLMo',
  follows: 'allenai/OLMo @59a53e3f (olmo/optim.py, olmo/config.py, olmo/train.py)',
  schema,
  loader: LOADER,
  detect,
  plan,
};
