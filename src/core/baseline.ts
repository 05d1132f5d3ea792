// Baselines (the habit of checkov's --create-baseline and hadolint's ignore files): a team adopting trainlint
// records today's findings once, and from then on only new findings fail the check. Findings are matched by
// fingerprint (rule, path and key path, not line: spec/report.md), so edits elsewhere in a file keep them
// matched. Pure: the caller reads and writes the file.
import { buildReport, type Report } from './report.ts';
import type { Finding } from './types.ts';

export const DEFAULT_BASELINE_FILE = '.trainlint-baseline.json';

/** One recorded finding. Only the fingerprint matches; the rest tells a reader of the file what it was. */
export interface BaselineEntry {
  fingerprint: string;
  ruleId: string;
  path: string;
  line: number;
  message: string;
}

export interface Baseline {
  version: 1;
  entries: BaselineEntry[];
}

export interface BaselineOutcome {
  /** The report with only the findings the baseline does not hold (these count toward fail-on). */
  report: Report;
  /** Findings the baseline holds: listed as existing, never counted toward fail-on. */
  existing: Finding[];
  /** Entries of reviewed files that no finding matches any more (fixed, or the key was renamed). */
  stale: BaselineEntry[];
  /** Where the baseline was read from, for messages. */
  source: string;
}

const entryOf = (f: Finding): BaselineEntry => ({ fingerprint: f.fingerprint, ruleId: f.ruleId, path: f.path, line: f.line, message: f.message });

/** The baseline of a report: every finding, sorted so the file diffs well. */
export function createBaseline(report: Report): Baseline {
  const entries = report.findings.map(entryOf).sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0) || a.line - b.line || (a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : 0));
  return { version: 1, entries };
}

export function serializeBaseline(baseline: Baseline): string {
  return `${JSON.stringify({ version: baseline.version, tool: 'trainlint', findings: baseline.entries }, null, 2)}\n`;
}

/** Reads a baseline file's text; throws with the file name and what is wrong. */
export function parseBaseline(text: string, source: string): Baseline {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    throw new Error(`${source}: not JSON (${err instanceof Error ? err.message : String(err)}); write it with --write-baseline ${source}`);
  }
  const record = data as { version?: unknown; findings?: unknown } | null;
  if (!record || typeof record !== 'object' || record.version !== 1 || !Array.isArray(record.findings)) {
    throw new Error(`${source}: not a trainlint baseline (expected {"version": 1, "findings": [...]}); write it with --write-baseline ${source}`);
  }
  const entries: BaselineEntry[] = [];
  record.findings.forEach((raw: unknown, i: number) => {
    const e = raw as Partial<BaselineEntry> | null;
    if (!e || typeof e.fingerprint !== 'string' || !e.fingerprint) throw new Error(`${source}: findings[${i}] has no fingerprint`);
    entries.push({
      fingerprint: e.fingerprint,
      ruleId: typeof e.ruleId === 'string' ? e.ruleId : '?',
      path: typeof e.path === 'string' ? e.path : '?',
      line: typeof e.line === 'number' ? e.line : 0,
      message: typeof e.message === 'string' ? e.message : '',
    });
  });
  return { version: 1, entries };
}

/**
 * Splits a report's findings into new and existing. Entries are matched as a multiset (two findings with one
 * fingerprint need two entries). Stale entries are only those of files this run reviewed: reviewing one folder
 * does not make the rest of the baseline stale.
 */
export function applyBaseline(report: Report, baseline: Baseline, source: string): BaselineOutcome {
  const unmatched = new Map<string, BaselineEntry[]>();
  for (const e of baseline.entries) unmatched.set(e.fingerprint, [...(unmatched.get(e.fingerprint) ?? []), e]);
  const fresh: Finding[] = [];
  const existing: Finding[] = [];
  for (const f of report.findings) {
    const left = unmatched.get(f.fingerprint);
    if (left?.length) {
      left.shift();
      existing.push(f);
    } else fresh.push(f);
  }
  const seen = new Set(report.files.map((f) => f.path));
  const stale = [...unmatched.values()].flat().filter((e) => seen.has(e.path));
  return { report: buildReport(report.files, fresh, report.tool.version), existing, stale, source };
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** Plain-text lines for the end of the text report (and the action's log): what the baseline held back. */
export function describeBaseline(outcome: BaselineOutcome): string {
  const lines: string[] = [];
  const { existing, stale, source } = outcome;
  if (existing.length) {
    lines.push(`${plural(existing.length, 'existing finding')} recorded in ${source} (listed, not counted toward fail-on):`);
    for (const f of existing) lines.push(`  ${f.path}:${f.line}:${f.column}: ${f.severity} [${f.ruleId} ${f.rule}] (existing) ${f.message}`);
  } else {
    lines.push(`baseline ${source}: no finding of this run is recorded in it`);
  }
  if (stale.length) {
    lines.push(`${plural(stale.length, 'stale baseline entry', 'stale baseline entries')} in ${source} (no longer found, fixed or moved to another key; run --write-baseline ${source} to drop them):`);
    for (const e of stale) lines.push(`  ${e.path}:${e.line}: [${e.ruleId}] ${e.message}`);
  }
  return lines.join('\n');
}

/** The `baseline` member added to the JSON report. */
export function baselineJson(outcome: BaselineOutcome): Record<string, unknown> {
  return { file: outcome.source, existing: outcome.existing, stale: outcome.stale };
}
