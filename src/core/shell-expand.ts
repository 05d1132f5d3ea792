// Expanding the raw words of a shell script (`$VAR`, `${VAR:-default}`, `${ARR[@]}`, `$((arithmetic))`) from the
// variables set before them, the second half of reading it as bash does; what the script alone does not fix stays
// unresolved with the expression as written.
import type { Field, WordSource } from './shell-words.ts';
import { NAME, type RawWord } from './shell-scan.ts';
import type { Span } from './types.ts';

export interface Variable {
  fields: Field[];
  isArray: boolean;
  conditional: boolean;
  line: number;
  /** A value read from a here-document (`read -d '' CMD <<EOF`): an unquoted `$CMD` gives its words at their places. */
  words?: boolean;
}

export function fieldsText(fields: Field[]): string {
  return fields.map((f) => f.text).join(' ');
}

export type SpanOf = (start: number, end: number) => Span;

/** bash splits unquoted expansions at the characters of IFS, by default space, tab and newline (no other whitespace). */
const IFS_WHITESPACE = /[ \t\n]/;
const IFS_RUN = /[ \t\n]+/;
const trimIfs = (text: string): string => text.replace(/^[ \t\n]+|[ \t\n]+$/g, '');

/** An unquoted `${ARR[@]}`: each element is split at IFS whitespace as well, and an empty element is dropped. */
function splitElements(fields: Field[]): Field[] {
  return fields.flatMap((f) => {
    if (f.unresolved?.length) return [f];
    const parts = trimIfs(f.text).split(IFS_RUN).filter((t) => t !== '');
    if (parts.length === 1 && parts[0] === f.text) return [f];
    return parts.map((text) => ({ text, span: f.span, ...(f.source ? { source: f.source } : {}) }));
  });
}

/** bash's \ escapes inside `$'...'` (ANSI-C quoting). */
const ANSI_C: Record<string, string> = { a: '\x07', b: '\b', e: '\x1b', E: '\x1b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v', '\\': '\\', "'": "'", '"': '"', '?': '?' };

/** The text of `$'...'` from the character after its opening quote: its value and the index after its closing quote. */
function ansiC(raw: string, start: number): { text: string; end: number } {
  let text = '';
  let i = start;
  while (i < raw.length && raw[i] !== "'") {
    if (raw[i] !== '\\') {
      text += raw[i++];
      continue;
    }
    const c = raw[i + 1] ?? '';
    const escape = /^(?:[0-7]{1,3}|x[0-9A-Fa-f]{1,2}|u[0-9A-Fa-f]{1,4}|U[0-9A-Fa-f]{1,8})/.exec(raw.slice(i + 1, i + 10))?.[0];
    if (escape) {
      const code = escape[0] === 'x' || escape[0] === 'u' || escape[0] === 'U' ? parseInt(escape.slice(1), 16) : parseInt(escape, 8);
      text += code <= 0x10ffff ? String.fromCodePoint(code) : '';
      i += 1 + escape.length;
    } else if (c in ANSI_C) {
      text += ANSI_C[c];
      i += 2;
    } else {
      text += `\\${c}`;
      i += 2;
    }
  }
  return { text, end: Math.min(raw.length, i + 1) };
}

interface Piece {
  text: string;
  quoted: boolean;
  source?: WordSource;
  unresolved?: string;
  /** An expansion whose words bash would split; `fields` when it is an array (or `"${A[@]}"`). */
  fields?: Field[];
  open?: boolean;
}

/**
 * The fields bash makes of one word: quotes removed, variables expanded, unquoted expansions split at whitespace,
 * `"${ARR[@]}"` one field per element. `split` false for the right side of an assignment (bash does not split there).
 */
export function expand(word: RawWord, vars: Map<string, Variable>, spanOf: SpanOf, ambiguous: Map<string, string>, split = true): Field[] {
  const span = spanOf(word.start, word.end);
  const pieces = piecesOf(word.raw, word.start, vars, spanOf, ambiguous);
  const alone = pieces.length === 1;
  const fields: Field[] = [];
  let text = '';
  let unresolved: string[] = [];
  let sources: Array<WordSource | undefined> = [];
  let at: Span | undefined;
  let has = false;
  const push = () => {
    if (!has) return;
    const source = sources.length === 1 ? sources[0] : sources.length === 0 ? { span } : undefined;
    fields.push({ text, span: at ?? span, ...(source ? { source } : {}), ...(unresolved.length ? { unresolved } : {}) });
    text = '';
    unresolved = [];
    sources = [];
    at = undefined;
    has = false;
  };
  for (const p of pieces) {
    if (p.fields) {
      // An array (or a split expansion): its first element joins what precedes, its last what follows; an array that is
      // the whole word gives its elements where they were written.
      p.fields.forEach((f, n) => {
        if (n > 0) push();
        text += f.text;
        if (f.unresolved) unresolved.push(...f.unresolved);
        sources.push(f.source);
        if (alone) at = f.span;
        has = true;
      });
      if (p.open) fields.push({ text: '', span, open: true, unresolved: [p.unresolved ?? p.text] });
      continue;
    }
    if (p.unresolved !== undefined && !p.quoted && split && alone) {
      // A whole unquoted word nobody can expand may hold any number of words (flags included).
      fields.push({ text: p.text, span, unresolved: [p.unresolved], open: true });
      continue;
    }
    if (!p.quoted && split && (p.source || p.unresolved !== undefined) && IFS_WHITESPACE.test(trimIfs(p.text))) {
      // A variable holding several words (`$OPTIONS`): split, and a word still written `$X` / `${X}` stays unresolved.
      trimIfs(p.text)
        .split(IFS_RUN)
        .forEach((part, n) => {
          if (n > 0) push();
          if (/^\$\{?[A-Za-z_@*]/.test(part)) {
            push();
            fields.push({ text: part, span, unresolved: [part], open: true });
            return;
          }
          text += part;
          if (part.includes('$') && p.unresolved !== undefined) unresolved.push(part);
          sources.push(p.source ? { span: p.source.span } : undefined);
          has = true;
        });
      continue;
    }
    text += p.text;
    if (p.unresolved !== undefined) unresolved.push(p.unresolved);
    if (p.source || p.unresolved !== undefined) sources.push(p.source);
    else if (p.text.length) sources.push({ span });
    has = has || p.quoted || p.text.length > 0;
  }
  push();
  return fields;
}

/** Splits a raw word into literal and expanded pieces. */
function piecesOf(raw: string, offset: number, vars: Map<string, Variable>, spanOf: SpanOf, ambiguous: Map<string, string>): Piece[] {
  const out: Piece[] = [];
  let literal = '';
  const flush = (quoted = false) => {
    if (literal || quoted) out.push({ text: literal, quoted });
    literal = '';
  };
  const dollar = (i: number, quoted: boolean): number => {
    const rest = raw.slice(i);
    if (rest.startsWith('$((')) {
      const end = matchingEnd(raw, i + 1);
      const expr = raw.slice(i + 3, end - 2);
      const value = arithmetic(expr, vars);
      out.push(value === undefined ? { text: raw.slice(i, end), quoted, unresolved: raw.slice(i, end) } : { text: String(value), quoted, source: { span: spanOf(offset + i, offset + end) } });
      return end;
    }
    if (rest.startsWith('$(') || rest.startsWith('`')) {
      const end = rest.startsWith('`') ? raw.indexOf('`', i + 1) + 1 || raw.length : matchingEnd(raw, i + 1);
      out.push({ text: raw.slice(i, end), quoted, unresolved: raw.slice(i, end) });
      return end;
    }
    if (rest.startsWith('${')) {
      const end = matchingEnd(raw, i + 1);
      out.push(braced(raw.slice(i + 2, end - 1), raw.slice(i, end), offset + i + 2, quoted, vars, spanOf, ambiguous));
      return end;
    }
    const m = /^\$([A-Za-z_]\w*|[0-9@*#?$!-])/.exec(rest);
    if (!m) {
      literal += '$';
      return i + 1;
    }
    out.push(variable(m[1]!, m[0], quoted, vars, ambiguous));
    return i + m[0].length;
  };
  let i = 0;
  while (i < raw.length) {
    const ch = raw[i]!;
    if (ch === '\\') {
      literal += raw[i + 1] ?? '';
      i += 2;
    } else if (ch === "'") {
      flush();
      const end = raw.indexOf("'", i + 1);
      literal += raw.slice(i + 1, end < 0 ? raw.length : end);
      flush(true);
      i = end < 0 ? raw.length : end + 1;
    } else if (ch === '"') {
      flush();
      let j = i + 1;
      let sawSomething = false;
      while (j < raw.length && raw[j] !== '"') {
        if (raw[j] === '\\' && /["\\$`\n]/.test(raw[j + 1] ?? '')) {
          literal += raw[j + 1];
          j += 2;
        } else if (raw[j] === '$' || raw[j] === '`') {
          flush();
          sawSomething = true;
          j = dollar(j, true);
        } else literal += raw[j++];
      }
      flush(!sawSomething || literal.length > 0);
      i = j + 1;
    } else if (ch === '$' && raw[i + 1] === "'") {
      flush();
      const quotedText = ansiC(raw, i + 2);
      literal += quotedText.text;
      flush(true);
      i = quotedText.end;
    } else if (ch === '$' || ch === '`') {
      flush();
      i = dollar(i, false);
    } else {
      literal += ch;
      i++;
    }
  }
  flush();
  return out;
}

/** Index after the `)` or `}` matching the opener at `i`. */
function matchingEnd(raw: string, i: number): number {
  const open = raw[i]!;
  const close = open === '(' ? ')' : '}';
  let depth = 0;
  for (let j = i; j < raw.length; j++) {
    const c = raw[j];
    if (c === '\\') j++;
    else if (c === "'" && open === '(') {
      const end = raw.indexOf("'", j + 1);
      j = end < 0 ? raw.length : end;
    } else if (c === open) depth++;
    else if (c === close && --depth === 0) return j + 1;
  }
  return raw.length;
}

function variable(name: string, written: string, quoted: boolean, vars: Map<string, Variable>, ambiguous: Map<string, string>): Piece {
  if (!NAME.test(name)) {
    const open = name === '@' || name === '*';
    return { text: written, quoted, unresolved: written, ...(open ? { open: true, fields: [] } : {}) };
  }
  const why = ambiguous.get(name);
  if (why) return { text: written, quoted, unresolved: `${written} (${why})` };
  const v = vars.get(name);
  if (!v) return { text: written, quoted, unresolved: written };
  if (v.words && !quoted) return { text: written, quoted, fields: v.fields };
  // `$ARR` is the array's first element, as in bash.
  const fields = v.isArray ? v.fields.slice(0, 1) : v.fields;
  return valuePiece(fields, quoted, written);
}

function valuePiece(fields: Field[], quoted: boolean, written: string): Piece {
  const unresolved = fields.flatMap((f) => f.unresolved ?? []);
  const text = fieldsText(fields);
  const source = fields.length === 1 ? fields[0]!.source : undefined;
  return { text, quoted, ...(source ? { source } : {}), ...(unresolved.length ? { unresolved: unresolved.length === 1 && unresolved[0] === text ? written : `${written} = ${text}` } : {}) };
}

/** `${NAME}`, `${NAME:-default}`, `${NAME-default}`, `${NAME:=default}`, `${NAME:+alt}`, `${ARR[@]}`; others unresolved. */
function braced(inner: string, written: string, innerOffset: number, quoted: boolean, vars: Map<string, Variable>, spanOf: SpanOf, ambiguous: Map<string, string>): Piece {
  const array = /^([A-Za-z_]\w*)\[([@*])\]$/.exec(inner);
  if (array) {
    const v = vars.get(array[1]!);
    if (!v) return { text: written, quoted, unresolved: written, open: true, fields: [] };
    if (quoted && array[2] === '*') return valuePiece(v.fields, true, written);
    return { text: written, quoted, fields: quoted ? v.fields : splitElements(v.fields) };
  }
  if (NAME.test(inner)) return variable(inner, written, quoted, vars, ambiguous);
  const m = /^([A-Za-z_]\w*)(:?)([-=+])(.*)$/s.exec(inner);
  if (!m) return { text: written, quoted, unresolved: written };
  const [, name, colon, op, rest] = m as unknown as [string, string, string, string, string];
  const v = vars.get(name);
  const set = v !== undefined && (colon === '' || fieldsText(v.fields) !== '');
  if (ambiguous.has(name)) return { text: written, quoted, unresolved: `${written} (${ambiguous.get(name)})` };
  if (op === '+') {
    if (!v) return { text: '', quoted };
    return set ? piecesToPiece(piecesOf(rest, innerOffset + name.length + colon.length + 1, vars, spanOf, ambiguous), quoted, written) : { text: '', quoted };
  }
  if (set) return variable(name, written, quoted, vars, ambiguous);
  const defaultStart = innerOffset + name.length + colon.length + 1;
  const piece = piecesToPiece(piecesOf(rest, defaultStart, vars, spanOf, ambiguous), quoted, written);
  if (piece.unresolved === undefined) piece.source = { span: spanOf(defaultStart, defaultStart + rest.length), variable: name, environmentDefault: true };
  if (op === '=') vars.set(name, { fields: [{ text: piece.text, span: piece.source?.span ?? spanOf(defaultStart, defaultStart), ...(piece.source ? { source: piece.source } : {}) }], isArray: false, conditional: false, line: spanOf(defaultStart, defaultStart).line });
  return piece;
}

function piecesToPiece(pieces: Piece[], quoted: boolean, written: string): Piece {
  const unresolved = pieces.filter((p) => p.unresolved !== undefined);
  const text = pieces.map((p) => (p.fields ? fieldsText(p.fields) : p.text)).join('');
  // `${X:-"a b"}`, `${X:-a" b"}`: whitespace written inside quotes is not split at. A default with no whitespace outside
  // its quotes is therefore one word (and `${X:-""}` an empty one), as if the expansion were quoted.
  const protectedByQuotes = pieces.some((p) => p.quoted) && !pieces.some((p) => !p.quoted && (p.fields !== undefined || IFS_WHITESPACE.test(p.text)));
  return { text, quoted: quoted || protectedByQuotes, ...(unresolved.length ? { unresolved: written } : {}) };
}

/** bash `$(( ))` on integers: + - * / % ** and parentheses over numbers and variables; undefined when not all known. */
export function arithmetic(expr: string, vars: Map<string, Variable>): number | undefined {
  const tokens = expr.match(/\*\*|[A-Za-z_]\w*|\$\{?[A-Za-z_]\w*\}?|\d+|[-+*/%()]|\S/g) ?? [];
  let pos = 0;
  const valueOf = (token: string): number | undefined => {
    const name = token.replace(/^\$\{?|\}$/g, '');
    if (/^\d+$/.test(name)) return Number(name);
    const v = vars.get(name);
    if (!v || v.isArray || v.fields.some((f) => f.unresolved)) return undefined;
    const text = fieldsText(v.fields).trim();
    return /^-?\d+$/.test(text) ? Number(text) : undefined;
  };
  const primary = (): number | undefined => {
    const t = tokens[pos++];
    if (t === undefined) return undefined;
    if (t === '(') {
      const v = sum();
      return tokens[pos++] === ')' ? v : undefined;
    }
    if (t === '-') {
      const v = primary();
      return v === undefined ? undefined : -v;
    }
    if (t === '+') return primary();
    return valueOf(t);
  };
  const power = (): number | undefined => {
    const base = primary();
    if (tokens[pos] === '**') {
      pos++;
      const exp = power();
      return base === undefined || exp === undefined ? undefined : base ** exp;
    }
    return base;
  };
  const product = (): number | undefined => {
    let v = power();
    while (tokens[pos] === '*' || tokens[pos] === '/' || tokens[pos] === '%') {
      const op = tokens[pos++];
      const r = power();
      if (v === undefined || r === undefined || ((op === '/' || op === '%') && r === 0)) return undefined;
      v = op === '*' ? v * r : op === '/' ? Math.trunc(v / r) : v % r;
    }
    return v;
  };
  const sum = (): number | undefined => {
    let v = product();
    while (tokens[pos] === '+' || tokens[pos] === '-') {
      const op = tokens[pos++];
      const r = product();
      if (v === undefined || r === undefined) return undefined;
      v = op === '+' ? v + r : v - r;
    }
    return v;
  };
  const result = sum();
  return pos === tokens.length && result !== undefined && Number.isSafeInteger(result) ? result : undefined;
}
