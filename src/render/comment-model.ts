// The PR comment's rows before any markdown: one entry per file (reviewed or not), grouped where files say the same
// thing (same status, framework, curve change and findings), sorted by severity. A group is what the summary table
// shows as one row and what gets one section.
import type { FileReport, Report } from '../core/report.ts';
import type { Finding } from '../core/types.ts';
import { curveChange } from './curve-change.ts';

export const RANK = { error: 0, warning: 1, info: 2 } as const;
/** Findings that say what the summary table and the changed rows already say (TL202 schedule-changed). */
const REPEATS_THE_TABLE = new Set(['TL202']);

export interface Entry {
  file: FileReport;
  /** Findings shown for the file: all but those that repeat the table. */
  findings: Finding[];
  /** 0 error, 1 warning, 2 info, 3 none. */
  worst: number;
  change: { text: string; changed: boolean } | null;
}

export interface Group {
  entries: Entry[];
  worst: number;
  /** A section below the table: a finding to show, or a curve that changed. */
  hasSection: boolean;
}

export function worstRank(findings: Finding[]): number {
  return Math.min(3, ...findings.map((f) => RANK[f.severity]));
}

/** What the file's row says in the curve column when it was not reviewed. */
export function statusText(file: FileReport): string {
  switch (file.status) {
    case 'unparsed':
      return 'not parsed';
    case 'unknown-dialect':
      return 'unknown format';
    case 'not-simulated':
      return 'not simulated';
    case 'not-a-training-config':
      return 'not a training config';
    case 'skipped':
      return 'skipped';
    default:
      return '';
  }
}

function signature(e: Entry): string {
  const findings = e.findings.map((f) => [f.ruleId, f.severity, f.message, f.fix?.description ?? ''].join('\u0001'));
  return [e.file.status, e.file.dialect ?? '', e.file.note ?? '', e.change?.text ?? '', ...findings].join('\u0002');
}

function byPath(a: Entry, b: Entry): number {
  const x = fileName(a.file);
  const y = fileName(b.file);
  return x < y ? -1 : x > y ? 1 : 0;
}

/** A file's name, with the config's for a file that holds several (a torchtitan registry: `config_registry.py::llama3_8b`). */
export function fileName(file: Pick<FileReport, 'path' | 'config'>): string {
  return file.config === undefined ? file.path : `${file.path}::${file.config}`;
}

/** Findings go with the report entry of their config, in a file of several configs. */
const fileKey = (path: string, config: string | undefined) => `${path}\u0000${config ?? ''}`;
const findingKey = (f: Finding) => fileKey(f.path, typeof f.data.config === 'string' ? f.data.config : undefined);

export function buildGroups(report: Report): Group[] {
  const byFile = new Map<string, Finding[]>();
  for (const f of report.findings) byFile.set(findingKey(f), [...(byFile.get(findingKey(f)) ?? []), f]);
  const entries: Entry[] = report.files.map((file) => {
    const findings = (byFile.get(fileKey(file.path, file.config)) ?? [])
      .filter((f) => !REPEATS_THE_TABLE.has(f.ruleId))
      .sort((a, b) => RANK[a.severity] - RANK[b.severity] || a.line - b.line);
    return { file, findings, worst: worstRank(findings), change: file.status === 'reviewed' ? curveChange(file) : null };
  });
  const groups = new Map<string, Entry[]>();
  for (const e of entries.sort(byPath)) {
    const key = signature(e);
    groups.set(key, [...(groups.get(key) ?? []), e]);
  }
  const reviewedFirst = (g: Group) => (g.entries[0]!.file.status === 'reviewed' ? 0 : 1);
  return [...groups.values()]
    .map((list) => {
      const first = list[0]!;
      return { entries: list, worst: first.worst, hasSection: first.findings.length > 0 || first.change?.changed === true };
    })
    .sort((a, b) => a.worst - b.worst || Number(b.hasSection) - Number(a.hasSection) || reviewedFirst(a) - reviewedFirst(b) || b.entries.length - a.entries.length || byPath(a.entries[0]!, b.entries[0]!));
}

/** `configs/sweep/lr_*.yaml`: the paths of a group as one pattern (their common start and end around a `*`). */
export function pathPattern(paths: string[]): string {
  if (paths.length === 1) return paths[0]!;
  let prefix = paths[0]!;
  let suffix = paths[0]!;
  for (const p of paths) {
    while (!p.startsWith(prefix)) prefix = prefix.slice(0, -1);
    while (!p.endsWith(suffix)) suffix = suffix.slice(1);
  }
  // The star stands for whole name parts: `lr_*.yaml`, not `lr_0*.yaml` for lr_0000 ... lr_0999.
  prefix = prefix.replace(/[A-Za-z0-9]+$/, '');
  suffix = suffix.replace(/^[A-Za-z0-9]+/, '');
  const shortest = Math.min(...paths.map((p) => p.length));
  if (prefix.length + suffix.length > shortest) suffix = suffix.slice(prefix.length + suffix.length - shortest);
  return `${prefix}*${suffix}`;
}
