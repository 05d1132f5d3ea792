// Inline suppression, read only from real comments of the file's own format (a person wrote them there):
//   # trainlint-disable-next-line TL101 [TL109 ...]   the next line only
//   # trainlint-disable TL101                           this line and everything below it
// A rule may be named by id or name; no rule list means every rule. YAML comments are found by the YAML parser's
// tokens, TOML's by its parser, Python's by its grammar; JSON has no comments, so nothing in a JSON file suppresses
// (`"note": "# trainlint-disable TL103"` is a string, not a directive). TL001 and TL003 say a file was not
// reviewed: only `.trainlint.yml` can turn them off, never the file itself.
import { parser as pythonParser } from '@lezer/python';
import { parseTOML } from 'toml-eslint-parser';
import { Parser as YamlParser } from 'yaml';
import type { Format } from './parse.ts';

const DIRECTIVE = /^#\s*trainlint-disable(-next-line)?\b([^#\n]*)/;

/** Rules a file cannot hide about itself. */
const NOT_SUPPRESSIBLE = new Set(['TL001', 'TL003']);

export type Suppressed = (rule: { id: string; name: string }, line: number) => boolean;

interface Comment {
  offset: number;
  text: string;
}

function yamlComments(text: string): Comment[] {
  const out: Comment[] = [];
  const visit = (x: unknown): void => {
    if (Array.isArray(x)) return x.forEach(visit);
    if (!x || typeof x !== 'object') return;
    const token = x as { type?: unknown; offset?: unknown; source?: unknown };
    if (token.type === 'comment' && typeof token.offset === 'number' && typeof token.source === 'string') out.push({ offset: token.offset, text: token.source });
    for (const v of Object.values(x)) if (v && typeof v === 'object') visit(v);
  };
  for (const token of new YamlParser().parse(text)) visit(token);
  return out;
}

function tomlComments(text: string): Comment[] {
  try {
    return parseTOML(text).comments.map((c) => ({ offset: c.range[0], text: `#${c.value}` }));
  } catch {
    return []; // a file TOML cannot read is TL001, which no comment hides
  }
}

function pythonComments(text: string): Comment[] {
  const out: Comment[] = [];
  const cursor = pythonParser.parse(text).cursor();
  do {
    if (cursor.name === 'Comment') out.push({ offset: cursor.from, text: text.slice(cursor.from, cursor.to) });
  } while (cursor.next());
  return out;
}

function commentsOf(text: string, format: Format | null): Comment[] {
  if (!text.includes('trainlint-disable')) return [];
  if (format === 'yaml') return yamlComments(text);
  if (format === 'toml') return tomlComments(text);
  if (format === 'python') return pythonComments(text);
  return [];
}

function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) line++;
  return line;
}

export function suppressedRules(text: string, format: Format | null): Suppressed {
  const nextLine = new Map<number, Set<string> | 'all'>();
  const fromLine: Array<{ line: number; rules: Set<string> | 'all' }> = [];
  for (const comment of commentsOf(text, format)) {
    const match = DIRECTIVE.exec(comment.text);
    if (!match) continue;
    const line = lineAt(text, comment.offset);
    const names = (match[2] ?? '').split(/[\s,]+/).filter(Boolean).map((n) => n.toLowerCase());
    const rules = names.length ? new Set(names) : ('all' as const);
    if (match[1]) nextLine.set(line + 1, rules);
    else fromLine.push({ line, rules });
  }
  const covers = (rules: Set<string> | 'all' | undefined, rule: { id: string; name: string }) =>
    rules === 'all' || (rules !== undefined && (rules.has(rule.id.toLowerCase()) || rules.has(rule.name)));
  return (rule, line) => !NOT_SUPPRESSIBLE.has(rule.id) && (covers(nextLine.get(line), rule) || fromLine.some((f) => f.line <= line && covers(f.rules, rule)));
}
