// The canonical training plan every dialect normalises into, and the shape of a dialect.
import { formatNumber, type DocReader } from './access.ts';
import type { LoaderModel } from './loaders.ts';
import type { Format, ParsedDoc } from './parse.ts';
import type { Origin, Resolved, RuleHit, Schedule } from './types.ts';

export interface TrainingPlan {
  dialect: string;
  /** Whose scheduler code the simulation follows, e.g. `nanotron@2411b022`. */
  semantics: string;
  /** `defaultLr`: the LR the project itself ships for this script, when known (the fix TL106 suggests, and named in its message). */
  optimizer: { name: Resolved<string>; lr: Resolved; defaultLr?: Resolved; ignoredLr?: IgnoredLr };
  /** Optimizer updates in the whole run. */
  totalSteps: Resolved;
  /** Samples per optimizer update across all processes, when the files say it (LR ranges of large-batch optimizers depend on it). */
  batchSize?: Resolved;
  totalStepsSource: 'explicit' | 'derived';
  /**
   * `clampedBy`: the framework deliberately fits a warmup longer than the run into it and starts the run anyway (detectron2's
   * min(WARMUP_ITERS / MAX_ITER, 1), Megatron-Bridge's cap below the decay horizon, kept for smoke tests): who does and
   * why, so TL103 reports it as a warning instead of a broken run.
   */
  warmup?: { steps: Resolved; style: string; startLr?: Resolved; clampedBy?: string };
  decay?: { style: string; start: Resolved; steps: Resolved; minLr: Resolved };
  /** Step count the scheduler was built for, when the framework derives it apart from the run (TL107). */
  horizon?: Resolved;
  schedule: Schedule;
  /** Quantities the config gives in a unit other than optimizer steps, with what they mean in steps (TL110). */
  unitChecks?: UnitCheck[];
  /**
   * Updates the framework deliberately runs at the final LR once the schedule has ended (OLMo's loop
   * stops at max_steps + 10 by default): not a decay that ended early.
   */
  finalTailSteps?: number;
  /** Keys whose meaning depends on the framework release (TL005). */
  versionNotes?: VersionNote[];
  /** Assumptions made where the config leaves something open; shown with the plan. */
  assumptions: string[];
  /**
   * Set when the run's length depends on a dataset size nobody gave: the plan runs an assumed number of updates per
   * epoch, the chart reads in epochs, and rules that judge step counts against the run's length stay quiet.
   */
  assumedLength?: AssumedLength;
  /**
   * Set on a plan drawn at an upper bound of the dataset size (sample packing or a length filter can only shorten the
   * run): the real run makes at most `totalSteps` updates. `how` says where the bound comes from.
   */
  lengthBound?: { kind: 'upper'; how: string };
  /** How to express common fixes as edits of this dialect's keys (the rules stay framework-agnostic). */
  fixes?: PlanFixes;
}

/** An LR the file configures that the framework does not use (Ultralytics' lr0 under optimizer=auto): reported by TL106. */
export interface IgnoredLr {
  at: Origin;
  severity: 'warning' | 'info';
  /** What is ignored, why, and what is used instead. */
  message: string;
  /** How to make the configured LR count. */
  fix: string;
}

export interface AssumedLength {
  /** Epochs the run makes, as configured. */
  epochs: number;
  /** Optimizer updates per epoch the plan assumed. */
  updatesPerEpoch: number;
  /** Why the length is unknown: the framework's formula with the config's numbers, and what would settle it. */
  why: string;
}

/**
 * Updates per epoch drawn when the dataset size is unknown. The value is arbitrary but round, so the x axis reads in
 * epochs; schedules set in ratios of the run look the same at any length, absolute step counts do not (the note says so).
 */
export const NOMINAL_UPDATES_PER_EPOCH = 1000;

/** `3 epochs`, `1 epoch`, `0.125 epochs`: an epoch count to `significant` digits, with its unit. */
export function formatEpochs(epochs: number, significant = 3): string {
  const rounded = Number(epochs.toPrecision(significant));
  return `${formatNumber(rounded)} epoch${rounded === 1 ? '' : 's'}`;
}

export interface AssumeOptions {
  /** The config's path, for the settings entry that gives the real size. */
  path: string;
  updatesPerEpoch?: number;
  /** Why this epoch length, when it is not the nominal one (e.g. OneTrainer's assumed sample count). */
  perEpochWhy?: string;
  /** What would give the real length, when a dataset size in .trainlint.yml would not (axolotl's sample packing). */
  settle?: string;
}

/**
 * The length of a run of `epochs` epochs whose dataset size is unknown: `ceil(epochs x updatesPerEpoch)` updates (how
 * the Trainer family rounds a fractional epoch count), with the note every such plan carries.
 */
export function assumeEpochs(epochs: Resolved, why: string, options: AssumeOptions): { total: Resolved; assumed: AssumedLength; note: string } {
  const { path, updatesPerEpoch = NOMINAL_UPDATES_PER_EPOCH, perEpochWhy } = options;
  const value = Math.max(1, Math.ceil(epochs.value * updatesPerEpoch));
  const epochText = formatEpochs(epochs.value, 6);
  const settle = options.settle ?? `give the size in .trainlint.yml (\`datasets: { "${path}": N }\`)`;
  return {
    total: { value, how: `ceil(${epochText} x ${updatesPerEpoch} updates per epoch) = ${value} (${perEpochWhy ?? 'assumed: the dataset size is unknown'})`, from: epochs.from },
    assumed: { epochs: epochs.value, updatesPerEpoch, why },
    note:
      `the dataset size is unknown, so the curve is drawn over ${epochText} of ${perEpochWhy ? `${updatesPerEpoch} updates each (${perEpochWhy})` : `an assumed ${updatesPerEpoch} updates each`}; ` +
      `step counts written as steps keep their value, so where they fall depends on the real size, and the checks that compare ` +
      `step counts with the run's length (TL101-TL103, TL107-TL110, TL202) are skipped until the length is known: ${settle}`,
  };
}

export interface FixEdit {
  at: Origin;
  value: number | string | boolean;
}

/**
 * How a dialect writes common fixes as edits of its own keys. Each hook returns the edits that make the schedule do what
 * it says and nothing else: where the framework derives one key from another (a decay start from the warmup, a cycle
 * length from the run), the hook adds the edit that keeps the rest in place, or returns undefined when no edit of the
 * config does it. A fix is always applied as a whole (several edits belong together).
 */
export interface PlanFixes {
  /** Edits that make the decay reach its end value at update `step`. */
  decayEndAt?(step: number): FixEdit | FixEdit[] | undefined;
  /** Edits that make the run `steps` optimizer updates long while the schedule's phases stay where they are. */
  totalStepsTo?(steps: number): FixEdit | FixEdit[] | undefined;
  /** Edits that set the warmup to `steps` updates, the decay keeping its end. */
  warmupTo?(steps: number): FixEdit | FixEdit[] | undefined;
  /** Edits that start the decay at update `step`, ending where it ends now (or with the run, if it now ends past it). */
  decayStartAt?(step: number): FixEdit | FixEdit[] | undefined;
  /** How to avoid an undeclared restart at update `step` (words, and the edit where one exists). */
  restartAt?(step: number): { description: string; edit?: FixEdit } | undefined;
}

export interface UnitCheck {
  at: Origin;
  /** e.g. `t_warmup`. */
  name: string;
  value: number;
  unit: string;
  /** The same quantity in optimizer steps. */
  steps: number;
  /** How many of `unit` one optimizer update covers (1 for steps; tokens per batch for tokens). */
  unitsPerStep: number;
  /** Total optimizer updates of the run, for judging whether the value reads as another unit. */
  totalSteps: number;
  /** The unit a step count this large reads as, and how to give it in that unit (default: OLMo's `units: tokens`). */
  otherUnit?: string;
}

/** A problem that prevents building a plan (a required key missing, an impossible value). */
/** Where a key means different things in different releases of a framework (reported by TL005). */
export interface VersionNote {
  at?: Origin;
  /** Complete sentences with the numbers: what each version does with the key, and what the plan assumed. */
  message: string;
  /** The version whose meaning the plan follows, e.g. `transformers 5.13`. */
  assumed: string;
  fix?: RuleHit['fix'];
  data?: Record<string, number | string | boolean | null>;
  /**
   * `loader`: the releases differ in how their loader reads the value (a YAML 1.1 loader leaves `2e-5` a string), reported
   * by TL004 as a warning; `meaning` (default): the key itself means different things, reported by TL005.
   */
  cause?: 'loader' | 'meaning';
}

export interface PlanProblem {
  /** Version differences found before the plan had to stop (e.g. the run length is unknown). */
  versionNotes?: VersionNote[];
  at?: Origin;
  message: string;
  /**
   * `needs-data`: the plan depends on something outside the config (dataset size); `invalid`: the framework refuses it;
   * `not-simulated`: the file is a training config but its schedule is set elsewhere or is not modelled (the training
   * script sets the LR, an RL recipe, `lr: auto`), so no curve is drawn and no number is invented; `not-training`: the
   * file configures no optimizer update loop (a generation, evaluation or quantization config, a saved trainer state).
   */
  kind: 'needs-data' | 'invalid' | 'not-simulated' | 'not-training';
  /** An `invalid` plan another rule than TL002 explains (a peak LR that is not a finite number is TL106's). */
  reportedBy?: 'TL106';
  /** A configured LR the framework ignores, known even though no curve is drawn (TL106). */
  ignoredLr?: IgnoredLr;
}

export type PlanResult = { ok: true; plan: TrainingPlan } | { ok: false; problem: PlanProblem };

export interface Dialect {
  id: string;
  title: string;
  /** Framework versions whose semantics this dialect follows (shown in the README and `trainlint schema`). */
  follows: string;
  /** The dialect's JSON Schema (also under schemas/, for editors). */
  schema: object;
  loader: LoaderModel;
  /** File formats this dialect reads (default yaml and json); a format no dialect reads is never parsed. */
  formats?: readonly Format[];
  /** Names a `.trainlint.yml` `frameworks:` entry may use to pin this dialect's version (besides its id). */
  versionKeys?: readonly string[];
  /** How sure it is that this document is its kind of config: 0 (not at all) to 1. Content, not file name. */
  detect(doc: ParsedDoc, path: string): number;
  /**
   * For a dialect that reads Python: false when `detect` cannot claim a Python file with this text (a name or call it
   * requires is not in it). Checked before a discovered `.py` file is parsed, which costs far more than the check; a
   * Python-reading dialect without it has every discovered `.py` file parsed.
   */
  mayDetectPython?(text: string): boolean;
  /**
   * A file that holds several configs (torchtitan's Python config registries): one document per config, by the name
   * the framework loads it by, each planned and reported on its own. Undefined: the file is one config. `context` gives
   * the file's path and repository, for a dialect whose configs depend on a file the document composes onto (verl's
   * critic is reviewed on its own when the composed config uses one).
   */
  configsOf?(doc: ParsedDoc, context?: ConfigsContext): Array<{ name: string; doc: ParsedDoc }> | undefined;
  /**
   * The part of the document this dialect reads, when it is not the parser's default: a shell script's launch of this
   * framework's program among others (core/parse-shell.ts focusLaunch). Undefined: the document as parsed.
   */
  focus?(doc: ParsedDoc): ParsedDoc;
  plan(reader: DocReader, context: PlanContext): PlanResult;
}

/** What Dialect.configsOf may read besides the document. */
export interface ConfigsContext {
  path: string;
  repo?: RepoView;
}

/**
 * Read-only view of the repository a config lives in, handed in by the edge (CLI: the work tree; action:
 * the checkout or the API). Paths are repo-relative with forward slashes. Pure code may call it; it never
 * executes anything and returns null for what is absent or unreadable.
 */
export interface RepoView {
  /** Names (files and folders, folders ending in `/`) directly inside `dir`, or null when it is not a folder. */
  list(dir: string): string[] | null;
  /** A text file's content (capped at the parse size limit), or null. */
  read(path: string): string | null;
  /** A file's size in bytes, or null when it is not a readable file (data files: counted, never parsed whole). */
  size?(path: string): number | null;
  /** Up to `length` bytes of a file from byte `start`, or null (data files are read in bounded slices). */
  readBytes?(path: string, start: number, length: number): Uint8Array | null;
  /**
   * Every path this view would not follow because it leads outside the repository (a `..` that climbs out, a
   * symbolic link to elsewhere), in the order asked, with why. The pipeline reports the ones a config asked for (TL006).
   */
  refused?(): readonly RefusedPath[];
}

export interface RefusedPath {
  /** The path as asked (relative to the repository root). */
  path: string;
  /** Why it was not followed, as a clause: "a symbolic link on the way leads outside the repository". */
  reason: string;
}

/** At most this many refusals are kept per view: a hostile tree of links cannot grow the log without bound. */
export const MAX_REFUSALS = 1000;

export interface PlanContext {
  /** Other files of the repository, when the edge can offer them. */
  repo?: RepoView;
  path: string;
  /** Project settings that bear on the plan (dataset sizes, framework versions). */
  datasetSize?: number;
  /** Training processes, when the settings give them (`world-size`). */
  worldSize?: number;
  /**
   * Where `datasetSize` came from when it was resolved (a local data file, a dataset index, the Hub, .trainlint.yml),
   * with the framework's own transforms (`max_samples`, a validation split) in `how`.
   */
  datasetSource?: Resolved;
  /** Where `worldSize` came from (a launch line, an accelerate config, .trainlint.yml). */
  worldSizeSource?: Resolved;
  /**
   * What the resolver found but could not turn into an exact size (streaming, sample packing, a length filter, a file it
   * cannot count, disagreeing launch lines): sentences the plan repeats among its assumptions.
   */
  runSizeNotes?: string[];
  /** An upper bound on the training samples when only a bound is known (sample packing, a length filter). */
  datasetUpperBound?: Resolved;
  frameworkVersion?: string;
  /** Every `.trainlint.yml` `frameworks:` pin, for dialects that follow another framework's code too (DeepSpeed: `torch`). */
  frameworkVersions?: Readonly<Record<string, string>>;
  /**
   * `config-file` (default): the file is loaded the way the framework's launcher loads it, with its defaults.
   * `scheduler-only`: the scheduler block goes straight to the framework's scheduler builder, skipping the
   * config loader's defaults (how the goldens were generated for some frameworks).
   */
  entryPoint?: 'config-file' | 'scheduler-only';
}
