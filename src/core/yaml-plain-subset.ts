// Most training configs are written in one plain style of YAML: block mappings and lists, one-line plain or simply
// quoted scalars, lists of such scalars in brackets (on one line or over several), comments. This reads that style
// directly, to the same data, the same positions and the same scalar sources as parse-yaml.ts gives through the
// `yaml` package, at a fraction of its cost
// (the package builds a token stream, a syntax tree and a node tree first). It reads only text it is sure of: at the
// first thing outside the style (an anchor, a tag, a block or multi-line scalar, a key written twice, a tab, a
// document marker, a line it cannot place, anything PyYAML or the `yaml` package could read differently) it gives
// up, and parse-yaml.ts reads the file as before. __tests__/yaml-plain-subset.test.ts holds it to that reader on
// every YAML file it can find and on generated ones.
//
// Where a list or mapping ends is the one position this reader does not work out: the `yaml` package ends a
// collection at offsets that depend on its lexer's handling of the comments and blank lines after it. No rule reads
// it on a clean review, so such a span is asked of parse-yaml.ts on first read (direct-read.ts).
import { escapePointerToken, type ScalarInfo } from './document.ts';
import { coreValue, DirectReader, NOT_DIRECT, readDirect, type DirectRead } from './direct-read.ts';
import type { Span } from './types.ts';
import type { Range } from './yaml-positions.ts';

const SPACE = 32;
const HASH = 35;
const COLON = 58;
const DASH = 45;
const SINGLE = 39;
const DOUBLE = 34;
const BACKSLASH = 92;
const OPEN_BRACKET = 91;
const CLOSE_BRACKET = 93;
const OPEN_BRACE = 123;
const CLOSE_BRACE = 125;
const COMMA = 44;

/** Characters a key may be made of here: letters, digits and `_ . - /` (the first not `-`). Anything else: give up. */
function isKeyChar(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95 || c === 46 || c === DASH || c === 47;
}

/**
 * Characters that give a scalar's first character a meaning of its own in YAML 1.1 or 1.2 (an indicator: anchor,
 * alias, tag, block scalar, directive, reserved, flow): a plain scalar starting with one is not read here.
 */
function isIndicator(c: number): boolean {
  return c === 33 || c === 37 || c === 38 || c === 42 || c === 63 || c === 64 || c === 96 || c === 124 || c === 62 || c === COLON || c === COMMA || c === HASH || c === OPEN_BRACKET || c === CLOSE_BRACKET || c === OPEN_BRACE || c === CLOSE_BRACE || c === SINGLE || c === DOUBLE;
}

/**
 * Characters PyYAML's reader or scanner treat specially, or that the `yaml` package reads differently: control
 * characters (tab and carriage return among them; not the line feed), C1 controls (NEL is a line break for PyYAML),
 * the Unicode line and paragraph separators, a byte-order mark, surrogates and the non-characters U+FFFE and U+FFFF.
 * A file with any of them is read as before.
 */
const UNSURE = /[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029\ufeff\ud800-\udfff\ufffe\uffff]/;

/** A scalar read on one line. */
interface Scalar {
  value: unknown;
  info: ScalarInfo;
  range: Range;
}

class Reader extends DirectReader {
  /** Start of the current line, and of its first character that is not a space. */
  private line = 0;
  private content = 0;
  private lineEnd = 0;

  constructor(text: string, collectionSpan: (pointer: string) => Span) {
    super(text, collectionSpan);
    if (UNSURE.test(text)) throw NOT_DIRECT;
  }

  read(): unknown {
    if (!this.toContentLine(0)) throw NOT_DIRECT; // only comments: the `yaml` package gives no document contents
    const data = this.block(this.content - this.line, '', 0, undefined);
    if (this.line < this.text.length) throw NOT_DIRECT; // content left after the top block (a less indented line...)
    return data;
  }

  /**
   * Moves to the first line at or after `from` that has content (not blank, not only a comment). Returns false at the
   * end of the text. Gives up at a document marker or a directive.
   */
  private toContentLine(from: number): boolean {
    const text = this.text;
    let start = from;
    while (start < text.length) {
      let i = start;
      while (text.charCodeAt(i) === SPACE) i++;
      let end = text.indexOf('\n', i);
      if (end < 0) end = text.length;
      if (i < end && text.charCodeAt(i) !== HASH) {
        if (i === start && (text.startsWith('---', i) || text.startsWith('...', i))) {
          const after = text.charCodeAt(i + 3);
          if (i + 3 === end || after === SPACE) throw NOT_DIRECT;
        }
        this.line = start;
        this.content = i;
        this.lineEnd = end;
        return true;
      }
      start = end + 1;
    }
    this.line = this.content = this.lineEnd = text.length;
    return false;
  }

  private get indent(): number {
    return this.content - this.line;
  }

  /** A `-` that opens a list entry: followed by a space or the end of its line. */
  private isEntryDash(at: number): boolean {
    if (this.text.charCodeAt(at) !== DASH) return false;
    const next = this.text.charCodeAt(at + 1);
    return next === SPACE || at + 1 >= this.lineEnd;
  }

  /** A block list or mapping whose first line is the current line, at `indent`. */
  private block(indent: number, pointer: string, depth: number, keyAt: Range | undefined): unknown {
    return this.isEntryDash(this.content) ? this.list(indent, pointer, depth, keyAt) : this.mapping(this.content, indent, pointer, depth, keyAt);
  }

  private list(indent: number, pointer: string, depth: number, keyAt: Range | undefined): unknown[] {
    this.placeCollection(pointer, keyAt, depth);
    const items: unknown[] = [];
    while (this.line < this.text.length && this.indent === indent && this.isEntryDash(this.content)) {
      const itemPointer = `${pointer}/${items.length}`;
      let at = this.content + 1;
      while (this.text.charCodeAt(at) === SPACE) at++;
      if (at >= this.lineEnd || this.text.charCodeAt(at) === HASH) {
        items.push(this.emptyValue(at, indent, false, itemPointer, depth + 1, undefined));
      } else if (this.isEntryDash(at)) {
        throw NOT_DIRECT; // `- - x`: a list in a list on one line
      } else if (this.keyEnd(at) >= 0) {
        items.push(this.mapping(at, at - this.line, itemPointer, depth + 1, undefined));
      } else {
        items.push(this.inlineValue(at, itemPointer, depth + 1, undefined));
        this.endOfEntry(indent);
      }
    }
    return items;
  }

  /** A block mapping whose first key starts at `at` (on the current line), at column `indent`. */
  private mapping(at: number, indent: number, pointer: string, depth: number, keyAt: Range | undefined): Record<string, unknown> {
    this.placeCollection(pointer, keyAt, depth);
    const out: Record<string, unknown> = {};
    let keyStart = at;
    for (;;) {
      const keyEnd = this.keyEnd(keyStart);
      if (keyEnd < 0) throw NOT_DIRECT;
      const key = String(coreValue(this.text.slice(keyStart, keyEnd)));
      // A key written twice (the later wins, and the earlier's positions go) and `__proto__` are parse-yaml.ts's to read.
      if (key === '__proto__' || Object.hasOwn(out, key)) throw NOT_DIRECT;
      const childPointer = `${pointer}/${escapePointerToken(key)}`;
      const childKeyAt: Range = [keyStart, keyEnd, keyEnd];
      let valueAt = keyEnd + 1;
      while (this.text.charCodeAt(valueAt) === SPACE) valueAt++;
      if (valueAt >= this.lineEnd || this.text.charCodeAt(valueAt) === HASH) {
        out[key] = this.emptyValue(valueAt, indent, true, childPointer, depth + 1, childKeyAt);
      } else {
        out[key] = this.inlineValue(valueAt, childPointer, depth + 1, childKeyAt);
        this.endOfEntry(indent);
      }
      // The next key of this mapping sits on a line of its own, at the same column; a line left of it ends the mapping.
      if (this.line >= this.text.length || this.indent < indent) return out;
      if (this.indent > indent || this.isEntryDash(this.content)) throw NOT_DIRECT;
      keyStart = this.content;
    }
  }

  /**
   * The end of a plain key starting at `at` (followed by `: `, or `:` at the end of the line), or -1 when the line
   * does not start with such a key.
   */
  private keyEnd(at: number): number {
    const text = this.text;
    if (text.charCodeAt(at) === DASH) return -1;
    let i = at;
    while (i < this.lineEnd && isKeyChar(text.charCodeAt(i))) i++;
    if (i === at || i - at > 1000 || text.charCodeAt(i) !== COLON) return -1;
    return i + 1 >= this.lineEnd || text.charCodeAt(i + 1) === SPACE ? i : -1;
  }

  /**
   * The value of a key or list entry with nothing after it on its line: the block on the lines below when they are
   * indented further (for a key, a list at the key's own column too), else an empty scalar (null).
   */
  private emptyValue(at: number, indent: number, isKey: boolean, pointer: string, depth: number, keyAt: Range | undefined): unknown {
    if (this.toContentLine(this.lineEnd + 1)) {
      if (this.indent > indent) return this.block(this.indent, pointer, depth, keyAt);
      if (isKey && this.indent === indent && this.isEntryDash(this.content)) return this.list(indent, pointer, depth, keyAt);
    }
    this.placeScalar(pointer, keyAt, [at, at, at], { source: '', plain: true }, depth);
    return null;
  }

  /** After a value on its key's line: the next content line must not continue it (a multi-line scalar). */
  private endOfEntry(indent: number): void {
    this.toContentLine(this.lineEnd + 1);
    if (this.line < this.text.length && this.indent > indent) throw NOT_DIRECT;
  }

  /** A value that starts at `at` and ends on the current line: a scalar, or a one-line list in brackets. */
  private inlineValue(at: number, pointer: string, depth: number, keyAt: Range | undefined): unknown {
    const c = this.text.charCodeAt(at);
    let end: number;
    let value: unknown;
    if (c === OPEN_BRACKET) {
      ({ end, value } = this.flowList(at, pointer, depth, keyAt));
    } else if (c === OPEN_BRACE) {
      // Only `{}`: the empty mapping.
      end = at + 1;
      while (this.text.charCodeAt(end) === SPACE) end++;
      if (this.text.charCodeAt(end) !== CLOSE_BRACE) throw NOT_DIRECT;
      end++;
      this.placeCollection(pointer, keyAt, depth);
      value = {};
    } else {
      const scalar = this.scalar(at, this.lineEnd, false);
      this.placeScalar(pointer, keyAt, scalar.range, scalar.info, depth);
      end = scalar.range[1];
      value = scalar.value;
    }
    this.restOfLine(end);
    return value;
  }

  /** After a value: only spaces, then the end of the line or a comment after a space. */
  private restOfLine(from: number): void {
    let i = from;
    while (this.text.charCodeAt(i) === SPACE) i++;
    if (i < this.lineEnd && (i === from || this.text.charCodeAt(i) !== HASH)) throw NOT_DIRECT;
  }

  /** `[a, 'b', 3]`, on one line or over several: scalars only (each on one line), no empty entry. */
  private flowList(at: number, pointer: string, depth: number, keyAt: Range | undefined): { end: number; value: unknown[] } {
    const text = this.text;
    this.placeCollection(pointer, keyAt, depth);
    const items: unknown[] = [];
    let i = this.skipInBrackets(at + 1);
    if (text.charCodeAt(i) === CLOSE_BRACKET) return { end: i + 1, value: items };
    for (;;) {
      const scalar = this.scalar(i, this.lineEnd, true);
      this.placeScalar(`${pointer}/${items.length}`, undefined, scalar.range, scalar.info, depth + 1);
      items.push(scalar.value);
      i = this.skipInBrackets(scalar.range[1]);
      const c = text.charCodeAt(i);
      if (c === CLOSE_BRACKET) return { end: i + 1, value: items };
      if (c !== COMMA) throw NOT_DIRECT; // a scalar over two lines, or something else after one
      i = this.skipInBrackets(i + 1);
      if (text.charCodeAt(i) === CLOSE_BRACKET) return { end: i + 1, value: items }; // a trailing comma: both readers drop it
    }
  }

  /**
   * Spaces, comments and line breaks inside brackets, moving the current line along (PyYAML and, with the edits
   * parse-yaml.ts makes, the `yaml` package ignore indentation there). Gives up at a comment that touches what is before
   * it, at a document marker, and at the end of the text.
   */
  private skipInBrackets(from: number): number {
    const text = this.text;
    let i = from;
    for (;;) {
      while (text.charCodeAt(i) === SPACE) i++;
      if (text.charCodeAt(i) === HASH) {
        if (i > this.line && text.charCodeAt(i - 1) !== SPACE) throw NOT_DIRECT;
        i = this.lineEnd;
      }
      if (i < this.lineEnd) return i;
      if (i >= text.length) throw NOT_DIRECT;
      this.line = i + 1;
      const end = text.indexOf('\n', this.line);
      this.lineEnd = end < 0 ? text.length : end;
      if (text.startsWith('---', this.line) || text.startsWith('...', this.line)) throw NOT_DIRECT;
      i = this.line;
    }
  }

  /** A plain or quoted scalar starting at `at`, ending before `limit` (inside brackets: before `,` or `]`). */
  private scalar(at: number, limit: number, inFlow: boolean): Scalar {
    const text = this.text;
    const c = text.charCodeAt(at);
    if (c === SINGLE || c === DOUBLE) return this.quoted(at, limit);
    if (at >= limit || (isIndicator(c) && c !== DASH) || (c === DASH && this.isEntryDash(at))) throw NOT_DIRECT;
    // `-` before `,` or `]` is no plain scalar for the `yaml` package (YAML 1.2 ns-plain-first), but is one for PyYAML.
    if (c === DASH && inFlow && (text.charCodeAt(at + 1) === COMMA || text.charCodeAt(at + 1) === CLOSE_BRACKET)) throw NOT_DIRECT;
    // A plain scalar runs to the end of the line, or to ` #` (a comment), or inside brackets to `,` or `]`.
    let end = at; // after its last character that is not a space
    for (let i = at; i < limit; i++) {
      const ch = text.charCodeAt(i);
      if (ch === SPACE) {
        if (text.charCodeAt(i + 1) === HASH) break;
        continue;
      }
      // `: ` (a mapping in a scalar) and a trailing `:` are read differently by PyYAML and the `yaml` package.
      if (ch === COLON && (i + 1 >= limit || text.charCodeAt(i + 1) === SPACE)) throw NOT_DIRECT;
      if (inFlow) {
        if (ch === COMMA || ch === CLOSE_BRACKET) break;
        // Inside brackets these end or open something in one reader or the other.
        if (ch === COLON || ch === 63 || ch === HASH || ch === OPEN_BRACKET || ch === OPEN_BRACE || ch === CLOSE_BRACE || ch === SINGLE || ch === DOUBLE) throw NOT_DIRECT;
      }
      end = i + 1;
    }
    const source = text.slice(at, end);
    if (source === '<<') throw NOT_DIRECT; // the merge key's spelling: the `yaml` package may give it a tag of its own
    return { value: coreValue(source), info: { source, plain: true }, range: [at, end, end] };
  }

  /** A quoted scalar that closes on its own line, with no escape other than `''`, `\\`, `\"`, `\n` and `\t`. */
  private quoted(at: number, limit: number): Scalar {
    const text = this.text;
    const quote = text.charCodeAt(at);
    let value = '';
    let from = at + 1;
    for (let i = at + 1; i < limit; i++) {
      const ch = text.charCodeAt(i);
      if (quote === SINGLE && ch === SINGLE) {
        if (text.charCodeAt(i + 1) !== SINGLE) return this.quotedScalar(at, i + 1, value + text.slice(from, i));
        value += text.slice(from, i + 1);
        from = i + 2;
        i++;
      } else if (quote === DOUBLE && ch === DOUBLE) {
        return this.quotedScalar(at, i + 1, value + text.slice(from, i));
      } else if (quote === DOUBLE && ch === BACKSLASH) {
        const escaped = text.charCodeAt(i + 1);
        const replacement = escaped === BACKSLASH ? '\\' : escaped === DOUBLE ? '"' : escaped === 110 ? '\n' : escaped === 116 ? '\t' : null;
        if (replacement === null) throw NOT_DIRECT;
        value += text.slice(from, i) + replacement;
        from = i + 2;
        i++;
      }
    }
    throw NOT_DIRECT; // not closed on this line
  }

  private quotedScalar(at: number, end: number, value: string): Scalar {
    return { value, info: { source: value, plain: false }, range: [at, end, end] };
  }
}

/**
 * The document when `text` is written wholly in the plain block style, else null (read it with parse-yaml.ts).
 * `collectionSpan` gives the span of a list or mapping, by pointer, as parse-yaml.ts does.
 */
export function readPlainSubset(text: string, collectionSpan: (pointer: string) => Span): DirectRead | null {
  return readDirect(() => new Reader(text, collectionSpan));
}
