// Text -> data with a position for every key. Pure: no file system, no env.
// YAML and JSON both go through the `yaml` package's document API (JSON is read strictly first, so a JSON
// file that only YAML would accept is still a parse error). Limits make hostile input a finding, not a crash.
import { isAlias, isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, Scalar, type Node } from 'yaml';
import type { Span } from './types.ts';

export const LIMITS = {
  /** Training configs are kilobytes; anything past this is not reviewed (TL003). */
  maxBytes: 2 * 1024 * 1024,
  /** Deepest nesting of maps and lists a config may have. */
  maxDepth: 64,
  /** Nodes after expanding aliases: stops "billion laughs" documents. */
  maxNodes: 200_000,
  maxAliases: 1_000,
} as const;

export type Format = 'yaml' | 'json' | 'toml' | 'python';

export interface ScalarInfo {
  /** The scalar exactly as written (for YAML: without quotes), used to re-read it the way another loader would. */
  source: string;
  /** Unquoted plain scalar (YAML) - the only kind a loader's implicit typing applies to. */
  plain: boolean;
  /** Explicit tag such as `!!float`, when present. */
  tag?: string;
}

export interface NodeInfo {
  keySpan?: Span;
  valueSpan: Span;
  scalar?: ScalarInfo;
}

export interface ParsedDoc {
  format: Format;
  /** The data as a YAML 1.2 / JSON reader sees it. Objects have own properties only (`__proto__` is a plain key). */
  data: unknown;
  /** JSON pointer -> where the key and value are. `''` is the root. */
  nodes: Map<string, NodeInfo>;
  /** Keys written twice in one mapping (the later one wins, as in PyYAML); pointer of the later one. */
  duplicateKeys: string[];
  lineCount: number;
  text: string;
}

export interface ParseProblem {
  kind: 'syntax' | 'unsafe';
  message: string;
  line: number;
  column: number;
}

export type ParseResult = { ok: true; doc: ParsedDoc } | { ok: false; problem: ParseProblem };

export function formatOf(path: string): Format | null {
  const lower = path.toLowerCase();
  if (lower.endsWith('.yaml') || lower.endsWith('.yml')) return 'yaml';
  if (lower.endsWith('.json')) return 'json';
  if (lower.endsWith('.toml')) return 'toml';
  if (lower.endsWith('.py')) return 'python';
  return null;
}

export function escapePointerToken(token: string): string {
  return token.replace(/~/g, '~0').replace(/\//g, '~1');
}

export function pointerToKey(pointer: string): string {
  return pointer
    .split('/')
    .slice(1)
    .map((t) => t.replace(/~1/g, '/').replace(/~0/g, '~'))
    .join('.');
}

/** Parses YAML or JSON text. Never throws: every failure is a ParseProblem. */
export function parseText(text: string, format: 'yaml' | 'json'): ParseResult {
  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes > LIMITS.maxBytes) {
    return unsafe(`file is ${bytes} bytes, over the ${LIMITS.maxBytes}-byte limit for a training config`, 1, 1);
  }
  const flowDepth = deepestFlowNesting(text);
  if (flowDepth > LIMITS.maxDepth) {
    return unsafe(`brackets nest ${flowDepth} deep, over the limit of ${LIMITS.maxDepth}`, 1, 1);
  }
  if (format === 'json') {
    const strict = strictJsonProblem(text);
    if (strict) return { ok: false, problem: strict };
  }
  try {
    return toParsedDoc(text, format);
  } catch (err) {
    // A pathological input can still exhaust the stack inside the YAML library: that is unsafe input, not a crash.
    if (err instanceof RangeError) return unsafe(`input too complex to parse safely (${err.message})`, 1, 1);
    throw err;
  }
}

function unsafe(message: string, line: number, column: number): ParseResult {
  return { ok: false, problem: { kind: 'unsafe', message, line, column } };
}

/** Bracket nesting outside quotes: a cheap pre-check so a 10,000-deep `[[[[` never reaches a recursive parser. */
function deepestFlowNesting(text: string): number {
  let depth = 0;
  let deepest = 0;
  let quote: string | null = null;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quote) {
      if (ch === '\\' && quote === '"') i++;
      else if (ch === quote) quote = null;
      continue;
    }
    if (ch === '"' || ch === "'") quote = ch;
    else if (ch === '[' || ch === '{') deepest = Math.max(deepest, ++depth);
    else if (ch === ']' || ch === '}') depth = Math.max(0, depth - 1);
    else if (ch === '\n') quote = null;
  }
  return deepest;
}

function strictJsonProblem(text: string): ParseProblem | null {
  try {
    JSON.parse(text);
    return null;
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    const at = /position (\d+)/.exec(message);
    const offset = at ? Number(at[1]) : 0;
    const { line, column } = lineColumnAt(text, offset);
    return { kind: 'syntax', message: `invalid JSON: ${message.replace(/\s*\(line \d+ column \d+\)/, '')}`, line, column };
  }
}

export function lineColumnAt(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lastBreak = -1;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lastBreak = i;
    }
  }
  return { line, column: offset - lastBreak };
}

function toParsedDoc(text: string, format: 'yaml' | 'json'): ParseResult {
  const lineCounter = new LineCounter();
  const document = parseDocument(text, {
    lineCounter,
    version: '1.2',
    uniqueKeys: false,
    merge: true,
    prettyErrors: false,
    keepSourceTokens: false,
  });
  const first = document.errors[0];
  if (first) {
    const pos = lineCounter.linePos(first.pos[0]);
    return { ok: false, problem: { kind: 'syntax', message: first.message.split('\n')[0] ?? first.code, line: pos.line, column: pos.col } };
  }
  const spanOf = (range: [number, number, number] | null | undefined): Span => {
    const [start, end] = range ?? [0, 0, 0];
    const a = lineCounter.linePos(start);
    const b = lineCounter.linePos(end);
    return { line: a.line, column: a.col, endLine: b.line, endColumn: b.col };
  };
  const builder = new Builder(spanOf);
  const data = builder.build(document.contents as Node | null, '', 0);
  if (builder.problem) return { ok: false, problem: builder.problem };
  return {
    ok: true,
    doc: {
      format,
      data,
      nodes: builder.nodes,
      duplicateKeys: builder.duplicateKeys,
      lineCount: lineCounter.lineStarts.length,
      text,
    },
  };
}

/** Converts the YAML node tree to plain data, recording positions; bounds depth, node count and aliases. */
class Builder {
  nodes = new Map<string, NodeInfo>();
  duplicateKeys: string[] = [];
  problem: ParseProblem | null = null;
  private count = 0;
  private aliases = 0;

  constructor(private spanOf: (range: [number, number, number] | null | undefined) => Span) {}

  build(node: Node | null, pointer: string, depth: number, keySpan?: Span): unknown {
    if (this.problem) return null;
    if (++this.count > LIMITS.maxNodes) return this.fail(`more than ${LIMITS.maxNodes} values after expanding aliases`, node);
    if (depth > LIMITS.maxDepth) return this.fail(`values nest deeper than ${LIMITS.maxDepth} levels`, node);
    if (node === null || node === undefined) {
      this.nodes.set(pointer, { keySpan, valueSpan: keySpan ?? { line: 1, column: 1, endLine: 1, endColumn: 1 } });
      return null;
    }
    if (isAlias(node)) {
      if (++this.aliases > LIMITS.maxAliases) return this.fail(`more than ${LIMITS.maxAliases} aliases`, node);
      const target = node.resolve(undefined as never);
      return this.build((target ?? null) as Node | null, pointer, depth, keySpan ?? this.spanOf(node.range));
    }
    const valueSpan = this.spanOf(node.range);
    if (isScalar(node)) {
      const info: NodeInfo = { keySpan, valueSpan, scalar: scalarInfo(node) };
      this.nodes.set(pointer, info);
      return node.value;
    }
    this.nodes.set(pointer, { keySpan, valueSpan });
    if (isSeq(node)) {
      return node.items.map((item, i) => this.build(item as Node, `${pointer}/${i}`, depth + 1));
    }
    if (isMap(node)) {
      const out: Record<string, unknown> = {};
      for (const pair of node.items) {
        if (!isPair(pair)) continue;
        const keyNode = pair.key as Node | null;
        const key = keyNode && isScalar(keyNode) ? String(keyNode.value) : JSON.stringify(keyNode?.toJSON?.() ?? null);
        const childPointer = `${pointer}/${escapePointerToken(key)}`;
        if (Object.prototype.hasOwnProperty.call(out, key)) this.duplicateKeys.push(childPointer);
        const value = this.build(pair.value as Node | null, childPointer, depth + 1, keyNode ? this.spanOf(keyNode.range) : valueSpan);
        // defineProperty: a key named `__proto__` stays an ordinary key and never touches the prototype.
        Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
      }
      return out;
    }
    return null;
  }

  private fail(message: string, node: Node | null): null {
    const span = node ? this.spanOf(node.range) : { line: 1, column: 1 };
    this.problem = { kind: 'unsafe', message, line: span.line, column: span.column };
    return null;
  }
}

function scalarInfo(node: Scalar): ScalarInfo {
  const plain = node.type === Scalar.PLAIN;
  const source = typeof node.source === 'string' ? node.source : String(node.value);
  return node.tag ? { source, plain, tag: node.tag } : { source, plain };
}

/** Walks every scalar of the data with its pointer (iteratively: depth is bounded already, but stay flat). */
export function* scalars(doc: ParsedDoc): Generator<[string, NodeInfo]> {
  for (const entry of doc.nodes) if (entry[1].scalar) yield entry;
}
