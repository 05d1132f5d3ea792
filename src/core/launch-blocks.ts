// The shell text inside a README or a notebook: the commands of its ```bash / ```sh / ```shell / ```console blocks
// (prompts stripped), a notebook's `!cmd` lines and `%%bash` cells. Each extracted line keeps, character by
// character, the line and column it came from, so that what the shell reader finds can be put back on the real line
// of the .md / .ipynb file. Placeholders people write in documentation (`<batch size>`, a notebook's `{lr}`) are
// replaced by an expansion nobody sets, so the reader takes them for the unknown values they are.

/** One line of the extracted shell text; `columns[i]` is the original 1-based column of its character i. */
export interface ExtractedLine {
  text: string;
  line: number;
  /** One entry per character plus one for the position just after the last. */
  columns: number[];
}

export interface Extracted {
  lines: ExtractedLine[];
  /** Placeholder variables written into the shell text -> the placeholder as the document wrote it. */
  placeholders: Map<string, string>;
  /** Shell blocks / shell cells read. */
  blocks: number;
}

/** Language tags of fenced code blocks that hold shell commands. */
const SHELL_FENCE = /^(?:bash|sh|shell|zsh|console|shell-session|shellsession)$/i;
/** Blocks whose lines are a terminal session: commands carry a prompt, the other lines are output. */
const SESSION_FENCE = /^(?:console|shell-session|shellsession)$/i;

function identityLine(text: string, line: number, from = 1): ExtractedLine {
  return { text, line, columns: Array.from({ length: text.length + 1 }, (_, i) => from + i) };
}

function blank(line: number): ExtractedLine {
  return { text: '', line, columns: [1] };
}

/** `$ cmd` -> `  cmd`: the prompt becomes spaces, so the columns stay. */
function withoutPrompt(text: string): { text: string; prompted: boolean } {
  const m = /^(\s*)\$ /.exec(text);
  return m ? { text: `${m[1]}  ${text.slice(m[0].length)}`, prompted: true } : { text, prompted: false };
}

/** The shell lines of a Markdown file, one extracted line per line of the file (blank outside shell blocks). */
export function markdownShell(text: string): Extracted {
  const source = text.split(/\r\n|\r|\n/);
  const out: ExtractedLine[] = [];
  let blocks = 0;
  let fence: { marker: string; shell: boolean; session: boolean } | null = null;
  let continued = false;
  source.forEach((raw, index) => {
    const line = index + 1;
    if (!fence) {
      const open = /^\s*(`{3,}|~{3,})\s*([\w+-]*)/.exec(raw);
      // A backtick fence's info string may not hold a backtick (CommonMark); such a line is inline code.
      if (open && !(open[1]!.startsWith('`') && raw.slice(open.index + open[0].length).includes('`'))) {
        const shell = SHELL_FENCE.test(open[2] ?? '');
        fence = { marker: open[1]!, shell, session: SESSION_FENCE.test(open[2] ?? '') };
        if (shell) blocks++;
        continued = false;
      }
      out.push(blank(line));
      return;
    }
    const close = /^\s*(`{3,}|~{3,})\s*$/.exec(raw);
    if (close && close[1]![0] === fence.marker[0] && close[1]!.length >= fence.marker.length) {
      fence = null;
      out.push(blank(line));
      return;
    }
    // A fence with a language inside a block: the block before it was left unclosed (CommonMark would read the rest of
    // the file as code; its author meant a new block). Prose must not be read as commands.
    const reopen = /^\s*(`{3,}|~{3,})\s*([\w+-]+)\s*$/.exec(raw);
    if (reopen && reopen[1]![0] === fence.marker[0]) {
      const shell = SHELL_FENCE.test(reopen[2]!);
      fence = { marker: reopen[1]!, shell, session: SESSION_FENCE.test(reopen[2]!) };
      if (shell) blocks++;
      continued = false;
      out.push(blank(line));
      return;
    }
    if (!fence.shell) {
      out.push(blank(line));
      return;
    }
    const { text: stripped, prompted } = withoutPrompt(raw);
    if (fence.session && !prompted && !continued) {
      out.push(blank(line)); // a command's output
      return;
    }
    // A continuation line of a session may carry the secondary prompt `> `.
    const body = fence.session && continued && !prompted ? stripped.replace(/^(\s*)> /, '$1  ') : stripped;
    continued = /\\$/.test(body);
    out.push(identityLine(body, line));
  });
  closeUnbalanced(out, source);
  const placeholders = new Map<string, string>();
  return { lines: out.map((l) => withPlaceholders(l, placeholders, false)), placeholders, blocks };
}

/**
 * A block that ends inside a quote (`echo Let's go`, YAML pasted into a ```shell block) would run into the next block
 * and read its commands as a string: such a block is left out, its lines blank.
 */
function closeUnbalanced(lines: ExtractedLine[], source: string[]): void {
  let start = -1;
  for (let i = 0; i <= lines.length; i++) {
    const inBlock = i < lines.length && lines[i]!.text !== '';
    if (inBlock && start < 0) start = i;
    // A block's kept lines end at its closing fence, which is blank here (as are blank lines inside it).
    const fenceOrEnd = i === lines.length || /^\s*(?:`{3,}|~{3,})/.test(source[i] ?? '');
    if (start >= 0 && fenceOrEnd) {
      if (openQuote(lines.slice(start, i).map((l) => l.text).join('\n'))) for (let j = start; j < i; j++) lines[j] = blank(lines[j]!.line);
      start = -1;
    }
  }
}

/** Whether shell text ends inside a quote (comments and escapes taken into account; here-documents are not). */
function openQuote(text: string): boolean {
  let quote: string | null = null;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quote === "'") {
      if (ch === "'") quote = null;
    } else if (quote === '"') {
      if (ch === '\\') i++;
      else if (ch === '"') quote = null;
    } else if (ch === '\\') i++;
    else if (ch === '#' && (i === 0 || /\s/.test(text[i - 1]!))) {
      const end = text.indexOf('\n', i);
      if (end < 0) break;
      i = end;
    } else if (ch === "'" || ch === '"') quote = ch;
  }
  return quote !== null;
}

/** A notebook's source string as read from its JSON text, every decoded character with its line and column. */
export interface SourceString {
  /** The JSON string literal, quotes included, as written in the file. */
  raw: string;
  line: number;
  column: number;
}

interface PlacedChar {
  ch: string;
  line: number;
  column: number;
}

/** Decodes a JSON string literal keeping where each character was written (an escape maps to its backslash). */
function decodePlaced(s: SourceString): PlacedChar[] {
  const out: PlacedChar[] = [];
  const { raw } = s;
  let line = s.line;
  let column = s.column + 1;
  for (let i = 1; i < raw.length - 1; i++) {
    const at = { line, column };
    let ch = raw[i]!;
    let width = 1;
    if (ch === '\\') {
      const e = raw[i + 1]!;
      width = 2;
      if (e === 'u') {
        ch = String.fromCharCode(parseInt(raw.slice(i + 2, i + 6), 16));
        width = 6;
      } else ch = ({ n: '\n', t: '\t', r: '\r', b: '\b', f: '\f' } as Record<string, string>)[e] ?? e;
    }
    out.push({ ch, ...at });
    i += width - 1;
    column += width;
  }
  return out;
}

/** The code cells of a notebook, each as its source strings in order. */
export type NotebookCells = SourceString[][];

/** Splits placed characters into lines. */
function placedLines(chars: PlacedChar[]): PlacedChar[][] {
  const lines: PlacedChar[][] = [[]];
  for (const c of chars) {
    if (c.ch === '\n') lines.push([]);
    else if (c.ch !== '\r') lines[lines.length - 1]!.push(c);
  }
  if (lines.length > 1 && lines[lines.length - 1]!.length === 0) lines.pop();
  return lines;
}

function lineOf(chars: PlacedChar[], from: number, fallback: { line: number; column: number }): ExtractedLine {
  const kept = chars.slice(from);
  const last = kept[kept.length - 1] ?? chars[chars.length - 1];
  const end = last ? last.column + 1 : fallback.column;
  return { text: kept.map((c) => c.ch).join(''), line: kept[0]?.line ?? last?.line ?? fallback.line, columns: [...kept.map((c) => c.column), end] };
}

/**
 * The shell lines of a notebook's code cells, as IPython runs them: a `%%bash` / `%%sh` / `%%script bash` cell is a
 * shell script; elsewhere a line starting with `!` is a shell command (its backslash continuations joined, as
 * IPython's transformer does), and `%env NAME=VALUE` sets a variable for the commands after it. `{expr}` in a `!` line
 * is a Python expression IPython substitutes: unknown here, so a placeholder.
 */
export function notebookShell(cells: NotebookCells): Extracted {
  const out: ExtractedLine[] = [];
  const placeholders = new Map<string, string>();
  let blocks = 0;
  for (const cell of cells) {
    const lines = placedLines(cell.flatMap(decodePlaced));
    const first = lines[0]?.map((c) => c.ch).join('').trim() ?? '';
    if (/^%%(?:bash|sh|script\s+(?:bash|sh))\b/.test(first)) {
      blocks++;
      for (const l of lines.slice(1)) out.push(withPlaceholders(lineOf(l, 0, cell[0]!), placeholders, false));
      out.push(blank(out[out.length - 1]?.line ?? 1));
      continue;
    }
    let bang = false;
    let counted = false;
    for (const l of lines) {
      const text = l.map((c) => c.ch).join('');
      const lead = text.length - text.trimStart().length;
      const env = /^\s*%env\s+([A-Za-z_]\w*)(?:=|\s+)(.*)$/.exec(text);
      if (!bang && env) {
        // `%env NAME=VALUE` -> `export NAME=VALUE` (the value as IPython hands it to os.environ, quoted for the shell).
        const value = env[2]!.trim();
        const at = l[lead]!;
        const synthetic = `export ${env[1]}='${value.replace(/'/g, "'\\''")}'`;
        out.push({ text: synthetic, line: at.line, columns: Array.from({ length: synthetic.length + 1 }, () => at.column) });
        continue;
      }
      if (bang || text.trimStart().startsWith('!')) {
        if (!counted) blocks++;
        counted = true;
        // `!cmd` -> ` cmd` (`!!cmd` too): the marks become nothing but the columns stay the file's.
        const from = bang ? 0 : lead + (text.trimStart().startsWith('!!') ? 2 : 1);
        out.push(withPlaceholders(lineOf(l, from, cell[0]!), placeholders, true));
        bang = /\\$/.test(text);
        if (!bang) out.push(blank(l[0]?.line ?? 1));
        continue;
      }
    }
    if (bang) out.push(blank(out[out.length - 1]?.line ?? 1));
  }
  return { lines: out, placeholders, blocks };
}

/**
 * `<batch size>`, `<path/to/model>`: a value the reader of a README fills in. Not a redirection: it starts with a
 * letter right after `<` and ends with a non-space right before `>` (`< in.txt`, `<<EOF`, `2>&1` are left alone).
 */
const ANGLE = /(?<![<\w$])<([A-Za-z][^<>\n]*?[^\s<>]|[A-Za-z])>/g;
/** A notebook `!` line's `{expr}` (not `${VAR}`, not `{{`). */
const BRACE = /(?<![\\${])\{([^{}\n]+)\}(?!\})/g;

export const PLACEHOLDER_PREFIX = '__trainlint_placeholder_';

function withPlaceholders(l: ExtractedLine, placeholders: Map<string, string>, python: boolean): ExtractedLine {
  const pattern = python ? new RegExp(`${ANGLE.source}|${BRACE.source}`, 'g') : ANGLE;
  pattern.lastIndex = 0;
  if (!pattern.test(l.text)) return l;
  pattern.lastIndex = 0;
  let text = '';
  const columns: number[] = [];
  let last = 0;
  for (const m of l.text.matchAll(pattern)) {
    const name = `${PLACEHOLDER_PREFIX}${placeholders.size + 1}`;
    placeholders.set(name, m[0]);
    text += l.text.slice(last, m.index);
    columns.push(...l.columns.slice(last, m.index));
    const token = `\${${name}}`;
    const start = l.columns[m.index]!;
    const end = l.columns[m.index + m[0].length]!;
    text += token;
    // The whole expansion stands where the placeholder did; the character after it keeps its own column.
    for (let i = 0; i < token.length; i++) columns.push(Math.min(start + i, end - 1));
    last = m.index + m[0].length;
  }
  text += l.text.slice(last);
  columns.push(...l.columns.slice(last));
  return { text, line: l.line, columns };
}
