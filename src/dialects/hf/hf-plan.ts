// Plans for configs that are TrainingArguments (hf-trainer, LLaMA-Factory): the run length and warmup under every
// transformers era the config may meet, the schedule of the era followed, and TL005 notes where the eras disagree.
import { defaulted, formatNumber, type DocReader } from '../../core/access.ts';
import type { PlanContext, PlanProblem, PlanResult } from '../../core/plan.ts';
import type { Origin, Resolved } from '../../core/types.ts';
import { buildHfSchedule, HF_SCHEDULER_TYPES, type HfSchedulerType } from '../../schedules/transformers.ts';
import { assemblePlan } from '../../schedules/transformers-plan.ts';
import {
  atLeast,
  CEIL_STEPS_FROM,
  INVERSE_SQRT_KWARGS_FROM,
  NO_WARMUP_RATIO_FROM,
  schedulerKwargs,
  trainerSteps,
  trainerWarmup,
  transformersSemantics,
  V5_WARMUP_FROM,
  versionText,
  WORLD_SIZE_ONE,
  worldSize,
  type RunLength,
  type TransformersSemantics,
  type Triple,
  type WarmupResult,
} from './hf-steps.ts';
import { trainerFixes } from './hf-fixes.ts';
import { attachVersionNotes, type VersionNote } from '../version-notes.ts';

/** Releases where the Trainer's reading of these keys changes. */
const BOUNDARIES: Triple[] = [CEIL_STEPS_FROM, V5_WARMUP_FROM, INVERSE_SQRT_KWARGS_FROM, NO_WARMUP_RATIO_FROM];

export interface Era {
  label: string;
  version: Triple;
}

function short(v: Triple): string {
  return v[2] === 0 ? `${v[0]}.${v[1]}` : versionText(v);
}

/** The transformers range [lo, hi] cut where the semantics change; each era is named by its range. */
export function erasBetween(lo: Triple, hi: Triple): Era[] {
  const cuts = BOUNDARIES.filter((b) => atLeast(b, lo) && !sameVersion(b, lo) && atLeast(hi, b));
  const starts = [lo, ...cuts];
  return starts.map((start, i) => {
    const next = starts[i + 1];
    let end: string;
    if (!next) end = short(hi);
    else if (next[1] === 0) end = `${next[0] - 1}.x`;
    else end = `${next[0]}.${next[1] - 1}`;
    const from = short(start);
    return { label: tidy(from === end ? from : `${from} to ${end}`), version: start };
  });
}

/** `4.0 to 4.x` is every 4.x release. */
function tidy(label: string): string {
  return label.replace(/^(\d+)\.0 to \1\.x$/, '$1.x');
}

function sameVersion(a: Triple, b: Triple): boolean {
  return a[0] === b[0] && a[1] === b[1] && a[2] === b[2];
}

export interface TrainerConfigOptions {
  dialect: string;
  /** Who reads the file, for plan.semantics (e.g. `LLaMA-Factory 0.9.5`); transformers' version is appended. */
  readerLabel?: string;
  /** Candidate transformers eras (one when the version is pinned), oldest first. */
  eras: Era[];
  pinned: boolean;
  /** How a reviewer pins the version, e.g. `frameworks: { hf-trainer: "4.57" }` in .trainlint.yml. */
  pinHint: string;
  defaults: { learningRate: number; epochs: number; batch: number; how: string };
  /** Adjusts lr_scheduler_kwargs the way the framework does before get_scheduler (LLaMA-Factory's WSD defaults). */
  adjustKwargs?: (type: HfSchedulerType, kwargs: Record<string, unknown>, warmup: number, total: number) => { kwargs: Record<string, unknown>; note?: string };
  assumptions?: string[];
  notes?: VersionNote[];
}

interface Outcome {
  era: Era;
  sem: TransformersSemantics;
  run: RunLength;
  warmup: WarmupResult;
  /** The warmup as TL005 describes it: in words of "the run's steps" when the run's length is only assumed. */
  warmupInWords: WarmupResult;
  kwargsUsed: boolean;
}

const NAMES = { epochs: 'num_train_epochs', batch: 'per_device_train_batch_size', maxSteps: 'max_steps', gradAccum: 'gradient_accumulation_steps' };

function problem(kind: 'invalid' | 'needs-data', message: string, at: Origin | undefined, notes: VersionNote[]): PlanResult {
  return { ok: false, problem: attachVersionNotes<PlanProblem>({ ...(at ? { at } : {}), message, kind }, notes) };
}

/** The plan of a TrainingArguments-style config. */
export function planTrainerConfig(r: DocReader, context: PlanContext, o: TrainerConfigOptions): PlanResult {
  const notes: VersionNote[] = [...(o.notes ?? [])];
  const lrPresent = r.has(['learning_rate']);
  const lr = r.number(['learning_rate']) ?? defaulted(o.defaults.learningRate, `learning_rate unset: ${formatNumber(o.defaults.learningRate)} (${o.defaults.how})`);
  if (lrPresent && !r.number(['learning_rate'])) return problem('needs-data', `learning_rate ${JSON.stringify(r.raw(['learning_rate']))} is not a number (TL002), so there is no schedule to simulate`, r.origin(['learning_rate']), notes);
  const typeRaw = r.raw(['lr_scheduler_type']);
  const type = (typeRaw === undefined || typeRaw === null ? 'linear' : String(typeRaw)) as HfSchedulerType;
  if (!HF_SCHEDULER_TYPES.includes(type)) {
    // The schema reports the value (with a did-you-mean, TL002); the plan only says why there is no curve.
    return problem('needs-data', `lr_scheduler_type ${JSON.stringify(typeRaw)} is not a transformers SchedulerType (SchedulerType(...) raises ValueError), so there is no schedule to simulate`, r.origin(['lr_scheduler_type']), notes);
  }
  const kwargsRead = schedulerKwargs(r.raw(['lr_scheduler_kwargs']));
  if (!kwargsRead.ok) return problem('invalid', kwargsRead.invalid, r.origin(['lr_scheduler_kwargs']), notes);
  const kwargsRaw = kwargsRead.kwargs;
  const maxSteps = r.number(['max_steps']);
  const epochs = r.number(['num_train_epochs']) ?? defaulted(o.defaults.epochs, `num_train_epochs unset: ${formatNumber(o.defaults.epochs)} (${o.defaults.how})`);
  const batch = r.number(['per_device_train_batch_size']) ?? defaulted(o.defaults.batch, `per_device_train_batch_size unset: ${o.defaults.batch} (${o.defaults.how})`);
  const gradAccum = r.number(['gradient_accumulation_steps']) ?? defaulted(1, 'gradient_accumulation_steps unset: 1');
  const dropLast = r.raw(['dataloader_drop_last']) === true;
  for (const [key, v] of [['per_device_train_batch_size', batch], ['gradient_accumulation_steps', gradAccum]] as const) {
    if (!(v.value >= 1)) return problem('needs-data', `${key} ${formatNumber(v.value)} is below 1 (TL002; the Trainer would divide by it), so there is no schedule to simulate`, r.origin([key]), notes);
  }
  const warmupSteps = r.number(['warmup_steps']);
  const warmupRatio = r.number(['warmup_ratio']);

  const evaluate = (era: Era): Outcome => {
    const sem = transformersSemantics(era.version, o.pinned);
    const run = trainerSteps({
      ...(maxSteps ? { maxSteps } : {}),
      epochs,
      batch,
      gradAccum,
      worldSize: worldSize(context),
      dropLast,
      ...(context.datasetSize !== undefined ? { datasetSize: context.datasetSize } : {}),
      path: context.path,
      rounding: sem.rounding,
      names: NAMES,
    });
    const unknownTotal: Resolved = { value: NaN, how: 'the run', from: [] };
    const warmup = trainerWarmup(sem, run.ok ? run.total : unknownTotal, warmupSteps, warmupRatio);
    const warmupInWords = run.ok && run.assumed ? trainerWarmup(sem, unknownTotal, warmupSteps, warmupRatio) : warmup;
    return { era, sem, run, warmup, warmupInWords, kwargsUsed: type !== 'inverse_sqrt' || sem.inverseSqrtKwargs || Object.keys(kwargsRaw).length === 0 };
  };
  const outcomes = o.eras.map(evaluate);
  const usable = (x: Outcome) => x.warmup.ok && (x.run.ok || x.run.kind === 'needs-data');
  const chosen = [...outcomes].reverse().find(usable) ?? outcomes[outcomes.length - 1]!;
  const newest = outcomes[outcomes.length - 1]!;
  const followedLabel = `transformers ${chosen.era.label}${o.readerLabel ? ` via ${o.readerLabel}` : ''}`;
  if (!o.pinned && outcomes.length > 1) notes.push(...eraNotes(r, outcomes, chosen, newest, type, o.pinHint));
  else if (warmupSteps && warmupRatio && warmupSteps.value > 0 && warmupRatio.value > 0) notes.push(bothSetNote(r, chosen, warmupSteps, warmupRatio, o.pinHint));

  if (!chosen.warmup.ok) return problem('invalid', chosen.warmup.message, chosen.warmup.at, notes);
  if (!chosen.run.ok) return problem(chosen.run.kind, chosen.run.message, chosen.run.at, notes);
  const total = chosen.run.total;
  let warmup = chosen.warmup.steps;
  let kwargs = chosen.kwargsUsed ? kwargsRaw : {};
  const assumptions = [...(o.assumptions ?? [])];
  if (chosen.run.note) assumptions.push(chosen.run.note);
  if (!chosen.kwargsUsed && Object.keys(kwargsRaw).length) assumptions.push(`${chosen.sem.label}'s get_scheduler does not pass lr_scheduler_kwargs to inverse_sqrt: they are ignored`);
  if (o.adjustKwargs) {
    const adjusted = o.adjustKwargs(type, kwargs, warmup.value, total.value);
    kwargs = adjusted.kwargs;
    if (adjusted.note) assumptions.push(adjusted.note);
  }
  const built = buildHfSchedule({ type, lr: lr.value, warmup: warmup.value, total: total.value, kwargs });
  if (!built.ok) return problem(built.kind === 'invalid' ? 'invalid' : 'needs-data', built.message, r.origin([built.kind === 'invalid' && r.has(['lr_scheduler_kwargs']) ? 'lr_scheduler_kwargs' : 'lr_scheduler_type']), notes);
  if (chosen.run.epochBased && context.worldSize === undefined) assumptions.push(`${WORLD_SIZE_ONE.how}; with N processes the dataloader has about 1/N the batches (set \`world-size\` in .trainlint.yml)`);
  assumptions.push(...built.schedule.notes);
  if (!built.schedule.warmup && warmup.value > 0) warmup = { ...warmup, how: `${warmup.how} (not used by ${type})` };
  const optimizer = r.string(['optim']) ?? defaulted(chosen.sem.warmup === 'v4' ? 'adamw_torch' : 'adamw_torch_fused', `optim unset: ${chosen.sem.warmup === 'v4' ? 'adamw_torch' : 'adamw_torch_fused (torch >= 2.8)'}`);
  const plan = assemblePlan({
    dialect: o.dialect,
    semantics: followedLabel,
    lr,
    optimizer,
    total,
    totalSource: chosen.run.source,
    warmup,
    built: built.schedule,
    kwargsOrigin: r.has(['lr_scheduler_kwargs']) ? r.origin(['lr_scheduler_kwargs']) : undefined,
    assumptions,
    fixes: trainerFixes({
      r,
      sem: chosen.sem,
      type,
      lr: lr.value,
      total: total.value,
      maxSteps,
      warmupSteps,
      warmupRatio,
      kwargs: chosen.kwargsUsed ? kwargsRaw : {},
      adjust: (k, w, t) => (o.adjustKwargs ? o.adjustKwargs(type, k, w, t).kwargs : k),
      built: built.schedule,
    }),
  });
  if (chosen.run.assumed) plan.assumedLength = chosen.run.assumed;
  return { ok: true, plan: attachVersionNotes(plan, notes) };
}

// ---------------------------------------------------------------------------------------------------------------
// TL005 notes

function describeOutcome(x: Outcome): string {
  if (!x.warmupInWords.ok) return x.warmupInWords.message.replace(/^[^:]*: /, '');
  const total = x.run.ok && !x.run.assumed ? `${x.run.total.value} steps, ` : '';
  const w = x.warmupInWords.steps;
  return `${total}${w.value > 0 || Number.isNaN(w.value) ? `warmup ${Number.isNaN(w.value) ? w.how : `${w.value} (${w.how})`}` : 'no warmup'}${x.kwargsUsed ? '' : ', lr_scheduler_kwargs ignored'}`;
}

function eraNotes(r: DocReader, outcomes: Outcome[], chosen: Outcome, newest: Outcome, type: string, pinHint: string): VersionNote[] {
  const groups: Array<{ labels: string[]; text: string; sample: Outcome }> = [];
  for (const x of outcomes) {
    const text = describeOutcome(x);
    const last = groups[groups.length - 1];
    if (last && last.text === text) last.labels.push(x.era.label);
    else groups.push({ labels: [x.era.label], text, sample: x });
  }
  if (groups.length < 2) return [];
  const warmupDiffers = new Set(outcomes.map((x) => (x.warmupInWords.ok ? `${x.warmupInWords.steps.value}|${x.warmupInWords.steps.how}` : 'refused'))).size > 1;
  const totalDiffers = new Set(outcomes.map((x) => (x.run.ok ? x.run.total.value : x.run.kind))).size > 1;
  const keys: string[] = [];
  let at: Origin | undefined;
  if (warmupDiffers) {
    for (const k of ['warmup_ratio', 'warmup_steps']) if (r.has([k])) keys.push(k);
    at = r.has(['warmup_ratio']) ? r.origin(['warmup_ratio']) : r.has(['warmup_steps']) ? r.origin(['warmup_steps']) : undefined;
  }
  if (totalDiffers) {
    keys.push('num_train_epochs');
    at ??= r.has(['num_train_epochs']) ? r.origin(['num_train_epochs']) : r.has(['gradient_accumulation_steps']) ? r.origin(['gradient_accumulation_steps']) : undefined;
  }
  if (!warmupDiffers && !totalDiffers && type === 'inverse_sqrt') {
    keys.push('lr_scheduler_kwargs');
    at = r.origin(['lr_scheduler_kwargs']);
  }
  const eraLabel = (labels: string[]) => (labels.length === 1 ? labels[0]! : tidy(`${labels[0]!.split(' to ')[0]} to ${labels[labels.length - 1]!.split(' to ').pop()}`));
  const parts = groups.map((g) => `transformers ${eraLabel(g.labels)}: ${g.text}`);
  const followed = chosen === newest ? `transformers ${chosen.era.label} (the newest)` : `transformers ${chosen.era.label}, the newest release that accepts this config`;
  const why = totalDiffers && !warmupDiffers ? ' (releases before 4.52 round the updates per epoch down, later ones up)' : '';
  const ratioFix = r.has(['warmup_ratio']) && !newest.warmup.ok ? ` or replace \`warmup_ratio\` with \`warmup_steps\` (a value below 1 is a ratio from 5.0 on)` : '';
  const data: Record<string, string> = { followed: chosen.era.label, keys: keys.join(',') };
  return [
    {
      ...(at ? { at } : {}),
      message: `${keys.length ? keys.map((k) => `\`${k}\``).join(' and ') : 'this config'} ${keys.length > 1 ? 'are' : 'is'} read differently across transformers releases${why}: ${parts.join('; ')}. The plan follows ${followed}.`,
      assumed: `transformers ${chosen.era.label}`,
      data,
      fix: { description: `Pin the transformers version the run uses (${pinHint} in .trainlint.yml)${ratioFix}.`, edits: [] },
    },
  ];
}

function bothSetNote(r: DocReader, chosen: Outcome, warmupSteps: Resolved, warmupRatio: Resolved, pinHint: string): VersionNote {
  const winner =
    chosen.sem.warmup === 'v4'
      ? `warmup_steps ${formatNumber(warmupSteps.value)} wins and warmup_ratio ${formatNumber(warmupRatio.value)} is ignored`
      : chosen.sem.warmup === 'v5'
        ? `warmup_ratio ${formatNumber(warmupRatio.value)} is copied over warmup_steps ${formatNumber(warmupSteps.value)}, so the ratio wins`
        : `warmup_ratio is refused (removed in ${versionText(NO_WARMUP_RATIO_FROM)})`;
  return {
    at: r.origin(['warmup_ratio']),
    message: `both warmup_steps and warmup_ratio are set: in ${chosen.sem.label} ${winner}; transformers 4.x lets warmup_steps win, 5.0 to 5.13 let warmup_ratio win, 5.14 and later refuse warmup_ratio.`,
    assumed: chosen.sem.label,
    data: { warmupSteps: warmupSteps.value, warmupRatio: warmupRatio.value },
    fix: { description: `Keep one of the two keys (${pinHint} pins the version).`, edits: [] },
  };
}
