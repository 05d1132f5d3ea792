// The pipeline: text -> parse -> detect -> load as the framework would -> validate -> plan -> simulate -> rules.
// Pure: the edges hand in texts and settings and get a report back.
import { DIALECTS } from '../dialects/index.ts';
import { looksLikeTrainlintReport, notATrainingConfig } from '../dialects/non-configs.ts';
import type { FileContext, ReviewedVersion } from '../rules/rule.ts';
import { DocReader } from '../core/access.ts';
import { BudgetExceeded, withBudget } from '../core/budget.ts';
import { resolveInterpolations, stoppedPlan } from '../core/interpolate.ts';
import { frameworkView, loaderDifferences, plainReadings } from '../core/loaders.ts';
import { applyEdits } from '../core/edit-text.ts';
import { RULES } from '../rules/index.ts';
import { groupAcrossConfigs, groupAcrossFiles } from './group-findings.ts';
import { formatOf, parseText, type Format, type ParsedDoc, type ParseProblem, type ParseResult } from '../core/parse.ts';
import { parsePython } from '../core/parse-python.ts';
import { parseToml } from '../core/parse-toml.ts';
import { parseShell } from '../core/parse-shell.ts';
import { parseLaunchBlocks } from '../core/parse-launch-blocks.ts';
import { launchConfigs } from './launch-configs.ts';
import type { Dialect, PlanContext, RefusedPath, RepoView, TrainingPlan } from '../core/plan.ts';
import { nonFiniteCurve, pythonSpelling, spellPlanText, unreachableStepCount } from '../core/plan-guard.ts';
import { buildReport, type FileReport, type Report } from '../core/report.ts';
import { curveStats, type CurveStats } from '../core/schedule.ts';
import { headAtUpperBound } from './length-bound.ts';
import { runRules } from './run-rules.ts';
import { SimulationMemo } from '../core/simulation-memo.ts';
import { configuredSeverity, datasetSizeFor, DEFAULT_SETTINGS, worldSizeFor, type Settings } from './settings.ts';
import type { Finding } from '../core/types.ts';
import { applyFrameworkConversion, validate } from '../core/validate.ts';
import { resolveRunSize, traceRunSize } from '../resolve/index.ts';
import type { HubSizes } from '../resolve/types.ts';

export interface ReviewInput {
  /** Repo-relative, forward slashes. */
  path: string;
  text: string;
  /** The file at the base ref; `null` when the file is new there, absent when not comparing. */
  baseText?: string | null;
  /** Set when the file was named explicitly (reported as unknown-dialect rather than skipped). */
  explicit?: boolean;
}

export interface ReviewOptions {
  settings?: Settings;
  toolVersion?: string;
  entryPoint?: PlanContext['entryPoint'];
  /** Read-only access to other files of the repository (dataset folders, launch scripts), given by the edge. */
  repo?: RepoView;
  /** Row counts of Hub datasets the edge looked up (only with --hub / hub: true). */
  hub?: HubSizes;
  /** Schedules simulated so far (one per distinct schedule); review() makes a fresh one when none is given. */
  memo?: SimulationMemo;
}

/** What analysing one text needs besides the text and the settings. */
export type AnalyseOptions = Pick<ReviewOptions, 'entryPoint' | 'repo' | 'hub' | 'memo'>;

const DEFAULT_FORMATS: readonly Format[] = ['yaml', 'json'];

/** Detection threshold: below it a document is not a training config of that dialect. */
const DETECT_THRESHOLD = 0.5;

export function detectDialect(doc: ParsedDoc, path: string): Dialect | null {
  let best: Dialect | null = null;
  let bestScore = DETECT_THRESHOLD;
  for (const dialect of DIALECTS) {
    if (!(dialect.formats ?? DEFAULT_FORMATS).includes(doc.container ?? doc.format)) continue;
    const score = dialect.detect(doc, path);
    if (score >= bestScore && (best === null || score > bestScore)) {
      best = dialect;
      bestScore = score;
    }
  }
  return best;
}

interface Analysis {
  context: FileContext;
  dialect: Dialect | null;
  status: FileReport['status'];
}

export function parseAny(text: string, format: Format): ParseResult {
  if (format === 'toml') return parseToml(text);
  if (format === 'python') return parsePython(text);
  if (format === 'shell') return parseShell(text);
  if (format === 'markdown' || format === 'notebook') return parseLaunchBlocks(text, format);
  return parseText(text, format);
}

/**
 * Discovery cannot ask a dialect about a file it cannot parse (a Helm template, a broken workflow):
 * such a file is reported only when its text plausibly is a training config.
 */
function plausiblyAConfig(path: string, text: string, problem: ParseProblem | undefined): boolean {
  // A README or a notebook is documentation first: one that cannot be read is not a config that failed to parse.
  const format = formatOf(path);
  if (format === 'markdown' || format === 'notebook') return false;
  if (problem?.notASingleConfig) return false; // k8s / compose bundles of several documents
  if (/\{\{[^}]*\}\}/.test(text)) return false; // Helm / Jinja templates are not configs until rendered
  if (looksLikeTrainlintReport(text)) return false;
  // A schedule key written as a key (`lr_scheduler:` at a line start in YAML, `"learning_rate":` in JSON), not a word in a
  // string: a log, a report or a README snippet that mentions warmup is not a training config.
  if (problem?.kind !== 'unsafe') return SCHEDULE_KEY.test(text);
  // Too large to parse: a tokenizer's vocabulary has `"lr":` and `"warmup":` entries too. A training config this big
  // would still name two different schedule keys of its own in its first 64 KiB.
  const head = text.slice(0, 64 * 1024);
  const names = new Set([...head.matchAll(SCHEDULE_KEY_NAMES)].map((m) => (m[1] ?? m[2] ?? '').toLowerCase()));
  return names.size >= 2;
}

const KEY_NAMES = 'learning[_-]?rate|lr|lr_scheduler\\w*|warmup\\w*|train_steps|max_steps|num_train_epochs|scheduler';
const SCHEDULE_KEY = new RegExp(`(^|\\n)[ \\t]*(?:-[ \\t]+)?(?:${KEY_NAMES})[ \\t]*[:=]|"(?:${KEY_NAMES})"[ \\t]*:`, 'i');
/** The longer schedule key names (not `lr`, a common token in a vocabulary), captured. */
const LONG_NAMES = 'learning[_-]?rate|lr_scheduler\\w*|lr_decay\\w*|warmup_\\w+|train_steps|max_steps|num_train_epochs|min_lr\\w*';
const SCHEDULE_KEY_NAMES = new RegExp(`(?:^|\\n)[ \\t]*(?:-[ \\t]+)?(${LONG_NAMES})[ \\t]*[:=]|"(${LONG_NAMES})"[ \\t]*:`, 'gi');

const PYTHON_DIALECTS = DIALECTS.filter((d) => d.formats?.includes('python'));

/**
 * False for a discovered `.py` file that would be left out whatever parsing it gave: no Python-reading dialect may claim
 * its text (Dialect.mayDetectPython), and were it unreadable it would not be plausibly a config (no schedule key
 * written as a key). Parsing and evaluating a Python file costs far more than these checks, and a repository has many.
 */
function mayBeReviewedPython(path: string, text: string): boolean {
  if (formatOf(path) !== 'python') return true;
  if (PYTHON_DIALECTS.some((d) => !d.mayDetectPython || d.mayDetectPython(text))) return true;
  return SCHEDULE_KEY.test(text);
}

/** Everything the rules need about one version of one file (its first config, for a file that holds several). */
export function analyse(path: string, text: string, settings: Settings, options: AnalyseOptions = {}): Analysis {
  return analyseConfigs(path, text, settings, options)[0]!;
}

/** One analysis per config of the file: one for most files, one per registered config where the dialect lists several. */
export function analyseConfigs(path: string, text: string, settings: Settings, options: AnalyseOptions = {}): Analysis[] {
  const context: FileContext = { path, dialectId: null, loaderDifferences: [], schemaProblems: [] };
  const format = formatOf(path);
  if (format === null || !DIALECTS.some((d) => (d.formats ?? DEFAULT_FORMATS).includes(format))) return [{ context, dialect: null, status: 'unknown-dialect' }];
  const parsed = parseAny(text, format);
  if (!parsed.ok) {
    context.parseProblem = parsed.problem;
    return [{ context, dialect: null, status: 'unparsed' }];
  }
  const doc = parsed.doc;
  context.doc = doc;
  // A README / notebook: one review per launch a dialect claims (several commands are listed there), none otherwise.
  if (doc.container) return launchConfigs(doc, (d) => detectDialect(d, path), { path, ...(options.repo ? { repo: options.repo } : {}) }).map((c) => (c.dialect ? planned({ ...context, dialectId: c.dialect.id, loader: c.dialect.loader, config: c.name, doc: c.doc }, c.doc, c.dialect, settings, options) : { context, dialect: null, status: 'unknown-dialect' as const }));
  const notTraining = notATrainingConfig(doc);
  if (notTraining) {
    context.planProblem = { kind: 'not-training', message: notTraining };
    return [{ context, dialect: null, status: 'not-a-training-config' }];
  }
  const dialect = detectDialect(doc, path);
  if (!dialect) return [{ context, dialect: null, status: 'unknown-dialect' }];
  context.dialectId = dialect.id;
  context.loader = dialect.loader;
  // What the YAML 1.2 reader took but PyYAML refuses (a tab as a separator, a duplicate anchor) stops a PyYAML-loaded run.
  const refusal = dialect.loader.pythonTags === 'unsafe-fallback' ? doc.pyyamlUnsafeRefusal : doc.pyyamlRefusal;
  if (refusal && doc.format === 'yaml' && dialect.loader.yaml !== 'yaml12') {
    context.parseProblem = refusal;
    return [{ context, dialect, status: 'unparsed' }];
  }
  const focused = dialect.focus?.(doc) ?? doc;
  context.doc = focused;
  const configs = dialect.configsOf?.(focused, { path, ...(options.repo ? { repo: options.repo } : {}) });
  if (configs === undefined) return [planned(context, focused, dialect, settings, options)];
  if (configs.length === 0) {
    context.planProblem = { kind: 'not-training', message: 'registers no config (no public function of the module returns a job config)' };
    return [{ context, dialect, status: 'not-a-training-config' }];
  }
  return configs.map((c) => planned({ ...context, config: c.name, doc: c.doc }, c.doc, dialect, settings, options));
}

/** A detected document loaded as the framework would, validated and planned. */
function planned(context: FileContext, doc: ParsedDoc, dialect: Dialect, settings: Settings, options: AnalyseOptions): Analysis {
  const { path } = context;
  const { entryPoint, repo, hub, memo } = options;
  const readings = plainReadings(doc, dialect.loader);
  context.loaderDifferences = loaderDifferences(readings);
  const data = applyFrameworkConversion(resolveInterpolations(doc, frameworkView(doc, readings), dialect.loader), dialect.schema, dialect.loader);
  // A value TL004 already explains is not reported again as a type error.
  const explained = new Set(context.loaderDifferences.map((d) => d.pointer));
  context.schemaProblems = validate(data, dialect.schema).filter((p) => !explained.has(p.pointer));
  const planContext: PlanContext = { path };
  // The view's refusals from here on are this config's: the paths it named that lead outside the repository.
  const refusedBefore = repo?.refused?.().length ?? 0;
  const version = [dialect.id, ...(dialect.versionKeys ?? [])].map((k) => settings.frameworks[k]).find((v) => v !== undefined);
  // Dataset and world sizes: found in the repository (data files, dataset indexes, launch lines), .trainlint.yml winning.
  Object.assign(planContext, resolveRunSize({ dialectId: dialect.id, reader: new DocReader(doc, data), path, ...(repo ? { repo } : {}), ...(hub ? { hub } : {}), settingsDatasetSize: datasetSizeFor(settings, path), settingsWorldSize: worldSizeFor(settings, path) }));
  if (version !== undefined) planContext.frameworkVersion = version;
  if (Object.keys(settings.frameworks).length > 0) planContext.frameworkVersions = settings.frameworks;
  if (entryPoint) planContext.entryPoint = entryPoint;
  if (repo) planContext.repo = repo;
  let result;
  try {
    result = dialect.plan(new DocReader(doc, data), planContext);
  } catch (err) {
    if (err instanceof BudgetExceeded) throw err;
    // A dialect bug must not stop the other files: report it on this file.
    result = { ok: false as const, problem: stoppedPlan(err) ?? { message: `internal error while planning: ${err instanceof Error ? err.message : String(err)}`, kind: 'invalid' as const } };
  }
  // A step count no framework can count to (NaN, infinite, past 2^53) is the finding; nothing is simulated from it.
  const refused = refusedSince(repo, refusedBefore);
  if (refused.length) context.refusedPaths = refused;
  const unreachable = result.ok ? unreachableStepCount(result.plan) : null;
  if (unreachable) context.planProblem = unreachable;
  else if (!result.ok) context.planProblem = result.problem;
  else {
    traceRunSize(result.plan, planContext);
    const curve = zeroPeakCurve(result.plan, memo ? memo.simulate(result.plan) : curveStats(result.plan.schedule));
    const broken = nonFiniteCurve(result.plan, curve.samples) ?? (Number.isFinite(curve.finalLr) || result.plan.schedule.totalSteps <= 0 ? null : nonFiniteCurve(result.plan, [[result.plan.schedule.totalSteps - 1, curve.finalLr]]));
    if (broken) context.planProblem = broken;
    else {
      context.head = { plan: spellPlanText(result.plan), curve };
      if (result.plan.assumedLength) {
        const bound = headAtUpperBound(dialect, doc, data, planContext);
        if (bound) context.headAtBound = bound;
      }
    }
  }
  return { context, dialect, status: statusOf(context) };
}

/** The view's refusals after the first `from`, once per path. */
function refusedSince(repo: RepoView | undefined, from: number): RefusedPath[] {
  const seen = new Map<string, RefusedPath>();
  for (const r of repo?.refused?.().slice(from) ?? []) if (!seen.has(r.path)) seen.set(r.path, r);
  return [...seen.values()];
}

/** One analysis under the per-file budget (budget.ts): a file that needs more is `unparsed` with a TL003 naming the budget. */
function withinBudget(path: string, run: () => Analysis[]): Analysis[] {
  try {
    return withBudget(run);
  } catch (err) {
    if (!(err instanceof BudgetExceeded)) throw err;
    const context: FileContext = { path, dialectId: null, loaderDifferences: [], schemaProblems: [] };
    context.parseProblem = { kind: 'unsafe', message: err.message, line: 1, column: 1 };
    return [{ context, dialect: null, status: 'unparsed' }];
  }
}

/**
 * A peak LR of 0 is TL106's error; schedules that normalise by the peak (nanotron's `lmbda /= initial_lr`) give 0/0 for
 * it. Every LR the optimizer could apply is then the base LR 0 times a factor, so the curve is drawn at 0, not as nan.
 */
function zeroPeakCurve(plan: TrainingPlan, curve: CurveStats): CurveStats {
  if (plan.optimizer.lr.value !== 0 || curve.samples.every(([, lr]) => Number.isFinite(lr))) return curve;
  const zero = (lr: number) => (Number.isFinite(lr) ? lr : 0);
  return { ...curve, maxUsedLr: zero(curve.maxUsedLr), finalLr: zero(curve.finalLr), samples: curve.samples.map(([k, lr]) => [k, zero(lr)]) };
}

/** A plan that stopped because the schedule is set elsewhere, or because the file trains nothing, says so in its status. */
function statusOf(context: FileContext): FileReport['status'] {
  const kind = context.planProblem?.kind;
  if (kind === 'not-training') return 'not-a-training-config';
  // No plan could be built from the files (the schedule is set elsewhere, or its length needs a number nobody gave):
  // the file was read, but nothing was simulated. A plan the framework refuses (`invalid`) was reviewed: that is the finding.
  if (kind === 'not-simulated' || (kind === 'needs-data' && !context.head)) return 'not-simulated';
  return 'reviewed';
}

export function review(inputs: readonly ReviewInput[], options: ReviewOptions = {}): Report {
  const settings = options.settings ?? DEFAULT_SETTINGS;
  options = { ...options, memo: options.memo ?? new SimulationMemo() };
  const files: FileReport[] = [];
  const findings: Finding[] = [];
  for (const input of inputs) {
    const reviewed = reviewFile(input, settings, options);
    if (!reviewed) continue;
    files.push(...reviewed.files);
    findings.push(...groupAcrossConfigs(withVerifiedFixes(input, reviewed, settings, options)));
  }
  return buildReport(files, groupAcrossFiles(findings, RULES), options.toolVersion ?? '0.0.0');
}

/** One file as given (and at its base): its report entries (one per config) and findings, or null when discovery leaves it out. */
function reviewFile(input: ReviewInput, settings: Settings, options: ReviewOptions, knownBases?: Bases): Reviewed | null {
  if (!input.explicit && !mayBeReviewedPython(input.path, input.text)) return null;
  const heads = withinBudget(input.path, () => analyseConfigs(input.path, input.text, settings, options));
  let bases: Bases = new Map();
  if (typeof input.baseText === 'string' && heads[0]!.dialect) {
    const baseText = input.baseText;
    // The base is the same text under the same settings whatever the head says: a fix's re-review takes it as analysed.
    if (knownBases) bases = knownBases;
    else for (const b of withinBudget(input.path, () => analyseConfigs(input.path, baseText, settings, options))) bases.set(b.context.config ?? '', b.context.head);
  }
  const analysedBases = typeof input.baseText === 'string' && heads[0]!.dialect ? bases : undefined;
  const kept = heads.filter((head) => input.explicit || !(head.status === 'unknown-dialect' || head.status === 'not-a-training-config' || (head.status === 'unparsed' && !plausiblyAConfig(input.path, input.text, head.context.parseProblem))));
  if (kept.length === 0) return null;
  const out: Reviewed = { files: [], findings: [], ...(analysedBases ? { analysedBases } : {}) };
  for (const head of kept) {
    const name = head.context.config;
    const base = bases.get(name ?? '');
    if (base) head.context.base = base;
    if (!(head.status === 'unknown-dialect' || head.status === 'not-a-training-config')) out.findings.push(...runRules(head.context, settings, input.text));
    const compared = input.baseText === undefined ? 'not-compared' : input.baseText === null || (name !== undefined && !bases.has(name)) ? 'added' : base ? 'reviewed' : 'not-reviewed';
    out.files.push({
      path: input.path,
      ...(name !== undefined ? { config: name } : {}),
      dialect: head.dialect?.id ?? null,
      status: head.status,
      semantics: head.context.head?.plan.semantics ?? null,
      head: head.context.head,
      base,
      baseStatus: compared,
      ...(head.status === 'unknown-dialect' ? { note: 'not recognised as a training config of a supported framework' } : {}),
      ...(head.context.planProblem ? { note: pythonSpelling(head.context.planProblem.message) } : {}),
      ...(head.context.parseProblem ? { note: pythonSpelling(head.context.parseProblem.message) } : {}),
    });
  }
  return out;
}

/** Each config's reviewed version at the base, by config name ('' for a file of one config). */
type Bases = Map<string, ReviewedVersion | undefined>;

interface Reviewed {
  files: FileReport[];
  findings: Finding[];
  /** The base's analyses, when the base was analysed (comparing, and the head has a dialect). */
  analysedBases?: Bases;
}

/** The config a finding is about, in a file that holds several. */
const configOf = (f: Finding): string => (typeof f.data.config === 'string' ? f.data.config : '');

/**
 * A fix is shown only once it has been tried: its edits are written into the file's text, the file is reviewed again, and
 * the fix stays only when its finding is gone and no error or warning appears that was not there before. (Findings of
 * the TL2xx block describe the change against the base, which a fix makes by design, so they do not count as new.)
 * A fix whose edit cannot be written on its line (a flow collection, a multi-line value) cannot be tried and is withheld.
 * Where the file had no schedule before the fix (a value the loader misread stopped the plan) and has one after, the
 * schedule findings that appear were hidden, not caused: only the fixed finding must be gone and no file-level (TL0xx)
 * problem new.
 */
function withVerifiedFixes(input: ReviewInput, reviewed: Reviewed, settings: Settings, options: ReviewOptions): Finding[] {
  const { findings } = reviewed;
  const format = formatOf(input.path);
  if (!format || !findings.some((f) => f.fix?.edits.length)) return findings;
  // The same finding is the same rule on the same key (its numbers change with the edit, so not the message).
  const identity = (f: Finding) => `${f.ruleId}\u0000${f.key ?? ''}\u0000${configOf(f)}`;
  const before = new Set(findings.map(identity));
  const retried = new Map<string, Reviewed | null>();
  const headOf = (r: Reviewed | null, config: string) => r?.files.find((f) => (f.config ?? '') === config)?.head;
  const reviewAgain = (text: string) => {
    if (!retried.has(text)) retried.set(text, reviewFile({ ...input, text, explicit: true }, settings, options, reviewed.analysedBases));
    return retried.get(text) ?? null;
  };
  return findings.map((finding) => {
    const edits = finding.fix?.edits ?? [];
    if (edits.length === 0) return finding;
    const text = applyEdits(input.text, edits, format);
    const again = text === null || text === input.text ? null : reviewAgain(text);
    const revealed = !headOf(reviewed, configOf(finding)) && headOf(again, configOf(finding)) !== undefined;
    // A fix after which the schedule can no longer be read (a broken line) did not fix anything.
    const lost = headOf(reviewed, configOf(finding)) !== undefined && headOf(again, configOf(finding)) === undefined;
    const counts = (f: Finding) => f.severity !== 'info' && !f.ruleId.startsWith('TL2') && (!revealed || f.ruleId.startsWith('TL0'));
    const works =
      again !== null &&
      !lost &&
      !again.findings.some((f) => identity(f) === identity(finding)) &&
      !again.findings.some((f) => counts(f) && !before.has(identity(f)));
    if (works) return finding;
    const { fix: _withheld, ...rest } = finding;
    return rest;
  });
}
