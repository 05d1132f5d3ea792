// The terminal format. Read top to bottom: the findings (`path:line:col: severity [rule-id] message`, the fix
// indented), then the curves of the files that need a look, then one line per file and the totals, so that a run
// over hundreds of configs stays a page of findings and a list, not hundreds of charts.
import { formatValue } from '../core/access.ts';
import type { FileReport, Report } from '../core/report.ts';
import type { Finding } from '../core/types.ts';
import { chartFor } from './file-chart.ts';
import { milestoneRows } from './table.ts';

/** Which files get their curve: every reviewed file, the files with an error or a warning, or none. */
export type CurvesMode = 'all' | 'findings' | 'none';
export const CURVES_MODES: readonly CurvesMode[] = ['all', 'findings', 'none'];

export interface TextOptions {
  color: boolean;
  /** Default: `all` when the report has one file (`trainlint check FILE` shows its curve), else `findings`. */
  curves?: CurvesMode;
  /** Findings only: no curves, no file list, no totals (pre-commit hooks, editors). */
  quiet?: boolean;
  width?: number;
  height?: number;
}

const COLORS = { error: '\u001b[31m', warning: '\u001b[33m', info: '\u001b[36m', ok: '\u001b[32m', dim: '\u001b[2m', bold: '\u001b[1m', reset: '\u001b[0m' };
type Paint = (c: keyof typeof COLORS, s: string) => string;
const painter = (color: boolean): Paint => (c, s) => (color ? `${COLORS[c]}${s}${COLORS.reset}` : s);

/** Terminal control characters from a config must not reach the terminal. */
function clean(text: string): string {
  return text.replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, '?');
}

export function findingLine(f: Finding, color: boolean): string {
  const paint = painter(color);
  const head = `${clean(f.path)}:${f.line}:${f.column}: ${paint(f.severity, f.severity)} [${f.ruleId} ${f.rule}] ${clean(f.message)}`;
  return f.fix ? `${head}\n    ${paint('dim', 'fix:')} ${clean(f.fix.description)}` : head;
}

/** A file's name, with the config's for a file that holds several (`config_registry.py::llama3_8b`). */
function fileName(f: Pick<FileReport, 'path' | 'config'>): string {
  return f.config === undefined ? f.path : `${f.path}::${f.config}`;
}

/** Findings go with the report entry of their config, in a file of several configs. */
const fileKey = (f: Pick<FileReport, 'path' | 'config'>) => `${f.path}\u0000${f.config ?? ''}`;
const findingKey = (f: Finding) => fileKey({ path: f.path, ...(typeof f.data.config === 'string' ? { config: f.data.config } : {}) });

const SEVERITY_RANK = { error: 0, warning: 1, info: 2 } as const;
const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

interface Counts {
  error: number;
  warning: number;
  info: number;
}

function countsByPath(findings: readonly Finding[]): Map<string, Counts> {
  const out = new Map<string, Counts>();
  for (const f of findings) {
    const c = out.get(findingKey(f)) ?? { error: 0, warning: 0, info: 0 };
    c[f.severity]++;
    out.set(findingKey(f), c);
  }
  return out;
}

/** `1 error, 2 warnings`, or `no findings`. */
function countsText(c: Counts | undefined): string {
  if (!c) return 'no findings';
  const parts = [c.error ? plural(c.error, 'error') : '', c.warning ? plural(c.warning, 'warning') : '', c.info ? `${c.info} info` : ''];
  return parts.filter(Boolean).join(', ') || 'no findings';
}

/** `peak 3e-3, 600000 steps, 300000 at LR <= 0`, with `before -> after` where the base differs. */
export function curveSummary(file: FileReport): string {
  const head = file.head;
  if (!head) return '';
  const base = file.base;
  const change = (before: string | undefined, after: string) => (before !== undefined && before !== after ? `${before} -> ${after}` : after);
  const parts = [
    `peak ${change(base ? formatValue(base.curve.peakLr) : undefined, formatValue(head.curve.peakLr))}`,
    `${change(base ? String(base.plan.schedule.totalSteps) : undefined, String(head.plan.schedule.totalSteps))} steps`,
  ];
  const idle = head.curve.zeroLrSteps;
  if (idle > 0) parts.push(`${idle} at LR 0`);
  else if (head.curve.finalLr < 0) parts.push('LR below 0 at the end');
  return parts.join(', ');
}

function fileLine(file: FileReport, counts: Counts | undefined, width: { path: number; dialect: number }, paint: Paint): string {
  // A file with no curve can still have an error or a warning (an LR the framework ignores): its row says so first.
  const flaggedWithoutCurve = file.status !== 'reviewed' && !!(counts?.error || counts?.warning);
  const [glyph, tone]: [string, keyof typeof COLORS] =
    file.status !== 'reviewed' && !flaggedWithoutCurve ? ['-', 'dim'] : counts?.error ? ['x', 'error'] : counts?.warning ? ['!', 'warning'] : counts?.info ? ['i', 'info'] : ['ok', 'ok'];
  const head = `  ${paint(tone, glyph.padEnd(2))} ${clean(fileName(file)).padEnd(width.path)}  ${(file.dialect ?? '').padEnd(width.dialect)}`;
  if (file.status !== 'reviewed') return `${head} ${flaggedWithoutCurve ? `${countsText(counts).padEnd(16)} ` : ''}${paint('dim', `${file.status.replace(/-/g, ' ')}${file.note ? `: ${gist(clean(file.note))}` : ''}`)}`;
  const curve = file.head ? curveSummary(file) : 'no curve (the schedule could not be simulated)';
  return `${head} ${countsText(counts).padEnd(16)} ${paint('dim', curve)}`;
}

/** A note's first clause (`no scheduler block`), for a one-line list; the whole note is in the JSON report. */
function gist(note: string, max = 100): string {
  const cut = note.search(/: | \(|; /);
  if (cut >= 15 && cut <= max) return note.slice(0, cut);
  return note.length <= max ? note : `${note.slice(0, max - 3).trimEnd()}...`;
}

/** `59 not simulated, 2 unparsed`: the files left out of the count, by why. */
function notReviewed(files: readonly FileReport[]): string {
  const counts = new Map<string, number>();
  for (const f of files) counts.set(f.status, (counts.get(f.status) ?? 0) + 1);
  return [...counts].map(([status, n]) => `${n} ${status.replace(/-/g, ' ')}`).join(', ');
}

function curveBlock(file: FileReport, options: TextOptions, paint: Paint): string[] {
  const out = ['', paint('bold', `${clean(fileName(file))} (${file.dialect}, ${file.semantics})`)];
  const chart = chartFor(file, { head: file.base ? 'this version' : 'LR', base: 'base' }, options);
  if (chart) out.push(chart);
  for (const row of milestoneRows(file)) out.push(`  ${row.label.padEnd(20)} ${file.base ? `${clean(row.before)} -> ` : ''}${clean(row.after)}`);
  for (const a of file.head!.plan.assumptions) out.push(`  assumption: ${clean(a)}`);
  return out;
}

export function renderText(report: Report, options: TextOptions): string {
  const paint = painter(options.color);
  // Over several files the errors come first, then the warnings, then the infos (each in path order): the lines that
  // fail the check are the first a reader sees, not somewhere among hundreds of infos.
  const findings = report.files.length > 1 ? [...report.findings].sort((a, b) => SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity]) : report.findings;
  const out: string[] = findings.map((f) => findingLine(f, options.color));
  if (options.quiet) return out.join('\n');
  const counts = countsByPath(report.findings);
  const mode: CurvesMode = options.curves ?? (report.files.length === 1 ? 'all' : 'findings');
  const flagged = (f: FileReport) => Boolean(counts.get(fileKey(f))?.error || counts.get(fileKey(f))?.warning);
  // Files with errors first (reviewed or not), then warnings, infos, clean ones and those not reviewed, each group in path order.
  const rank = (f: FileReport) => {
    const c = counts.get(fileKey(f));
    return c?.error ? 0 : c?.warning ? 1 : f.status !== 'reviewed' ? 4 : c?.info ? 2 : 3;
  };
  const files = [...report.files].sort((a, b) => rank(a) - rank(b));
  const drawn = files.filter((f) => f.status === 'reviewed' && f.head && (mode === 'all' || (mode === 'findings' && flagged(f))));
  for (const file of drawn) out.push(...curveBlock(file, options, paint));
  // One line per file, in the same order.
  if (report.files.length > 1) {
    const width = { path: Math.min(70, Math.max(...files.map((f) => clean(fileName(f)).length))), dialect: Math.max(...files.map((f) => (f.dialect ?? '').length)) };
    out.push('', paint('bold', 'Files'));
    for (const f of files) out.push(fileLine(f, counts.get(fileKey(f)), width, paint));
  } else {
    for (const f of report.files.filter((f) => f.status !== 'reviewed')) out.push(`${clean(fileName(f))}: ${f.status}${f.note ? ` (${clean(f.note)})` : ''}`);
  }
  const s = report.summary;
  const unreviewed = report.files.filter((f) => f.status !== 'reviewed');
  const hidden = mode === 'findings' ? report.files.filter((f) => f.status === 'reviewed' && f.head && !flagged(f)).length : 0;
  out.push(
    '',
    `${plural(s.errors, 'error')}, ${plural(s.warnings, 'warning')}, ${s.infos} info in ${s.reviewed} reviewed training config${s.reviewed === 1 ? '' : 's'}` +
      (s.skipped ? ` (${notReviewed(unreviewed)})` : '') +
      (hidden && drawn.length + hidden > 1 ? paint('dim', `; --curves all also draws the ${hidden} other curve${hidden === 1 ? '' : 's'}`) : ''),
  );
  return out.join('\n');
}
