// minimind (jingyaogong/minimind) training scripts: hyper-parameters are argparse defaults
// (`--learning_rate`, `--epochs`, `--batch_size`, `--accumulation_steps`), overridden by launch lines.
// The LR is set before every micro-batch m (goldens/README.md, minimind):
//   lr = get_lr(epoch * iters + step, epochs * iters, learning_rate), iters = len(loader) = ceil(samples / batch_size)
// and an optimizer update happens on some micro-batches, using that micro-batch's LR. Both get_lr and the
// loop changed upstream; the code in the repository (the script, and trainer/trainer_utils.py for an
// imported get_lr) decides which applies, else settings.frameworks.minimind (a commit or a date), else
// trainer/trainer_utils.py + trainer/train_pretrain.py @d65ef2c0.
import schema from '../../../schemas/minimind.schema.json' with { type: 'json' };
import { formatNumber, formatValue, type DocReader } from '../../core/access.ts';
import { assumeEpochs, formatEpochs, NOMINAL_UPDATES_PER_EPOCH, type Dialect, type PlanContext, type PlanResult, type RepoView } from '../../core/plan.ts';
import type { ParsedDoc } from '../../core/parse.ts';
import { parsePythonModule, pythonModule, type PythonModule } from '../../core/parse-python.ts';
import { makeSchedule } from '../../core/schedule.ts';
import type { Resolved } from '../../core/types.ts';
import { argparseArguments, argumentValue, type Argument } from '../argparse-reader.ts';
import { findLaunchLines } from '../../resolve/launch-lines.ts';
import { codeTokens } from './python-shared.ts';
import { dirnameOf, joinPath } from '../../resolve/repo-paths.ts';

type FormulaId = 'lr/10 + cosine' | 'min_lr cosine' | 'lr x (0.1 + 0.45 cosine)';
/** get_lr(current_step, total_steps, lr) as each version writes it, and the same in float64 order. */
const FORMULAS: Record<FormulaId, { code: string; lr: (t: number, T: number, lr: number) => number }> = {
  // trainer_utils.py before bf3878a (and train_pretrain.py before the trainer/ move): peaks at 1.1 x lr.
  'lr/10 + cosine': { code: 'return lr / 10 + 0.5 * lr * (1 + math.cos(math.pi * current_step / total_steps))', lr: (t, T, lr) => lr / 10 + 0.5 * lr * (1 + Math.cos((Math.PI * t) / T)) },
  // bf3878a (2025-12-06).
  'min_lr cosine': {
    code: 'min_lr = lr / 10\nreturn min_lr + 0.5 * (lr - min_lr) * (1 + math.cos(math.pi * current_step / total_steps))',
    lr: (t, T, lr) => lr / 10 + 0.5 * (lr - lr / 10) * (1 + Math.cos((Math.PI * t) / T)),
  },
  // 5129f0e (2025-12-09) onwards, @d65ef2c0.
  'lr x (0.1 + 0.45 cosine)': { code: 'return lr*(0.1 + 0.45*(1 + math.cos(math.pi * current_step / total_steps)))', lr: (t, T, lr) => lr * (0.1 + 0.45 * (1 + Math.cos((Math.PI * t) / T))) },
};

/** Micro-batches are numbered from `start`; an update when (step + offset) % accumulation_steps == 0, plus one at the epoch's end (`flush`) when the last micro-batch was not one. */
interface Loop {
  start: 0 | 1;
  offset: 0 | 1;
  flush: boolean;
}
const LOOP_0: Loop = { start: 0, offset: 1, flush: false }; // enumerate(train_loader); (step + 1) % accum
const LOOP_1: Loop = { start: 1, offset: 1, flush: false }; // e848487: enumerate(loader, start=start_step + 1)
const LOOP_2: Loop = { start: 1, offset: 0, flush: true }; // d25500d / 101d7df: step % accum, update at epoch end

/** Upstream history (git log of trainer/trainer_utils.py and trainer/train_pretrain.py), with a commit of each era. */
const ERAS: Array<{ since: string; commit: string; formula: FormulaId; loop: Loop }> = [
  { since: '0000-00-00', commit: '04b56ea8', formula: 'lr/10 + cosine', loop: LOOP_0 },
  { since: '2025-10-26', commit: '5e1447b9', formula: 'lr/10 + cosine', loop: LOOP_1 },
  { since: '2025-12-06', commit: 'bf3878a0', formula: 'min_lr cosine', loop: LOOP_1 },
  { since: '2025-12-09', commit: '5129f0e1', formula: 'lr x (0.1 + 0.45 cosine)', loop: LOOP_1 },
  { since: '2026-03-24', commit: 'd65ef2c0', formula: 'lr x (0.1 + 0.45 cosine)', loop: LOOP_2 },
];
const COMMIT_DATES: Record<string, string> = { '04b56ea8': '2025-02-23', '5e1447b9': '2025-12-01', aa7dc0f6: '2025-12-09', d65ef2c0: '2026-08-21' };
const HEAD = { label: 'minimind@d65ef2c0', ...ERAS[ERAS.length - 1]! };

function labelOf(formula: FormulaId, loop: Loop): string {
  const era = [...ERAS].reverse().find((e) => e.formula === formula && e.loop === loop);
  return era ? `minimind@${era.commit}` : `minimind (get_lr ${formula}; micro-batches from ${loop.start}, update when (step + ${loop.offset}) % accumulation_steps == 0${loop.flush ? ', and at epoch end' : ''})`;
}

/** Each script's own default LR @d65ef2c0: the fix TL106 suggests when the file's default was changed too. */
const SHIPPED_LR: Record<string, number> = { 'train_pretrain.py': 5e-4, 'train_full_sft.py': 1e-5, 'train_lora.py': 1e-4, 'train_distillation.py': 5e-6, 'train_dpo.py': 4e-8 };

export function minimindEraFor(version: string): (typeof ERAS)[number] & { label: string } | undefined {
  const v = version.trim().toLowerCase();
  const date = /^\d{4}-\d{2}-\d{2}$/.test(v) ? v : Object.entries(COMMIT_DATES).find(([c]) => /^[0-9a-f]{7,40}$/.test(v) && (v.startsWith(c) || c.startsWith(v)))?.[1];
  if (!date) return undefined;
  const era = [...ERAS].reverse().find((e) => e.since <= date)!;
  return { ...era, label: `minimind@${era.commit}` };
}


/** Which known get_lr a module defines (parameter names do not matter). */
function formulaIn(module: PythonModule): FormulaId | undefined {
  const fn = module.evaluation.functions.get('get_lr');
  if (!fn || fn.params.length !== 3) return undefined;
  let body = ` ${fn.tokens} `;
  ['current_step', 'total_steps', 'lr'].forEach((canonical, i) => (body = body.replace(new RegExp(`(?<= )${fn.params[i]}(?= )`, 'g'), `\u0000${canonical}`)));
  body = body.replace(/\u0000/g, '');
  return (Object.keys(FORMULAS) as FormulaId[]).find((id) => body.includes(` ${codeTokens(FORMULAS[id].code)} `));
}

function loopIn(module: PythonModule): Loop | undefined {
  const tokens = module.tokens();
  const offset = tokens.includes(codeTokens('if (step + 1) % args.accumulation_steps == 0:')) ? 1 : tokens.includes(codeTokens('if step % args.accumulation_steps == 0:')) ? 0 : undefined;
  if (offset === undefined) return undefined;
  const found = { start: tokens.includes(codeTokens('start=start_step + 1')) ? 1 : 0, offset, flush: tokens.includes(codeTokens('last_step % args.accumulation_steps != 0')) };
  // The same object as a known loop when it is one, so the label can name its commit.
  return [LOOP_0, LOOP_1, LOOP_2].find((l) => l.start === found.start && l.offset === found.offset && l.flush === found.flush) ?? (found as Loop);
}


/** trainer/trainer_utils.py when the script imports get_lr from it (minimind puts the repo root on sys.path). */
function importedGetLr(module: PythonModule, path: string, repo: RepoView | undefined): { path: string; formula: FormulaId | undefined } | undefined {
  const from = module.evaluation.imports.get('get_lr');
  if (!from || !repo) return undefined;
  const file = `${from.split('.').slice(0, -1).join('/')}.py`;
  const root = dirnameOf(dirnameOf(path));
  for (const candidate of [...new Set([joinPath(root, file), file, joinPath(dirnameOf(path), file.split('/').pop()!)])]) {
    const text = repo.read(candidate);
    const parsed = text === null ? undefined : parsePythonModule(text);
    if (parsed && !('problem' in parsed)) return { path: candidate, formula: formulaIn(parsed) };
  }
  return undefined;
}

function detect(doc: ParsedDoc): number {
  const module = pythonModule(doc);
  if (!module) return 0;
  const args = argparseArguments(module.evaluation);
  if (!['learning_rate', 'epochs', 'accumulation_steps', 'batch_size'].every((d) => args.has(d))) return 0;
  const usesGetLr = module.evaluation.calls.some((c) => c.callee === 'get_lr' && c.argSources[2]?.replace(/\s+/g, '') === 'args.learning_rate');
  return usesGetLr ? 0.95 : 0;
}

function plan(r: DocReader, context: PlanContext): PlanResult {
  const module = pythonModule(r.doc);
  if (!module) return { ok: false, problem: { message: 'not a Python file', kind: 'invalid' } };
  const assumptions: string[] = [];
  const file = context.path.slice(context.path.lastIndexOf('/') + 1);
  const args = argparseArguments(module.evaluation);
  const launches = findLaunchLines(context.repo, context.path);
  const launch = launches[0];
  if (launches.length > 1) assumptions.push(`${launches.length} launch lines run this script; the first (${launch!.file}:${launch!.line}) is followed`);

  const values = new Map<string, { value: number | string | boolean | null; resolved: Resolved; overridden: boolean }>();
  for (const dest of ['learning_rate', 'epochs', 'batch_size', 'accumulation_steps']) if (!args.has(dest)) return { ok: false, problem: { message: `no --${dest} argument`, kind: 'invalid' } };
  for (const dest of ['learning_rate', 'epochs', 'batch_size', 'accumulation_steps']) {
    const v = argumentValue(args.get(dest)!, context.path, launch);
    if (!v.ok) return { ok: false, problem: { message: v.message, at: v.at, kind: v.kind } };
    // Any number is a learning rate to review (TL106 judges it); the counts must be positive integers.
    const usable = typeof v.value === 'number' && (dest === 'learning_rate' || (Number.isInteger(v.value) && v.value >= 1));
    if (!usable) return { ok: false, problem: { message: `--${dest} is ${String(v.value)} (${v.resolved.how}); the loop needs ${dest === 'learning_rate' ? 'a number' : 'a positive integer'}`, at: args.get(dest)!.origin, kind: 'invalid' } };
    values.set(dest, v);
  }
  const lr = values.get('learning_rate')!.resolved;
  const epochs = values.get('epochs')!.resolved.value;
  const batch = values.get('batch_size')!.resolved;
  const accum = values.get('accumulation_steps')!.resolved.value;

  // Which get_lr and loop: the code, else the pinned version, else @d65ef2c0.
  const pinned = context.frameworkVersion !== undefined ? minimindEraFor(context.frameworkVersion) : undefined;
  if (context.frameworkVersion !== undefined && !pinned) assumptions.push(`frameworks.minimind "${context.frameworkVersion}" is not a minimind commit or date trainlint knows; following ${HEAD.label}`);
  const fallback = pinned ?? HEAD;
  const imported = importedGetLr(module, context.path, context.repo);
  let formula = formulaIn(module) ?? imported?.formula;
  if (formula) assumptions.push(`get_lr read from ${imported?.formula ? imported.path : context.path}: ${formula}`);
  else {
    formula = fallback.formula;
    assumptions.push(`get_lr ${imported ? `in ${imported.path} is not one of minimind's` : 'is not in the files trainlint can read'}: following ${fallback.label} (${formula})`);
  }
  let loop = loopIn(module);
  if (!loop) {
    loop = fallback.loop;
    assumptions.push(`the training loop's update test was not found in ${context.path}: following ${fallback.label}`);
  }
  if (formula === 'lr/10 + cosine') assumptions.push(`this get_lr starts at 1.1 x learning_rate (${formatValue(1.1 * lr.value)}), above the configured LR; fixed upstream in aa7dc0f6`);

  let iters: number;
  let itersHow: string;
  const unknownSize = context.datasetSize === undefined;
  if (!unknownSize) {
    iters = Math.ceil(context.datasetSize! / batch.value);
    itersHow = `ceil(${context.datasetSize} samples / batch_size ${formatNumber(batch.value)}) = ${iters} micro-batches per epoch`;
  } else {
    iters = NOMINAL_UPDATES_PER_EPOCH * accum;
    itersHow = `${NOMINAL_UPDATES_PER_EPOCH * accum} micro-batches per epoch, assumed: the dataset size is unknown`;
  }
  // Update steps of one epoch: first = smallest step >= start with (step + offset) % accum == 0.
  const lastStep = loop.start + iters - 1;
  const first = loop.start + ((((-loop.offset - loop.start) % accum) + accum) % accum);
  const regular = first <= lastStep ? Math.floor((lastStep - first) / accum) + 1 : 0;
  const flushes = loop.flush && (regular === 0 || first + (regular - 1) * accum !== lastStep) ? 1 : 0;
  const perEpoch = regular + flushes;
  const total = epochs * perEpoch;
  const T = epochs * iters;
  const peak = lr.value;
  const get = FORMULAS[formula].lr;
  const lrAt = (k: number): number => {
    const epoch = Math.floor(k / perEpoch);
    const j = k - epoch * perEpoch;
    const step = j < regular ? first + j * accum : lastStep;
    return get(epoch * iters + step, T, peak);
  };
  const shipped = values.get('learning_rate')!.overridden ? argumentValue(args.get('learning_rate')!, context.path, undefined) : undefined;
  const defaultLr: Resolved | undefined =
    shipped?.ok && typeof shipped.value === 'number' ? shipped.resolved : SHIPPED_LR[file] !== undefined ? { value: SHIPPED_LR[file]!, how: `${file} --learning_rate default in minimind@d65ef2c0`, from: [] } : undefined;
  const minLr: Resolved = { value: get(T, T, peak), how: `get_lr(T, T, lr) = ${formatValue(get(T, T, peak))} (0.1 x learning_rate)`, from: lr.from };
  const epochsResolved = values.get('epochs')!.resolved;
  const assumed = unknownSize
    ? assumeEpochs(
        { ...epochsResolved, value: epochs },
        `the run makes epochs ${formatNumber(epochs)} x len(train_loader) micro-batches, len(train_loader) = ceil(N samples / batch_size ${formatNumber(batch.value)}), one update every accumulation_steps ${formatNumber(accum)}; the config does not give N: set it in .trainlint.yml (\`datasets: { "${context.path}": N }\`)`,
        {
          path: context.path,
          updatesPerEpoch: perEpoch,
          perEpochWhy: `${formatNumber(NOMINAL_UPDATES_PER_EPOCH * accum)} micro-batches assumed per epoch; get_lr depends only on the share of the run done, so the curve's shape and peak do not depend on the real size`,
        },
      )
    : undefined;
  if (assumed) assumptions.push(assumed.note);
  return {
    ok: true,
    plan: {
      dialect: 'minimind',
      semantics: labelOf(formula, loop),
      optimizer: { name: optimizerName(module), lr, ...(defaultLr ? { defaultLr } : {}) },
      totalSteps: { value: total, how: `${formatEpochs(epochs, 6)} x ${perEpoch} updates per epoch (${itersHow}, accumulation_steps ${formatNumber(accum)}) = ${total}`, from: [...values.get('epochs')!.resolved.from, ...values.get('accumulation_steps')!.resolved.from] },
      totalStepsSource: 'derived',
      decay: { style: 'cosine', start: { value: 0, how: 'get_lr has no warmup', from: [] }, steps: { value: total, how: `the whole run (${total} updates)`, from: [] }, minLr },
      schedule: makeSchedule({ totalSteps: total, peakLr: peak, lrAt, phases: [{ kind: 'decay', start: 0, end: total, style: 'cosine' }] }),
      assumptions,
      fixes: {},
      ...(assumed ? { assumedLength: assumed.assumed } : {}),
    },
  };
}

function optimizerName(module: PythonModule): Resolved<string> {
  const call = module.evaluation.calls.find((c) => /(?:^|\.)(?:AdamW|Adam|SGD|Lion|Muon|Adafactor)$/.test(c.callee) && (c.kwargSources.get('lr') ?? '').replace(/\s+/g, '') === 'args.learning_rate');
  if (!call) return { value: 'AdamW', how: 'no optimizer built from args.learning_rate found: AdamW assumed (minimind uses optim.AdamW)', from: [] };
  const name = call.callee.split('.').pop()!;
  return { value: name, how: `${call.callee}(..., lr=args.learning_rate) at line ${call.span.line}`, from: [] };
}

export const minimind: Dialect = {
  id: 'minimind',
  title: 'minimind (argparse training scripts)',
  follows: 'jingyaogong/minimind trainer/trainer_utils.py get_lr and trainer/train_pretrain.py loop @d65ef2c0; earlier get_lr and loops by commit or date',
  formats: ['python'],
  schema,
  loader: { yaml: 'yaml12', stringForNumber: 'passed-on', citation: 'Python source and argparse, minimind @d65ef2c0' },
  detect,
  // detect needs a call of get_lr with args.learning_rate.
  mayDetectPython: (text) => text.includes('get_lr') && text.includes('learning_rate'),
  plan,
};
