// LLMs-from-scratch style warmup + cosine (rasbt/LLMs-from-scratch appendix-D/01_main-chapter-code/
// appendix-D.ipynb and pkg/llms_from_scratch/appendix_d.py train_model, @28c65cdf): settings are plain
// assignments in a script (`peak_lr`, `initial_lr`, `min_lr`, `n_epochs`, `warmup_steps = int(0.2 * total_steps)`).
//   total_steps = len(train_loader) * n_epochs; global_step k = 0, 1, ... (incremented before the LR is set)
//   k < warmup_steps: initial_lr + k * (peak_lr - initial_lr) / warmup_steps
//   else: min_lr + (peak_lr - min_lr) * 0.5 * (1 + cos(pi * (k - warmup_steps) / (total_steps - warmup_steps)))
// The cosine never reaches min_lr: the last update is at progress (total - 1 - warmup) / (total - warmup).
import schema from '../../../schemas/llms-from-scratch.schema.json' with { type: 'json' };
import { formatNumber, type DocReader } from '../../core/access.ts';
import { assumeEpochs, NOMINAL_UPDATES_PER_EPOCH, type Dialect, type PlanContext, type PlanResult } from '../../core/plan.ts';
import type { ParsedDoc } from '../../core/parse.ts';
import { pythonModule } from '../../core/parse-python.ts';
import type { Binding, CallInfo, Evaluation } from '../../core/python-eval.ts';
import { known, unknown, type Evaluated } from '../../core/python-values.ts';
import { makeSchedule } from '../../core/schedule.ts';
import type { Resolved } from '../../core/types.ts';
import { resolvedNumber, skippedNote, truthy } from './python-shared.ts';

const VERSION = 'LLMs-from-scratch@28c65cdf (appendix-D train_model)';
/** train_model's keyword defaults (appendix_d.py @28c65cdf). */
const DEFAULTS = { initial_lr: 3e-5, min_lr: 1e-6 };
const TOTAL_NAMES = ['total_steps', 'total_training_steps', 'total_training_iters'];
const WARMUP_NAMES = ['warmup_steps', 'warmup_iters'];
const EPOCH_NAMES = ['n_epochs', 'num_epochs'];

function first(bindings: Map<string, Binding>, names: string[]): Binding | undefined {
  return names.map((n) => bindings.get(n)).find((b) => b !== undefined);
}

function detect(doc: ParsedDoc): number {
  const module = pythonModule(doc);
  if (!module) return 0;
  const b = module.evaluation.bindings;
  const has = (names: string[]) => names.some((n) => b.has(n));
  return b.has('peak_lr') && b.has('initial_lr') && has(WARMUP_NAMES) && (has(TOTAL_NAMES) || has(EPOCH_NAMES)) ? 0.9 : 0;
}

/**
 * `len(loader)` for a loader built in the file with a literal batch_size: the number of batches torch's
 * DataLoader yields per epoch for `samples` training samples (floor with drop_last=True, else ceil).
 */
function loaderLength(evaluation: Evaluation, samples: number | undefined, notes: Set<string>, assumed: { why?: string } = {}) {
  return (call: CallInfo): Evaluated | undefined => {
    if (call.callee !== 'len' || call.argSources.length !== 1) return undefined;
    const name = call.argSources[0]!;
    const built = evaluation.bindings.get(name)?.call;
    if (!built) return undefined;
    const batch = built.kwargs.get('batch_size');
    const dropLast = built.kwargs.get('drop_last');
    if (samples === undefined) {
      // Drawn over epochs of a nominal length (the plan says so); the real one needs the sample count.
      assumed.why = `len(${name}) is the number of batches per epoch, which depends on the data; the config does not give the number of training samples N`;
      return known({ t: 'int', v: NOMINAL_UPDATES_PER_EPOCH }, `(len(${name}), assumed ${NOMINAL_UPDATES_PER_EPOCH})`);
    }
    if (!batch?.ok || batch.value.t !== 'int' || batch.value.v < 1) return unknown(`len(${name}) needs ${built.callee}'s batch_size, which is not a literal in this file`);
    const drop = dropLast?.ok ? truthy(dropLast.value) : false;
    const size = batch.value.v;
    const value = drop ? Math.floor(samples / size) : Math.ceil(samples / size);
    notes.add(`len(${name}) = ${drop ? 'floor' : 'ceil'}(${samples} samples / batch_size ${size}) = ${value} batches per epoch (drop_last=${drop ? 'True' : 'False'})`);
    return known({ t: 'int', v: value }, String(value));
  };
}

function plan(r: DocReader, context: PlanContext): PlanResult {
  const module = pythonModule(r.doc);
  if (!module) return { ok: false, problem: { message: 'not a Python file', kind: 'invalid' } };
  const notes = new Set<string>();
  const lengthAssumed: { why?: string } = {};
  const evaluation = module.evaluate({ call: loaderLength(module.evaluation, context.datasetSize, notes, lengthAssumed) });
  const b = evaluation.bindings;
  const need = (binding: Binding | undefined, what: string): Resolved | { problem: PlanResult } => {
    const value = resolvedNumber(binding);
    if (value) return value;
    if (!binding) return { problem: { ok: false, problem: { message: `${what} is not assigned in this file`, kind: 'invalid' } } };
    const why = binding.result.ok ? `it is ${binding.source}, not a number` : binding.result.reason;
    return { problem: { ok: false, problem: { message: `\`${binding.name}\` (line ${binding.origin.span.line}) is not known from this file alone: ${why}`, at: binding.origin, kind: binding.result.ok ? 'invalid' : 'needs-data' } } };
  };
  const peak = need(b.get('peak_lr'), 'peak_lr');
  if ('problem' in peak) return peak.problem;
  const warmup = need(first(b, WARMUP_NAMES), 'warmup_steps');
  if ('problem' in warmup) return warmup.problem;
  const optional = (name: keyof typeof DEFAULTS): Resolved | { problem: PlanResult } =>
    b.has(name) ? need(b.get(name), name) : { value: DEFAULTS[name], how: `${name} unset: ${formatNumber(DEFAULTS[name])} (train_model default, ${VERSION})`, from: [] };
  const initial = optional('initial_lr');
  if ('problem' in initial) return initial.problem;
  const minLr = optional('min_lr');
  if ('problem' in minLr) return minLr.problem;

  // total_steps as the file computes it, else train_model's len(train_loader) * n_epochs.
  let total: Resolved | { problem: PlanResult };
  const totalBinding = first(b, TOTAL_NAMES);
  if (totalBinding) total = need(totalBinding, 'total_steps');
  else {
    const epochs = need(first(b, EPOCH_NAMES), 'n_epochs');
    if ('problem' in epochs) return epochs.problem;
    const batches = loaderLength(evaluation, context.datasetSize, notes, lengthAssumed)({ callee: 'len', args: [], argSources: ['train_loader'], kwargs: new Map(), kwargSources: new Map(), span: r.origin([]).span });
    if (!batches?.ok || batches.value.t !== 'int') return { ok: false, problem: { message: `train_model runs len(train_loader) x n_epochs updates: ${batches && !batches.ok ? batches.reason : 'no train_loader built in this file'}`, kind: 'needs-data' } };
    const value = batches.value.v * epochs.value;
    total = { value, how: `len(train_loader) x n_epochs = ${batches.value.v} x ${formatNumber(epochs.value)} = ${value}`, from: epochs.from };
  }
  if ('problem' in total) return total.problem;

  const W = warmup.value;
  const T = total.value;
  if (!Number.isInteger(T) || T < 1) return { ok: false, problem: { message: `total steps is ${formatNumber(T)} (${total.how}): the loop needs a positive whole number of batches`, at: total.from[0]!, kind: 'invalid' } };
  if (W === 0) return { ok: false, problem: { message: `warmup_steps is 0: lr_increment = (peak_lr - initial_lr) / warmup_steps raises ZeroDivisionError before the first update`, at: warmup.from[0]!, kind: 'invalid' } };
  const lrIncrement = (peak.value - initial.value) / W;
  const lrAt = (k: number): number => {
    if (k < W) return initial.value + k * lrIncrement;
    const progress = (k - W) / (T - W);
    return minLr.value + (peak.value - minLr.value) * 0.5 * (1 + Math.cos(Math.PI * progress));
  };
  const warmupEnd = Math.max(0, Math.ceil(W));
  const assumptions = [...notes];
  const note = skippedNote(evaluation, context.path);
  if (note) assumptions.push(note);
  // len(train_loader) stood in at the nominal epoch length: the run is T / that many epochs of it.
  const assumed = lengthAssumed.why
    ? assumeEpochs({ value: T / NOMINAL_UPDATES_PER_EPOCH, how: total.how, from: total.from }, `${lengthAssumed.why}: set it in .trainlint.yml (\`datasets: { "${context.path}": N }\`)`, { path: context.path })
    : undefined;
  if (assumed) assumptions.push(assumed.note);
  const warmupAt = first(b, WARMUP_NAMES)!.origin;
  return {
    ok: true,
    plan: {
      dialect: 'llms-from-scratch',
      semantics: VERSION,
      optimizer: { name: { value: 'AdamW', how: 'torch.optim.AdamW (appendix D)', from: [] }, lr: peak },
      totalSteps: total,
      totalStepsSource: totalBinding ? 'explicit' : 'derived',
      warmup: { steps: warmup, style: 'linear from initial_lr', startLr: initial },
      decay: { style: 'cosine', start: warmup, steps: { value: T - W, how: `total_steps - warmup_steps = ${formatNumber(T)} - ${formatNumber(W)} = ${formatNumber(T - W)}`, from: [...total.from, ...warmup.from] }, minLr },
      schedule: makeSchedule({
        totalSteps: T,
        peakLr: peak.value,
        lrAt,
        phases: [
          { kind: 'warmup', start: 0, end: warmupEnd, style: 'linear' },
          { kind: 'decay', start: warmupEnd, end: Math.max(warmupEnd, T), style: 'cosine' },
        ],
      }),
      assumptions,
      fixes: { warmupTo: (n) => ({ at: warmupAt, value: n }) },
      ...(assumed ? { assumedLength: assumed.assumed } : {}),
    },
  };
}

export const llmsFromScratch: Dialect = {
  id: 'llms-from-scratch',
  title: 'LLMs-from-scratch warmup + cosine',
  follows: 'rasbt/LLMs-from-scratch appendix-D train_model @28c65cdf (linear warmup from initial_lr, cosine to min_lr)',
  formats: ['python'],
  schema,
  loader: { yaml: 'yaml12', stringForNumber: 'passed-on', citation: 'Python source, LLMs-from-scratch @28c65cdf' },
  detect,
  // detect needs the names peak_lr and initial_lr bound in the file.
  mayDetectPython: (text) => text.includes('peak_lr') && text.includes('initial_lr'),
  plan,
};
