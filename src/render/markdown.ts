// The pull-request comment (spec/comment.md), also `--format markdown` and the job summary.
// Everything from a config goes through escape.ts; the size limit is met by dropping the least
// severe detail first and saying what was left out.
import type { FileReport, Report } from '../core/report.ts';
import type { Finding } from '../core/types.ts';
import { findRule } from '../rules/index.ts';
import { docsUrl } from '../rules/rule.ts';
import { code, escapeMarkdown, inlineMarkdown } from './escape.ts';
import { BASE_GLYPH, chartFor, HEAD_GLYPH } from './file-chart.ts';
import { milestoneRows } from './table.ts';

export const COMMENT_MARKER = '<!-- trainlint:comment -->';
export const COMMENT_LIMIT = 65_536;

export interface MarkdownOptions {
  /** Where the full report can be read when the comment had to be shortened. */
  fullReportHint?: string;
  /** Extra lines under the verdict (e.g. "PR has more than 3000 files"). */
  notices?: string[];
  limit?: number;
}

const ICON = { error: '❌', warning: '⚠️', info: 'ℹ️' } as const;
const RANK = { error: 0, warning: 1, info: 2 } as const;

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

export function verdictLine(report: Report): string {
  const s = report.summary;
  const icon = s.errors ? '❌' : s.warnings ? '⚠️' : '✅';
  return `${icon} **trainlint**: ${plural(s.errors, 'error')}, ${plural(s.warnings, 'warning')}, ${s.infos} info in ${plural(s.reviewed, 'training config')} reviewed`;
}

export function findingMarkdown(f: Finding): string {
  const rule = findRule(f.ruleId);
  const link = rule ? `[${f.ruleId} ${f.rule}](${docsUrl(rule)})` : `${f.ruleId} ${f.rule}`;
  const lines = [`> ${ICON[f.severity]} **${f.severity}** ${link} ${code(`${f.path}:${f.line}`)} ${inlineMarkdown(f.message)}`];
  if (f.fix) lines.push(`> **Fix:** ${inlineMarkdown(f.fix.description)}`);
  return lines.join('\n');
}

interface Detail {
  charts: boolean;
  /** Lowest severity whose findings are written out in full. */
  minSeverity: keyof typeof RANK;
}

function fileSection(file: FileReport, findings: Finding[], detail: Detail): string {
  const parts: string[] = [];
  const semantics = file.semantics ? ` · follows ${escapeMarkdown(file.semantics)}` : '';
  const added = file.baseStatus === 'added' ? ' · new file' : '';
  parts.push(`### ${code(file.path)}`, `${escapeMarkdown(file.dialect ?? 'unknown')}${semantics}${added}`);
  if (detail.charts) {
    const chart = chartFor(file, { head: 'this PR', base: 'base' });
    if (chart) parts.push('```text', chart, '```');
  }
  const rows = milestoneRows(file);
  if (rows.length) {
    const compared = file.baseStatus !== 'not-compared';
    parts.push(compared ? '| | base | this PR |' : '| | value |', compared ? '|---|---|---|' : '|---|---|');
    for (const row of rows) {
      const after = row.alarming || row.changed ? `**${inlineMarkdown(row.after)}**` : inlineMarkdown(row.after);
      parts.push(compared ? `| ${row.label} | ${inlineMarkdown(row.before)} | ${after} |` : `| ${row.label} | ${after} |`);
    }
  }
  const shown = findings.filter((f) => RANK[f.severity] <= RANK[detail.minSeverity]).sort((a, b) => RANK[a.severity] - RANK[b.severity] || a.line - b.line);
  if (shown.length) parts.push('', shown.map(findingMarkdown).join('\n\n'));
  const hidden = findings.length - shown.length;
  if (hidden) parts.push('', `_${plural(hidden, 'lower-severity finding')} left out to fit the comment size limit._`);
  if (!findings.length) parts.push('', 'No findings.');
  return parts.join('\n');
}

function unreviewedSection(files: FileReport[]): string {
  if (!files.length) return '';
  const lines = files.map((f) => `- ${code(f.path)}: ${f.status}${f.note ? `: ${inlineMarkdown(f.note)}` : ''}`);
  return ['### Not reviewed', ...lines].join('\n');
}

function worstRank(findings: Finding[]): number {
  return Math.min(3, ...findings.map((f) => RANK[f.severity]));
}

export function renderMarkdown(report: Report, options: MarkdownOptions = {}): string {
  const limit = options.limit ?? COMMENT_LIMIT;
  const byFile = new Map<string, Finding[]>();
  for (const f of report.findings) byFile.set(f.path, [...(byFile.get(f.path) ?? []), f]);
  const reviewed = report.files
    .filter((f) => f.status === 'reviewed')
    .sort((a, b) => worstRank(byFile.get(a.path) ?? []) - worstRank(byFile.get(b.path) ?? []) || (a.path < b.path ? -1 : 1));
  const unreviewed = report.files.filter((f) => f.status !== 'reviewed');

  // Levels of detail, richest first; the first that fits is used.
  const levels: Array<{ detail: Detail; note?: string }> = [
    { detail: { charts: true, minSeverity: 'info' } },
    { detail: { charts: true, minSeverity: 'warning' }, note: 'info findings' },
    { detail: { charts: true, minSeverity: 'error' }, note: 'info and warning findings' },
    { detail: { charts: false, minSeverity: 'error' }, note: 'charts, info and warning findings' },
  ];
  const header = [COMMENT_MARKER, verdictLine(report), ...(options.notices ?? []).map((n) => `> ${escapeMarkdown(n)}`)].join('\n\n');
  const legend = `<sub>Curves: ${HEAD_GLYPH} this PR, ${BASE_GLYPH} base; steps are optimizer updates. Run \`npx trainlint --base <ref>\` locally for the same review.</sub>`;
  for (const { detail, note } of levels) {
    const sections = [header, ...reviewed.map((f) => fileSection(f, byFile.get(f.path) ?? [], detail)), unreviewedSection(unreviewed)];
    if (note) sections.push(`_Shortened to fit GitHub's comment limit: ${note} left out${options.fullReportHint ? `; the full report is in ${escapeMarkdown(options.fullReportHint)}` : ''}._`);
    sections.push(legend);
    const body = sections.filter(Boolean).join('\n\n');
    if (body.length <= limit) return body;
  }
  // Still too long (thousands of files): list files and errors only, cut at the limit.
  const tail = `\n\n_Truncated: ${plural(report.files.length, 'file')} reviewed; the full report is in ${escapeMarkdown(options.fullReportHint ?? 'the job summary')}._`;
  const errors = report.findings.filter((f) => f.severity === 'error').map(findingMarkdown);
  let body = [header, ...errors].join('\n\n');
  if (body.length + tail.length > limit) body = body.slice(0, limit - tail.length - 1).replace(/\n[^\n]*$/, '');
  return body + tail;
}
