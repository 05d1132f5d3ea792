// `--baseline FILE` / `--write-baseline FILE` for `trainlint check`: the file I/O and output around the pure
// core/baseline.ts. Kept out of main.ts so the command's option parsing only names the two flags.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { applyBaseline, baselineJson, createBaseline, DEFAULT_BASELINE_FILE, describeBaseline, parseBaseline, serializeBaseline, type BaselineOutcome } from '../core/baseline.ts';
import type { Report } from '../core/report.ts';
import { renderSarif } from '../render/sarif.ts';
import { UsageError, type Io } from './command.ts';
import { safeGitArgs, safeGitEnv } from '../core/git-safety.ts';
import { childProcess } from './child-process.ts';
import { readRuleDoc } from './rule-docs.ts';

export const BASELINE_OPTIONS = {
  baseline: { type: 'string' },
  'write-baseline': { type: 'string' },
} as const;

export interface BaselineFlags {
  baseline?: string | undefined;
  'write-baseline'?: string | undefined;
}

/**
 * `--write-baseline FILE` records every finding of this run in FILE (and so the run reports them all as existing);
 * `--baseline FILE`, or `.trainlint-baseline.json` when present, holds back the findings it records.
 */
export function withBaseline(report: Report, flags: BaselineFlags, io: Io): { report: Report; outcome?: BaselineOutcome } {
  const write = flags['write-baseline'];
  if (write) {
    const baseline = createBaseline(report);
    writeFileSync(resolve(io.cwd, write), serializeBaseline(baseline));
    io.stderr(`trainlint: wrote ${baseline.entries.length} finding${baseline.entries.length === 1 ? '' : 's'} to ${write}\n`);
    const outcome = applyBaseline(report, baseline, write);
    return { report: outcome.report, outcome };
  }
  const path = flags.baseline ?? (existsSync(resolve(io.cwd, DEFAULT_BASELINE_FILE)) ? DEFAULT_BASELINE_FILE : undefined);
  if (!path) return { report };
  const file = resolve(io.cwd, path);
  if (!existsSync(file)) throw new UsageError(`--baseline ${path}: file not found (create it with --write-baseline ${path})`);
  let outcome: BaselineOutcome;
  try {
    outcome = applyBaseline(report, parseBaseline(readFileSync(file, 'utf8'), path), path);
  } catch (err) {
    throw new UsageError(err instanceof Error ? err.message : String(err));
  }
  return { report: outcome.report, outcome };
}

/** The working directory relative to the repository root (SARIF paths are relative to the root); '' outside git. */
function repoPrefix(cwd: string): string {
  const r = childProcess().spawnSync('git', safeGitArgs(['rev-parse', '--show-prefix']), { cwd, env: safeGitEnv(), encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  return r.status === 0 ? r.stdout.trim() : '';
}

/**
 * The report in `kind`, with what a baseline held back: listed in text, a `baseline` member in JSON, `baselineState` in
 * SARIF. SARIF is written here (not by `format`) because its fixes and paths need the files' texts and the repository root.
 */
export function formatWithBaseline(
  report: Report,
  outcome: BaselineOutcome | undefined,
  kind: string,
  format: (report: Report, kind: string) => string,
  context: { inputs: ReadonlyArray<{ path: string; text: string }>; cwd: string },
): string {
  if (kind === 'sarif') {
    const texts = new Map(context.inputs.map((i) => [i.path, i.text]));
    return renderSarif(report, { ruleDoc: readRuleDoc, texts, prefix: repoPrefix(context.cwd), ...(outcome ? { existing: outcome.existing } : {}) });
  }
  if (!outcome) return format(report, kind);
  switch (kind) {
    case 'json':
      return JSON.stringify({ ...(JSON.parse(format(report, kind)) as object), baseline: baselineJson(outcome) }, null, 2);
    case 'github':
      return `${format(report, kind)}\n::notice title=trainlint baseline::${describeBaseline(outcome).split('\n')[0]}`.trimStart();
    default:
      return `${format(report, kind)}\n\n${describeBaseline(outcome)}`;
  }
}
