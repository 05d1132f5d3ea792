// `trainlint` command line (spec/cli.md). The only CLI code that touches disk, git, env and stdout.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import pkg from '../../package.json' with { type: 'json' };
import settingsSchema from '../../schemas/trainlint-config.schema.json' with { type: 'json' };
import { DIALECTS, findDialect } from '../dialects/index.ts';
import { globToRegExp, matchesAny } from '../core/glob.ts';
import { toJsonReport, type Report } from '../core/report.ts';
import { review, type ReviewInput } from '../core/review.ts';
import { DEFAULT_SETTINGS, settingsFromText, type Settings } from '../core/settings.ts';
import { findRule, RULES } from '../rules/index.ts';
import { renderMarkdown } from '../render/markdown.ts';
import { renderSarif } from '../render/sarif.ts';
import { renderText } from '../render/text.ts';
import { renderWorkflowCommands } from '../render/workflow-commands.ts';
import { plotCommand } from './plot.ts';
import { workTreeView } from './repo-view.ts';
import { discover, isRegularFile, readAtRef, readCapped } from './files.ts';
import { BASELINE_OPTIONS, formatWithBaseline, withBaseline } from './baseline-option.ts';
import { asDiscovered, IGNORE_UNKNOWN_OPTION } from './ignore-unknown.ts';

export const VERSION: string = pkg.version;

export class UsageError extends Error {}

const HELP = `trainlint ${VERSION}: reviews ML training configs and their learning-rate schedules

Usage:
  trainlint [check] [PATH|GLOB ...]   review files (default: discover training configs under .)
      --base REF                      also review each file as it was at git REF and compare
      --format text|json|markdown|sarif|github   (default text)
      --output FILE                   write the report to FILE instead of stdout
      --fail-on error|warning|info|never          lowest severity that exits 1 (default error)
      --config FILE                   project settings (default .trainlint.yml if present)
      --baseline FILE                 findings recorded in FILE are listed as existing, not counted
                                      (default .trainlint-baseline.json if present)
      --write-baseline FILE           record every finding of this run in FILE
      -u, --ignore-unknown            skip named files that are not training configs (for hooks)
      --no-color
  trainlint plot FILE [--base REF] [--width N] [--height N] [--config FILE] [--format json [--at STEP,...]]
  trainlint explain RULE              a rule's documentation (id or name)
  trainlint schema DIALECT            a dialect's JSON Schema (${DIALECTS.map((d) => d.id).join(', ')})
  trainlint --version | --help

Exit codes: 0 nothing at or above --fail-on, 1 findings at or above it, 2 usage error or internal failure.`;

export interface Io {
  cwd: string;
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  isTty: boolean;
  env: Record<string, string | undefined>;
}

export function loadSettings(path: string | undefined, cwd: string): Settings {
  const file = resolve(cwd, path ?? '.trainlint.yml');
  if (!existsSync(file)) {
    if (path) throw new UsageError(`--config ${path}: file not found`);
    return DEFAULT_SETTINGS;
  }
  try {
    return settingsFromText(readCapped(file), path ?? '.trainlint.yml');
  } catch (err) {
    throw new UsageError(err instanceof Error ? err.message : String(err));
  }
}

const GLOB_CHARS = /[*?]/;

/** What to review: explicit files, directories (discovered), globs (matched against discovery of `.`). */
export function collectInputs(targets: string[], settings: Settings, cwd: string): Array<{ path: string; explicit: boolean }> {
  const out = new Map<string, boolean>();
  const add = (path: string, explicit: boolean) => out.set(path, (out.get(path) ?? false) || explicit);
  const roots = targets.length ? targets : ['.'];
  for (const target of roots) {
    if (GLOB_CHARS.test(target)) {
      const re = globToRegExp(target.replace(/^\.\//, ''));
      for (const p of discover('.', cwd, settings.ignore)) if (re.test(p)) add(p, false);
    } else if (isRegularFile(resolve(cwd, target))) {
      add(target.replace(/^\.\//, ''), true);
    } else if (existsSync(resolve(cwd, target))) {
      for (const p of discover(target, cwd, settings.ignore)) add(p, false);
    } else {
      throw new UsageError(`${target}: no such file or directory`);
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

export function format(report: Report, kind: string, color: boolean): string {
  switch (kind) {
    case 'json':
      return JSON.stringify(toJsonReport(report), null, 2);
    case 'markdown':
      return renderMarkdown(report);
    case 'sarif':
      return renderSarif(report);
    case 'github':
      return renderWorkflowCommands(report);
    case 'text':
      return renderText(report, { color, charts: true });
    default:
      throw new UsageError(`--format ${kind}: expected text, json, markdown, sarif or github`);
  }
}

const SEVERITY_RANK = { info: 0, warning: 1, error: 2 } as const;

export function exitCodeFor(report: Report, failOn: Settings['failOn']): 0 | 1 {
  if (failOn === 'never') return 0;
  return report.findings.some((f) => SEVERITY_RANK[f.severity] >= SEVERITY_RANK[failOn]) ? 1 : 0;
}

export function run(argv: string[], io: Io): number {
  try {
    return dispatch(argv, io);
  } catch (err) {
    if (err instanceof UsageError) {
      io.stderr(`trainlint: ${err.message}\n`);
      return 2;
    }
    io.stderr(`trainlint: internal error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    return 2;
  }
}

function dispatch(argv: string[], io: Io): number {
  const [first, ...rest] = argv;
  if (first === 'explain') return explain(rest, io);
  if (first === 'schema') return schema(rest, io);
  if (first === 'plot') return plotCommand(rest, io);
  return check(first === 'check' ? rest : argv, io);
}

/** node's parseArgs, with its complaints turned into usage errors (exit 2). */
export function parseOptions<T extends ParseArgsConfig['options']>(args: string[], options: T) {
  try {
    return parseArgs({ args, allowPositionals: true, options, strict: true });
  } catch (err) {
    throw new UsageError(err instanceof Error ? err.message : String(err));
  }
}

function check(argv: string[], io: Io): number {
  const parsed = parseOptions(argv, {
    base: { type: 'string' },
    format: { type: 'string', default: 'text' },
    output: { type: 'string' },
    'fail-on': { type: 'string' },
    config: { type: 'string' },
    'no-color': { type: 'boolean', default: false },
    version: { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h', default: false },
    ...BASELINE_OPTIONS,
    ...IGNORE_UNKNOWN_OPTION,
});
  const { values, positionals } = parsed;
  if (values.help) return print(io, HELP);
  if (values.version) return print(io, VERSION);
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
  const { report, outcome } = withBaseline(review(inputs, { settings, toolVersion: VERSION, repo: workTreeView(io.cwd) }), values, io);
  const color = io.isTty && !values['no-color'] && !io.env.NO_COLOR && !values.output;
  const text = formatWithBaseline(report, outcome, values.format ?? 'text', color, format, { inputs, cwd: io.cwd });
  if (values.output) writeFileSync(resolve(io.cwd, values.output), `${text}\n`);
  else io.stdout(`${text}\n`);
  return exitCodeFor(report, failOn);
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
  // dist/index.js and src/cli/main.ts sit at different depths below the repository's docs/.
  const pages = ['../docs/rules/', '../../docs/rules/'].map((dir) => new URL(`${dir}${rule.id}-${rule.name}.md`, import.meta.url));
  let text = `# ${rule.id} ${rule.name}\n\nDefault severity: ${rule.defaultSeverity}\n\n${rule.summary}\n`;
  const page = pages.find((p) => existsSync(p));
  if (page) text = readFileSync(page, 'utf8');
  return print(io, text.trimEnd());
}

function schema(argv: string[], io: Io): number {
  const id = argv[0];
  if (id === 'trainlint-config' || id === 'settings') return print(io, JSON.stringify(settingsSchema, null, 2));
  const dialect = id ? findDialect(id) : undefined;
  if (!dialect) throw new UsageError(`schema needs a dialect: ${DIALECTS.map((d) => d.id).join(', ')}, or trainlint-config`);
  return print(io, JSON.stringify(dialect.schema, null, 2));
}
