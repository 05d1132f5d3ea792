// `trainlint` command line (spec/cli.md). The only CLI code that touches disk, git, env and stdout.
import { statSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import pkg from '../../package.json' with { type: 'json' };
import settingsSchema from '../../schemas/trainlint-config.schema.json' with { type: 'json' };
import { DIALECTS, findDialect } from '../dialects/index.ts';
import { globToRegExp, matchesAny } from '../core/glob.ts';
import type { Report } from '../core/report.ts';
import { review, type ReviewInput } from '../pipeline/review.ts';
import type { Settings } from '../pipeline/settings.ts';
import { findRule, RULES } from '../rules/index.ts';
import { CURVES_MODES, type CurvesMode } from '../render/text.ts';
import { COMMAND_HELP, DEFAULT_JSON_SAMPLES, mainHelp } from './help.ts';
import { plotCommand } from './plot.ts';
import { noteReview } from './review-ran.ts';
import { workTreeView } from './repo-view.ts';
import { readRuleDoc } from './rule-docs.ts';
import { loadSettings, parseOptions, UsageError, type Io } from './command.ts';
import { format, type FormatOptions } from './format.ts';
import { discover, pathKind, readAtRef, readCapped } from './files.ts';
import { BASELINE_OPTIONS, formatWithBaseline, withBaseline } from './baseline-option.ts';
import { asDiscovered, IGNORE_UNKNOWN_OPTION } from './ignore-unknown.ts';
import { hubLookupOptions, hubRequestsOf, lookUpHubSizes } from '../edge/hub.ts';
import type { HubSizes } from '../resolve/types.ts';

export const VERSION: string = pkg.version;

const HELP = mainHelp(VERSION);

const GLOB_CHARS = /[*?]/;

/** What to review: explicit files, directories (discovered), globs (matched against discovery of `.`). */
export function collectInputs(targets: string[], settings: Settings, cwd: string): Array<{ path: string; explicit: boolean }> {
  const out = new Map<string, boolean>();
  const add = (path: string, explicit: boolean) => out.set(path, (out.get(path) ?? false) || explicit);
  const roots = targets.length ? targets : ['.'];
  for (const target of roots) {
    if (GLOB_CHARS.test(target)) {
      const re = globToRegExp(target.replace(/^\.\//, ''));
      const matched = discover('.', cwd, settings.ignore).filter((p) => re.test(p));
      // A typo in a glob would otherwise pass as "nothing to review" in CI.
      if (!matched.length) throw new UsageError(`${target}: no file matches this pattern (quote it so that the shell does not expand it, and check the settings' ignore globs)`);
      for (const p of matched) add(p, false);
    } else {
      const kind = pathKind(resolve(cwd, target));
      if (kind === 'file') add(target.replace(/^\.\//, ''), true);
      else if (kind === 'folder') for (const p of discover(target, cwd, settings.ignore)) add(p, false);
      // Said rather than passed over: a named path that yields no review would otherwise read as a clean one.
      else if (kind === 'link') throw new UsageError(`${target}: a symbolic link; trainlint does not follow links (name the file or folder it points to)`);
      else if (kind === 'special') throw new UsageError(`${target}: not a regular file or folder (a pipe, socket or device), so it is not read`);
      else throw new UsageError(`${target}: no such file or directory`);
    }
  }
  const wanted = settings.paths.length ? [...out].filter(([p, explicit]) => explicit || matchesAny(p, settings.paths)) : [...out];
  return wanted.map(([path, explicit]) => ({ path, explicit }));
}

export function readInputs(targets: Array<{ path: string; explicit: boolean }>, base: string | undefined, cwd: string): ReviewInput[] {
  return targets.map(({ path, explicit }) => {
    const input: ReviewInput = { path, text: readCapped(resolve(cwd, path)), explicit };
    if (base) input.baseText = readAtRef(base, path, cwd);
    return input;
  });
}

const SEVERITY_RANK = { info: 0, warning: 1, error: 2 } as const;

export function exitCodeFor(report: Report, failOn: Settings['failOn']): 0 | 1 {
  if (failOn === 'never') return 0;
  return report.findings.some((f) => SEVERITY_RANK[f.severity] >= SEVERITY_RANK[failOn]) ? 1 : 0;
}

/** The CLI without network: a check asked to look up Hub sizes (--hub, hub: true) reviews as without them. */
export function run(argv: string[], io: Io): number {
  try {
    const outcome = dispatch(argv, io);
    return typeof outcome === 'number' ? outcome : outcome.finish();
  } catch (err) {
    return failed(err, io);
  }
}

/** The CLI as the `trainlint` binary runs it: with --hub (or hub in the settings), Hub sizes are looked up first. */
export async function runAsync(argv: string[], io: Io): Promise<number> {
  try {
    const outcome = dispatch(argv, io);
    if (typeof outcome === 'number') return outcome;
    return outcome.finish(outcome.hubWanted ? await outcome.lookUpHub() : undefined);
  } catch (err) {
    return failed(err, io);
  }
}

function failed(err: unknown, io: Io): number {
  if (err instanceof UsageError) {
    io.stderr(`trainlint: ${err.message}\n`);
    return 2;
  }
  io.stderr(`trainlint: internal error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  return 2;
}

/** A check with its inputs read, before the review: the async entry looks Hub sizes up in between. */
interface PreparedCheck {
  hubWanted: boolean;
  lookUpHub(): Promise<HubSizes>;
  finish(hub?: HubSizes): number;
}

function dispatch(argv: string[], io: Io): number | PreparedCheck {
  const [first, ...rest] = argv;
  if (first === 'help') return help(rest, io);
  // `trainlint COMMAND --help` is `trainlint help COMMAND`.
  if (first && first in COMMAND_HELP && (rest.includes('--help') || rest.includes('-h'))) return print(io, COMMAND_HELP[first]!);
  if (first === 'explain') return explain(rest, io);
  if (first === 'schema') return schema(rest, io);
  if (first === 'plot') return plotCommand(rest, io);
  return check(first === 'check' ? rest : argv, io);
}

function check(argv: string[], io: Io): number | PreparedCheck {
  const parsed = parseOptions(argv, {
    base: { type: 'string' },
    format: { type: 'string' },
    output: { type: 'string' },
    'fail-on': { type: 'string' },
    config: { type: 'string' },
    curves: { type: 'string' },
    quiet: { type: 'boolean', short: 'q', default: false },
    samples: { type: 'string' },
    'no-color': { type: 'boolean', default: false },
    version: { type: 'boolean', short: 'V', default: false },
    help: { type: 'boolean', short: 'h', default: false },
    hub: { type: 'boolean', default: false },
    ...BASELINE_OPTIONS,
    ...IGNORE_UNKNOWN_OPTION,
  });
  const { values, positionals } = parsed;
  if (values.help) return print(io, HELP);
  if (values.version) return print(io, VERSION);
  const kind = values.format ?? (io.env.TRAINLINT_FORMAT?.trim() || 'text');
  if (!['text', 'json', 'markdown', 'sarif', 'github'].includes(kind)) {
    const from = values.format !== undefined ? '--format' : 'TRAINLINT_FORMAT';
    throw new UsageError(`${from} ${kind}: expected text, json, markdown, sarif or github`);
  }
  if (values.curves !== undefined && !CURVES_MODES.includes(values.curves as CurvesMode)) throw new UsageError(`--curves ${values.curves}: expected all, findings or none`);
  const samples = values.samples === undefined ? DEFAULT_JSON_SAMPLES : Number(values.samples);
  if (!Number.isInteger(samples) || samples < 2) throw new UsageError(`--samples ${values.samples}: expected a whole number of points, at least 2`);
  if (values.output) checkOutputFolder(values.output, io.cwd);
  const settings = loadSettings(values.config, io.cwd);
  const failOn = (values['fail-on'] ?? settings.failOn) as Settings['failOn'];
  if (!['error', 'warning', 'info', 'never'].includes(failOn)) throw new UsageError(`--fail-on ${failOn}: expected error, warning, info or never`);
  const targets = asDiscovered(collectInputs(positionals, settings, io.cwd), settings, values['ignore-unknown']);
  let inputs: ReviewInput[];
  try {
    inputs = readInputs(targets, values.base, io.cwd);
  } catch (err) {
    throw new UsageError(err instanceof Error ? err.message : String(err));
  }
  const repo = workTreeView(io.cwd);
  const finish = (hub?: HubSizes): number => {
    noteReview(inputs.length);
    const { report, outcome } = withBaseline(review(inputs, { settings, toolVersion: VERSION, repo, ...(hub ? { hub } : {}) }), values, io);
    // NO_COLOR (no-color.org): set and not empty turns colour off.
    const color = io.isTty && !values['no-color'] && !io.env.NO_COLOR && !values.output;
    const options: FormatOptions = { color, quiet: values.quiet, samples, ...(values.curves ? { curves: values.curves as CurvesMode } : {}) };
    const text = formatWithBaseline(report, outcome, kind, (r, k) => format(r, k, options), { inputs, cwd: io.cwd });
    if (values.output) writeOutput(values.output, io.cwd, text);
    else if (text) io.stdout(`${text}
`);
    return exitCodeFor(report, failOn);
  };
  return {
    hubWanted: values.hub || settings.hub !== undefined,
    lookUpHub: () => lookUpHubSizes(hubRequestsOf(inputs, settings, repo), hubLookupOptions(settings, io.env)),
    finish,
  };
}

/** `--output` into a folder that does not exist is the user's to fix: say so before reviewing anything. */
function checkOutputFolder(path: string, cwd: string): void {
  const folder = dirname(resolve(cwd, path));
  let isFolder = false;
  try {
    isFolder = statSync(folder).isDirectory();
  } catch {
    isFolder = false;
  }
  if (!isFolder) throw new UsageError(`--output ${path}: the folder ${dirname(path)} does not exist (create it first)`);
}

function writeOutput(path: string, cwd: string, text: string): void {
  try {
    writeFileSync(resolve(cwd, path), `${text}\n`);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const why = code === 'EISDIR' ? 'is a folder' : code === 'EACCES' || code === 'EPERM' ? 'permission denied' : code === 'ENOENT' ? 'its folder does not exist' : (err as Error).message;
    throw new UsageError(`--output ${path}: cannot write the report (${why})`);
  }
}

function help(argv: string[], io: Io): number {
  const name = argv[0];
  if (!name) return print(io, HELP);
  const text = COMMAND_HELP[name];
  if (!text) throw new UsageError(`help ${name}: no such command; commands: ${Object.keys(COMMAND_HELP).join(', ')}`);
  return print(io, text);
}

function print(io: Io, text: string): number {
  io.stdout(`${text}\n`);
  return 0;
}

function explain(argv: string[], io: Io): number {
  const name = argv[0];
  if (!name) throw new UsageError(`explain needs a rule id or name: ${RULES.map((r) => r.id).join(', ')}`);
  const rule = findRule(name);
  if (!rule) throw new UsageError(`unknown rule ${name}; known: ${RULES.map((r) => `${r.id} ${r.name}`).join(', ')}`);
  const text = readRuleDoc(rule) ?? `# ${rule.id} ${rule.name}\n\nDefault severity: ${rule.defaultSeverity}\n\n${rule.summary}\n`;
  return print(io, text.trimEnd());
}

function schema(argv: string[], io: Io): number {
  const id = argv[0];
  if (id === 'trainlint-config' || id === 'settings') return print(io, JSON.stringify(settingsSchema, null, 2));
  const dialect = id ? findDialect(id) : undefined;
  if (!dialect) throw new UsageError(`schema needs a dialect: ${DIALECTS.map((d) => d.id).join(', ')}, or trainlint-config`);
  return print(io, JSON.stringify(dialect.schema, null, 2));
}
