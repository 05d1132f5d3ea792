// What the two direct readers share (yaml-plain-subset.ts for the plain block style of YAML, json-direct.ts for JSON):
// each reads a text to the document parse-yaml.ts gives through the `yaml` package, without it, or leaves the text to
// parse-yaml.ts by throwing NOT_DIRECT. Shared here: the `yaml` package's typing of plain scalars, the node and depth
// limits, and the positions (a list's or mapping's end asked of the full reader on first read, as no lexer of ours
// decides it).
import { LIMITS, type NodeInfo, type ScalarInfo } from './document.ts';
import type { Span } from './types.ts';
import { LazyNodeInfo, spanFinder, type Range, type SpanOf } from './yaml-positions.ts';

export interface DirectRead {
  data: unknown;
  nodes: Map<string, NodeInfo>;
  lineCount: number;
}

/** Thrown at the first thing a direct reader leaves to parse-yaml.ts; caught by readDirect. */
class NotDirect {}
export const NOT_DIRECT = new NotDirect();

// The `yaml` package's YAML 1.2 core schema (yaml/dist/schema/core/*.js @2.9.1), tried in its order: what a plain
// scalar is in the data (the loaders re-read the source their own way; the data must be what parse-yaml.ts gives).
const NULL = /^(?:~|[Nn]ull|NULL)?$/;
const BOOL = /^(?:[Tt]rue|TRUE|[Ff]alse|FALSE)$/;
const INT_OCT = /^0o[0-7]+$/;
const INT = /^[-+]?[0-9]+$/;
const INT_HEX = /^0x[0-9a-fA-F]+$/;
const FLOAT_NAN = /^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/;
const FLOAT_EXP = /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE][-+]?[0-9]+$/;
const FLOAT = /^[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*)$/;

export function coreValue(source: string): unknown {
  const c = source.charCodeAt(0);
  // Most scalars are words: none of the patterns can match one that starts with a letter other than those below.
  if (source.length && c >= 97 && c <= 122 && c !== 102 && c !== 110 && c !== 116) return source;
  if (NULL.test(source)) return null;
  if (BOOL.test(source)) return c === 116 || c === 84;
  if (INT_OCT.test(source)) return parseInt(source.substring(2), 8);
  if (INT.test(source)) return parseInt(source, 10);
  if (INT_HEX.test(source)) return parseInt(source.substring(2), 16);
  if (FLOAT_NAN.test(source)) return source.slice(-3).toLowerCase() === 'nan' ? NaN : source[0] === '-' ? -Infinity : Infinity;
  if (FLOAT_EXP.test(source) || FLOAT.test(source)) return parseFloat(source);
  return source;
}

/** Builds the positions map as parse-yaml.ts's Builder does: each node placed before its children, within the limits. */
export abstract class DirectReader {
  readonly nodes = new Map<string, NodeInfo>();
  /** Offsets where lines start, as the `yaml` package's LineCounter records them. */
  readonly lineStarts: number[] = [0];
  protected readonly spanOf: SpanOf;
  private count = 0;

  constructor(
    protected readonly text: string,
    private readonly collectionSpan: (pointer: string) => Span,
  ) {
    for (let at = text.indexOf('\n'); at >= 0; at = text.indexOf('\n', at + 1)) this.lineStarts.push(at + 1);
    this.spanOf = spanFinder(this.lineStarts);
  }

  /** The document's data; throws NOT_DIRECT to leave the text to parse-yaml.ts. */
  abstract read(): unknown;

  /** Past the limits, parse-yaml.ts reads the text and states the limit. */
  private place(pointer: string, info: NodeInfo, depth: number): void {
    if (++this.count > LIMITS.maxNodes || depth > LIMITS.maxDepth) throw NOT_DIRECT;
    this.nodes.set(pointer, info);
  }

  protected placeScalar(pointer: string, keyAt: Range | undefined, range: Range, info: ScalarInfo, depth: number): void {
    this.place(pointer, new LazyNodeInfo(this.spanOf, keyAt, range, info), depth);
  }

  protected placeCollection(pointer: string, keyAt: Range | undefined, depth: number): void {
    const collectionSpan = this.collectionSpan;
    this.place(pointer, new LazyNodeInfo(this.spanOf, keyAt, () => collectionSpan(pointer)), depth);
  }
}

/** The document `reader` reads, or null when it leaves the text to parse-yaml.ts. */
export function readDirect(reader: () => DirectReader): DirectRead | null {
  try {
    const r = reader();
    const data = r.read();
    return { data, nodes: r.nodes, lineCount: r.lineStarts.length };
  } catch (err) {
    if (err === NOT_DIRECT) return null;
    throw err;
  }
}
