// Reading values out of a parsed document together with their origin. Dialects use only these helpers,
// so every number they resolve can point back at the key it came from.
import { referenceText } from './interpolation-record.ts';
import { escapePointerToken, pointerToKey, type ParsedDoc } from './parse.ts';
import type { Origin, Resolved, Span } from './types.ts';

const FILE_START: Span = { line: 1, column: 1, endLine: 1, endColumn: 1 };

export function pointerOf(path: readonly string[]): string {
  return path.map((p) => `/${escapePointerToken(p)}`).join('');
}

export class DocReader {
  constructor(
    readonly doc: ParsedDoc,
    /** The data the framework works with (after its own loading and conversions). */
    readonly data: unknown,
  ) {}

  has(path: readonly string[]): boolean {
    return this.raw(path) !== undefined;
  }

  raw(path: readonly string[]): unknown {
    let node: unknown = this.data;
    for (const part of path) {
      if (node === null || typeof node !== 'object' || !Object.prototype.hasOwnProperty.call(node, part)) return undefined;
      node = (node as Record<string, unknown>)[part];
    }
    return node;
  }

  /** Where `path` is; for a key that is absent, the position of its nearest present parent (where it would be added). */
  origin(path: readonly string[]): Origin {
    const pointer = pointerOf(path);
    for (let depth = path.length; depth >= 0; depth--) {
      const info = this.doc.nodes.get(pointerOf(path.slice(0, depth)));
      const span = info?.keySpan ?? info?.valueSpan;
      if (span) return { key: pointerToKey(pointer), pointer, span };
    }
    return { key: pointerToKey(pointer), pointer, span: FILE_START };
  }

  /** A number at `path` (NaN and infinities included: the framework reads `.nan` as a float too), or undefined. */
  number(path: readonly string[]): Resolved | undefined {
    const value = this.raw(path);
    if (typeof value !== 'number') return undefined;
    return { value, how: `${path[path.length - 1]}: ${this.via(path)}${formatNumber(value)}`, from: [this.origin(path)] };
  }

  string(path: readonly string[]): Resolved<string> | undefined {
    const value = this.raw(path);
    if (typeof value !== 'string') return undefined;
    return { value, how: `${path[path.length - 1]}: ${this.via(path)}${value}`, from: [this.origin(path)] };
  }

  /** `${warmup} = ` when the value was written as an interpolation (core/interpolate.ts). */
  private via(path: readonly string[]): string {
    const written = referenceText(this.data, pointerOf(path));
    return written === undefined ? '' : `${written} = `;
  }
}

export function defaulted<T>(value: T, how: string, from: Origin[] = []): Resolved<T> {
  return { value, how, from };
}

/** An LR or other measured value for a message: 4 significant digits (3.077e-4, not 3.0772307692307694e-4). */
export function formatValue(value: number): string {
  if (!Number.isFinite(value) || Number.isInteger(value)) return formatNumber(value); // step counts stay exact
  return formatNumber(Number(value.toPrecision(4)));
}

/** Two values compared in one sentence, with as many digits as it takes to tell them apart (`6.0001e-5` to `6.0032e-5`, not `6e-5` to `6e-5`). */
export function formatPair(a: number, b: number): [string, string] {
  for (let digits = 4; digits <= 12; digits++) {
    const x = Number.isFinite(a) && !Number.isInteger(a) ? formatNumber(Number(a.toPrecision(digits))) : formatNumber(a);
    const y = Number.isFinite(b) && !Number.isInteger(b) ? formatNumber(Number(b.toPrecision(digits))) : formatNumber(b);
    if (x !== y || a === b) return [x, y];
  }
  return [formatNumber(a), formatNumber(b)];
}

/**
 * `raw` without binary float noise: 0.1 x 3e-4 is 2.9999999999999997e-5, which to 15 digits is 3e-5. Only a value
 * whose 15-digit form is short (12 significant digits or fewer) is taken for noise over that decimal; a long value such
 * as 7.448728958032132e-5 (written by a person or a script) stays as it is.
 */
function withoutFloatNoise(raw: number): number {
  const short = Number(raw.toPrecision(15));
  const digits = short.toExponential().replace(/e.*$/, '').replace(/[-.]/g, '').length;
  return digits <= 12 ? short : raw;
}

/**
 * Shortest round-trip form, with exponent for very small/large values (3e-4, 600000, 2e+12). Binary float noise is
 * dropped (0.1 x 3e-4 reads 3e-5, not 2.9999999999999997e-5); values as written stay exact.
 */
export function formatNumber(raw: number): string {
  // Python's own spelling (what the framework prints), never JavaScript's NaN / Infinity.
  if (Number.isNaN(raw)) return 'nan';
  if (!Number.isFinite(raw)) return raw > 0 ? 'inf' : '-inf';
  if (Number.isInteger(raw) && Math.abs(raw) < 1e15) return String(raw);
  const value = withoutFloatNoise(raw);
  const plain = String(value);
  const exp = value.toExponential();
  const shortExp = exp.replace(/\.?0+e/, 'e');
  return shortExp.length < plain.length ? shortExp : plain;
}

/** Percent with at most one decimal (50, 12.5), never rounded to 0 or 100 when it is neither (<0.1, >99.9). */
export function percentText(part: number, whole: number): string {
  if (whole === 0) return '0';
  const rounded = Number(((100 * part) / whole).toFixed(1));
  if (rounded === 0 && part > 0) return '<0.1';
  if (rounded === 100 && part < whole) return '>99.9';
  return String(rounded);
}

/**
 * The roundest number in (lo, hi]: the one with the fewest significant digits, the largest such when there are several
 * (e.g. (3999998672896, 4000000770048] gives 4e12). For a fix that may be any value in a range, such as a token count that
 * gives the same number of batches.
 */
export function roundestIn(lo: number, hi: number): number {
  if (!(hi > lo) || hi <= 0) return hi;
  for (let digits = 1; digits <= 17; digits++) {
    const unit = 10 ** (Math.floor(Math.log10(hi)) - digits + 1);
    const candidate = Number((Math.floor(hi / unit) * unit).toPrecision(digits));
    if (candidate > lo && candidate <= hi) return candidate;
  }
  return hi;
}

/** `1 step`, `2 steps`: a count with its word, singular for exactly one. */
export function countOf(n: number, word: string, plural = `${word}s`): string {
  return `${n} ${n === 1 ? word : plural}`;
}
