// A README's shell blocks or a notebook's shell lines read as a launch script (core/parse-shell.ts), every position
// put back on the line and column of the .md / .ipynb file. The document is a shell document (`format: 'shell'`, so
// the dialects read its launches as any script's) that says which file kind it came from (`container`).
import { markdownShell, notebookShell, PLACEHOLDER_PREFIX, type Extracted, type ExtractedLine, type NotebookCells, type SourceString } from './launch-blocks.ts';
import { LIMITS, parseText, type ParsedDoc, type ParseResult } from './parse.ts';
import { parseShell, type LaunchDoc } from './parse-shell.ts';

export type Container = 'markdown' | 'notebook';

export function parseLaunchBlocks(text: string, container: Container): ParseResult {
  if (Buffer.byteLength(text, 'utf8') > LIMITS.maxBytes) {
    return { ok: false, problem: { kind: 'unsafe', message: `file is larger than ${LIMITS.maxBytes} bytes, the limit for a file trainlint reads`, line: 1, column: 1 } };
  }
  let extracted: Extracted;
  if (container === 'markdown') extracted = markdownShell(text);
  else {
    const cells = notebookCells(text);
    if (!cells.ok) return cells;
    extracted = notebookShell(cells.cells);
  }
  const parsed = parseShell(extracted.lines.map((l) => l.text).join('\n'));
  if (!parsed.ok) return parsed;
  const doc = parsed.doc;
  const launches = doc.shellLaunches ?? [];
  const placeBack = placer(extracted.lines);
  for (const l of launches) markPlaceholders(l, extracted.placeholders);
  const chosen = launches.find((l) => l.launch === doc.shell);
  if (chosen) for (const [k, v] of chosen.nodes) doc.nodes.set(k, v);
  walk({ nodes: doc.nodes, shell: doc.shell, launches }, placeBack, extracted.placeholders);
  const lineCount = text.split(/\r\n|\r|\n/).length;
  doc.nodes.set('', { valueSpan: { line: 1, column: 1, endLine: lineCount, endColumn: 1 } });
  const out: ParsedDoc = { ...doc, shellLaunches: launches, lineCount, container };
  return { ok: true, doc: out };
}

/** The code cells' source strings with where each was written, from the notebook's JSON. */
function notebookCells(text: string): { ok: true; cells: NotebookCells } | Extract<ParseResult, { ok: false }> {
  const json = parseText(text, 'json');
  if (!json.ok) return json;
  const { data, nodes } = json.doc;
  const cells = (data as { cells?: unknown })?.cells;
  if (!Array.isArray(cells)) return { ok: true, cells: [] };
  const starts = lineStarts(text);
  const literal = (pointer: string): SourceString | null => {
    const span = nodes.get(pointer)?.valueSpan;
    if (!span) return null;
    const from = starts[span.line - 1]! + span.column - 1;
    const to = starts[span.endLine - 1]! + span.endColumn - 1;
    const raw = text.slice(from, to);
    return raw.startsWith('"') && raw.endsWith('"') ? { raw, line: span.line, column: span.column } : null;
  };
  const out: NotebookCells = [];
  cells.forEach((cell, c) => {
    if (!cell || typeof cell !== 'object' || (cell as { cell_type?: unknown }).cell_type !== 'code') return;
    const source = (cell as { source?: unknown }).source;
    const strings = Array.isArray(source) ? source.map((_, i) => literal(`/cells/${c}/source/${i}`)) : [literal(`/cells/${c}/source`)];
    const kept = strings.filter((s): s is SourceString => s !== null);
    if (kept.length) out.push(kept);
  });
  return { ok: true, cells: out };
}

function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === '\n') starts.push(i + 1);
  return starts;
}

type Place = (line: number, column?: number) => { line: number; column: number };

function placer(lines: ExtractedLine[]): Place {
  return (line, column = 1) => {
    const l = lines[Math.min(Math.max(line, 1), lines.length) - 1];
    if (!l) return { line: 1, column: 1 };
    return { line: l.line, column: l.columns[Math.min(Math.max(column, 1), l.columns.length) - 1] ?? 1 };
  };
}

const TOKEN = new RegExp(`\\$\\{?(${PLACEHOLDER_PREFIX}\\d+)\\}?`, 'g');

function restore(text: string, placeholders: Map<string, string>): string {
  return text.includes(PLACEHOLDER_PREFIX) ? text.replace(TOKEN, (all, name: string) => placeholders.get(name) ?? all) : text;
}

/**
 * Every position of the reader's output (spans, `line`s) put back on the file's lines, once per object (spans are shared
 * between a launch's fields and its nodes), and placeholder variables written back as the placeholders they stand for.
 */
function walk(root: unknown, place: Place, placeholders: Map<string, string>): void {
  const seen = new WeakSet<object>();
  const visit = (x: unknown): void => {
    if (!x || typeof x !== 'object' || seen.has(x)) return;
    seen.add(x);
    if (x instanceof Map) {
      for (const v of x.values()) visit(v);
      return;
    }
    if (Array.isArray(x)) {
      x.forEach((v, i) => (typeof v === 'string' ? (x[i] = restore(v, placeholders)) : visit(v)));
      return;
    }
    const o = x as Record<string, unknown>;
    const hasEnd = typeof o.endLine === 'number' && typeof o.endColumn === 'number';
    if (typeof o.line === 'number') {
      const at = place(o.line, typeof o.column === 'number' ? o.column : undefined);
      if (hasEnd) {
        const end = place(o.endLine as number, o.endColumn as number);
        o.endLine = end.line;
        o.endColumn = end.column;
      }
      o.line = at.line;
      if (typeof o.column === 'number') o.column = at.column;
    }
    for (const [k, v] of Object.entries(o)) {
      // `data` holds the values the script passes, never positions.
      if (k === 'data') continue;
      if (typeof v === 'string' && (k === 'expression' || k === 'text' || k === 'flag')) o[k] = restore(v, placeholders);
      else visit(v);
    }
  };
  visit(root);
}

/**
 * A value that holds a placeholder (written inside single quotes, where no expansion happens, or joined to other text)
 * is no value the run would get: it is unresolved, like an unset variable, so no rule judges it.
 */
function markPlaceholders(l: LaunchDoc, placeholders: Map<string, string>): void {
  if (placeholders.size === 0) return;
  for (const [key, value] of Object.entries(l.data)) {
    const texts = Array.isArray(value) ? value : [value];
    if (!texts.some((t) => typeof t === 'string' && t.includes(PLACEHOLDER_PREFIX))) continue;
    const pointer = `/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`;
    const node = l.nodes.get(pointer);
    delete l.data[key];
    l.launch.values.delete(pointer);
    const span = node?.keySpan ?? node?.valueSpan ?? { line: l.launch.line, column: 1, endLine: l.launch.line, endColumn: 1 };
    l.launch.unresolved.set(pointer, { flag: key, expression: texts.map(String).join(' '), span });
    if (node) l.nodes.set(pointer, { ...(node.keySpan ? { keySpan: node.keySpan } : {}), valueSpan: node.valueSpan });
  }
}
