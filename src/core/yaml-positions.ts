// Positions of YAML nodes: offsets -> spans, worked out only when a rule reads them. Shared by the two YAML readers
// (parse-yaml.ts over the `yaml` package, yaml-plain-subset.ts for the common block style), so both give the same
// span for the same offsets.
import type { NodeInfo, ScalarInfo } from './document.ts';
import { bisectLeft } from './python-numbers.ts';
import type { Span } from './types.ts';

/** A node's range as the `yaml` package gives it: start, end of the value, end including trailing comment. */
export type Range = [number, number, number];
export type SpanOf = (range: Range | null | undefined) => Span;
/** A span; the range it is to be worked out from; or how to find it, when that costs more (read once, then kept). */
export type SpanAt = Span | Range | (() => Span);

/**
 * Range -> span, as `position` (LineCounter.linePos) gives each end, without its two objects per call: every node of
 * a document gets a span, so this runs tens of thousands of times on a large config.
 */
export function spanFinder(lineStarts: readonly number[], toOriginal?: (offset: number) => number): SpanOf {
  const lineOf = (offset: number): number => {
    const low = bisectLeft(lineStarts, offset);
    return lineStarts[low] === offset ? low + 1 : low;
  };
  // linePos's column: 1 at a line start, the offset itself before the first line, else the distance from the line's start.
  const columnOf = (offset: number, line: number): number => (lineStarts[line - 1] === offset ? 1 : line === 0 ? offset : offset - lineStarts[line - 1]! + 1);
  return (range) => {
    let start = range ? range[0] : 0;
    let end = range ? range[1] : 0;
    if (toOriginal) {
      start = toOriginal(start);
      end = toOriginal(end);
    }
    const line = lineOf(start);
    const endLine = lineOf(end);
    return { line, column: columnOf(start, line), endLine, endColumn: columnOf(end, endLine) };
  };
}

function spanAt(at: Exclude<SpanAt, Span>, spanOf: SpanOf): Span {
  return typeof at === 'function' ? at() : spanOf(at);
}

/**
 * A node's positions, worked out on first read and then kept: a large config has tens of thousands of nodes and the
 * rules read the spans of a few. Each is the span the same spanOf gives for the same range.
 */
export class LazyNodeInfo implements NodeInfo {
  declare scalar?: ScalarInfo; // `declare`: no own property at all unless the node is a scalar, as before
  #spanOf: SpanOf;
  #keyAt: SpanAt | undefined;
  #valueAt: SpanAt;

  constructor(spanOf: SpanOf, keyAt: SpanAt | undefined, valueAt: SpanAt, scalar?: ScalarInfo) {
    this.#spanOf = spanOf;
    this.#keyAt = keyAt;
    this.#valueAt = valueAt;
    if (scalar) this.scalar = scalar;
  }

  get keySpan(): Span | undefined {
    const at = this.#keyAt;
    return at === undefined || !isPending(at) ? at : (this.#keyAt = spanAt(at, this.#spanOf));
  }

  get valueSpan(): Span {
    const at = this.#valueAt;
    return isPending(at) ? (this.#valueAt = spanAt(at, this.#spanOf)) : at;
  }
}

function isPending(at: SpanAt): at is Exclude<SpanAt, Span> {
  return Array.isArray(at) || typeof at === 'function';
}
