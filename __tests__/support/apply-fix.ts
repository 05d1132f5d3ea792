// Applying a finding's fix to the config text the way a person would (set `key: value` on the edit's line), and
// reviewing the result again: a fix is correct when its finding is gone and no new error or warning appears.
import { formatOf, type Format } from '../../src/core/parse.ts';
import { shellValuePattern } from '../../src/core/edit-text.ts';
import type { Report } from '../../src/core/report.ts';
import { review, type ReviewInput, type ReviewOptions } from '../../src/pipeline/review.ts';
import type { Finding, Fix } from '../../src/core/types.ts';

type Edit = Fix['edits'][number];

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** A value as the file's syntax writes it (a YAML float keeps a dot before its exponent, as PyYAML needs). */
export function literal(value: Edit['value'], format: Format): string {
  // A string that spells a number is the text to write (TL004's `3.0e-4`, OLMo's `4e12T` is a plain YAML string too).
  if (typeof value === 'string') return (format === 'yaml' && /^[\w.+-]+$/.test(value)) || (format !== 'json' && /^-?[\d.]+(e[+-]?\d+)?$/i.test(value)) ? value : JSON.stringify(value);
  if (typeof value === 'boolean') return format === 'python' ? (value ? 'True' : 'False') : String(value);
  const text = String(value);
  return format === 'yaml' && /e/i.test(text) && !text.includes('.') ? text.replace(/e/i, '.0e') : text;
}

/** The line with the key's value replaced, or null when the line does not assign that key. */
function rewrite(line: string, key: string, v: string, format: Format): string | null {
  const k = escapeRe(key);
  const patterns: Partial<Record<Format, RegExp>> = {
    yaml: new RegExp(`^(\\s*(?:-\\s+)?(["']?)${k}\\2\\s*:\\s*)([^#]*?)(\\s+#.*)?$`),
    json: new RegExp(`^(.*?"${k}"\\s*:\\s*)(-?[\\w.+-]+|"(?:[^"\\\\]|\\\\.)*")(.*)$`),
    toml: new RegExp(`^(\\s*(["']?)${k}\\2\\s*=\\s*)([^#]*?)(\\s+#.*)?$`),
    shell: shellValuePattern(key),
    markdown: shellValuePattern(key),
    python: new RegExp(`^(.*?(?:\\b${k}\\s*(?::\\s*[\\w.]+\\s*)?=\\s*|["']--${k}["'].*?default\\s*=\\s*))(-?[\\w.+-]+|"[^"]*"|'[^']*')(.*)$`),
  };
  const m = patterns[format]?.exec(line);
  if (!m) return null;
  if (format === 'json' || format === 'python') return `${m[1]}${v}${m[3]}`;
  return `${m[1]}${v}${m[4] ?? ''}`;
}

/** A new `key: value` line for a key the file leaves out, placed under the line of its parent (the edit's line). */
function insertion(lines: string[], index: number, key: string, v: string, format: Format): string[] | null {
  const here = lines[index] ?? '';
  const indentOf = (s: string) => /^\s*/.exec(s)![0];
  const next = lines.slice(index + 1).find((l) => l.trim() !== '' && !l.trim().startsWith('#')) ?? '';
  let line: string;
  if (format === 'yaml') {
    if (!/:\s*(#.*)?$/.test(here)) return null; // not a parent mapping
    const inner = indentOf(next).length > indentOf(here).length ? indentOf(next) : `${indentOf(here)}  `;
    line = `${inner}${key}: ${v}`;
  } else if (format === 'json') {
    if (!/\{\s*$/.test(here)) return null;
    line = `${indentOf(next) || indentOf(here) + '  '}"${key}": ${v}${next.trim().startsWith('}') ? '' : ','}`;
  } else if (format === 'toml') {
    if (!/^\s*\[[^\]]+\]\s*(#.*)?$/.test(here)) return null;
    line = `${key} = ${v}`;
  } else {
    // A Python config file is a list of assignments: a key it leaves out is a new line before the edit's place.
    line = `${key} = ${v}`;
    return [...lines.slice(0, index), line, ...lines.slice(index)];
  }
  return [...lines.slice(0, index + 1), line, ...lines.slice(index + 1)];
}

/** The text with one edit applied, or null when the edit's line neither assigns the key nor opens its parent. */
export function applyEdit(text: string, path: string, edit: Edit): string | null {
  const format = formatOf(path);
  if (!format) return null;
  const lines = text.split('\n');
  const index = edit.line - 1;
  const v = literal(edit.value, format);
  const rewritten = lines[index] === undefined ? null : rewrite(lines[index]!, edit.key, v, format);
  if (rewritten !== null) {
    lines[index] = rewritten;
    return lines.join('\n');
  }
  const inserted = insertion(lines, index, edit.key, v, format);
  return inserted ? inserted.join('\n') : null;
}

export function applyFix(text: string, path: string, fix: Fix): string | null {
  let out: string | null = text;
  for (const edit of fix.edits) {
    if (out === null) return null;
    out = applyEdit(out, path, edit);
  }
  return out;
}

export interface FixCheck {
  finding: Finding;
  /** `ok`, or why the fix is wrong: the edit cannot be applied, the finding stays, or a new error/warning appears. */
  verdict: 'ok' | 'not-applicable' | 'no-op' | 'still-there' | 'new-problem';
  detail: string;
  fixedText?: string;
}

const label = (f: Finding) => `${f.ruleId} ${f.severity} ${f.key ?? ''}: ${f.message}`;
const serious = (f: Finding) => f.severity === 'error' || f.severity === 'warning';

/** Applies `finding`'s fix to the input, reviews it again, and says whether the fix does what it claims. */
export function checkFix(input: ReviewInput, finding: Finding, options: ReviewOptions = {}, before?: Report): FixCheck {
  const fix = finding.fix!;
  const fixedText = applyFix(input.text, input.path, fix);
  if (fixedText === null) return { finding, verdict: 'not-applicable', detail: `cannot apply ${JSON.stringify(fix.edits)}` };
  if (fixedText === input.text) return { finding, verdict: 'no-op', detail: `the edit leaves the file as it is: ${JSON.stringify(fix.edits)}` };
  const first = before ?? review([input], options);
  const after = review([{ ...input, text: fixedText }], options);
  const again = after.findings.find((f) => f.ruleId === finding.ruleId && f.key === finding.key);
  if (again) return { finding, verdict: 'still-there', detail: `after ${fix.description}\n  still: ${label(again)}`, fixedText };
  const known = new Set(first.findings.filter(serious).map((f) => `${f.ruleId}|${f.key}|${f.severity}`));
  const fresh = after.findings.filter(serious).filter((f) => !known.has(`${f.ruleId}|${f.key}|${f.severity}`));
  if (fresh.length) return { finding, verdict: 'new-problem', detail: `after ${fix.description}\n  new: ${fresh.map(label).join('\n  new: ')}`, fixedText };
  return { finding, verdict: 'ok', detail: fix.description, fixedText };
}

/** Every fix with edits that one review of `input` proposes, checked. */
export function checkAllFixes(input: ReviewInput, options: ReviewOptions = {}): FixCheck[] {
  const report = review([input], options);
  return report.findings.filter((f) => f.fix && f.fix.edits.length > 0).map((f) => checkFix(input, f, options, report));
}
