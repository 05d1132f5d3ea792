// TOML -> ParsedDoc with a position for every key. The parser is toml-eslint-parser (ota-meshi, MIT): the
// TOML parser behind eslint-plugin-toml, kept up with the TOML spec and its test suite, and one of the few
// that returns an AST with locations for every key and value (smol-toml, @iarna/toml and toml return plain
// data only). It is pure ESM with a single small dependency, so it bundles with ncc. It is run in TOML 1.0
// mode, which is what Python's tomllib (3.11+, torchtitan's loader) implements.
// Limits as for YAML/JSON (core/parse.ts LIMITS): size, nesting depth and node count, checked before or
// while building, so hostile input becomes a finding (TL003) and never a crash.
import { parseTOML, type AST } from 'toml-eslint-parser';
import { escapePointerToken, LIMITS, type NodeInfo, type ParseResult, type ParseProblem } from './parse.ts';
import type { Span } from './types.ts';

function unsafe(message: string, line = 1, column = 1): ParseResult {
  return { ok: false, problem: { kind: 'unsafe', message, line, column } };
}

/**
 * Deepest nesting of arrays and inline tables outside strings and comments. The parser descends recursively
 * into them, so a 100,000-deep `[[[[` must be refused before it is called.
 */
function deepestValueNesting(text: string): number {
  let depth = 0;
  let deepest = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '#') {
      const end = text.indexOf('\n', i);
      if (end < 0) break;
      i = end;
    } else if (ch === '"' || ch === "'") {
      const triple = text.startsWith(ch.repeat(3), i);
      const close = triple ? ch.repeat(3) : ch;
      let j = i + close.length;
      while (j < text.length && !text.startsWith(close, j) && (triple || text[j] !== '\n')) j += ch === '"' && text[j] === '\\' ? 2 : 1;
      i = j + close.length - 1;
    } else if (ch === '[' || ch === '{') deepest = Math.max(deepest, ++depth);
    else if (ch === ']' || ch === '}') depth = Math.max(0, depth - 1);
  }
  return deepest;
}

interface Builder {
  nodes: Map<string, NodeInfo>;
  count: number;
  problem: ParseProblem | null;
}

function spanOf(node: { loc: AST.SourceLocation }): Span {
  return { line: node.loc.start.line, column: node.loc.start.column + 1, endLine: node.loc.end.line, endColumn: node.loc.end.column + 1 };
}

function setKey(target: Record<string, unknown>, key: string, value: unknown): void {
  // defineProperty: a key named `__proto__` stays an ordinary key and never touches the prototype.
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

function keyName(k: AST.TOMLBare | AST.TOMLQuoted): string {
  return k.type === 'TOMLBare' ? k.name : k.value;
}

function fail(b: Builder, message: string, node: { loc: AST.SourceLocation }): null {
  if (!b.problem) b.problem = { kind: 'unsafe', message, line: node.loc.start.line, column: node.loc.start.column + 1 };
  return null;
}

/** Plain data for a value node, recording its position (and those of everything inside it). */
function build(b: Builder, node: AST.TOMLContentNode, pointer: string, depth: number, keySpan?: Span): unknown {
  if (b.problem) return null;
  if (++b.count > LIMITS.maxNodes) return fail(b, `more than ${LIMITS.maxNodes} values`, node);
  if (depth > LIMITS.maxDepth) return fail(b, `values nest deeper than ${LIMITS.maxDepth} levels`, node);
  const valueSpan = spanOf(node);
  if (node.type === 'TOMLArray') {
    b.nodes.set(pointer, { ...(keySpan ? { keySpan } : {}), valueSpan });
    return node.elements.map((e, i) => build(b, e, `${pointer}/${i}`, depth + 1));
  }
  if (node.type === 'TOMLInlineTable') {
    b.nodes.set(pointer, { ...(keySpan ? { keySpan } : {}), valueSpan });
    const out: Record<string, unknown> = {};
    for (const kv of node.body) addKeyValue(b, out, kv, pointer, depth + 1);
    return out;
  }
  const source = node.kind === 'integer' || node.kind === 'float' ? node.number : node.kind === 'offset-date-time' || node.kind === 'local-date-time' || node.kind === 'local-date' || node.kind === 'local-time' ? node.datetime : String(node.value);
  b.nodes.set(pointer, { ...(keySpan ? { keySpan } : {}), valueSpan, scalar: { source, plain: false } });
  if (node.kind === 'offset-date-time' || node.kind === 'local-date-time' || node.kind === 'local-date' || node.kind === 'local-time') return node.datetime;
  return node.value;
}

/** `a.b.c = v` inside `target` (at `pointer`): intermediate tables are created (or reused) on the way. */
function addKeyValue(b: Builder, target: Record<string, unknown>, kv: AST.TOMLKeyValue, pointer: string, depth: number): void {
  const parts = kv.key.keys;
  let table = target;
  let at = pointer;
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i]!;
    const name = keyName(part);
    at = `${at}/${escapePointerToken(name)}`;
    if (i === parts.length - 1) {
      setKey(table, name, build(b, kv.value, at, depth + i, spanOf(kv.key)));
      return;
    }
    if (depth + i > LIMITS.maxDepth) {
      fail(b, `values nest deeper than ${LIMITS.maxDepth} levels`, part);
      return;
    }
    let next = Object.prototype.hasOwnProperty.call(table, name) ? table[name] : undefined;
    if (next === undefined || next === null || typeof next !== 'object' || Array.isArray(next)) {
      next = {};
      setKey(table, name, next);
      b.nodes.set(at, { keySpan: spanOf(part), valueSpan: spanOf(kv) });
    }
    table = next as Record<string, unknown>;
  }
}

/** The table a `[a.b]` / `[[a.b]]` header opens, creating it (and its parents) in `root`. */
function openTable(b: Builder, root: Record<string, unknown>, table: AST.TOMLTable): { target: Record<string, unknown>; pointer: string } | null {
  if (table.resolvedKey.length > LIMITS.maxDepth) return fail(b, `values nest deeper than ${LIMITS.maxDepth} levels`, table);
  const names = table.key.keys.map(keyName);
  let node: Record<string, unknown> = root;
  let pointer = '';
  names.forEach((name, i) => {
    pointer = `${pointer}/${escapePointerToken(name)}`;
    const last = i === names.length - 1;
    let next = Object.prototype.hasOwnProperty.call(node, name) ? node[name] : undefined;
    const keyPart = table.key.keys[i]!;
    if (last && table.kind === 'array') {
      const list = Array.isArray(next) ? next : [];
      if (!Array.isArray(next)) {
        setKey(node, name, list);
        b.nodes.set(pointer, { keySpan: spanOf(keyPart), valueSpan: spanOf(table) });
      }
      const entry: Record<string, unknown> = {};
      list.push(entry);
      pointer = `${pointer}/${list.length - 1}`;
      b.nodes.set(pointer, { keySpan: spanOf(table.key), valueSpan: spanOf(table) });
      node = entry;
      return;
    }
    if (Array.isArray(next)) {
      // `[a.b]` after `[[a]]` refers to the last element of the array of tables.
      pointer = `${pointer}/${next.length - 1}`;
      next = next[next.length - 1];
    }
    if (next === undefined || next === null || typeof next !== 'object') {
      next = {};
      setKey(node, name, next);
      b.nodes.set(pointer, last ? { keySpan: spanOf(table.key), valueSpan: spanOf(table) } : { keySpan: spanOf(keyPart), valueSpan: spanOf(table) });
    } else if (last) {
      // A table first created by a dotted key or a sub-table header: its own header is the better position.
      b.nodes.set(pointer, { keySpan: spanOf(table.key), valueSpan: spanOf(table) });
    }
    node = next as Record<string, unknown>;
  });
  return { target: node, pointer };
}

/** Parses TOML text (TOML 1.0, as tomllib). Never throws: every failure is a ParseProblem. */
export function parseToml(text: string): ParseResult {
  if (Buffer.byteLength(text, 'utf8') > LIMITS.maxBytes) {
    return unsafe(`file is larger than ${LIMITS.maxBytes} bytes, the limit for a training config`);
  }
  const nesting = deepestValueNesting(text);
  if (nesting > LIMITS.maxDepth) return unsafe(`brackets nest ${nesting} deep, over the limit of ${LIMITS.maxDepth}`);
  let ast: AST.TOMLProgram;
  try {
    ast = parseTOML(text, { tomlVersion: '1.0' });
  } catch (err) {
    const e = err as { message?: string; lineNumber?: number; column?: number };
    const message = String(e.message ?? err).split('\n')[0]!;
    // The parser reports 1-based lines and (like its AST) 0-based columns.
    const line = typeof e.lineNumber === 'number' ? e.lineNumber : 1;
    const column = typeof e.column === 'number' ? e.column + 1 : 1;
    if (err instanceof RangeError) return unsafe(`values nest too deep to parse (${message})`);
    return { ok: false, problem: { kind: 'syntax', message: `invalid TOML: ${message}`, line, column } };
  }
  const b: Builder = { nodes: new Map(), count: 0, problem: null };
  const data: Record<string, unknown> = {};
  const top = ast.body[0];
  b.nodes.set('', { valueSpan: spanOf(ast) });
  for (const item of top?.body ?? []) {
    if (item.type === 'TOMLKeyValue') addKeyValue(b, data, item, '', 1);
    else {
      const opened = openTable(b, data, item);
      if (!opened) break;
      for (const kv of item.body) addKeyValue(b, opened.target, kv, opened.pointer, item.resolvedKey.length + 1);
    }
    if (b.problem) break;
  }
  if (b.problem) return { ok: false, problem: b.problem };
  const lineCount = text.split('\n').length;
  return { ok: true, doc: { format: 'toml', data, nodes: b.nodes, duplicateKeys: [], lineCount, text } };
}
