// A reader for shell scripts that launch training (Megatron-LM's `torchrun ... pretrain_gpt.py ${GPT_ARGS[@]}`, SLURM
// files): straight-line assignments, bash arrays, `$VAR` / `${VAR:-default}` / `$((arithmetic))` from the same script,
// line continuations and here-documents, read the way bash reads them, without running anything. What depends on the
// environment, on a command's output or on the script's arguments stays unresolved, with the expression as written.
import { lineColumnAt } from './parse.ts';
import type { Span } from './types.ts';

/** Where a word's value was written: the word itself, a variable's assignment, or a `${VAR:-default}` default. */
export interface WordSource {
  span: Span;
  /** The variable whose value this is, when the value came through one (`LR`, `TRAIN_ITERS`). */
  variable?: string;
  /** Set when the value is a `${VAR:-default}` default: it holds unless VAR is set in the environment. */
  environmentDefault?: boolean;
}

export interface Field {
  text: string;
  /** Where the word stands in the command. */
  span: Span;
  /** Where its value was written (for a fix: the text to edit), when one place wrote all of it. */
  source?: WordSource;
  /** The expressions bash would need the environment, a command or the script's arguments for. */
  unresolved?: string[];
  /** An unquoted expansion that bash would split into words nobody can list (`$EXTRA_ARGS` unset, `"$@"`). */
  open?: boolean;
}

export interface ShellCommand {
  line: number;
  fields: Field[];
  /** Inside an if / case / loop / function body: may not run. */
  conditional: boolean;
}

export interface ShellScript {
  commands: ShellCommand[];
  /** Variables written twice with different values under different conditions, by name. */
  ambiguous: Map<string, string>;
}

interface RawWord {
  raw: string;
  start: number;
  end: number;
  /** `NAME=(a b c)`: the words between the parentheses. */
  array?: RawWord[];
}

interface Variable {
  fields: Field[];
  isArray: boolean;
  conditional: boolean;
  line: number;
}

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const ASSIGNMENT = /^([A-Za-z_][A-Za-z0-9_]*)(\+?)=/;

/** Reads a script: its commands in order with their words expanded from the variables set before them. */
export function readShellScript(text: string): ShellScript {
  const spanOf = (start: number, end: number): Span => {
    const a = lineColumnAt(text, start);
    const b = lineColumnAt(text, end);
    return { line: a.line, column: a.column, endLine: b.line, endColumn: b.column };
  };
  const vars = new Map<string, Variable>();
  const ambiguous = new Map<string, string>();
  const commands: ShellCommand[] = [];
  let depth = 0;
  for (const statement of scanStatements(text)) {
    const words = [...statement];
    // Keywords that open or close blocks; what follows `then` / `do` / `else` is a command of its own.
    while (words.length) {
      const head = words[0]!.raw;
      if (head === 'then' || head === 'do' || head === 'else' || head === '{' || head === '!' || head === 'time') words.shift();
      else if (head === 'fi' || head === 'done' || head === 'esac' || head === '}') {
        depth = Math.max(0, depth - 1);
        words.shift();
      } else break;
    }
    if (!words.length) continue;
    const head = words[0]!.raw;
    if (['if', 'elif', 'while', 'until', 'for', 'case', 'select', 'function'].includes(head) || /^[A-Za-z_][\w-]*\(\)$/.test(head)) {
      if (head !== 'elif') depth++;
      continue;
    }
    let i = 0;
    if (['export', 'declare', 'local', 'readonly', 'typeset'].includes(head)) {
      i = 1;
      while (i < words.length && words[i]!.raw.startsWith('-')) i++;
    }
    let assigned = false;
    for (; i < words.length; i++) {
      const word = words[i]!;
      const m = ASSIGNMENT.exec(word.raw);
      if (!m) break;
      assigned = true;
      const name = m[1]!;
      const append = m[2] === '+';
      const line = spanOf(word.start, word.end).line;
      let fields: Field[];
      let isArray = false;
      if (word.array) {
        isArray = true;
        fields = word.array.flatMap((w) => expand(w, vars, spanOf, ambiguous));
      } else {
        const valueStart = word.start + m[0].length;
        const value = { raw: word.raw.slice(m[0].length), start: valueStart, end: word.end };
        fields = [joinFields(expand(value, vars, spanOf, ambiguous, false), spanOf(valueStart, word.end), name)];
      }
      const before = vars.get(name);
      if (append && before) fields = before.isArray || isArray ? [...before.fields, ...fields] : [joinFields([...before.fields, ...fields], fields[0]!.span, name)];
      const conditional = depth > 0;
      if (before && (conditional || before.conditional) && !append && fieldsText(before.fields) !== fieldsText(fields)) {
        ambiguous.set(name, `${name} is ${quoteText(fieldsText(before.fields))} (line ${before.line}) or ${quoteText(fieldsText(fields))} (line ${line}) depending on a condition of the script`);
      } else if (!conditional) ambiguous.delete(name);
      vars.set(name, { fields, isArray: isArray || (append && !!before?.isArray), conditional, line });
    }
    // `VAR=value cmd`: the assignments hold for that command (kept for the rest of the script: a simplification).
    if (i >= words.length && assigned) continue;
    const fields = words.slice(i).flatMap((w) => expand(w, vars, spanOf, ambiguous));
    if (fields.length) commands.push({ line: fields[0]!.span.line, fields, conditional: depth > 0 });
  }
  return { commands, ambiguous };
}

function fieldsText(fields: Field[]): string {
  return fields.map((f) => f.text).join(' ');
}

function quoteText(text: string): string {
  return /^[\w.+-]+$/.test(text) ? text : JSON.stringify(text);
}

/** One value made of several pieces (`"$A-$B"`): one field, attributed to the variable being assigned. */
function joinFields(fields: Field[], span: Span, name: string): Field {
  const unresolved = fields.flatMap((f) => f.unresolved ?? []);
  const single = fields.length === 1 ? fields[0]!.source : undefined;
  return {
    text: fieldsText(fields),
    span,
    // A value written elsewhere (`${LR:-3e-4}`, `$BASE_LR`) is edited where it was written.
    source: single?.variable ? single : { span, variable: name },
    ...(unresolved.length ? { unresolved } : {}),
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Scanning: statements of raw words with their offsets

/** Statements (split at newlines, `;`, `&&`, `||`, `|`, `&`), each a list of raw words; here-documents skipped. */
function scanStatements(text: string): RawWord[][] {
  const out: RawWord[][] = [];
  let current: RawWord[] = [];
  const pendingHeredocs: Array<{ tag: string; strip: boolean }> = [];
  let i = 0;
  const flush = () => {
    if (current.length) out.push(current);
    current = [];
  };
  while (i < text.length) {
    const ch = text[i]!;
    if (ch === '\n') {
      flush();
      i++;
      // Here-document bodies start on the next line and run to their delimiter.
      while (pendingHeredocs.length) {
        const { tag, strip } = pendingHeredocs.shift()!;
        while (i < text.length) {
          const end = text.indexOf('\n', i);
          const line = text.slice(i, end < 0 ? text.length : end);
          i = end < 0 ? text.length : end + 1;
          if ((strip ? line.replace(/^\t+/, '') : line).trimEnd() === tag) break;
        }
      }
      continue;
    }
    if (ch === ' ' || ch === '\t' || ch === '\r') {
      i++;
      continue;
    }
    if (ch === '\\' && text[i + 1] === '\n') {
      i += 2;
      continue;
    }
    if (ch === '#') {
      const end = text.indexOf('\n', i);
      i = end < 0 ? text.length : end;
      continue;
    }
    if (ch === ';' || ch === '|' || ch === '&') {
      flush();
      i += text[i + 1] === ch ? 2 : 1;
      continue;
    }
    const heredoc = /^<<(-?)\s*(['"]?)([A-Za-z_]\w*)\2/.exec(text.slice(i, i + 80));
    if (heredoc) {
      pendingHeredocs.push({ tag: heredoc[3]!, strip: heredoc[1] === '-' });
      i += heredoc[0].length;
      continue;
    }
    const word = scanWord(text, i);
    current.push(word);
    i = word.end;
  }
  flush();
  return out;
}

/** The end of a quoted or bracketed stretch starting at `i` (the index after its closing character). */
function skipGroup(text: string, i: number): number {
  const ch = text[i]!;
  if (ch === "'") {
    const end = text.indexOf("'", i + 1);
    return end < 0 ? text.length : end + 1;
  }
  if (ch === '"' || ch === '`') {
    let j = i + 1;
    while (j < text.length && text[j] !== ch) {
      if (text[j] === '\\') j += 2;
      else if (ch === '"' && text[j] === '$' && (text[j + 1] === '(' || text[j + 1] === '{')) j = skipGroup(text, j + 1);
      else j++;
    }
    return Math.min(text.length, j + 1);
  }
  // `(` or `{`: to the matching close, quotes inside skipped.
  const close = ch === '(' ? ')' : '}';
  let depth = 0;
  let j = i;
  while (j < text.length) {
    const c = text[j]!;
    if (c === "'" || c === '"' || c === '`') {
      j = skipGroup(text, j);
      continue;
    }
    if (c === '\\') {
      j += 2;
      continue;
    }
    if (c === ch) depth++;
    else if (c === close && --depth === 0) return j + 1;
    j++;
  }
  return text.length;
}

function scanWord(text: string, start: number): RawWord {
  let i = start;
  while (i < text.length) {
    const ch = text[i]!;
    if (/[\s;&|]/.test(ch) && !(ch === '\\')) break;
    if (ch === '\\') {
      i += 2;
      continue;
    }
    if (ch === "'" || ch === '"' || ch === '`') {
      i = skipGroup(text, i);
      continue;
    }
    if (ch === '$' && (text[i + 1] === '(' || text[i + 1] === '{')) {
      i = skipGroup(text, i + 1);
      continue;
    }
    if (ch === '(') {
      // `NAME=(` opens an array; `f()` is a function name; other parentheses end the word.
      const sofar = text.slice(start, i);
      if (/^[A-Za-z_]\w*\+?=$/.test(sofar)) return scanArray(text, start, i);
      if (text[i + 1] === ')') {
        i += 2;
        continue;
      }
      if (i === start) return { raw: '(', start, end: i + 1 };
      break;
    }
    if (ch === ')') {
      if (i === start) return { raw: ')', start, end: i + 1 };
      break;
    }
    i++;
  }
  return { raw: text.slice(start, i).replace(/\\\n/g, ''), start, end: i };
}

function scanArray(text: string, start: number, open: number): RawWord {
  const items: RawWord[] = [];
  let i = open + 1;
  while (i < text.length) {
    const ch = text[i]!;
    if (ch === ')') {
      i++;
      break;
    }
    if (/\s/.test(ch)) {
      i++;
      continue;
    }
    if (ch === '\\' && text[i + 1] === '\n') {
      i += 2;
      continue;
    }
    if (ch === '#') {
      const end = text.indexOf('\n', i);
      i = end < 0 ? text.length : end;
      continue;
    }
    const word = scanWord(text, i);
    if (word.end === i) {
      i++;
      continue;
    }
    items.push(word);
    i = word.end;
  }
  return { raw: text.slice(start, i), start, end: i, array: items };
}

// ---------------------------------------------------------------------------------------------------------------
// Expansion

type SpanOf = (start: number, end: number) => Span;

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
function expand(word: RawWord, vars: Map<string, Variable>, spanOf: SpanOf, ambiguous: Map<string, string>, split = true): Field[] {
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
    if (!p.quoted && split && (p.source || p.unresolved !== undefined) && /\s/.test(p.text.trim())) {
      // A variable holding several words (`$OPTIONS`): split, and a word still written `$X` / `${X}` stays unresolved.
      p.text
        .trim()
        .split(/\s+/)
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
    return { text: written, quoted, fields: v.fields };
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
  return { text, quoted, ...(unresolved.length ? { unresolved: written } : {}) };
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
