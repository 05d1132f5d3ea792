// The reading position of the PyYAML walk (pyyaml-walk.ts) and the scans that need no block state beyond
// the current indentation: anchors, tags and block scalars, as PyYAML's scanner reads them
// (yaml/pyyaml lib/yaml/scanner.py @d51d8a1: scan_anchor, scan_tag, scan_block_scalar).

const ANCHOR_CHAR = /[0-9A-Za-z_-]/;
const URI_CHAR = /[0-9A-Za-z\-;/?:@&=+$,_.!~*'()[\]%]/;
/** Characters a plain scalar cannot start with (check_plain); some may start one when a non-space follows. */
export const NOT_PLAIN_START = '-?:,[]{}#&*!|>\'"%@`';
export const DOUBLE_QUOTED_ESCAPES = '0abt\tnvfre "\\/N_LP';
export const HEX_ESCAPE_LENGTH: Record<string, number> = { x: 2, u: 4, U: 8 };

export function isBreak(ch: string | undefined): boolean {
  return ch === '\n' || ch === '\r';
}
/** PyYAML's '\0 \t\r\n' set: end of input, blank or line break. */
export function isBlankOrEnd(ch: string | undefined): boolean {
  return ch === undefined || ch === ' ' || ch === '\t' || ch === '\n' || ch === '\r';
}
export function show(ch: string | undefined): string {
  if (ch === undefined) return 'the end of the file';
  return ch === '\t' ? "'\\t'" : `'${ch}'`;
}

/** The first `\n` or `\r` from `i`, or the end of the text. */
export function lineEnd(text: string, i: number): number {
  const n = text.length;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === 10 || c === 13) break;
    i++;
  }
  return i;
}

const isBlankCode = (c: number): boolean => c === 32 || c === 9 || c === 10 || c === 13;
/** `,` `[` `]` `{` `}`: what ends a plain scalar in a flow collection (and `?` too, as its first character). */
const isFlowIndicatorCode = (c: number): boolean => c === 44 || c === 91 || c === 93 || c === 123 || c === 125;

/**
 * Where a plain scalar's run of non-blank characters from `i` ends (scan_plain's inner loop): at a blank or the end,
 * at `:` followed by a blank or the end (or by a flow indicator, in flow context), and in flow context at `,?[]{}`.
 * Character codes, not one-character strings: the data lists of large configs are mostly long plain scalars.
 */
export function plainChunkEnd(text: string, i: number, flow: boolean): number {
  const n = text.length;
  for (; i < n; i++) {
    const c = text.charCodeAt(i);
    if (isBlankCode(c)) break;
    if (c === 58) {
      if (i + 1 >= n) break;
      const after = text.charCodeAt(i + 1);
      if (isBlankCode(after) || (flow && isFlowIndicatorCode(after))) break;
    }
    if (flow && (c === 63 || isFlowIndicatorCode(c))) break;
  }
  return i;
}

/** Thrown to end the walk at PyYAML's first error (recorded in `error`). */
export class Stop extends Error {}

export class Cursor {
  protected i = 0;
  protected lineStart = 0;
  error: { offset: number; message: string } | null = null;

  constructor(protected readonly text: string) {}

  protected fail(message: string, offset = this.i): never {
    this.error = { offset, message };
    throw new Stop();
  }

  protected ch(k = 0): string | undefined {
    return this.text[this.i + k];
  }
  protected column(): number {
    return this.i - this.lineStart;
  }
  protected lineBreak(): void {
    this.i += this.text[this.i] === '\r' && this.text[this.i + 1] === '\n' ? 2 : 1;
    this.lineStart = this.i;
  }
  protected atDocumentSeparator(): boolean {
    if (this.i !== this.lineStart) return false;
    // `---` or `...` by character code: this runs at every line start, and a slice per line is garbage.
    const c = this.text.charCodeAt(this.i);
    if (c !== 45 && c !== 46) return false;
    return this.text.charCodeAt(this.i + 1) === c && this.text.charCodeAt(this.i + 2) === c && isBlankOrEnd(this.ch(3));
  }


  /** scan_anchor (after `&` or `*`): a name of letters, digits, `-`, `_`, then a blank or an indicator. */
  protected scanAnchor(ch: string): void {
    this.i++;
    const start = this.i;
    while (ANCHOR_CHAR.test(this.ch() ?? '')) this.i++;
    const after = this.ch();
    const ends = isBlankOrEnd(after) || '?:,]}%@`'.includes(after ?? '');
    if (this.i === start || !ends) this.fail(`while scanning an ${ch === '*' ? 'alias' : 'anchor'}: expected alphabetic or numeric character, but found ${show(after)}`);
  }

  /** scan_tag: `!<uri>`, `!`, `!suffix`, `!handle!suffix`, then a space or line break. */
  protected scanTag(): void {
    const start = this.i;
    if (this.ch(1) === '<') {
      this.i += 2;
      while (URI_CHAR.test(this.ch() ?? '')) this.i++;
      if (this.ch() !== '>') this.fail(`while parsing a tag: expected '>', but found ${show(this.ch())}`);
      this.i++;
    } else if (isBlankOrEnd(this.ch(1))) {
      this.i++;
    } else {
      this.i++;
      // A handle (`!!`, `!name!`) when a second `!` comes before the next space or line break.
      let j = this.i;
      while (j < this.text.length && this.text[j] !== ' ' && !isBreak(this.text[j]) && this.text[j] !== '!') j++;
      if (this.text[j] === '!') {
        while (ANCHOR_CHAR.test(this.ch() ?? '')) this.i++;
        if (this.ch() !== '!') this.fail(`while scanning a tag: expected '!', but found ${show(this.ch())}`);
        this.i++;
      }
      const uri = this.i;
      while (URI_CHAR.test(this.ch() ?? '')) this.i++;
      if (this.i === uri) this.fail(`while parsing a tag: expected URI, but found ${show(this.ch())}`, start);
    }
    const after = this.ch();
    if (!(after === undefined || after === ' ' || isBreak(after))) this.fail(`while scanning a tag: expected ' ', but found ${show(after)}`);
  }


  /** scan_block_scalar: the header, then every line at the scalar's indentation (or blank); `blockIndent` is the enclosing block's. */
  protected scanBlockScalar(blockIndent: number): void {
    this.i++;
    let increment = 0;
    const digit = (): void => {
      const ch = this.ch();
      if (ch !== undefined && ch >= '0' && ch <= '9') {
        if (ch === '0') this.fail('while scanning a block scalar: expected indentation indicator in the range 1-9, but found 0');
        increment = Number(ch);
        this.i++;
      }
    };
    if (this.ch() === '+' || this.ch() === '-') {
      this.i++;
      digit();
    } else {
      digit();
      if (increment && (this.ch() === '+' || this.ch() === '-')) this.i++;
    }
    if (!(this.ch() === undefined || this.ch() === ' ' || isBreak(this.ch()))) {
      this.fail(`while scanning a block scalar: expected chomping or indentation indicators, but found ${show(this.ch())}`);
    }
    while (this.ch() === ' ') this.i++;
    if (this.ch() === '#') while (this.i < this.text.length && !isBreak(this.ch())) this.i++;
    if (this.i < this.text.length && !isBreak(this.ch())) this.fail(`while scanning a block scalar: expected a comment or a line break, but found ${show(this.ch())}`);
    if (isBreak(this.ch())) this.lineBreak();
    const minIndent = Math.max(blockIndent + 1, 1);
    let indent: number;
    if (increment) {
      indent = minIndent + increment - 1;
      this.blockScalarBreaks(indent);
    } else {
      let deepest = 0;
      while (this.ch() === ' ' || isBreak(this.ch())) {
        if (this.ch() === ' ') {
          this.i++;
          deepest = Math.max(deepest, this.column());
        } else this.lineBreak();
      }
      indent = Math.max(minIndent, deepest);
    }
    while (this.column() === indent && this.i < this.text.length) {
      while (this.i < this.text.length && !isBreak(this.ch())) this.i++;
      if (isBreak(this.ch())) this.lineBreak();
      this.blockScalarBreaks(indent);
    }
  }

  private blockScalarBreaks(indent: number): void {
    while (this.column() < indent && this.ch() === ' ') this.i++;
    while (isBreak(this.ch())) {
      this.lineBreak();
      while (this.column() < indent && this.ch() === ' ') this.i++;
    }
  }
}

