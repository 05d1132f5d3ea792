// The YAML document (JSON too, once it passed the strict JSON check) -> plain data plus a position for every
// key, resolving anchors, aliases and merge keys the way PyYAML does, within the limits of parse.ts.
import { isAlias, isMap, isPair, isScalar, isSeq, Scalar, type Alias, type Node, type YAMLMap } from 'yaml';
import { escapePointerToken, LIMITS, unsafe, type NodeInfo, type ParsedDoc, type ParseProblem, type ParseResult, type ScalarInfo } from './document.ts';
import { pyyamlProblem, readDocument } from './yaml-read.ts';
import { constructTagged, isCoreScalarTag } from './pyyaml-construct.ts';
import { LazyNodeInfo, spanFinder, type Range, type SpanAt, type SpanOf } from './yaml-positions.ts';
import { readPlainSubset } from './yaml-plain-subset.ts';
import { readJsonDirect } from './json-direct.ts';
import type { DirectRead } from './direct-read.ts';
import type { Span } from './types.ts';

export function toParsedDoc(text: string, format: 'yaml' | 'json'): ParseResult {
  // The plain block style most YAML configs are written in, and JSON, are read directly; the `yaml` package is asked
  // only for the end of a list or mapping, should a rule read one.
  let full: ParseResult | undefined;
  const collectionSpan = (pointer: string): Span => {
    try {
      full ??= readWithYamlPackage(text, format);
    } catch (err) {
      full = { ok: false, problem: { kind: 'unsafe', message: String(err), line: 1, column: 1 } };
    }
    // Both readers give the same pointers (__tests__/yaml-plain-subset.test.ts, json-direct.test.ts); the file's start is never needed.
    return (full.ok ? full.doc.nodes.get(pointer)?.valueSpan : undefined) ?? { line: 1, column: 1, endLine: 1, endColumn: 1 };
  };
  let direct: DirectRead | null = null;
  try {
    direct = format === 'yaml' ? readPlainSubset(text, collectionSpan) : readJsonDirect(text, collectionSpan);
  } catch {
    // A fault of the shortcut is no fault of the file: the full reader reads it (the tests call the shortcuts directly).
  }
  if (direct) return { ok: true, doc: { format, data: direct.data, nodes: direct.nodes, duplicateKeys: [], lineCount: direct.lineCount, text } };
  return readWithYamlPackage(text, format);
}

/** The document as the `yaml` package reads it, then walked the way PyYAML reads it. */
export function readWithYamlPackage(text: string, format: 'yaml' | 'json'): ParseResult {
  const read = readDocument(text, format);
  if ('problem' in read) return { ok: false, problem: read.problem };
  const { document, position } = read;
  const spanOf = spanFinder(read.lineStarts, read.toOriginal);
  // No `&` and no `*` in the text (the reader saw it, or a copy with only spaces added): no anchor or alias to walk for.
  const anchors = text.includes('&') || text.includes('*') ? resolveAnchors(document.contents as Node | null) : { targets: new Map<Alias, Node>() };
  if ('problem' in anchors) {
    const pos = position(anchors.offset);
    return { ok: false, problem: { kind: 'syntax', message: anchors.problem, line: pos.line, column: pos.col } };
  }
  const builder = new Builder(spanOf, anchors.targets);
  const data = builder.build(document.contents as Node | null, '', 0);
  builder.dropStale();
  // JSON has no aliases: its node limit is a plain count of values.
  if (builder.problem) return { ok: false, problem: format === 'json' ? { ...builder.problem, message: builder.problem.message.replace(' after expanding aliases', '') } : builder.problem };
  const doc: ParsedDoc = { format, data, nodes: builder.nodes, duplicateKeys: builder.duplicateKeys, lineCount: read.lineCount, text };
  if (format === 'yaml') {
    const refusals: ParseProblem[] = [];
    // yaml.unsafe_load constructs `!!python/...` tags; everything else it refuses as safe_load does.
    let pythonTag: ParseProblem | undefined;
    if (read.pyyamlRefusal) refusals.push(read.pyyamlRefusal);
    if (anchors.duplicate) {
      const { name, offset, firstOffset } = anchors.duplicate;
      const first = position(firstOffset);
      refusals.push(pyyamlProblem(`found duplicate anchor &${name} (first on line ${first.line}); rename one of them`, position(offset)));
    }
    const tagged = text.includes('!') ? firstInDocument(document.contents as Node | null, refusedTag) : null; // every tag is written with `!`
    if (tagged) {
      const shown = tagged.found.replace(/^tag:yaml\.org,2002:/, '!!');
      const python = /^tag:yaml\.org,2002:python\//.test(tagged.found);
      const message = `could not determine a constructor for the tag '${shown}': yaml.safe_load (and OmegaConf and jsonargparse, which load with its SafeLoader) refuses ${python ? 'Python object tags' : 'tags it does not know'}, so the run does not start; trainlint constructs nothing from it either. Remove the tag${python ? ' and write the value as plain YAML' : ''}`;
      // The node's range starts after its tag: point at the `!` that opens the tag, on the same line.
      let bang = text.lastIndexOf('!', tagged.offset);
      while (bang > 0 && text[bang - 1] === '!') bang--;
      const at = bang >= 0 && !text.slice(bang, tagged.offset).includes('\n') ? bang : tagged.offset;
      const problem = pyyamlProblem(message, position(at));
      refusals.push(problem);
      if (python) pythonTag = problem;
    }
    // A core tag whose constructor raises (`!!int 1.5`, `!!float abc`): safe_load and unsafe_load alike.
    const badlyTagged = text.includes('!!') ? firstInDocument(document.contents as Node | null, constructionError) : null;
    if (badlyTagged) {
      const message = `${badlyTagged.found}, so yaml.safe_load (and OmegaConf) raise and the run does not start. Write the value as the tag's type, or drop the tag`;
      refusals.push(pyyamlProblem(message, position(badlyTagged.offset)));
    }
    if (builder.unhashableKey) {
      const message = 'found unhashable key: a list or mapping used as a mapping key cannot be a Python dict key';
      refusals.push(pyyamlProblem(message, position(builder.unhashableKey.range?.[0] ?? 0)));
    }
    const first = refusals.sort((a, b) => a.line - b.line || a.column - b.column)[0];
    if (first) doc.pyyamlRefusal = first;
    const unsafeFirst = refusals.find((p) => p !== pythonTag);
    if (unsafeFirst) doc.pyyamlUnsafeRefusal = unsafeFirst;
  }
  return { ok: true, doc };
}

/**
 * The first node in document order (least start offset) for which `found` gives something, with its offset. Walks the
 * whole document, values a later duplicate key replaces included (PyYAML constructs those too); iterative, bounded.
 */
function firstInDocument<T>(root: Node | null, found: (node: Node) => T | null): { found: T; offset: number } | null {
  const stack: unknown[] = [root];
  let seen = 0;
  let first: { found: T; offset: number } | null = null;
  while (stack.length && seen++ < LIMITS.maxNodes) {
    const node = stack.pop();
    if (!node || typeof node !== 'object' || isAlias(node)) continue;
    if (isPair(node)) {
      stack.push(node.value, node.key);
      continue;
    }
    const offset = (node as { range?: [number, number, number] }).range?.[0] ?? 0;
    if (first === null || offset < first.offset) {
      const hit = found(node as Node);
      if (hit !== null) first = { found: hit, offset };
    }
    if (isMap(node) || isSeq(node)) for (let i = node.items.length - 1; i >= 0; i--) stack.push(node.items[i]);
  }
  return first;
}

/** The error PyYAML's constructor raises for a scalar written with a core tag (`!!float abc`), or null. */
function constructionError(node: Node): string | null {
  if (!isScalar(node) || !isCoreScalarTag(node.tag)) return null;
  const constructed = constructTagged(node.tag!, scalarInfo(node).source);
  return 'error' in constructed ? constructed.error : null;
}

/** The tags PyYAML's SafeConstructor builds (constructor.py SafeConstructor.add_constructor); `!` is non-specific. */
const SAFE_TAGS = new Set(['null', 'bool', 'int', 'float', 'binary', 'timestamp', 'omap', 'pairs', 'set', 'str', 'seq', 'map', 'merge', 'value'].map((t) => `tag:yaml.org,2002:${t}`).concat(['!']));

/** An explicit tag yaml.safe_load has no constructor for, or null. */
function refusedTag(node: Node): string | null {
  const tag = (node as { tag?: unknown }).tag;
  return typeof tag === 'string' && !SAFE_TAGS.has(tag) ? tag : null;
}

interface Anchors {
  targets: Map<Alias, Node>;
  /** A second anchor of a name already used: the `yaml` package takes it, PyYAML's composer refuses it. */
  duplicate?: { name: string; offset: number; firstOffset: number };
}

/**
 * Which node each alias stands for: the closest preceding node with that anchor, in document order (as
 * the `yaml` package does; PyYAML refuses the second anchor, composer.py compose_node, which is reported
 * as a PyYAML refusal). An alias to an anchor that was never defined is a syntax error, as in PyYAML
 * ("found undefined alias"). Iterative and bounded, so hostile nesting cannot overflow.
 */
function resolveAnchors(root: Node | null): Anchors | { problem: string; offset: number } {
  const targets = new Map<Alias, Node>();
  let duplicate: Anchors['duplicate'];
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
    if (anchor) {
      const first = latest.get(anchor);
      if (first && !duplicate) duplicate = { name: anchor, offset: (node as Node).range?.[0] ?? 0, firstOffset: first.range?.[0] ?? 0 };
      latest.set(anchor, node as Node);
    }
    if (isMap(node) || isSeq(node)) {
      const items = node.items as unknown[];
      for (let i = items.length - 1; i >= 0; i--) stack.push({ node: items[i], depth: depth + 1 });
    }
  }
  return duplicate ? { targets, duplicate } : { targets };
}

/** A `<<` merge key (plain, resolved by the YAML 1.1 merge tag the parser is given). */
function isMergeKey(node: unknown): boolean {
  return isScalar(node) && typeof node.value === 'symbol' && node.value.description === '<<';
}

/** spanOf takes a missing range as [0, 0, 0]. */
const NO_RANGE: Range = [0, 0, 0];
const rangeOf = (node: Node): Range => node.range ?? NO_RANGE;

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
  /** Positions of values a later pair replaced (forget), until dropStale removes them. */
  private stale = new Set<string>();
  duplicateKeys: string[] = [];
  problem: ParseProblem | null = null;
  /** The first list or mapping used as a key: PyYAML cannot make it a dict key (constructor.py construct_mapping). */
  unhashableKey: Node | null = null;
  private count = 0;
  private aliases = 0;

  constructor(
    private spanOf: SpanOf,
    private aliasTargets: Map<Alias, Node>,
  ) {}

  /** Records a value's position; a pointer placed again is current again (a later duplicate key's own value). */
  private place(pointer: string, info: NodeInfo): void {
    this.nodes.set(pointer, info);
    if (this.stale.size) this.stale.delete(pointer);
  }

  /**
   * Marks the positions of everything `value` (built at `pointer`) held as stale: a later pair replaced it. They are
   * dropped once, after the build (dropStale). Deleting each from the map as it is replaced would cost V8 a rehash of
   * the whole map per duplicate key that comes back (tens of microseconds each in a map of 30,000 positions).
   */
  private forget(pointer: string, value: object): void {
    const stack: Array<[string, unknown]> = [[pointer, value]];
    while (stack.length) {
      const [at, held] = stack.pop()!;
      if (held === null || typeof held !== 'object') continue;
      const children: Array<[string, unknown]> = Array.isArray(held) ? held.map((item, i) => [String(i), item]) : Object.entries(held).map(([key, item]) => [escapePointerToken(key), item]);
      for (const [token, item] of children) {
        const child = `${at}/${token}`;
        this.stale.add(child);
        stack.push([child, item]);
      }
    }
  }

  /** The positions of values the document still holds (stale ones dropped), in the order they were first placed. */
  dropStale(): void {
    if (this.stale.size === 0) return;
    const stale = this.stale;
    this.nodes = new Map([...this.nodes].filter(([pointer]) => !stale.has(pointer)));
    this.stale = new Set();
  }

  /** Follows an alias (counted against the alias budget); any other node is returned as is. */
  private deref(node: Node | null): Node | null {
    if (!node || !isAlias(node)) return node;
    if (++this.aliases > LIMITS.maxAliases) {
      this.fail(`more than ${LIMITS.maxAliases} aliases`, node);
      return null;
    }
    return this.aliasTargets.get(node) ?? null;
  }

  build(node: Node | null, pointer: string, depth: number, keyAt?: SpanAt): unknown {
    if (this.problem) return null;
    if (++this.count > LIMITS.maxNodes) return this.fail(`more than ${LIMITS.maxNodes} values after expanding aliases`, node);
    if (depth > LIMITS.maxDepth) return this.fail(`values nest deeper than ${LIMITS.maxDepth} levels`, node);
    if (node === null || node === undefined) {
      this.place(pointer, new LazyNodeInfo(this.spanOf, keyAt, keyAt ?? { line: 1, column: 1, endLine: 1, endColumn: 1 }));
      return null;
    }
    if (isAlias(node)) {
      const target = this.deref(node);
      if (this.problem) return null;
      // The expansion counts against the depth too, so an anchor that contains its own alias stops here.
      return this.build(target, pointer, depth + 1, keyAt ?? rangeOf(node));
    }
    const valueAt = rangeOf(node);
    if (isScalar(node)) {
      this.place(pointer, new LazyNodeInfo(this.spanOf, keyAt, valueAt, scalarInfo(node)));
      return node.value;
    }
    this.place(pointer, new LazyNodeInfo(this.spanOf, keyAt, valueAt));
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
        // A later pair replaces a list or mapping (a duplicate key, or an own key over a merged one): the positions of
        // what it held go too, or readers of the positions would find values the data no longer has.
        const replaced = Object.hasOwn(out, key) ? out[key] : undefined;
        if (replaced !== null && typeof replaced === 'object') this.forget(childPointer, replaced);
        const value = this.build(valueNode, childPointer, depth + 1, keyNode ? rangeOf(keyNode) : valueAt);
        if (this.problem) return null;
        // defineProperty: a key named `__proto__` stays an ordinary key and never touches the prototype. Any other key
        // has no setter on Object.prototype, so plain assignment makes the same own property, much faster.
        if (key === '__proto__') Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
        else out[key] = value;
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
      const keyTarget = isAlias(keyNode) ? (this.aliasTargets.get(keyNode) ?? null) : keyNode;
      if ((isMap(keyTarget) || isSeq(keyTarget)) && !this.unhashableKey) this.unhashableKey = keyNode;
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
