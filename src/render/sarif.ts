// SARIF 2.1.0 for GitHub code scanning: one run; every rule with its docs page as `help` (text and markdown);
// results located relative to the repository root (`%SRCROOT%`), with a stable `partialFingerprints` entry,
// `fixes` where the fix's edits can be written into the file's lines, and `baselineState` when a baseline was
// applied. Validated against the OASIS SARIF 2.1.0 schema in __tests__/sarif.test.ts.
import { posix } from 'node:path';
import { rewriteLine } from '../core/edit-text.ts';
import { formatOf } from '../core/parse.ts';
import type { Report } from '../core/report.ts';
import type { Finding } from '../core/types.ts';
import { RULES } from '../rules/index.ts';
import { DOCS_BASE, docsUrl, type Rule } from '../rules/rule.ts';

const LEVEL = { error: 'error', warning: 'warning', info: 'note' } as const;
export const SRCROOT = '%SRCROOT%';
/** The key of trainlint's fingerprint in `partialFingerprints` (versioned, as SARIF §3.27.17 recommends). */
export const FINGERPRINT_KEY = 'trainlint/v1';

export interface SarifOptions {
  /** Findings a baseline holds: included with `baselineState: "unchanged"` (the others are `"new"`). */
  existing?: Finding[];
  /** The reviewed files' texts by report path: fixes are written as line replacements from them. */
  texts?: ReadonlyMap<string, string>;
  /** The working directory relative to the repository root (`git rev-parse --show-prefix`), e.g. `configs/`. */
  prefix?: string;
  /** A rule's documentation page (markdown), given by the edge that can read it; without it, the rule's summary and link. */
  ruleDoc?: (rule: Rule) => string | undefined;
}

/** The page as plain text: headings and emphasis marks dropped, code kept. */
function plainText(markdown: string): string {
  return markdown
    .replace(/^#+\s*/gm, '')
    .replace(/\*\*([^*]+)\*\*/g, '$1')
    .trim();
}

function help(rule: Rule, doc: string | undefined): { text: string; markdown: string } {
  const markdown = doc?.trim() || `**${rule.id} ${rule.name}**: ${rule.summary}\n\n[Documentation](${docsUrl(rule)})`;
  return { text: doc ? plainText(doc) : `${rule.id} ${rule.name}: ${rule.summary} (${docsUrl(rule)})`, markdown };
}

function repoPath(path: string, prefix: string): string {
  return posix.normalize(posix.join(prefix.replace(/\\/g, '/'), path.replace(/\\/g, '/')));
}

/**
 * A SARIF fix: each edit as the replacement of its whole line. Only when every edit of the fix can be written
 * on its line (a fix that adds a key has no line to rewrite: its description is in the message instead).
 */
function sarifFix(f: Finding, texts: ReadonlyMap<string, string> | undefined, prefix: string): object | undefined {
  if (!f.fix?.edits.length || !texts) return undefined;
  const byPath = new Map<string, object[]>();
  for (const edit of f.fix.edits) {
    const text = texts.get(edit.path);
    const format = formatOf(edit.path);
    const line = text?.split(/\r\n|\r|\n/)[edit.line - 1];
    if (line === undefined || format === null) return undefined;
    const rewritten = rewriteLine(line, edit.key, edit.value, format);
    if (rewritten === null) return undefined;
    const replacement = { deletedRegion: { startLine: edit.line, startColumn: 1, endLine: edit.line, endColumn: line.length + 1 }, insertedContent: { text: rewritten } };
    byPath.set(edit.path, [...(byPath.get(edit.path) ?? []), replacement]);
  }
  return {
    description: { text: f.fix.description },
    artifactChanges: [...byPath].map(([path, replacements]) => ({ artifactLocation: { uri: repoPath(path, prefix), uriBaseId: SRCROOT }, replacements })),
  };
}

function result(f: Finding, options: SarifOptions, state: 'new' | 'unchanged' | undefined): object {
  const prefix = options.prefix ?? '';
  const fix = sarifFix(f, options.texts, prefix);
  const region: Record<string, number> = { startLine: f.line, startColumn: f.column };
  if (f.endLine) region.endLine = f.endLine;
  if (f.endColumn) region.endColumn = f.endColumn;
  return {
    ruleId: f.ruleId,
    ruleIndex: RULES.findIndex((r) => r.id === f.ruleId),
    level: LEVEL[f.severity],
    message: { text: f.fix ? `${f.message} Fix: ${f.fix.description}` : f.message },
    locations: [{ physicalLocation: { artifactLocation: { uri: repoPath(f.path, prefix), uriBaseId: SRCROOT }, region } }],
    partialFingerprints: { [FINGERPRINT_KEY]: f.fingerprint },
    ...(state ? { baselineState: state } : {}),
    ...(fix ? { fixes: [fix] } : {}),
  };
}

export function renderSarif(report: Report, options: SarifOptions = {}): string {
  const ruleDoc = options.ruleDoc ?? (() => undefined);
  const baselined = options.existing !== undefined;
  const results = [
    ...report.findings.map((f) => result(f, options, baselined ? 'new' : undefined)),
    ...(options.existing ?? []).map((f) => result(f, options, 'unchanged')),
  ].map((r) => {
    // A finding of a rule not in RULES (none today) gets no ruleIndex rather than -1.
    const { ruleIndex, ...rest } = r as { ruleIndex: number };
    return ruleIndex >= 0 ? { ...rest, ruleIndex } : rest;
  });
  const sarif = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'trainlint',
            version: report.tool.version,
            semanticVersion: report.tool.version,
            informationUri: `${DOCS_BASE}/README.md`,
            rules: RULES.map((r) => ({
              id: r.id,
              name: r.name,
              shortDescription: { text: r.summary },
              fullDescription: { text: r.summary },
              helpUri: docsUrl(r),
              help: help(r, ruleDoc(r)),
              defaultConfiguration: { level: LEVEL[r.defaultSeverity] },
              properties: { tags: [r.id.startsWith('TL0') ? 'config' : r.id.startsWith('TL2') ? 'change' : 'schedule'] },
            })),
          },
        },
        columnKind: 'utf16CodeUnits',
        results,
      },
    ],
  };
  return JSON.stringify(sarif, null, 2);
}
