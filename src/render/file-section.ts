// One section of the PR comment: a file (or a group of files that say the same thing). Findings first, as GitHub
// alerts (CAUTION for errors, WARNING for warnings; infos plain), then the chart, then the rows of resolved numbers
// that differ between base and PR; all rows and the derivations folded in <details>. Every block is whole: the size
// budget drops blocks, never cuts one.
import type { Finding } from '../core/types.ts';
import { findRule } from '../rules/index.ts';
import { docsUrl } from '../rules/rule.ts';
import { fileName, pathPattern, RANK, statusText, type Group } from './comment-model.ts';
import { code, escapeMarkdown, inlineMarkdown } from './escape.ts';
import { chartFor, separateReason } from './file-chart.ts';
import { milestoneRows, type MilestoneRow } from './table.ts';

export const ICON = { error: '❌', warning: '⚠️', info: 'ℹ️' } as const;
const ALERT = { error: 'CAUTION', warning: 'WARNING' } as const;

export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

export function worstIcon(worst: number): string {
  return worst === 0 ? ICON.error : worst === 1 ? ICON.warning : worst === 2 ? ICON.info : '✅';
}

function ruleLink(f: Finding): string {
  const rule = findRule(f.ruleId);
  return rule ? `[${f.ruleId} ${f.rule}](${docsUrl(rule)})` : `${f.ruleId} ${escapeMarkdown(f.rule)}`;
}

/** A finding: an alert block for an error or warning, a plain paragraph for an info. */
export function findingMarkdown(f: Finding): string {
  const head = `**${f.severity}** ${ruleLink(f)} ${code(`${f.path}:${f.line}`)}`;
  const fix = f.fix ? `**Fix:** ${inlineMarkdown(f.fix.description)}` : '';
  if (f.severity === 'info') return `${ICON.info} ${head} ${inlineMarkdown(f.message)}${fix ? ` ${fix}` : ''}`;
  // A blank quoted line between message and fix: a paragraph each, wherever the markdown is shown.
  return [`> [!${ALERT[f.severity]}]`, `> ${head}`, `> ${inlineMarkdown(f.message)}`, ...(fix ? ['>', `> ${fix}`] : [])].join('\n');
}

function tableMarkdown(rows: MilestoneRow[], compared: boolean): string {
  const out = compared ? ['| | base | this PR |', '|---|---|---|'] : ['| | this PR |', '|---|---|'];
  for (const row of rows) {
    const afterText = inlineMarkdown(row.after, true);
    const after = row.alarming || row.changed ? `**${afterText}**` : afterText;
    out.push(compared ? `| ${row.label} | ${inlineMarkdown(row.before, true)} | ${after} |` : `| ${row.label} | ${after} |`);
  }
  return out.join('\n');
}

function details(summary: string, body: string): string {
  // Blank lines around the body so markdown inside <details> renders.
  return `<details><summary>${summary}</summary>\n\n${body}\n\n</details>`;
}

/**
 * Detail of a section: 0 everything; 1 without the folded parts (all rows, derivations, file list); 2 also without the
 * chart; 3 heading and its errors and warnings only.
 */
export type Level = 0 | 1 | 2 | 3;

export function groupTitle(group: Group, inTable = false): string {
  const paths = group.entries.map((e) => fileName(e.file));
  return paths.length === 1 ? code(paths[0]!, inTable) : `${paths.length} files: ${code(pathPattern(paths), inTable)}`;
}

export function renderSection(group: Group, level: Level): string {
  const first = group.entries[0]!;
  const { file } = first;
  const n = group.entries.length;
  const parts = [`### ${worstIcon(group.worst)} ${groupTitle(group)}`];
  const facts = file.dialect ? [escapeMarkdown(file.dialect)] : [];
  if (file.semantics) facts.push(`follows ${code(file.semantics)}`);
  // A file that was not reviewed: its status, and why unless its finding says it.
  const why = file.note && !first.findings.length ? `: ${inlineMarkdown(file.note)}` : '';
  if (file.status !== 'reviewed') facts.push(`${statusText(file)}${why}`);
  else if (first.change) facts.push(`${file.baseStatus === 'reviewed' ? 'curve: ' : ''}${escapeMarkdown(first.change.text)}`);
  if (n > 1) facts.push(`the same for all ${n} files${first.findings.length ? ` (shown for ${code(fileName(file))})` : ''}`);
  parts.push(facts.join(' · '));

  const findings = level === 3 ? first.findings.filter((f) => RANK[f.severity] <= RANK.warning) : first.findings;
  parts.push(...findings.map(findingMarkdown));
  const hidden = first.findings.length - findings.length;
  if (hidden) parts.push(`_${plural(hidden, 'info finding')} left out to fit the comment size limit._`);
  if (level === 3 || !file.head) return parts.join('\n\n');

  if (level <= 1) {
    const chart = chartFor(file, { head: 'this PR', base: 'base' });
    if (chart) {
      const apart = separateReason(file)?.text;
      if (apart) parts.push(`_${apart[0]!.toUpperCase()}${apart.slice(1)}._`);
      parts.push(['```text', chart, '```'].join('\n'));
    }
  }
  const rows = milestoneRows(file);
  const compared = file.baseStatus === 'reviewed';
  if (compared) {
    const changed = rows.filter((r) => r.changed);
    parts.push(changed.length ? tableMarkdown(changed, true) : '_No resolved number differs from the base._');
  } else if (rows.length) parts.push(tableMarkdown(rows, false));
  if (level === 0) {
    if (compared && rows.length) parts.push(details('All resolved numbers', tableMarkdown(rows, true)));
    const derivations = derivationLines(first.file);
    if (derivations.length) parts.push(details(`Derivations (${derivations.length})`, derivations.join('\n')));
    if (n > 1) parts.push(details(`The ${n} files`, group.entries.map((e) => `- ${code(fileName(e.file))}`).join('\n')));
  }
  return parts.join('\n\n');
}

/** How each number came about, and what was assumed: one list item each. */
function derivationLines(file: Group['entries'][number]['file']): string[] {
  const plan = file.head?.plan;
  if (!plan) return [];
  const resolved = [
    ['peak LR', plan.optimizer.lr],
    ['optimizer steps', plan.totalSteps],
    ['warmup', plan.warmup?.steps],
    ['decay start', plan.decay?.start],
    ['decay steps', plan.decay?.steps],
    ['min LR', plan.decay?.minLr],
    ['scheduler horizon', plan.horizon],
  ] as const;
  // A number read as written (`train_steps: 600000`) is in the table already; the rest came about by arithmetic or default.
  const plain = (how: string) => /^[\w.-]+: [^\s]+$/.test(how);
  const lines = resolved.filter(([, r]) => r !== undefined && !plain(r.how)).map(([label, r]) => `- ${label}: ${inlineMarkdown(r!.how)}`);
  for (const a of plan.assumptions) lines.push(`- assumed: ${inlineMarkdown(a)}`);
  return lines;
}
