// The terminal format: `path:line:col: severity [rule-id] message`, the fix indented, then each file's curve.
import type { Report } from '../core/report.ts';
import type { Finding } from '../core/types.ts';
import { chartFor } from './file-chart.ts';
import { milestoneRows } from './table.ts';

export interface TextOptions {
  color: boolean;
  charts: boolean;
  width?: number;
  height?: number;
}

const COLORS = { error: '\u001b[31m', warning: '\u001b[33m', info: '\u001b[36m', dim: '\u001b[2m', bold: '\u001b[1m', reset: '\u001b[0m' };

/** Terminal control characters from a config must not reach the terminal. */
function clean(text: string): string {
  return text.replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, '?');
}

export function findingLine(f: Finding, color: boolean): string {
  const paint = (c: keyof typeof COLORS, s: string) => (color ? `${COLORS[c]}${s}${COLORS.reset}` : s);
  const head = `${clean(f.path)}:${f.line}:${f.column}: ${paint(f.severity, f.severity)} [${f.ruleId} ${f.rule}] ${clean(f.message)}`;
  return f.fix ? `${head}\n    ${paint('dim', 'fix:')} ${clean(f.fix.description)}` : head;
}

/** A file's name, with the config's for a file that holds several (`config_registry.py::llama3_8b`). */
function fileName(f: Report['files'][number]): string {
  return f.config === undefined ? f.path : `${f.path}::${f.config}`;
}

/** `59 not simulated, 2 unparsed`: the files left out of the count, by why. */
function notReviewed(files: readonly Report['files'][number][]): string {
  const counts = new Map<string, number>();
  for (const f of files) counts.set(f.status, (counts.get(f.status) ?? 0) + 1);
  return [...counts].map(([status, n]) => `${n} ${status.replace(/-/g, ' ')}`).join(', ');
}

export function renderText(report: Report, options: TextOptions): string {
  const paint = (c: keyof typeof COLORS, s: string) => (options.color ? `${COLORS[c]}${s}${COLORS.reset}` : s);
  const out: string[] = [];
  for (const f of report.findings) out.push(findingLine(f, options.color));
  if (options.charts) {
    for (const file of report.files) {
      if (file.status !== 'reviewed' || !file.head) continue;
      out.push('', paint('bold', `${clean(fileName(file))} (${file.dialect}, ${file.semantics})`));
      const chart = chartFor(file, { head: file.base ? 'this version' : 'LR', base: 'base' }, options);
      if (chart) out.push(chart);
      for (const row of milestoneRows(file)) out.push(`  ${row.label.padEnd(20)} ${file.base ? `${clean(row.before)} -> ` : ''}${clean(row.after)}`);
      for (const a of file.head.plan.assumptions) out.push(`  assumption: ${clean(a)}`);
    }
  }
  const unreviewed = report.files.filter((f) => f.status !== 'reviewed');
  for (const f of unreviewed) out.push(`${clean(fileName(f))}: ${f.status}${f.note ? ` (${clean(f.note)})` : ''}`);
  const s = report.summary;
  out.push(
    '',
    `${s.errors} error${s.errors === 1 ? '' : 's'}, ${s.warnings} warning${s.warnings === 1 ? '' : 's'}, ${s.infos} info in ${s.reviewed} reviewed training config${s.reviewed === 1 ? '' : 's'}` +
      (s.skipped ? ` (${notReviewed(unreviewed)})` : ''),
  );
  return out.join('\n');
}
