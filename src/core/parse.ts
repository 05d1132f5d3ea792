// Text -> data with a position for every key. Pure: no file system, no env.
// YAML and JSON both go through the `yaml` package's document API (JSON is read strictly first, so a JSON
// file that only YAML would accept is still a parse error). Limits make hostile input a finding, not a crash.
import { findJsonError } from './json-error.ts';
import { toParsedDoc } from './parse-yaml.ts';
import { lineColumnAt, LIMITS, unsafe, type Format, type NodeInfo, type ParsedDoc, type ParseProblem, type ParseResult } from './document.ts';

// The document model lives in document.ts (below every reader); it is re-exported here, where readers' callers look.
export { escapePointerToken, lineColumnAt, LIMITS, pointerToKey, unsafe } from './document.ts';
export type { Format, NodeInfo, ParsedDoc, ParseProblem, ParseResult, ScalarInfo } from './document.ts';

export function formatOf(path: string): Format | null {
  const lower = path.toLowerCase();
  if (lower.endsWith('.yaml') || lower.endsWith('.yml')) return 'yaml';
  if (lower.endsWith('.json')) return 'json';
  if (lower.endsWith('.toml')) return 'toml';
  if (lower.endsWith('.py')) return 'python';
  if (/\.(?:sh|bash|slurm|sbatch)$/.test(lower)) return 'shell';
  if (/\.(?:md|markdown)$/.test(lower)) return 'markdown';
  if (lower.endsWith('.ipynb')) return 'notebook';
  return null;
}

/** Parses YAML or JSON text. Never throws: every failure is a ParseProblem. */
export function parseText(text: string, format: 'yaml' | 'json'): ParseResult {
  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes > LIMITS.maxBytes) {
    // The CLI reads at most maxBytes + 1 bytes, so the text may be a prefix: state the limit, not a size.
    return unsafe(`file is larger than ${LIMITS.maxBytes} bytes, the limit for a training config`, 1, 1);
  }
  if (format === 'json' && text.charCodeAt(0) === 0xfeff) {
    // Python's json.load on a file opened as utf-8 raises "Unexpected UTF-8 BOM" as well.
    return { ok: false, problem: { kind: 'syntax', message: 'invalid JSON: the file starts with a UTF-8 byte-order mark (BOM), which JSON readers such as Python\'s json refuse', line: 1, column: 1 } };
  }
  // YAML readers (PyYAML included) drop a leading BOM; without it, columns on line 1 are as an editor shows them.
  let body = format === 'yaml' && text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  // A lone CR is a line break in YAML (1.1 and 1.2) and for PyYAML, but not for the `yaml` package: make it
  // LF (same length, so offsets stay) or an old-Mac file would read as one line of nested compact mappings.
  if (format === 'yaml' && body.includes('\r')) body = body.replace(/\r(?!\n)/g, '\n');
  const flowDepth = deepestFlowNesting(body);
  if (flowDepth > LIMITS.maxDepth) {
    return unsafe(`brackets nest ${flowDepth} deep, over the limit of ${LIMITS.maxDepth}`, 1, 1);
  }
  if (format === 'yaml') {
    const block = deepestBlockNesting(body);
    if (block) return unsafe(`block indentation nests more than ${BLOCK_DEPTH_GUARD} levels deep, over the limit of ${LIMITS.maxDepth}`, block.line, 1);
  }
  if (format === 'json') {
    const strict = strictJsonProblem(body);
    if (strict) return { ok: false, problem: strict };
  } else {
    const special = nonPrintableProblem(body);
    if (special) return { ok: false, problem: special };
  }
  try {
    return toParsedDoc(body, format);
  } catch (err) {
    // A pathological input can still exhaust the stack inside the YAML library: that is unsafe input, not a crash.
    if (err instanceof RangeError) return unsafe(`input too complex to parse safely (${err.message})`, 1, 1);
    // Anything else the parser throws is still this file's problem, never the whole run's.
    return { ok: false, problem: { kind: 'syntax', message: `the YAML reader failed: ${err instanceof Error ? err.message : String(err)}`, line: 1, column: 1 } };
  }
}

/** Bracket nesting outside quotes: a cheap pre-check so a 10,000-deep `[[[[` never reaches a recursive parser. */
function deepestFlowNesting(text: string): number {
  let depth = 0;
  let deepest = 0;
  // Jumps from one quote, `#`, bracket or brace to the next: this runs over every file, most of it plain text.
  const interesting = /["'#[\]{}]/g;
  for (let match = interesting.exec(text); match; match = interesting.exec(text)) {
    const i = match.index;
    const ch = text.charCodeAt(i);
    if (ch === 34 || ch === 39) {
      // A quote that does not close on its line is taken as ended there (a stray `'` in a plain scalar
      // such as `don't` must not hide the brackets after it); counting more than YAML would is harmless.
      let j = i + 1;
      for (; j < text.length; j++) {
        const c = text.charCodeAt(j);
        if (c === 92 && ch === 34) j++; // `\` escapes the next character (a line break too) in double quotes
        else if (c === ch || c === 10) break;
      }
      interesting.lastIndex = j + 1;
    } else if (ch === 35) {
      // A comment (YAML: `#` at a line start or after whitespace) ends at the line break.
      if (i > 0 && !/\s/.test(text[i - 1] ?? '')) continue;
      const end = text.indexOf('\n', i);
      if (end < 0) break;
      interesting.lastIndex = end + 1;
    } else if (ch === 91 || ch === 123) deepest = Math.max(deepest, ++depth);
    else depth = Math.max(0, depth - 1);
  }
  return deepest;
}

/**
 * PyYAML's Reader (yaml/reader.py check_printable), which every YAML-reading framework here goes through,
 * refuses a stream holding a character outside YAML's printable set: NUL and other C0 controls except
 * tab/LF/CR, DEL, C1 controls except NEL, surrogates, U+FFFE/U+FFFF. The `yaml` package accepts them, so a
 * binary file renamed `.yaml` would otherwise parse as a scalar.
 */
const NON_PRINTABLE = /[^\t\n\r\x20-\x7E\x85\xA0-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u;

/** Outside tab, LF, CR and printable ASCII: where NON_PRINTABLE's (slower, per code point) search need start. */
const NOT_PRINTABLE_ASCII = /[^\t\n\r\x20-\x7E]/;
const NON_PRINTABLE_FROM = new RegExp(NON_PRINTABLE.source, 'gu');

function nonPrintableProblem(text: string): ParseProblem | null {
  // Everything before the first character outside printable ASCII is printable: search the rest only.
  const from = NOT_PRINTABLE_ASCII.exec(text)?.index;
  if (from === undefined) return null;
  NON_PRINTABLE_FROM.lastIndex = from;
  const match = NON_PRINTABLE_FROM.exec(text);
  if (!match) return null;
  const code = match[0].codePointAt(0) ?? 0;
  const { line, column } = lineColumnAt(text, match.index);
  return {
    kind: 'syntax',
    message: `unacceptable character #x${code.toString(16).padStart(4, '0')}: special characters are not allowed in YAML (PyYAML refuses the file; is it binary?)`,
    line,
    column,
  };
}

/**
 * Block nesting guard. The `yaml` package composes block collections recursively and overflows the stack
 * somewhere near a thousand levels (earlier when the caller's stack is already deep), so block indentation
 * is bounded before it is called. Counts, per line, the open indentation levels plus compact `- ` entries
 * (`- - - x` nests three sequences on one line). Text inside block scalars can only add levels, never hide
 * them, so this overestimates; the guard is set well above LIMITS.maxDepth (which the Builder enforces
 * exactly) so that no real config trips it. Returns where the guard was crossed, or null.
 */
const BLOCK_DEPTH_GUARD = 2 * LIMITS.maxDepth;

function deepestBlockNesting(text: string): { line: number } | null {
  const open: number[] = []; // indentation columns of the enclosing levels, increasing
  let line = 0;
  let start = 0;
  while (start <= text.length) {
    line++;
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    let i = start;
    while (i < end && text.charCodeAt(i) === 32) i++;
    const first = text[i];
    if (i < end && first !== '#' && first !== '\r') {
      const indent = i - start;
      while (open.length && (open[open.length - 1] ?? 0) >= indent) open.pop();
      open.push(indent);
      // Compact sequence entries: each `- ` opens one more level on this line.
      while (text[i] === '-' && (text[i + 1] === ' ' || text[i + 1] === '\t')) {
        i += 2;
        while (text[i] === ' ' || text[i] === '\t') i++;
        if (i >= end || text[i] === '#') break;
        open.push(i - start);
      }
      if (open.length > BLOCK_DEPTH_GUARD) return { line };
    }
    start = end + 1;
  }
  return null;
}

function strictJsonProblem(text: string): ParseProblem | null {
  try {
    JSON.parse(text);
    return null;
  } catch (err) {
    // Our own scanner gives the position (Node's message often has none) and a message without the
    // file's text in it; JSON.parse's word is kept only when the scanner finds nothing (e.g. lone surrogates).
    const located = findJsonError(text);
    const offset = located?.offset ?? Number(/position (\d+)/.exec(String(err))?.[1] ?? 0);
    const reason = located?.message ?? (err instanceof Error ? err.message : String(err)).split('\n')[0]!;
    const { line, column } = lineColumnAt(text, offset);
    return { kind: 'syntax', message: `invalid JSON: ${reason}`, line, column };
  }
}

/** Walks every scalar of the data with its pointer (iteratively: depth is bounded already, but stay flat). */
export function* scalars(doc: ParsedDoc): Generator<[string, NodeInfo]> {
  for (const entry of doc.nodes) if (entry[1].scalar) yield entry;
}
