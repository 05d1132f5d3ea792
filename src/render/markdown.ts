// The pull-request comment (docs/comment.md), also `--format markdown` and the job summary.
// Order: the verdict line (what is wrong and what it costs the run), one summary table (a row per file or group of
// files that say the same thing, by severity), then a section per group with a finding or a changed curve.
// Everything from a config goes through escape.ts. The size limit is met by giving the most severe groups their
// sections first and shrinking or leaving out the rest; nothing is ever cut inside a block.
import type { Report } from '../core/report.ts';
import { buildGroups, RANK, statusText, type Group } from './comment-model.ts';
import { headline } from './curve-change.ts';
import { code, escapeMarkdown, inlineMarkdown } from './escape.ts';
import { BASE_GLYPH, HEAD_GLYPH } from './file-chart.ts';
import { groupTitle, plural, renderSection, worstIcon, type Level } from './file-section.ts';

export { findingMarkdown } from './file-section.ts';

export const COMMENT_MARKER = '<!-- trainlint:comment -->';
export const COMMENT_LIMIT = 65_536;

export interface MarkdownOptions {
  /** Where the full report can be read when the comment had to be shortened (words). */
  fullReportHint?: string;
  /** A link to it (the run's job summary), shown with the hint. */
  fullReportUrl?: string;
  /** Extra lines under the verdict (e.g. "PR has more than 3000 files"); `backtick spans` render as code. */
  notices?: string[];
  limit?: number;
}

const SEPARATOR = '\n\n';

function counts(report: Report): string {
  const s = report.summary;
  return `${plural(s.errors, 'error')}, ${plural(s.warnings, 'warning')}, ${s.infos} info`;
}

/** The first line: the verdict and what it means for the run, in words. */
export function verdictLine(report: Report, groups: Group[] = buildGroups(report)): string {
  const s = report.summary;
  if (!s.errors && !s.warnings) {
    if (!s.reviewed) return `✅ **No training config reviewed**${s.files ? ` (${plural(s.files, 'file')} not reviewed)` : ''}`;
    return `✅ **No errors or warnings** in ${plural(s.reviewed, 'training config')}${s.infos ? ` (${s.infos} info)` : ''}`;
  }
  const severity = s.errors ? 'error' : 'warning';
  const all = groups.flatMap((g) => g.entries.flatMap((e) => e.findings));
  const first = all.find((f) => f.severity === severity);
  const what = [s.errors && plural(s.errors, 'error'), s.warnings && plural(s.warnings, 'warning')].filter(Boolean).join(', ');
  const icon = s.errors ? '❌' : '⚠️';
  if (!first) return `${icon} **${what}**`;
  const more = (severity === 'error' ? s.errors : s.warnings) - 1;
  const files = new Set(all.filter((f) => f.severity === severity).map((f) => f.path)).size;
  const inFiles = files > 1 ? ` in ${plural(files - 1, 'other file')}` : '';
  const rest = more > 0 ? ` (and ${more} more ${more === 1 ? severity : `${severity}s`}${inFiles})` : '';
  return `${icon} **${what}**: ${code(first.path)} — ${inlineMarkdown(headline(first))}${rest}`;
}

function findingCounts(group: Group): string {
  const findings = group.entries[0]!.findings;
  const n = (s: keyof typeof RANK) => findings.filter((f) => f.severity === s).length;
  const parts = [n('error') && plural(n('error'), 'error'), n('warning') && plural(n('warning'), 'warning'), n('info') && `${n('info')} info`].filter(Boolean);
  const each = group.entries.length > 1 && parts.length ? ' each' : '';
  return parts.length ? `${parts.join(', ')}${each}` : '–';
}

function summaryRow(group: Group): string {
  const { file, change } = group.entries[0]!;
  const curve = file.status === 'reviewed' ? (change ? escapeMarkdown(change.text) : '–') : `_${statusText(file)}_`;
  return `| ${worstIcon(group.worst)} | ${groupTitle(group, true)} | ${escapeMarkdown(file.dialect ?? '–')} | ${curve} | ${findingCounts(group)} |`;
}

const TABLE_HEAD = '| | file | framework | curve | findings |\n|---|---|---|---|---|';

interface Built {
  level: Level | null;
  cache: Map<Level, string>;
}

export function renderMarkdown(report: Report, options: MarkdownOptions = {}): string {
  const limit = options.limit ?? COMMENT_LIMIT;
  const groups = buildGroups(report);
  const header = [COMMENT_MARKER, verdictLine(report, groups), ...(options.notices ?? []).map((n) => `> ${inlineMarkdown(n)}`)].join(SEPARATOR);
  const footer = `<sub>trainlint: ${plural(report.summary.reviewed, 'training config')} reviewed, ${counts(report)}. Curves: ${HEAD_GLYPH} this PR, ${BASE_GLYPH} base, ▓ both; steps are optimizer updates. Run \`npx trainlint --base <ref>\` locally for the same review.</sub>`;
  const where = options.fullReportUrl ? `[${escapeMarkdown(options.fullReportHint ?? 'the job summary')}](${encodeURI(options.fullReportUrl)})` : escapeMarkdown(options.fullReportHint ?? 'the job summary');
  const NOTE_ROOM = 500;
  let budget = limit - header.length - footer.length - NOTE_ROOM - 4 * SEPARATOR.length;

  // The table: a row per group while they fit in half the budget, most severe first; the rest counted.
  const rows: string[] = [];
  let tableLeft = 0;
  let tableLength = TABLE_HEAD.length;
  for (const g of groups) {
    const row = summaryRow(g);
    if (tableLeft || tableLength + row.length + 1 > budget / 2) {
      tableLeft += g.entries.length;
      continue;
    }
    rows.push(row);
    tableLength += row.length + 1;
  }
  const table = groups.length ? `${TABLE_HEAD}\n${rows.join('\n')}` : '';
  budget -= table.length;

  // Sections, most severe first, each as detailed as the room left allows; what does not fit is left out whole.
  const built: Built[] = groups.map(() => ({ level: null, cache: new Map() }));
  const text = (i: number, level: Level): string => {
    const b = built[i]!;
    let t = b.cache.get(level);
    if (t === undefined) {
      t = renderSection(groups[i]!, level);
      b.cache.set(level, t);
    }
    return t;
  };
  // Give every section with an error or warning its findings before any section gets a chart.
  const withSection = groups.map((g, i) => ({ g, i })).filter(({ g }) => g.hasSection);
  const reserve = (from: number) => withSection.slice(from).filter(({ g }) => g.worst <= RANK.warning).reduce((n, { i }) => n + text(i, 3).length + SEPARATOR.length, 0);
  for (const [k, { i }] of withSection.entries()) {
    const room = budget - reserve(k + 1);
    for (const level of [0, 1, 2, 3] as Level[]) {
      const cost = text(i, level).length + SEPARATOR.length;
      if (cost <= room || (level === 3 && cost <= budget)) {
        built[i]!.level = level;
        budget -= cost;
        break;
      }
    }
  }
  const sections = withSection.filter(({ i }) => built[i]!.level !== null).map(({ i }) => text(i, built[i]!.level!));
  const note = leftOutNote(groups, built, tableLeft, where);
  return [header, table, ...sections, note, footer].filter(Boolean).join(SEPARATOR);
}

function leftOutNote(groups: Group[], built: Built[], tableLeft: number, where: string): string {
  const files = (pick: (g: Group, b: Built) => boolean) => groups.reduce((n, g, i) => n + (g.hasSection && pick(g, built[i]!) ? g.entries.length : 0), 0);
  const omitted = files((_, b) => b.level === null);
  const noChart = files((g, b) => b.level !== null && b.level >= 2 && g.entries[0]!.file.head !== undefined);
  const folded = files((_, b) => b.level === 1);
  const what = [
    tableLeft && `${plural(tableLeft, 'file')} from the table`,
    omitted && `the sections of ${plural(omitted, 'file')}`,
    noChart && `the charts of ${plural(noChart, 'file')}`,
    folded && `the folded details of ${plural(folded, 'file')}`,
  ].filter(Boolean);
  if (!what.length) return '';
  return `_Shortened to fit GitHub's comment size limit: left out ${what.join(', ')}; the full report is in ${where}._`;
}
