// OmegaConf's interpolation grammar (omegaconf/grammar/OmegaConfGrammar{Lexer,Parser}.g4 and grammar_visitor.py,
// OmegaConf 2.3): `${a.b}`, `${.sibling}`, `${..parent_key}`, `${a[0]}`, nested `${a.${b}}`, resolvers
// `${name:arg,...}`, escaped `\${`, and text around interpolations (the result is then a string made of each part's
// Python str()). Written from the grammar, not translated from it: only what configs use is covered, and anything
// this parser does not understand is reported as not understood, never guessed.

/** One part of a key path: a literal key, or a nested interpolation whose value is the key. */
export type KeyPart = { literal: string } | { inter: Interpolation };

export type Interpolation =
  | { kind: 'node'; dots: number; parts: KeyPart[]; text: string }
  | { kind: 'resolver'; name: KeyPart[]; args: Argument[]; text: string };

/** A resolver argument: quoted text (always a string), or an unquoted primitive (typed when it is a bare literal). */
export interface Argument {
  quoted: boolean;
  pieces: Piece[];
}

export type Piece = { text: string } | { inter: Interpolation };

export class GrammarError extends Error {}

const KEY_STOP = new Set(['\\', '{', '}', '(', ')', '[', ']', ':', '.', ' ', '\t', "'", '"']);

/** Parses a whole string value (grammar rule `text`). Throws GrammarError where OmegaConf would refuse it. */
export function parseValue(source: string): Piece[] {
  return new Parser(source).text();
}

class Parser {
  private i = 0;
  constructor(private readonly s: string) {}

  text(): Piece[] {
    const pieces: Piece[] = [];
    let literal = '';
    const flush = () => {
      if (literal) pieces.push({ text: literal });
      literal = '';
    };
    while (this.i < this.s.length) {
      const slashes = this.countBackslashes(this.i);
      if (slashes > 0 && this.s.startsWith('${', this.i + slashes)) {
        // `\${` escapes an interpolation; an even run of backslashes before one is halved (ESC_INTER, TOP_ESC).
        literal += '\\'.repeat(Math.floor(slashes / 2));
        this.i += slashes;
        if (slashes % 2 === 1) {
          literal += '${';
          this.i += 2;
        }
        continue;
      }
      if (this.s.startsWith('${', this.i)) {
        flush();
        pieces.push({ inter: this.interpolation() });
        continue;
      }
      literal += this.s[this.i]!;
      this.i++;
    }
    flush();
    return pieces;
  }

  private countBackslashes(at: number): number {
    let n = 0;
    while (this.s[at + n] === '\\') n++;
    return n;
  }

  private skipSpace(): void {
    while (this.s[this.i] === ' ' || this.s[this.i] === '\t') this.i++;
  }

  private expect(ch: string): void {
    if (this.s[this.i] !== ch) throw new GrammarError(`expected "${ch}" at position ${this.i + 1} of ${JSON.stringify(this.s)}`);
    this.i++;
  }

  /** `${...}` starting at the current position. */
  private interpolation(): Interpolation {
    const start = this.i;
    this.expect('$');
    this.expect('{');
    this.skipSpace();
    let dots = 0;
    while (this.s[this.i] === '.') {
      dots++;
      this.i++;
    }
    const parts: KeyPart[] = [this.s[this.i] === '[' ? this.bracketKey() : this.keyPart()];
    for (;;) {
      const ch = this.s[this.i];
      if (ch === '.') {
        this.i++;
        parts.push(this.keyPart());
      } else if (ch === '[') parts.push(this.bracketKey());
      else break;
    }
    this.skipSpace();
    if (this.s[this.i] === ':' && dots === 0) {
      this.i++;
      const args = this.arguments();
      return { kind: 'resolver', name: parts, args, text: this.s.slice(start, this.i) };
    }
    this.expect('}');
    return { kind: 'node', dots, parts, text: this.s.slice(start, this.i) };
  }

  private bracketKey(): KeyPart {
    this.expect('[');
    const part = this.keyPart();
    this.expect(']');
    return part;
  }

  private keyPart(): KeyPart {
    if (this.s.startsWith('${', this.i)) return { inter: this.interpolation() };
    let key = '';
    while (this.i < this.s.length && !KEY_STOP.has(this.s[this.i]!) && !this.s.startsWith('${', this.i)) key += this.s[this.i++]!;
    if (!key) throw new GrammarError(`a key is expected at position ${this.i + 1} of ${JSON.stringify(this.s)}`);
    return { literal: key };
  }

  /** Resolver arguments up to the closing brace (grammar rule `sequence`, VALUE_MODE). */
  private arguments(): Argument[] {
    const args: Argument[] = [];
    this.skipSpace();
    if (this.s[this.i] === '}') {
      this.i++;
      return args;
    }
    for (;;) {
      this.skipSpace();
      args.push(this.argument());
      this.skipSpace();
      const ch = this.s[this.i];
      this.i++;
      if (ch === ',') continue;
      if (ch === '}') return args;
      throw new GrammarError(`unterminated resolver arguments in ${JSON.stringify(this.s)}`);
    }
  }

  private argument(): Argument {
    const quote = this.s[this.i];
    if (quote === "'" || quote === '"') {
      this.i++;
      const pieces: Piece[] = [];
      let literal = '';
      while (this.i < this.s.length && this.s[this.i] !== quote) {
        if (this.s[this.i] === '\\' && (this.s[this.i + 1] === quote || this.s[this.i + 1] === '\\')) {
          literal += this.s[this.i + 1]!;
          this.i += 2;
        } else if (this.s.startsWith('${', this.i)) {
          if (literal) pieces.push({ text: literal });
          literal = '';
          pieces.push({ inter: this.interpolation() });
        } else literal += this.s[this.i++]!;
      }
      this.expect(quote);
      if (literal) pieces.push({ text: literal });
      return { quoted: true, pieces };
    }
    if (quote === '[' || quote === '{') throw new GrammarError('list and dict resolver arguments are not read by trainlint');
    const pieces: Piece[] = [];
    let literal = '';
    while (this.i < this.s.length) {
      const ch = this.s[this.i]!;
      if (ch === ',' || ch === '}') break;
      if (ch === '\\' && this.i + 1 < this.s.length) {
        literal += this.s[this.i + 1]!; // ESC: \, \: \} ... stand for the character itself
        this.i += 2;
      } else if (this.s.startsWith('${', this.i)) {
        if (literal) pieces.push({ text: literal });
        literal = '';
        pieces.push({ inter: this.interpolation() });
      } else if (ch === "'" || ch === '"' || ch === '[' || ch === '{' || ch === ']') {
        throw new GrammarError(`unexpected ${ch} in a resolver argument of ${JSON.stringify(this.s)}`);
      } else {
        literal += ch;
        this.i++;
      }
    }
    literal = literal.replace(/[ \t]+$/, '');
    if (literal) pieces.push({ text: literal });
    return { quoted: false, pieces };
  }
}

const INT = /^[+-]?(?:0|[1-9](?:_?[0-9])*)$/;
const FLOAT = /^[+-]?(?:(?:(?:0|[1-9](?:_?[0-9])*)?\.[0-9](?:_?[0-9])*|(?:0|[1-9](?:_?[0-9])*)\.)(?:[eE][+-]?[0-9](?:_?[0-9])*)?|(?:0|[1-9](?:_?[0-9])*)[eE][+-]?[0-9](?:_?[0-9])*|inf|nan)$/i;

/** A bare resolver argument as the grammar types it: int, float, bool, null, or a string. */
export function primitiveValue(text: string): unknown {
  if (INT.test(text)) return Number(text.replace(/_/g, ''));
  if (FLOAT.test(text)) {
    const t = text.replace(/_/g, '').toLowerCase();
    if (t.endsWith('inf')) return t.startsWith('-') ? -Infinity : Infinity;
    if (t.endsWith('nan')) return NaN;
    return Number(t);
  }
  if (/^(?:true|false)$/i.test(text)) return text.toLowerCase() === 'true';
  if (/^null$/i.test(text)) return null;
  return text;
}

/**
 * Python's str() of a config value, used where an interpolation is part of a longer string. `isFloat` says whether a
 * whole number was a float in the file (YAML `10.0`), which JavaScript numbers cannot tell apart.
 */
export function pythonStr(value: unknown, isFloat = false): string {
  if (value === null || value === undefined) return 'None';
  if (value === true) return 'True';
  if (value === false) return 'False';
  if (typeof value === 'number') return pythonNumber(value, isFloat);
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return `[${value.map(pythonRepr).join(', ')}]`;
  return `{${Object.entries(value as Record<string, unknown>).map(([k, v]) => `'${k}': ${pythonRepr(v)}`).join(', ')}}`;
}

function pythonRepr(value: unknown): string {
  return typeof value === 'string' ? `'${value}'` : pythonStr(value);
}

function pythonNumber(value: number, isFloat: boolean): string {
  if (Number.isNaN(value)) return 'nan';
  if (!Number.isFinite(value)) return value > 0 ? 'inf' : '-inf';
  if (Number.isInteger(value) && !isFloat) return String(value);
  // repr(float): the shortest round-trip digits, in exponent form when the exponent is below -4 or at least 16.
  const [mantissa = '0', exp = '0'] = value.toExponential().split('e');
  const exponent = Number(exp);
  if (exponent < -4 || exponent >= 16) {
    const sign = exponent < 0 ? '-' : '+';
    return `${mantissa}e${sign}${String(Math.abs(exponent)).padStart(2, '0')}`;
  }
  const plain = String(value);
  return /[.e]/.test(plain) ? plain : `${plain}.0`;
}
