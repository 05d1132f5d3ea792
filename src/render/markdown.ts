// The pull-request comment (spec/comment.md), also `--format markdown` and the job summary.
// Everything from a config goes through escape.ts. The size limit is met by shortening the
// lowest-severity sections first (clean files, then info-only, then warnings, errors last): each
// file section loses its info findings, then its chart, then its table, then shrinks to one line;
// what was left out is said, with where the full report is.
import type { FileReport, Report } from '../core/report.ts';
import type { Finding } from '../core/types.ts';
import { findRule } from '../rules/index.ts';
import { docsUrl } from '../rules/rule.ts';
import { code, escapeMarkdown, inlineMarkdown } from './escape.ts';
import { BASE_GLYPH, chartFor, epochAxis, HEAD_GLYPH } from './file-chart.ts';
import { milestoneRows } from './table.ts';

export const COMMENT_MARKER = '<!-- trainlint:comment -->';
export const COMMENT_LIMIT = 65_536;

export interface MarkdownOptions {
  /** Where the full report can be read when the comment had to be shortened. */
  fullReportHint?: string;
  /** Extra lines under the verdict (e.g. "PR has more than 3000 files"); `backtick spans` render as code. */
  notices?: string[];
  limit?: number;
}

const ICON = { error: '❌', warning: '⚠️', info: 'ℹ️' } as const;
const RANK = { error: 0, warning: 1, info: 2 } as const;
const SEPARATOR = '\n\n';

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
  const link = rule ? `[${f.ruleId} ${f.rule}](${docsUrl(rule)})` : `${f.ruleId} ${escapeMarkdown(f.rule)}`;
  const lines = [`> ${ICON[f.severity]} **${f.severity}** ${link} ${code(`${f.path}:${f.line}`)} ${inlineMarkdown(f.message)}`];
  if (f.fix) lines.push(`> **Fix:** ${inlineMarkdown(f.fix.description)}`);
  return lines.join('\n');
}

/**
 * Detail of one file section: 0 everything; 1 without info findings; 2 also without the chart;
 * 3 heading and the findings that are errors only; 4 one line in the "also reviewed" list.
 */
type Level = 0 | 1 | 2 | 3 | 4;

interface Section {
  file: FileReport;
  findings: Finding[];
  /** 0 error, 1 warning, 2 info, 3 none. */
  worst: number;
  level: Level;
  cache: Map<Level, string>;
}

function worstRank(findings: Finding[]): number {
  return Math.min(3, ...findings.map((f) => RANK[f.severity]));
}

function countsText(findings: Finding[]): string {
  const n = (s: Finding['severity']) => findings.filter((f) => f.severity === s).length;
  const parts = [n('error') && plural(n('error'), 'error'), n('warning') && plural(n('warning'), 'warning'), n('info') && `${n('info')} info`].filter(Boolean);
  return parts.length ? parts.join(', ') : 'no findings';
}

function headingIcon(worst: number): string {
  return worst === 0 ? ICON.error : worst === 1 ? ICON.warning : worst === 2 ? ICON.info : '✅';
}

function describeFile(file: FileReport): string {
  const semantics = file.semantics ? ` · follows ${code(file.semantics)}` : '';
  const state = file.baseStatus === 'added' ? ' · new file' : file.baseStatus === 'reviewed' ? ' · compared with the base' : '';
  return `${escapeMarkdown(file.dialect ?? 'unknown')}${semantics}${state}`;
}

function tableLines(file: FileReport): string[] {
  const rows = milestoneRows(file);
  if (!rows.length) return [];
  const compared = file.baseStatus !== 'not-compared';
  const out = [compared ? '| | base | this PR |' : '| | value |', compared ? '|---|---|---|' : '|---|---|'];
  for (const row of rows) {
    const afterText = inlineMarkdown(row.after, true);
    const after = row.alarming || row.changed ? `**${afterText}**` : afterText;
    out.push(compared ? `| ${row.label} | ${inlineMarkdown(row.before, true)} | ${after} |` : `| ${row.label} | ${after} |`);
  }
  return out;
}

/** A file's name, with the config's for a file that holds several (a torchtitan registry: `config_registry.py::llama3_8b`). */
function fileName(f: FileReport): string {
  return f.config === undefined ? f.path : `${f.path}::${f.config}`;
}

/** Findings go with the report entry of their config, in a file of several configs. */
const fileKey = (path: string, config: string | undefined) => `${path}\u0000${config ?? ''}`;
const findingKey = (f: Finding) => fileKey(f.path, typeof f.data.config === 'string' ? f.data.config : undefined);

function renderSection(s: Section, level: Level): string {
  const { file, findings } = s;
  if (level === 4) return `- ${headingIcon(s.worst)} ${code(fileName(file))} · ${escapeMarkdown(file.dialect ?? 'unknown')} · ${countsText(findings)}`;
  const parts = [`### ${headingIcon(s.worst)} ${code(fileName(file))}`, describeFile(file)];
  if (level <= 1) {
    const chart = chartFor(file, { head: 'this PR', base: 'base' });
    if (chart) parts.push(['```text', chart, '```'].join('\n'));
  }
  if (level <= 2) {
    const table = tableLines(file);
    if (table.length) parts.push(table.join('\n'));
  }
  const assumptions = file.head?.plan.assumptions ?? [];
  if (level <= 1 && assumptions.length) {
    // Folded: they qualify the numbers above but are long; the epoch-length one also has its own TL006 finding.
    parts.push([`<details><summary>Assumptions (${assumptions.length})</summary>`, '', ...assumptions.map((a) => `- ${inlineMarkdown(a)}`), '', '</details>'].join('\n'));
  }
  const minRank = level === 0 ? RANK.info : level <= 2 ? RANK.warning : RANK.error;
  const shown = findings.filter((f) => RANK[f.severity] <= minRank).sort((a, b) => RANK[a.severity] - RANK[b.severity] || a.line - b.line);
  if (shown.length) parts.push(shown.map(findingMarkdown).join(SEPARATOR));
  const hidden = findings.length - shown.length;
  if (hidden) parts.push(`_${plural(hidden, 'lower-severity finding')} of this file left out to fit the comment size limit._`);
  if (!findings.length) parts.push('No findings.');
  return parts.join(SEPARATOR);
}

function sectionText(s: Section, level: Level = s.level): string {
  let text = s.cache.get(level);
  if (text === undefined) {
    text = renderSection(s, level);
    s.cache.set(level, text);
  }
  return text;
}

function unreviewedSection(files: FileReport[], byFile: Map<string, Finding[]>): string {
  if (!files.length) return '';
  const blocks = files.map((f) => {
    const line = `- ${code(fileName(f))}: ${f.status}${f.note ? `: ${inlineMarkdown(f.note)}` : ''}`;
    const findings = byFile.get(fileKey(f.path, f.config)) ?? [];
    return findings.length ? `${line}\n\n${findings.map(findingMarkdown).join(SEPARATOR)}` : line;
  });
  return ['### Not reviewed', ...blocks].join(SEPARATOR);
}

function leftOutNote(sections: Section[], hint: string | undefined): string {
  // One-line files are counted once, not again for their curve and table.
  const charts = sections.filter((s) => (s.level === 2 || s.level === 3) && s.file.head).length;
  const tables = sections.filter((s) => s.level === 3 && s.file.head).length;
  const brief = sections.filter((s) => s.level === 4).length;
  const dropped = (severity: Finding['severity'], from: Level) => sections.filter((s) => s.level >= from).reduce((n, s) => n + s.findings.filter((f) => f.severity === severity).length, 0);
  const infos = dropped('info', 1);
  const warnings = dropped('warning', 3);
  const what = [
    brief && `${plural(brief, 'file')} listed in one line`,
    charts && `the curves of ${plural(charts, 'file')}`,
    tables && `the tables of ${plural(tables, 'file')}`,
    infos && `${infos} info finding${infos === 1 ? '' : 's'}`,
    warnings && plural(warnings, 'warning'),
  ].filter(Boolean);
  if (!what.length) return '';
  return `_Shortened to fit GitHub's comment size limit: left out ${what.join(', ')}; the full report is in ${escapeMarkdown(hint ?? 'the job summary')}._`;
}

export function renderMarkdown(report: Report, options: MarkdownOptions = {}): string {
  const limit = options.limit ?? COMMENT_LIMIT;
  const byFile = new Map<string, Finding[]>();
  for (const f of report.findings) byFile.set(findingKey(f), [...(byFile.get(findingKey(f)) ?? []), f]);
  const sections: Section[] = report.files
    .filter((f) => f.status === 'reviewed')
    .map((file) => {
      const findings = byFile.get(fileKey(file.path, file.config)) ?? [];
      return { file, findings, worst: worstRank(findings), level: 0 as Level, cache: new Map<Level, string>() };
    })
    .sort((a, b) => a.worst - b.worst || (a.file.path < b.file.path ? -1 : 1));
  const unreviewed = unreviewedSection(report.files.filter((f) => f.status !== 'reviewed'), byFile);
  const header = [COMMENT_MARKER, verdictLine(report), ...(options.notices ?? []).map((n) => `> ${inlineMarkdown(n)}`)].join(SEPARATOR);
  const inEpochs = sections.some((s) => epochAxis(s.file) !== undefined) ? '; a curve whose dataset size is unknown reads in epochs of an assumed length' : '';
  const legend = `<sub>Curves: ${HEAD_GLYPH} this PR, ${BASE_GLYPH} base; steps are optimizer updates${inEpochs}. Run \`npx trainlint --base <ref>\` locally for the same review.</sub>`;
  const BRIEF_TITLE = '### Also reviewed';

  const assemble = (): string => {
    const full = sections.filter((s) => s.level < 4).map((s) => sectionText(s));
    const brief = sections.filter((s) => s.level === 4).map((s) => sectionText(s));
    const parts = [header, ...full];
    if (brief.length) parts.push(`${BRIEF_TITLE}\n\n${brief.join('\n')}`);
    parts.push(unreviewed, leftOutNote(sections, options.fullReportHint), legend);
    return parts.filter(Boolean).join(SEPARATOR);
  };

  // Length without assembling: the parts, their separators, and room for the left-out note.
  const NOTE_ROOM = 400;
  const fixed = [header, unreviewed, legend].filter(Boolean).reduce((n, p) => n + p.length + SEPARATOR.length, BRIEF_TITLE.length + 2 * SEPARATOR.length + NOTE_ROOM);
  let length = fixed + sections.reduce((n, s) => n + sectionText(s).length + SEPARATOR.length, 0);
  const fits = () => length <= limit;
  if (fits()) return assemble();

  // Lowest severity first; within a severity the last shown file first. Errors keep their findings.
  const order = [...sections].reverse();
  for (const s of order) {
    const floor: Level = s.worst === 0 ? 3 : 4;
    while (s.level < floor && !fits()) {
      const next = (s.level + 1) as Level;
      length += sectionText(s, next).length - sectionText(s).length;
      s.level = next;
    }
    if (fits()) return assemble();
  }
  return truncated(report, sections, header, unreviewed, limit, options.fullReportHint);
}

/** Even one line per file and errors only do not fit (thousands of files): keep what fits, in order. */
function truncated(report: Report, sections: Section[], header: string, unreviewed: string, limit: number, hint: string | undefined): string {
  const tailRoom = 800;
  let budget = limit - tailRoom - header.length - (unreviewed ? unreviewed.length + SEPARATOR.length : 0);
  const full: string[] = [];
  const brief: string[] = [];
  const left: Section[] = [];
  for (const s of sections) {
    const text = sectionText(s);
    const cost = text.length + (s.level === 4 ? 1 : SEPARATOR.length);
    if (left.length || cost > budget) {
      left.push(s);
      continue;
    }
    budget -= cost;
    (s.level === 4 ? brief : full).push(text);
  }
  const withErrors = left.filter((s) => s.worst === 0).length;
  const errors = left.reduce((n, s) => n + s.findings.filter((f) => f.severity === 'error').length, 0);
  const others = left.length - withErrors;
  const what = [withErrors && `${plural(withErrors, 'file')} with ${plural(errors, 'error')}`, others && `${plural(others, 'file')} without errors`].filter(Boolean).join(' and ');
  const parts = [header, ...full];
  if (brief.length) parts.push(`### Also reviewed\n\n${brief.join('\n')}`);
  parts.push(unreviewed, `_Truncated to fit GitHub's comment size limit (${plural(report.files.length, 'file')} in all): left out ${what}; the full report is in ${escapeMarkdown(hint ?? 'the job summary')}._`);
  return parts.filter(Boolean).join(SEPARATOR);
}
