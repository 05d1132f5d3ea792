// Text -> data with a position for every key. Pure: no file system, no env.
// YAML and JSON both go through the `yaml` package's document API (JSON is read strictly first, so a JSON
// file that only YAML would accept is still a parse error). Limits make hostile input a finding, not a crash.
import { isAlias, isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, Scalar, type Alias, type Node, type YAMLMap } from 'yaml';
import { findJsonError } from './json-error.ts';
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
  /** The file is plainly not a single config (several YAML documents: PyYAML's safe_load refuses them). */
  notASingleConfig?: boolean;
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
    // The CLI reads at most maxBytes + 1 bytes, so the text may be a prefix: state the limit, not a size.
    return unsafe(`file is larger than ${LIMITS.maxBytes} bytes, the limit for a training config`, 1, 1);
  }
  if (format === 'json' && text.charCodeAt(0) === 0xfeff) {
    // Python's json.load on a file opened as utf-8 raises "Unexpected UTF-8 BOM" as well.
    return { ok: false, problem: { kind: 'syntax', message: 'invalid JSON: the file starts with a UTF-8 byte-order mark (BOM), which JSON readers such as Python\'s json refuse', line: 1, column: 1 } };
  }
  // YAML readers (PyYAML included) drop a leading BOM; without it, columns on line 1 are as an editor shows them.
  let body = format === 'yaml' && text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  // A lone CR is a line break in YAML (1.1 and 1.2) and for PyYAML, but not for the `yaml` package: make it
  // LF (same length, so offsets stay) or an old-Mac file would read as one line of nested compact mappings.
  if (format === 'yaml' && body.includes('\r')) body = body.replace(/\r(?!\n)/g, '\n');
  const flowDepth = deepestFlowNesting(body);
  if (flowDepth > LIMITS.maxDepth) {
    return unsafe(`brackets nest ${flowDepth} deep, over the limit of ${LIMITS.maxDepth}`, 1, 1);
  }
  if (format === 'yaml') {
    const block = deepestBlockNesting(body);
    if (block) return unsafe(`block indentation nests more than ${BLOCK_DEPTH_GUARD} levels deep, over the limit of ${LIMITS.maxDepth}`, block.line, 1);
  }
  if (format === 'json') {
    const strict = strictJsonProblem(body);
    if (strict) return { ok: false, problem: strict };
  } else {
    const special = nonPrintableProblem(body);
    if (special) return { ok: false, problem: special };
  }
  try {
    return toParsedDoc(body, format);
  } catch (err) {
    // A pathological input can still exhaust the stack inside the YAML library: that is unsafe input, not a crash.
    if (err instanceof RangeError) return unsafe(`input too complex to parse safely (${err.message})`, 1, 1);
    // Anything else the parser throws is still this file's problem, never the whole run's.
    return { ok: false, problem: { kind: 'syntax', message: `the YAML reader failed: ${err instanceof Error ? err.message : String(err)}`, line: 1, column: 1 } };
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
      // A quote that does not close on its line is taken as ended there (a stray `'` in a plain scalar
      // such as `don't` must not hide the brackets after it); counting more than YAML would is harmless.
      if (ch === '\\' && quote === '"') i++;
      else if (ch === quote || ch === '\n') quote = null;
      continue;
    }
    if (ch === '#' && (i === 0 || /\s/.test(text[i - 1] ?? ''))) {
      // A comment (YAML: `#` at a line start or after whitespace) ends at the line break.
      const end = text.indexOf('\n', i);
      if (end < 0) break;
      i = end;
    } else if (ch === '"' || ch === "'") quote = ch;
    else if (ch === '[' || ch === '{') deepest = Math.max(deepest, ++depth);
    else if (ch === ']' || ch === '}') depth = Math.max(0, depth - 1);
  }
  return deepest;
}

/**
 * PyYAML's Reader (yaml/reader.py check_printable), which every YAML-reading framework here goes through,
 * refuses a stream holding a character outside YAML's printable set: NUL and other C0 controls except
 * tab/LF/CR, DEL, C1 controls except NEL, surrogates, U+FFFE/U+FFFF. The `yaml` package accepts them, so a
 * binary file renamed `.yaml` would otherwise parse as a scalar.
 */
const NON_PRINTABLE = /[^\t\n\r\x20-\x7E\x85\xA0-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u;

function nonPrintableProblem(text: string): ParseProblem | null {
  const match = NON_PRINTABLE.exec(text);
  if (!match) return null;
  const code = match[0].codePointAt(0) ?? 0;
  const { line, column } = lineColumnAt(text, match.index);
  return {
    kind: 'syntax',
    message: `unacceptable character #x${code.toString(16).padStart(4, '0')}: special characters are not allowed in YAML (PyYAML refuses the file; is it binary?)`,
    line,
    column,
  };
}

/**
 * Block nesting guard. The `yaml` package composes block collections recursively and overflows the stack
 * somewhere near a thousand levels (earlier when the caller's stack is already deep), so block indentation
 * is bounded before it is called. Counts, per line, the open indentation levels plus compact `- ` entries
 * (`- - - x` nests three sequences on one line). Text inside block scalars can only add levels, never hide
 * them, so this overestimates; the guard is set well above LIMITS.maxDepth (which the Builder enforces
 * exactly) so that no real config trips it. Returns where the guard was crossed, or null.
 */
const BLOCK_DEPTH_GUARD = 2 * LIMITS.maxDepth;

function deepestBlockNesting(text: string): { line: number } | null {
  const open: number[] = []; // indentation columns of the enclosing levels, increasing
  let line = 0;
  let start = 0;
  while (start <= text.length) {
    line++;
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    let i = start;
    while (i < end && text.charCodeAt(i) === 32) i++;
    const first = text[i];
    if (i < end && first !== '#' && first !== '\r') {
      const indent = i - start;
      while (open.length && (open[open.length - 1] ?? 0) >= indent) open.pop();
      open.push(indent);
      // Compact sequence entries: each `- ` opens one more level on this line.
      while (text[i] === '-' && (text[i + 1] === ' ' || text[i + 1] === '\t')) {
        i += 2;
        while (text[i] === ' ' || text[i] === '\t') i++;
        if (i >= end || text[i] === '#') break;
        open.push(i - start);
      }
      if (open.length > BLOCK_DEPTH_GUARD) return { line };
    }
    start = end + 1;
  }
  return null;
}

function strictJsonProblem(text: string): ParseProblem | null {
  try {
    JSON.parse(text);
    return null;
  } catch (err) {
    // Our own scanner gives the position (Node's message often has none) and a message without the
    // file's text in it; JSON.parse's word is kept only when the scanner finds nothing (e.g. lone surrogates).
    const located = findJsonError(text);
    const offset = located?.offset ?? Number(/position (\d+)/.exec(String(err))?.[1] ?? 0);
    const reason = located?.message ?? (err instanceof Error ? err.message : String(err)).split('\n')[0]!;
    const { line, column } = lineColumnAt(text, offset);
    return { kind: 'syntax', message: `invalid JSON: ${reason}`, line, column };
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
  const first = document.errors.find((e) => e.code === 'RESOURCE_EXHAUSTION') ?? document.errors[0];
  if (first) {
    const pos = lineCounter.linePos(first.pos[0]);
    const message = (first.message.split('\n')[0] ?? first.code).replace(/ at line \d+, column \d+:?$/, '');
    // The YAML library turns its own stack overflow (block nesting thousands deep) into this error code.
    // Where the stack runs out depends on the engine's state, not on the input: point at the file, so the
    // report stays byte-identical across runs.
    if (first.code === 'RESOURCE_EXHAUSTION') return unsafe(`values nest too deep to parse (${message})`, 1, 1);
    if (first.code === 'MULTIPLE_DOCS') {
      const problem = `the file holds several YAML documents; training frameworks load one (PyYAML's safe_load refuses more)`;
      return { ok: false, problem: { kind: 'syntax', message: problem, line: pos.line, column: pos.col, notASingleConfig: true } };
    }
    return { ok: false, problem: { kind: 'syntax', message, line: pos.line, column: pos.col } };
  }
  const spanOf = (range: [number, number, number] | null | undefined): Span => {
    const [start, end] = range ?? [0, 0, 0];
    const a = lineCounter.linePos(start);
    const b = lineCounter.linePos(end);
    return { line: a.line, column: a.col, endLine: b.line, endColumn: b.col };
  };
  const anchors = resolveAnchors(document.contents as Node | null);
  if ('problem' in anchors) {
    const pos = lineCounter.linePos(anchors.offset);
    return { ok: false, problem: { kind: 'syntax', message: anchors.problem, line: pos.line, column: pos.col } };
  }
  const builder = new Builder(spanOf, anchors.targets);
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

/**
 * Which node each alias stands for: the closest preceding node with that anchor, in document order (as
 * PyYAML's composer and the `yaml` package do). An alias to an anchor that was never defined is a syntax
 * error, as in PyYAML ("found undefined alias"). Iterative and bounded, so hostile nesting cannot overflow.
 */
function resolveAnchors(root: Node | null): { targets: Map<Alias, Node> } | { problem: string; offset: number } {
  const targets = new Map<Alias, Node>();
  const latest = new Map<string, Node>();
  const stack: Array<{ node: unknown; depth: number }> = [{ node: root, depth: 0 }];
  while (stack.length) {
    const { node, depth } = stack.pop()!;
    if (node === null || node === undefined || depth > LIMITS.maxDepth + 1) continue;
    if (isPair(node)) {
      stack.push({ node: node.value, depth }, { node: node.key, depth }); // key first (stack: pushed last)
      continue;
    }
    if (isAlias(node)) {
      const target = latest.get(node.source);
      if (!target) return { problem: `found undefined alias *${node.source}`, offset: node.range?.[0] ?? 0 };
      targets.set(node, target);
      continue;
    }
    const anchor = (node as { anchor?: string }).anchor;
    if (anchor) latest.set(anchor, node as Node);
    if (isMap(node) || isSeq(node)) {
      const items = node.items as unknown[];
      for (let i = items.length - 1; i >= 0; i--) stack.push({ node: items[i], depth: depth + 1 });
    }
  }
  return { targets };
}

/** A `<<` merge key (plain, resolved by the YAML 1.1 merge tag the parser is given). */
function isMergeKey(node: unknown): boolean {
  return isScalar(node) && typeof node.value === 'symbol' && node.value.description === '<<';
}

interface Entry {
  key: string;
  keyNode: Node | null;
  value: Node | null;
  /** Written in this mapping (not merged in): only these can be duplicates. */
  own: boolean;
}

/** Converts the YAML node tree to plain data, recording positions; bounds depth, node count and aliases. */
class Builder {
  nodes = new Map<string, NodeInfo>();
  duplicateKeys: string[] = [];
  problem: ParseProblem | null = null;
  private count = 0;
  private aliases = 0;

  constructor(
    private spanOf: (range: [number, number, number] | null | undefined) => Span,
    private aliasTargets: Map<Alias, Node>,
  ) {}

  /** Follows an alias (counted against the alias budget); any other node is returned as is. */
  private deref(node: Node | null): Node | null {
    if (!node || !isAlias(node)) return node;
    if (++this.aliases > LIMITS.maxAliases) {
      this.fail(`more than ${LIMITS.maxAliases} aliases`, node);
      return null;
    }
    return this.aliasTargets.get(node) ?? null;
  }

  build(node: Node | null, pointer: string, depth: number, keySpan?: Span): unknown {
    if (this.problem) return null;
    if (++this.count > LIMITS.maxNodes) return this.fail(`more than ${LIMITS.maxNodes} values after expanding aliases`, node);
    if (depth > LIMITS.maxDepth) return this.fail(`values nest deeper than ${LIMITS.maxDepth} levels`, node);
    if (node === null || node === undefined) {
      this.nodes.set(pointer, { keySpan, valueSpan: keySpan ?? { line: 1, column: 1, endLine: 1, endColumn: 1 } });
      return null;
    }
    if (isAlias(node)) {
      const target = this.deref(node);
      if (this.problem) return null;
      // The expansion counts against the depth too, so an anchor that contains its own alias stops here.
      return this.build(target, pointer, depth + 1, keySpan ?? this.spanOf(node.range));
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
      const entries = this.entries(node, depth);
      if (this.problem) return null;
      const out: Record<string, unknown> = {};
      const ownKeys = new Set<string>();
      for (const { key, keyNode, value: valueNode, own } of entries) {
        const childPointer = `${pointer}/${escapePointerToken(key)}`;
        if (own && ownKeys.has(key)) this.duplicateKeys.push(childPointer);
        if (own) ownKeys.add(key);
        const value = this.build(valueNode, childPointer, depth + 1, keyNode ? this.spanOf(keyNode.range) : valueSpan);
        if (this.problem) return null;
        // defineProperty: a key named `__proto__` stays an ordinary key and never touches the prototype.
        Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
      }
      return out;
    }
    return null;
  }

  /**
   * The key/value pairs of a mapping after applying `<<` merge keys the way PyYAML's SafeLoader does
   * (flatten_mapping): merged pairs come first, the mapping's own pairs after them and win; of several
   * mappings merged by one `<<: [*a, *b]`, the earlier one wins. Later pairs overwrite earlier ones.
   */
  private entries(node: YAMLMap, depth: number): Entry[] {
    const merged: Entry[] = [];
    const own: Entry[] = [];
    for (const pair of node.items) {
      if (!isPair(pair)) continue;
      const keyNode = pair.key as Node | null;
      if (isMergeKey(keyNode)) {
        if (depth > LIMITS.maxDepth) return this.fail(`values nest deeper than ${LIMITS.maxDepth} levels`, keyNode) ?? [];
        const source = this.deref(pair.value as Node | null);
        if (this.problem) return [];
        const sources = isSeq(source) ? (source.items as Node[]).map((item) => this.deref(item)).reverse() : [source];
        for (const map of sources) {
          if (this.problem) return [];
          if (!isMap(map)) {
            const span = this.spanOf((pair.value as Node | null)?.range ?? keyNode?.range);
            this.problem = { kind: 'syntax', message: 'expected a mapping or list of mappings for merging (`<<`)', line: span.line, column: span.column };
            return [];
          }
          for (const entry of this.entries(map, depth + 1)) merged.push({ ...entry, own: false });
          if (++this.count > LIMITS.maxNodes) return this.fail(`more than ${LIMITS.maxNodes} values after expanding aliases`, map) ?? [];
        }
        continue;
      }
      const key = keyNode && isScalar(keyNode) ? String(keyNode.value) : JSON.stringify(keyNode?.toJSON?.() ?? null);
      own.push({ key, keyNode, value: pair.value as Node | null, own: true });
    }
    if (!merged.length) return own;
    // Drop merged pairs that a later pair overrides, so each key is built once (positions from the winner).
    const all = [...merged, ...own];
    const lastIndex = new Map<string, number>();
    all.forEach((e, i) => lastIndex.set(e.key, i));
    return all.filter((e, i) => e.own || lastIndex.get(e.key) === i);
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
