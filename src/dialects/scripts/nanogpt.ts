// nanoGPT (karpathy/nanoGPT): `config/*.py` files of plain assignments, which configurator.py exec's over
// the defaults at the top of train.py, and train.py itself. The schedule is train.py's get_lr and loop
// (`lr = get_lr(iter_num) if decay_lr else learning_rate`, one update, `iter_num += 1`, stop when
// `iter_num > max_iters`), @3adf61e1 and @5156fef9 (goldens/README.md, nanoGPT section):
//   warmup (dc81cb36 onwards) learning_rate * (it + 1) / (warmup_iters + 1); before it learning_rate * it / warmup_iters
//   it > lr_decay_iters -> min_lr; else cosine from learning_rate to min_lr over [warmup_iters, lr_decay_iters]
//   max_iters + 1 updates since 2febf446 (`>`), max_iters before it (`>=`).
// Which version applies: the get_lr and loop of the repository's own train.py when it is there to read,
// else settings.frameworks.nanogpt (a commit or a date), else HEAD.
import schema from '../../../schemas/nanogpt.schema.json' with { type: 'json' };
import { formatNumber, type DocReader } from '../../core/access.ts';
import type { Dialect, PlanContext, PlanResult, RepoView } from '../../core/plan.ts';
import type { ParsedDoc } from '../../core/parse.ts';
import { parsePythonModule, pythonModule, type PythonModule } from '../../core/parse-python.ts';
import type { Binding } from '../../core/python-eval.ts';
import { formatPy, known, numberOf, type Known, type PyValue } from '../../core/python-values.ts';
import { makeSchedule } from '../../core/schedule.ts';
import type { Origin, Phase, Resolved } from '../../core/types.ts';
import { findLaunchLines, type LaunchLine } from '../../resolve/launch-lines.ts';
import { literalEval, originsOf, resolvedNumber, skippedNote, truthy, codeTokens } from './python-shared.ts';
import { dirnameOf, joinPath } from '../../resolve/repo-paths.ts';

interface Semantics {
  label: string;
  warmup: 'new' | 'old';
  /** `iter_num > max_iters` (max_iters + 1 updates) rather than `>=` (max_iters updates). */
  inclusive: boolean;
}

/** train.py's history as it bears on the schedule (git log -- train.py, karpathy/nanoGPT). */
const ERAS: Array<{ since: string; commits: string; semantics: Semantics }> = [
  { since: '2022-12-28', commits: 'fe804286 c9fe00c0 5d2b4807 dea15072 682a0ac8 5a725d90', semantics: { label: 'nanoGPT@5a725d90', warmup: 'old', inclusive: false } },
  {
    since: '2023-01-01',
    commits:
      '2febf446 35f51974 ec9b1f81 9f95aca9 d562b3e5 9629093e aba47f0a 09f1f458 a855d316 c2a402f7 d17350a3 8f85b833 57735f53 cf999148 f5e6ac8b c3dddbff 9352df23 684800dd 46ce9971 67166079 1f77d030 36113389 e0e94a10 3cb3fc05 e808a671 79dbe008 001c1e7b 0e90ee9d 924a0873 038ce894 40f4d6ff d8b1a945 7d44bdf6 3fd4c0c5 9da1627c b3c17c6c 77e7e04c b8286f34 e108ffb9 25d95dbd a74e8363 ab0718a7 ab21d6c1 8b1e4320 e58f0cfa 086ebe18 978d4fe5 4ac2e8ce 553f949f 2457471c a6a708c7 eb33b8bf 7339b904 1eaceae1 5156fef9',
    semantics: { label: 'nanoGPT@5156fef9', warmup: 'old', inclusive: true },
  },
  { since: '2024-12-09', commits: 'dc81cb36 93a43d9a 3adf61e1', semantics: { label: 'nanoGPT@3adf61e1', warmup: 'new', inclusive: true } },
];
const HEAD = ERAS[ERAS.length - 1]!.semantics;

/** train.py's defaults @3adf61e1 (unchanged for these keys since 8b1e4320), for when train.py is not in the repository. */
const BUILTIN_DEFAULTS: Record<string, PyValue> = {
  learning_rate: { t: 'float', v: 6e-4 },
  max_iters: { t: 'int', v: 600000 },
  decay_lr: { t: 'bool', v: true },
  warmup_iters: { t: 'int', v: 2000 },
  lr_decay_iters: { t: 'int', v: 600000 },
  min_lr: { t: 'float', v: 6e-5 },
  gradient_accumulation_steps: { t: 'int', v: 40 },
  batch_size: { t: 'int', v: 12 },
  block_size: { t: 'int', v: 1024 },
};
const SCHEDULE_KEYS = ['learning_rate', 'max_iters', 'decay_lr', 'warmup_iters', 'lr_decay_iters', 'min_lr'] as const;
const NANOGPT_KEYS = new Set([...SCHEDULE_KEYS, 'eval_interval', 'eval_iters', 'log_interval', 'eval_only', 'always_save_checkpoint', 'init_from', 'wandb_log', 'wandb_project', 'wandb_run_name', 'dataset', 'gradient_accumulation_steps', 'batch_size', 'block_size', 'n_layer', 'n_head', 'n_embd', 'dropout', 'bias', 'weight_decay', 'beta1', 'beta2', 'grad_clip', 'out_dir', 'compile', 'backend', 'device', 'dtype']);

export function nanogptSemanticsFor(version: string): Semantics | undefined {
  const v = version.trim().toLowerCase();
  if (/^[0-9a-f]{7,40}$/.test(v)) return ERAS.find((e) => e.commits.split(' ').some((c) => v.startsWith(c)))?.semantics;
  if (/^\d{4}-\d{2}-\d{2}$/.test(v)) return [...ERAS].reverse().find((e) => e.since <= v)?.semantics;
  return undefined;
}


/** The semantics train.py's own code implements, or why it is not one nanoGPT shipped. */
function semanticsOfCode(module: PythonModule): Semantics | string {
  const fn = module.evaluation.functions.get('get_lr');
  if (!fn) return 'it defines no get_lr';
  const param = fn.params[0] ?? 'it';
  const body = ` ${fn.tokens} `.replace(new RegExp(`(?<= )${param}(?= )`, 'g'), 'it');
  const cosine = ['if it > lr_decay_iters : return min_lr', 'decay_ratio = ( it - warmup_iters ) / ( lr_decay_iters - warmup_iters )', 'return min_lr + coeff * ( learning_rate - min_lr )'];
  if (!cosine.every((c) => body.includes(codeTokens(c)))) return 'its get_lr is not nanoGPT\'s cosine with warmup';
  const warmup = body.includes(codeTokens('return learning_rate * (it + 1) / (warmup_iters + 1)')) ? 'new' : body.includes(codeTokens('return learning_rate * it / warmup_iters')) ? 'old' : undefined;
  if (!warmup) return 'its get_lr warmup is neither of nanoGPT\'s two formulas';
  const tokens = module.tokens();
  const inclusive = tokens.includes(codeTokens('if iter_num > max_iters: break')) ? true : tokens.includes(codeTokens('if iter_num >= max_iters: break')) ? false : undefined;
  if (inclusive === undefined) return 'its loop does not stop at iter_num > max_iters (or >=)';
  const era = ERAS.find((e) => e.semantics.warmup === warmup && e.semantics.inclusive === inclusive);
  return { label: `train.py get_lr (${era ? `as ${era.semantics.label}` : `warmup ${warmup}, ${inclusive ? 'max_iters + 1' : 'max_iters'} updates`})`, warmup, inclusive };
}

function isTrainPy(module: PythonModule): boolean {
  const fn = module.evaluation.functions.get('get_lr');
  const names = module.evaluation.bindings;
  return !!fn && fn.tokens.includes('warmup_iters') && fn.tokens.includes('lr_decay_iters') && SCHEDULE_KEYS.filter((k) => names.has(k)).length >= 4;
}


/** The train.py a config is run with: `python train.py config/x.py` from the folder above config/. */
function findTrainPy(repo: RepoView | undefined, configPath: string): { path: string; module: PythonModule } | undefined {
  if (!repo) return undefined;
  const dir = dirnameOf(configPath);
  for (const path of [...new Set([joinPath(dirnameOf(dir), 'train.py'), joinPath(dir, 'train.py'), 'train.py'])]) {
    if (path === configPath) continue;
    const text = repo.read(path);
    const parsed = text === null ? undefined : parsePythonModule(text);
    if (parsed && !('problem' in parsed) && isTrainPy(parsed)) return { path, module: parsed };
  }
  return undefined;
}

/** train.py's own learning_rate default (the repository's, else nanoGPT's): the LR the project ships. */
function shippedLr(train: { path: string; module: PythonModule } | undefined, self: boolean): Resolved {
  const b = train?.module.evaluation.bindings.get('learning_rate');
  const own = !self && b?.result.ok ? numberOf(b.result.value) : undefined;
  if (own !== undefined && b) return { value: own, how: `learning_rate default at ${train!.path}:${b.origin.span.line}`, from: [] };
  return { value: 6e-4, how: 'train.py default learning_rate in nanoGPT@3adf61e1', from: [] };
}

function detect(doc: ParsedDoc): number {
  const module = pythonModule(doc);
  if (!module) return 0;
  if (isTrainPy(module)) return 1;
  const { bindings, functions } = module.evaluation;
  // A config file is plain assignments: a script with functions or classes is something else.
  if (functions.size > 0 || [...bindings.values()].some((b) => !b.result.ok && /is a class/.test(b.result.reason))) return 0;
  const names = new Set(bindings.keys());
  // Names only nanoGPT's train.py gives meaning to; `max_iters` + `learning_rate` + `batch_size` alone are too
  // common (any settings module), and reviewing such a file with nanoGPT's defaults would invent a schedule.
  const own = ['lr_decay_iters', 'warmup_iters', 'decay_lr'].some((n) => names.has(n));
  const run = ['init_from', 'eval_only', 'always_save_checkpoint', 'wandb_log', 'eval_iters', 'eval_interval', 'log_interval', 'out_dir'].filter((n) => names.has(n)).length;
  const nano = [...names].filter((n) => NANOGPT_KEYS.has(n)).length;
  return (own || (names.has('max_iters') && run >= 2)) && nano >= 3 ? 0.9 : 0;
}

/** The launch lines that run train.py with this config (or, for train.py itself, with none). */
function launchesOf(lines: LaunchLine[], configPath: string, isTrain: boolean): LaunchLine[] {
  return lines.filter((l) => {
    const configs = l.args.filter((a) => !a.startsWith('-') && a.endsWith('.py'));
    if (isTrain) return configs.length === 0;
    return configs.some((c) => c === configPath || configPath.endsWith(`/${c.replace(/^\.\//, '')}`) || c.endsWith(`/${configPath}`));
  });
}

function problem(message: string, at?: Origin, kind: 'needs-data' | 'invalid' = 'needs-data'): PlanResult {
  return { ok: false, problem: { message, kind, ...(at ? { at } : {}) } };
}

function plan(r: DocReader, context: PlanContext): PlanResult {
  const module = pythonModule(r.doc);
  if (!module) return problem('not a Python file');
  const assumptions: string[] = [];
  const self = isTrainPy(module);
  const train = self ? { path: context.path, module } : findTrainPy(context.repo, context.path);

  // Semantics: the code that runs, else the pinned version, else HEAD.
  let semantics = HEAD;
  const fromCode = train ? semanticsOfCode(train.module) : undefined;
  const pinned = context.frameworkVersion !== undefined ? nanogptSemanticsFor(context.frameworkVersion) : undefined;
  if (fromCode && typeof fromCode !== 'string') {
    semantics = fromCode;
    assumptions.push(`schedule as ${train!.path} computes it (get_lr and the loop's stop test read from the file)`);
  } else {
    // Code that is not one of nanoGPT's versions is not simulated as if it were, unless a version is pinned.
    if (typeof fromCode === 'string' && !pinned) return problem(`${train!.path}: ${fromCode}, so the schedule it computes is not simulated (set frameworks.nanogpt to the nanoGPT commit it follows, if it does)`);
    if (typeof fromCode === 'string') assumptions.push(`${train!.path}: ${fromCode}; following frameworks.nanogpt "${context.frameworkVersion}"`);
    if (pinned) semantics = pinned;
    else if (context.frameworkVersion !== undefined) assumptions.push(`frameworks.nanogpt "${context.frameworkVersion}" is not a nanoGPT commit or date trainlint knows; following ${HEAD.label} (HEAD)`);
    else assumptions.push(`no train.py to read beside this file and no frameworks.nanogpt setting: following ${HEAD.label} (HEAD); set frameworks.nanogpt to the commit you run`);
  }

  // Defaults: train.py's assignments (the config is exec'd over them), else nanoGPT's own.
  const initial = new Map<string, Known>();
  const defaultHow = new Map<string, string>();
  /** Defaults train.py sets in a way the reader cannot evaluate: never replaced by nanoGPT's own. */
  const unreadable = new Map<string, Binding>();
  if (train && !self) {
    for (const [name, b] of train.module.evaluation.bindings) {
      if (!b.result.ok) unreadable.set(name, b);
      if (!b.result.ok || b.result.value.t === 'module') continue;
      initial.set(name, known(b.result.value, formatPy(b.result.value)));
      defaultHow.set(name, `${name} unset: ${formatPy(b.result.value)} (${train.path} line ${b.origin.span.line})`);
    }
  }
  for (const [name, value] of Object.entries(BUILTIN_DEFAULTS)) {
    if (initial.has(name) || unreadable.has(name) || (self && module.evaluation.bindings.has(name))) continue;
    initial.set(name, known(value, formatPy(value)));
    defaultHow.set(name, `${name} unset: ${formatPy(value)} (train.py default, nanoGPT@3adf61e1)`);
  }
  const evaluation = self ? module.evaluation : module.evaluate({ initial });

  const launches = launchesOf(findLaunchLines(context.repo, train?.path ?? 'train.py'), context.path, self);
  const launch = launches[0];
  if (launches.length > 1) assumptions.push(`${launches.length} launch lines run this config; the first (${launch!.file}:${launch!.line}) is followed`);

  const values = new Map<string, { value: PyValue; resolved: Resolved }>();
  const overridden = new Set<string>();
  for (const key of SCHEDULE_KEYS) {
    const b: Binding | undefined = evaluation.bindings.get(key);
    const origin = b?.origin ?? r.origin([key]);
    let value: PyValue | undefined;
    let resolved: Resolved | undefined;
    if (b && !b.result.ok) return problem(`\`${key}\` (line ${b.origin.span.line}) cannot be evaluated without running the code: ${b.result.reason}; the schedule was not simulated`, b.origin);
    if (b?.result.ok) {
      value = b.result.value;
      resolved = resolvedNumber(b) ?? { value: numberOf(value) ?? NaN, how: `${key}: ${b.source}`, from: originsOf(b) };
    } else {
      const hidden = unreadable.get(key);
      // Even a launch line's `--key=value` needs it: configurator.py asserts the override has its type.
      if (hidden) {
        const why = hidden.result.ok ? '' : hidden.result.reason;
        return problem(`\`${key}\` is not set here and its default in ${train!.path} (line ${hidden.origin.span.line}) cannot be evaluated without running the code: ${why}; the schedule was not simulated`, origin);
      }
      const given = initial.get(key);
      if (!given) return problem(`\`${key}\` is not set here and has no default the reader can see`, origin);
      value = given.value;
      resolved = { value: numberOf(value) ?? NaN, how: defaultHow.get(key)!, from: [] };
    }
    const override = launch?.args.find((a) => a.startsWith(`--${key}=`));
    if (override) {
      const text = override.slice(key.length + 3);
      const parsed = literalEval(text) ?? { t: 'str', v: text };
      // configurator.py: `assert type(attempt) == type(globals()[key])`.
      if (parsed.t !== value.t) return problem(`${launch!.file}:${launch!.line} passes \`${override}\` (a ${parsed.t}) but ${key} is a ${value.t}: configurator.py's type assert stops the run`, origin, 'invalid');
      value = parsed;
      resolved = { value: numberOf(parsed) ?? NaN, how: `${override} at ${launch!.file}:${launch!.line} (overrides ${resolved.how})`, from: [origin] };
      overridden.add(key);
    }
    values.set(key, { value, resolved });
  }
  const get = (key: (typeof SCHEDULE_KEYS)[number]) => values.get(key)!;
  for (const key of ['learning_rate', 'max_iters', 'warmup_iters', 'lr_decay_iters', 'min_lr'] as const) {
    if (numberOf(get(key).value) === undefined || get(key).value.t === 'bool') return problem(`\`${key}\` is ${formatPy(get(key).value)}, not a number`, get(key).resolved.from[0], 'invalid');
  }
  const note = skippedNote(evaluation, context.path);
  if (note && !self) assumptions.push(note);

  const lr = get('learning_rate').resolved;
  const maxIters = get('max_iters').resolved;
  const W = get('warmup_iters').resolved;
  const D = get('lr_decay_iters').resolved;
  const minLr = get('min_lr').resolved;
  const decay = truthy(get('decay_lr').value) ?? true;
  const updates = Math.max(1, semantics.inclusive ? Math.floor(maxIters.value) + 1 : Math.ceil(maxIters.value));
  const totalSteps: Resolved = {
    value: updates,
    how:
      (semantics.inclusive ? `max_iters + 1 = ${formatNumber(maxIters.value)} + 1 = ${updates} updates (the loop stops when iter_num > max_iters)` : `max_iters = ${updates} updates`) +
      (overridden.has('max_iters') ? `; ${maxIters.how}` : ''),
    from: maxIters.from,
  };
  const w = W.value;
  const d = D.value;
  if (decay && w === d && w < updates) {
    return problem(`lr_decay_iters = warmup_iters = ${formatNumber(w)}: get_lr divides by lr_decay_iters - warmup_iters = 0 at iteration ${formatNumber(w)} (ZeroDivisionError stops the run)`, D.from[0], 'invalid');
  }
  const peak = lr.value;
  const floorLr = minLr.value;
  const newWarmup = semantics.warmup === 'new';
  const lrAt = (k: number): number => {
    if (!decay) return peak;
    if (k < w) return newWarmup ? (peak * (k + 1)) / (w + 1) : (peak * k) / w;
    if (k > d) return floorLr;
    const ratio = (k - w) / (d - w);
    const coeff = 0.5 * (1.0 + Math.cos(Math.PI * ratio));
    return floorLr + coeff * (peak - floorLr);
  };
  const warmupEnd = Math.max(0, Math.ceil(w));
  // min_lr from the first integer iteration >= lr_decay_iters (it == lr_decay_iters is the cos(pi) point).
  const floorStart = Math.max(warmupEnd, Math.ceil(d));
  const phases: Phase[] = decay
    ? [
        { kind: 'warmup', start: 0, end: warmupEnd, style: 'linear' },
        { kind: 'decay', start: warmupEnd, end: floorStart, style: 'cosine' },
        { kind: 'floor', start: floorStart, end: Infinity, style: 'constant' },
      ]
    : [{ kind: 'constant', start: 0, end: Infinity, style: 'constant' }];
  const at = (key: string): Origin => evaluation.bindings.get(key)?.origin ?? r.origin([key]);
  const last = updates - 1;
  return {
    ok: true,
    plan: {
      dialect: 'nanogpt',
      semantics: semantics.label,
      optimizer: { name: { value: 'AdamW', how: 'model.configure_optimizers builds torch.optim.AdamW (nanoGPT model.py)', from: [] }, lr, defaultLr: shippedLr(train, self) },
      totalSteps,
      totalStepsSource: 'explicit',
      ...(decay
        ? {
            warmup: { steps: W, style: newWarmup ? 'linear from lr/(warmup_iters+1)' : 'linear from 0' },
            decay: {
              style: 'cosine',
              start: W,
              // Located at lr_decay_iters (or, when that is train.py's default, at max_iters: the rules fall back to it).
              steps: {
                value: Math.max(0, d - w),
                how: d >= w ? `lr_decay_iters - warmup_iters = ${formatNumber(d)} - ${formatNumber(w)} = ${formatNumber(d - w)}` : `lr_decay_iters ${formatNumber(d)} < warmup_iters ${formatNumber(w)}: no cosine, the LR drops from the warmup to min_lr at ${formatNumber(w)}`,
                from: D.from,
              },
              minLr,
            },
          }
        : {}),
      schedule: makeSchedule({ totalSteps: updates, peakLr: peak, lrAt, phases }),
      assumptions,
      fixes: {
        // get_lr gives min_lr from it == lr_decay_iters on; the last update is it == max_iters (total - 1).
        decayEndAt: (step) => ({ at: at('lr_decay_iters'), value: Math.min(step, last) }),
        totalStepsTo: (n) => ({ at: at('max_iters'), value: semantics.inclusive ? n - 1 : n }),
        warmupTo: (n) => ({ at: at('warmup_iters'), value: n }),
      },
    },
  };
}

export const nanogpt: Dialect = {
  id: 'nanogpt',
  title: 'nanoGPT',
  follows: 'karpathy/nanoGPT train.py get_lr and loop @3adf61e1 (warmup since dc81cb36) and @5156fef9 (before it); config/*.py exec\'d by configurator.py',
  formats: ['python'],
  schema,
  // Python files are read by the reader in core/parse-python.ts, not by a YAML loader; numbers are typed
  // by Python itself, so there is no string-for-number question.
  loader: { yaml: 'yaml12', stringForNumber: 'passed-on', citation: 'Python source (configurator.py exec), nanoGPT @3adf61e1' },
  detect,
  // detect needs train.py's get_lr (which reads warmup_iters) or a config binding one of these names.
  mayDetectPython: (text) => ['warmup_iters', 'lr_decay_iters', 'decay_lr', 'max_iters'].some((name) => text.includes(name)),
  plan,
};
