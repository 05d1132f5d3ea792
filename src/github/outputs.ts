// What the run leaves on the runner: an annotation per finding, the step outputs, the JSON report in
// RUNNER_TEMP, and the job summary. GitHub shows only the first 10 annotations of each kind per step,
// so the summary carries every finding and every curve.
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as core from '@actions/core';
import { jsonReportText, type Report } from '../core/report.ts';
import { DEFAULT_JSON_SAMPLES } from '../cli/help.ts';
import type { Finding } from '../core/types.ts';
import { escapeMarkdown, inlineMarkdown } from '../render/escape.ts';
import { renderMarkdown } from '../render/markdown.ts';

/** Characters, not bytes: charts are 3-byte box drawing, and GitHub takes at most 1 MiB per step. */
const SUMMARY_LIMIT = 300_000;
const ANNOTATIONS_SHOWN = 10;

export function annotate(report: Report): void {
  for (const f of report.findings) {
    const props: core.AnnotationProperties = { title: `${f.ruleId} ${f.rule}`, file: f.path, startLine: f.line };
    // GitHub takes columns only for an annotation on one line.
    if (!f.endLine || f.endLine === f.line) {
      props.startColumn = f.column;
      if (f.endColumn && f.endColumn > f.column) props.endColumn = f.endColumn;
    } else props.endLine = f.endLine;
    const message = f.fix ? `${f.message}\nFix: ${f.fix.description}` : f.message;
    if (f.severity === 'error') core.error(message, props);
    else if (f.severity === 'warning') core.warning(message, props);
    else core.notice(message, props);
  }
}

/** Writes the JSON report (spec/report.md) into the runner's temp directory and returns its path. */
export function writeReport(report: Report): string {
  const path = join(process.env.RUNNER_TEMP || tmpdir(), 'trainlint-report.json');
  writeFileSync(path, `${jsonReportText(report, DEFAULT_JSON_SAMPLES)}\n`);
  return path;
}

export function setOutputs(report: Report, reportPath: string): void {
  core.setOutput('errors', report.summary.errors);
  core.setOutput('warnings', report.summary.warnings);
  core.setOutput('files', report.summary.reviewed);
  core.setOutput('report', reportPath);
}

export interface SummaryParts {
  /** Run facts, shown as a list (settings source, how contents were read, API calls). */
  facts: string[];
  /** Links to what the run wrote (the comment), label -> URL from GitHub's answers. */
  links: Array<{ label: string; url: string }>;
  /** Problems the reader must see (comment not written, a call that failed). */
  warnings: string[];
  notices: string[];
}

function overflowNote(findings: Finding[]): string | null {
  const count = (s: Finding['severity']) => findings.filter((f) => f.severity === s).length;
  const over = (['error', 'warning', 'info'] as const).filter((s) => count(s) > ANNOTATIONS_SHOWN);
  if (!over.length) return null;
  return `GitHub shows the first ${ANNOTATIONS_SHOWN} annotations of each kind per step (${over.map((s) => `${count(s)} ${s}s`).join(', ')} here); every finding is listed below.`;
}

export function summaryMarkdown(report: Report | null, parts: SummaryParts): string {
  const out: string[] = ['## trainlint'];
  for (const w of parts.warnings) out.push(`> [!WARNING]\n> ${inlineMarkdown(w)}`);
  const list = [...parts.facts.map((f) => `- ${inlineMarkdown(f)}`), ...parts.links.map((l) => `- [${escapeMarkdown(l.label)}](${encodeURI(l.url)})`)];
  if (list.length) out.push(list.join('\n'));
  if (report) {
    const note = overflowNote(report.findings);
    if (note) out.push(`_${escapeMarkdown(note)}_`);
    out.push(renderMarkdown(report, { notices: parts.notices, limit: SUMMARY_LIMIT, fullReportHint: 'the JSON report (output `report`)' }));
  }
  return out.join('\n\n');
}

export async function writeSummary(markdown: string): Promise<void> {
  if (!process.env.GITHUB_STEP_SUMMARY) {
    core.info('trainlint: no GITHUB_STEP_SUMMARY; job summary not written');
    return;
  }
  await core.summary.addRaw(markdown, true).write();
}
