// Scanning a shell script into statements of raw words with their offsets (quotes, arrays, here-documents, groups),
// the first half of reading it as bash does; src/core/shell-expand.ts expands the words.

/** A variable or array name, as bash accepts it. */
export const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

export interface RawWord {
  raw: string;
  start: number;
  end: number;
  /** `NAME=(a b c)`: the words between the parentheses. */
  array?: RawWord[];
}


/** A here-document's body (`<<EOF` ... `EOF`), for the statement that opened it (`read -r -d '' CMD <<EOF`). */
export interface HereDocument {
  body: string;
  /** Offset of the body's first character in the script. */
  start: number;
  /** The delimiter was quoted (`<<'EOF'`): bash then expands nothing in the body. */
  quoted: boolean;
}

const HERE_DOCUMENTS = new WeakMap<RawWord[], HereDocument[]>();

/** The here-documents a statement opened, in order (none for most statements). */
export function hereDocumentsOf(statement: RawWord[]): HereDocument[] {
  return HERE_DOCUMENTS.get(statement) ?? [];
}

/** Statements (split at newlines, `;`, `&&`, `||`, `|`, `&`), each a list of raw words; here-document bodies are not
 * words of any statement, but kept for the statement that opened them (hereDocumentsOf). */
export function scanStatements(text: string): RawWord[][] {
  const out: RawWord[][] = [];
  let current: RawWord[] = [];
  const pendingHeredocs: Array<{ tag: string; strip: boolean; quoted: boolean; statement: RawWord[] }> = [];
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
        const { tag, strip, quoted, statement } = pendingHeredocs.shift()!;
        const start = i;
        let bodyEnd = text.length;
        while (i < text.length) {
          const end = text.indexOf('\n', i);
          const line = text.slice(i, end < 0 ? text.length : end);
          const lineStart = i;
          i = end < 0 ? text.length : end + 1;
          if ((strip ? line.replace(/^\t+/, '') : line).trimEnd() === tag) {
            bodyEnd = lineStart;
            break;
          }
        }
        const docs = HERE_DOCUMENTS.get(statement) ?? [];
        docs.push({ body: text.slice(start, bodyEnd), start, quoted });
        HERE_DOCUMENTS.set(statement, docs);
      }
      continue;
    }
    if (isBlank(ch)) {
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
      pendingHeredocs.push({ tag: heredoc[3]!, strip: heredoc[1] === '-', quoted: heredoc[2] !== '', statement: current });
      i += heredoc[0].length;
      continue;
    }
    const word = scanWord(text, i);
    // Every word moves the scan on, whatever the text: a word that ends where it starts would be pushed forever.
    if (word.end <= i) {
      i++;
      continue;
    }
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

/**
 * Bash separates words at blanks (space and tab; a carriage return too, so CRLF scripts read as written) and ends
 * them at newlines and the control operators `;`, `&` and `|`. Other whitespace (a vertical tab, a form feed, a
 * no-break space) is an ordinary character of a word, as in bash: both loops below must agree on this.
 */
function isBlank(ch: string): boolean {
  return ch === ' ' || ch === '\t' || ch === '\r';
}

function endsWord(ch: string): boolean {
  return isBlank(ch) || ch === '\n' || ch === ';' || ch === '&' || ch === '|';
}

function scanWord(text: string, start: number): RawWord {
  let i = start;
  while (i < text.length) {
    const ch = text[i]!;
    if (endsWord(ch)) break;
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
    if (ch === '$' && text[i + 1] === "'") {
      // ANSI-C quoting: a backslash escapes the quote (`$'it\'s'`).
      let j = i + 2;
      while (j < text.length && text[j] !== "'") j += text[j] === '\\' ? 2 : 1;
      i = Math.min(text.length, j + 1);
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
    if (isBlank(ch) || ch === '\n') {
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
