// The Trainer's step arithmetic and its version history, shared by the transformers-family dialects.
//
// Run length: transformers Trainer.set_initial_training_values (trainer.py; read in the 4.57.6 and 5.18.0 wheels):
//   max_steps > 0 overrides everything; otherwise
//   num_update_steps_per_epoch = max(ceil(len_dataloader / gradient_accumulation_steps), 1)   (4.52 and later)
//                              = max(len_dataloader // gradient_accumulation_steps, 1)          (before 4.52)
//   max_steps = ceil(num_train_epochs x num_update_steps_per_epoch)
// The floor -> ceil change is PR #37923 (merged May 2025, "Fix tot update in trainer"; the Trainer Refactor of
// January 2025, PR #35567, still floors); 4.52.0 is the first release after it. The goldens' derived counts
// (len_dataloader 125, 32 updates per epoch, 96 steps, warmup 10) follow the ceil arithmetic: 4.52+ / 5.x.
// len_dataloader: accelerate shards the batches over the processes, ceil(N / (per_device_batch x world)) batches per
// process, floor(...) with dataloader_drop_last.
//
// Warmup: TrainingArguments.get_warmup_steps (training_args.py):
//   4.x:  warmup_steps if warmup_steps > 0 else ceil(total x warmup_ratio); warmup_steps must be an int >= 0
//         (__post_init__ raises otherwise; checked in 4.57.6).
//   5.0+: warmup_steps is a float: int(w) if w >= 1 else ceil(total x w). warmup_ratio is deprecated (PR #41326):
//         __post_init__ copies it over warmup_steps whenever it is set, so it wins when both are given.
//   5.14+: warmup_ratio removed (PR #46917, merged 2026-06-29; absent from 5.14.0 per user reports, checked absent
//         in 5.18.0): the argument parsers refuse the key.
import { assumeEpochs, type AssumedLength, type PlanContext } from '../../core/plan.ts';
import { defaulted, formatNumber } from '../../core/access.ts';
import type { Origin, Resolved } from '../../core/types.ts';

export type Triple = [number, number, number];

/** `4.46`, `v4.46.1`, `transformers==4.46`, `transformers 5.2` -> [4, 46, 0]; null when no version is in it. */
export function parseVersion(text: string): Triple | null {
  const m = /(\d+)\.(\d+)(?:\.(\d+))?/.exec(text);
  if (!m) return null;
  return [Number(m[1]), Number(m[2]), Number(m[3] ?? 0)];
}

export function atLeast(v: Triple, min: Triple): boolean {
  for (let i = 0; i < 3; i++) if (v[i]! !== min[i]!) return v[i]! > min[i]!;
  return true;
}

export function versionText(v: Triple): string {
  return v.join('.');
}

/** The newest transformers release whose code was read (its wheel). */
export const TRANSFORMERS_NEWEST: Triple = [5, 18, 0];
/** First release with ceil(len_dataloader / gradient_accumulation_steps) (PR #37923). */
export const CEIL_STEPS_FROM: Triple = [4, 52, 0];
/** First release with float warmup_steps and a deprecated warmup_ratio (PR #41326). */
export const V5_WARMUP_FROM: Triple = [5, 0, 0];
/** First release without warmup_ratio (PR #46917). */
export const NO_WARMUP_RATIO_FROM: Triple = [5, 14, 0];
/** Last release that still accepts warmup_ratio: what an unpinned config that uses it is read with. */
export const LAST_WITH_WARMUP_RATIO: Triple = [5, 13, 0];
/** First release whose get_scheduler forwards lr_scheduler_kwargs to inverse_sqrt (PR #44909, merged 2026-03-23). */
export const INVERSE_SQRT_KWARGS_FROM: Triple = [5, 4, 0];

export interface TransformersSemantics {
  version: Triple;
  pinned: boolean;
  label: string;
  rounding: 'floor' | 'ceil';
  warmup: 'v4' | 'v5' | 'v5-no-ratio';
  inverseSqrtKwargs: boolean;
}

export function transformersSemantics(version: Triple, pinned: boolean): TransformersSemantics {
  return {
    version,
    pinned,
    label: `transformers ${versionText(version)}`,
    rounding: atLeast(version, CEIL_STEPS_FROM) ? 'ceil' : 'floor',
    warmup: atLeast(version, NO_WARMUP_RATIO_FROM) ? 'v5-no-ratio' : atLeast(version, V5_WARMUP_FROM) ? 'v5' : 'v4',
    inverseSqrtKwargs: atLeast(version, INVERSE_SQRT_KWARGS_FROM),
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Run length

export interface RunInputs {
  /** max_steps as written (HF: -1 = unset); absent when the config does not set it. */
  maxSteps?: Resolved;
  epochs: Resolved;
  /** Per-device batch (HF per_device_train_batch_size). */
  batch: Resolved;
  gradAccum: Resolved;
  worldSize: Resolved;
  dropLast: boolean;
  datasetSize?: number;
  /** The config's path, for the settings entry that would give the dataset size. */
  path: string;
  rounding: 'floor' | 'ceil';
  /** Key names as the dialect writes them, for the derivation text. */
  names: { epochs: string; batch: string; maxSteps: string; gradAccum: string };
}

export type RunLength =
  | { ok: true; total: Resolved; source: 'explicit' | 'derived'; epochBased: boolean; assumed?: AssumedLength; note?: string }
  | { ok: false; kind: 'needs-data' | 'invalid'; message: string; at?: Origin };

function processes(n: number): string {
  return n === 1 ? '1 process' : `${n} processes`;
}

/** The Trainer's optimizer updates (its max_steps), with the arithmetic in words. */
export function trainerSteps(r: RunInputs): RunLength {
  const { names } = r;
  if (r.maxSteps && r.maxSteps.value > 0) {
    const epochsNote = r.epochs.from.length ? ` (overrides ${names.epochs} ${formatNumber(r.epochs.value)})` : '';
    return { ok: true, total: { value: r.maxSteps.value, how: `${names.maxSteps}: ${formatNumber(r.maxSteps.value)}${epochsNote}`, from: r.maxSteps.from }, source: 'explicit', epochBased: false };
  }
  if (r.maxSteps && r.maxSteps.value === 0) {
    return { ok: false, kind: 'invalid', message: `${names.maxSteps}: 0 is not "unset" (that is -1): the Trainer runs 0 optimizer updates`, ...(r.maxSteps.from[0] ? { at: r.maxSteps.from[0] } : {}) };
  }
  if (!(r.epochs.value > 0)) {
    return { ok: false, kind: 'invalid', message: `${names.epochs} ${formatNumber(r.epochs.value)} with no ${names.maxSteps}: the Trainer computes ceil(${formatNumber(r.epochs.value)} x updates per epoch) = 0 or fewer updates`, ...(r.epochs.from[0] ? { at: r.epochs.from[0] } : {}) };
  }
  const per = r.batch.value * r.worldSize.value;
  const ga = r.gradAccum.value;
  const round = r.rounding === 'ceil' ? 'ceil' : 'floor';
  const perEpochFormula = `max(${round}(len_dataloader / ${names.gradAccum} ${ga}), 1)`;
  if (r.datasetSize === undefined) {
    const why =
      `the run length comes from ${names.epochs} ${formatNumber(r.epochs.value)} and the dataset: ceil(${formatNumber(r.epochs.value)} x ${perEpochFormula}) updates, ` +
      `with len_dataloader = ${r.dropLast ? 'floor' : 'ceil'}(N samples / (${names.batch} ${r.batch.value} x ${processes(r.worldSize.value)})); ` +
      `the config does not give N: set it in .trainlint.yml (\`datasets: { "${r.path}": N }\`)`;
    const { total, assumed, note } = assumeEpochs(r.epochs, why, { path: r.path });
    return { ok: true, total, source: 'derived', epochBased: true, assumed, note };
  }
  const n = r.datasetSize;
  const len = r.dropLast ? Math.floor(n / per) : Math.ceil(n / per);
  if (len === 0) {
    return { ok: false, kind: 'invalid', message: `dataloader_drop_last with ${n} samples and ${per} per step (${names.batch} ${r.batch.value} x ${processes(r.worldSize.value)}) leaves no batch: the Trainer raises "args.max_steps must be set to a positive value"` };
  }
  const perEpoch = Math.max(r.rounding === 'ceil' ? Math.ceil(len / ga) : Math.floor(len / ga), 1);
  const total = Math.ceil(r.epochs.value * perEpoch);
  const how =
    `ceil(${names.epochs} ${formatNumber(r.epochs.value)} x ${perEpoch} updates per epoch) = ${total}; ` +
    `${perEpoch} = max(${round}(${len} batches / ${names.gradAccum} ${ga}), 1); ` +
    `${len} = ${r.dropLast ? 'floor' : 'ceil'}(${n} samples / (${names.batch} ${r.batch.value} x ${processes(r.worldSize.value)}))`;
  return { ok: true, total: { value: total, how, from: [...r.epochs.from, ...r.batch.from, ...r.gradAccum.from, ...r.worldSize.from] }, source: 'derived', epochBased: true };
}

export const WORLD_SIZE_ONE: Resolved = defaulted(1, 'world size 1 assumed (the launcher sets it; no config key states it)');

/** The world size found for this config (a launch line, an accelerate config, .trainlint.yml), else 1 as an assumption. */
export function worldSize(context: PlanContext): Resolved {
  const n = context.worldSize;
  if (n === undefined) return WORLD_SIZE_ONE;
  return context.worldSizeSource?.value === n ? context.worldSizeSource : defaulted(n, `world size ${n} (.trainlint.yml world-size)`);
}

// ---------------------------------------------------------------------------------------------------------------
// Warmup

export type WarmupResult = { ok: true; steps: Resolved } | { ok: false; message: string; at?: Origin };

/** TrainingArguments.get_warmup_steps for the semantics' version, with the arithmetic in words. */
export function trainerWarmup(sem: TransformersSemantics, total: Resolved, warmupSteps?: Resolved, warmupRatio?: Resolved): WarmupResult {
  const t = total.value;
  const ratioSet = warmupRatio !== undefined;
  if (sem.warmup === 'v4') {
    if (warmupSteps && (!Number.isInteger(warmupSteps.value) || warmupSteps.value < 0)) {
      return { ok: false, message: `warmup_steps ${formatNumber(warmupSteps.value)}: transformers 4.x requires an int >= 0 ("warmup_steps must be of type int and must be 0 or a positive integer"; a warmup fraction goes in warmup_ratio there)`, ...(warmupSteps.from[0] ? { at: warmupSteps.from[0] } : {}) };
    }
    if (warmupRatio && !(warmupRatio.value >= 0 && warmupRatio.value <= 1)) {
      return { ok: false, message: `warmup_ratio ${formatNumber(warmupRatio.value)}: transformers 4.x raises "warmup_ratio must lie in range [0,1]"`, ...(warmupRatio.from[0] ? { at: warmupRatio.from[0] } : {}) };
    }
    if (warmupSteps && warmupSteps.value > 0) return { ok: true, steps: warmupSteps };
    if (warmupRatio && warmupRatio.value > 0) return { ok: true, steps: ratioSteps('warmup_ratio', warmupRatio, total) };
    return { ok: true, steps: defaulted(0, 'no warmup (warmup_steps and warmup_ratio unset or 0)', [...(warmupSteps?.from ?? []), ...(warmupRatio?.from ?? [])]) };
  }
  if (ratioSet && sem.warmup === 'v5-no-ratio') {
    return { ok: false, message: `warmup_ratio was removed in transformers ${versionText(NO_WARMUP_RATIO_FROM)}: the argument parser refuses the key; write \`warmup_steps: ${formatNumber(warmupRatio.value)}\` (a value below 1 is read as the ratio)`, ...(warmupRatio.from[0] ? { at: warmupRatio.from[0] } : {}) };
  }
  // 5.x: warmup_ratio, when set, is copied over warmup_steps; then int(w) for w >= 1, ceil(total x w) below 1.
  const w = ratioSet ? warmupRatio : warmupSteps;
  const name = ratioSet ? 'warmup_ratio' : 'warmup_steps';
  if (!w) return { ok: true, steps: defaulted(0, 'no warmup (warmup_steps unset: 0)') };
  if (w.value < 0) return { ok: false, message: `${name} ${formatNumber(w.value)}: transformers 5.x raises "warmup_steps must be an integer or a float"`, ...(w.from[0] ? { at: w.from[0] } : {}) };
  if (w.value >= 1) {
    const value = Math.trunc(w.value);
    return { ok: true, steps: { value, how: Number.isInteger(w.value) ? `${name}: ${value}` : `${name} ${formatNumber(w.value)} -> int = ${value} steps`, from: w.from } };
  }
  if (w.value === 0) return { ok: true, steps: { value: 0, how: `${name}: 0 (no warmup)`, from: w.from } };
  return { ok: true, steps: ratioSteps(name, w, total) };
}

/** ceil(total x ratio) with its arithmetic: `warmup_ratio 0.1 x 96 steps = 9.6 -> ceil = 10`. */
export function ratioSteps(name: string, ratio: Resolved, total: Resolved): Resolved {
  if (!Number.isFinite(total.value)) return { value: NaN, how: `ceil(${name} ${formatNumber(ratio.value)} x the run's steps)`, from: ratio.from };
  const product = total.value * ratio.value;
  const value = Math.ceil(product);
  return { value, how: `${name} ${formatNumber(ratio.value)} x ${total.value} steps = ${formatNumber(Number(product.toPrecision(12)))} -> ceil = ${value}`, from: [...ratio.from, ...total.from] };
}

// ---------------------------------------------------------------------------------------------------------------
// lr_scheduler_kwargs

/**
 * lr_scheduler_kwargs as the Trainer sees them: a mapping, or a JSON string that TrainingArguments.__post_init__
 * json.loads and then `_convert_str_dict` (bool / digit strings to bool / int / float).
 */
export function schedulerKwargs(raw: unknown): { ok: true; kwargs: Record<string, unknown> } | { ok: false; invalid: string } {
  if (raw === undefined || raw === null) return { ok: true, kwargs: {} };
  let value = raw;
  if (typeof raw === 'string') {
    if (raw.trim() === '') return { ok: true, kwargs: {} };
    if (!raw.trim().startsWith('{')) return { ok: false, invalid: `lr_scheduler_kwargs "${raw}" is neither a mapping nor a JSON object` };
    try {
      value = JSON.parse(raw);
    } catch {
      return { ok: false, invalid: `lr_scheduler_kwargs is a string that json.loads cannot read: ${raw}` };
    }
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return { ok: false, invalid: 'lr_scheduler_kwargs must be a mapping' };
  return { ok: true, kwargs: convertStrDict(value as Record<string, unknown>) };
}

function convertStrDict(d: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(d)) {
    if (v !== null && typeof v === 'object' && !Array.isArray(v)) out[k] = convertStrDict(v as Record<string, unknown>);
    else if (typeof v === 'string') {
      if (v.toLowerCase() === 'true' || v.toLowerCase() === 'false') out[k] = v.toLowerCase() === 'true';
      else if (/^\d+$/.test(v)) out[k] = Number(v);
      else if (/^\d*\.?\d*$/.test(v) && /\d/.test(v)) out[k] = Number(v);
      else out[k] = v;
    } else out[k] = v;
  }
  return out;
}
