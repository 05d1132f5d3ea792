// Python source -> ParsedDoc of what its assignments hold, without executing anything.
//
// The parser is @lezer/python (the Python grammar of CodeMirror 6, MIT, maintained with @lezer/lr): a
// complete Python 3 grammar in plain JavaScript with no native or WebAssembly part, so it bundles with ncc
// like any module, parses a megabyte in about a second, and gives every node its offsets. tree-sitter's
// grammar would need a native addon or a .wasm file loaded at run time.
// Where it differs from CPython, this file compensates: it does not read number literals that end in a
// dot (`0.`, `1.e-3`), which are rewritten to a form of the same length before parsing (the evaluator
// reads the original literal back); it builds its tree recursively, so nesting past CPython's own limits
// (200 brackets, 100 indentation levels: a SyntaxError there too) is refused before parsing, and any
// other stack exhaustion is an `unsafe` parse problem; and it recovers from syntax errors instead of
// failing, so a statement it cannot read is skipped and reported, never guessed at.
//
// `data` holds the known values of the module's top-level assignments (and of its `__main__` block);
// `nodes` has each name's position. Everything else the dialects need (values the reader could not
// evaluate and why, calls such as argparse's add_argument, function definitions, imports) is in the
// PythonModule that `pythonModule(doc)` returns.
import { BudgetExceeded } from './budget.ts';
import { parser } from '@lezer/python';
import type { Tree } from '@lezer/common';
import { LIMITS, type NodeInfo, type ParsedDoc, type ParseResult } from './parse.ts';
import { evaluateModule, pointerOfName, tokensOf, type EvalOptions, type Evaluation, type SourceView } from './python-eval.ts';
import { anyWithin, errorOffsets } from './python-tree.ts';
import { plainValue } from './python-values.ts';
import type { Span } from './types.ts';

export interface PythonModule {
  text: string;
  /** The module evaluated on its own. */
  evaluation: Evaluation;
  /** Evaluates again with names bound before the file runs, or values for calls (e.g. from the data size). */
  evaluate(options: EvalOptions): Evaluation;
  /** The whole file's tokens joined by single spaces, comments dropped, for recognising known code. */
  tokens(): string;
  /** The syntax tree and the source view it was read with, for dialects that read function bodies (torchtitan registries). */
  tree: Tree;
  src: SourceView;
}

const modules = new WeakMap<ParsedDoc, PythonModule>();

/** The Python module behind a ParsedDoc of format `python`. */
export function pythonModule(doc: ParsedDoc): PythonModule | undefined {
  return modules.get(doc);
}

/** CPython's limits (Parser/tokenizer.c MAXLEVEL and MAXINDENT): deeper code is a SyntaxError there too. */
const MAX_BRACKETS = 200;
const MAX_INDENT = 100;

export interface ScannedSource {
  /** The text the parser is given: number literals ending in a dot rewritten to the same length. */
  text: string;
  /** Offset -> the literal as written, for each rewritten number. */
  literals: Map<number, string>;
  /** Where the nesting first goes past CPython's limits, if it does. */
  tooDeep?: { offset: number; message: string };
}

/**
 * One pass over the source as Python's tokenizer sees it (strings and comments skipped): number literals
 * with a trailing dot (`0.`, `5.e-4`, `1.j`), which @lezer/python does not read, are rewritten with the dot
 * moved to the end as a space (`0 `, `5e-4 `) so that offsets stay; bracket and indentation nesting are
 * measured, because the parser builds its tree recursively and must not be handed more than CPython takes.
 */
export function rewriteTrailingDotNumbers(text: string): ScannedSource {
  const literals = new Map<number, string>();
  const number = /0[xXoObB][\w]*|\d[\d_]*(?:\.[\d_]*)?(?:[eE][-+]?\d[\d_]*)?[jJ]?/y;
  const ident = /[\p{L}\p{Nl}\p{Mn}\p{Mc}\p{Nd}\p{Pc}]+/uy;
  let out = '';
  let last = 0;
  let i = 0;
  let depth = 0;
  const indents = [0];
  let tooDeep: ScannedSource['tooDeep'];
  const skipString = (start: number): number => {
    const q = text[start]!;
    const close = text.startsWith(q.repeat(3), start) ? q.repeat(3) : q;
    let j = start + close.length;
    while (j < text.length && !text.startsWith(close, j)) {
      if (close.length === 1 && text[j] === '\n') return j;
      j += text[j] === '\\' ? 2 : 1;
    }
    return j + close.length;
  };
  /** Indentation of the logical line starting at `start` (tabs to the next multiple of 8, as CPython). */
  const indentAt = (start: number): void => {
    let col = 0;
    let j = start;
    for (; j < text.length && (text[j] === ' ' || text[j] === '\t' || text[j] === '\f'); j++) col = text[j] === '\t' ? (Math.floor(col / 8) + 1) * 8 : text[j] === ' ' ? col + 1 : 0;
    if (j >= text.length || text[j] === '\n' || text[j] === '\r' || text[j] === '#') return; // blank or comment-only
    while (indents.length > 1 && indents[indents.length - 1]! > col) indents.pop();
    if (col > indents[indents.length - 1]!) indents.push(col);
    if (indents.length - 1 > MAX_INDENT && !tooDeep) tooDeep = { offset: j, message: `too many levels of indentation (CPython allows ${MAX_INDENT})` };
  };
  indentAt(0);
  while (i < text.length) {
    const ch = text[i]!;
    if (ch === '#') {
      const end = text.indexOf('\n', i);
      i = end < 0 ? text.length : end;
    } else if (ch === '\n') {
      if (depth === 0 && text[i - 1] !== '\\') indentAt(i + 1);
      i++;
    } else if (ch === '"' || ch === "'") i = skipString(i);
    else if (ch === '(' || ch === '[' || ch === '{') {
      if (++depth > MAX_BRACKETS && !tooDeep) tooDeep = { offset: i, message: `too many nested parentheses (CPython allows ${MAX_BRACKETS})` };
      i++;
    } else if (ch === ')' || ch === ']' || ch === '}') {
      depth = Math.max(0, depth - 1);
      i++;
    } else if (/\d/.test(ch)) {
      number.lastIndex = i;
      const m = number.exec(text)![0];
      if (/^\d[\d_]*\.(?![\d_])/.test(m)) {
        out += text.slice(last, i) + m.replace('.', '') + ' ';
        last = i + m.length;
        literals.set(i, m);
      }
      i += m.length;
    } else {
      ident.lastIndex = i;
      const m = ident.exec(text);
      if (!m) i++;
      else {
        i += m[0].length;
        if (/^(?:[rRuUbBfF]|[rR][bBfF]|[bBfF][rR])$/.test(m[0]) && (text[i] === '"' || text[i] === "'")) i = skipString(i);
      }
    }
  }
  return { text: last === 0 ? text : out + text.slice(last), literals, ...(tooDeep ? { tooDeep } : {}) };
}

function lineIndex(text: string): (offset: number) => { line: number; column: number } {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) starts.push(i + 1);
  return (offset) => {
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - starts[lo]! + 1 };
  };
}

function readModule(text: string): PythonModule | { problem: ParseResult & { ok: false } } {
  if (Buffer.byteLength(text, 'utf8') > LIMITS.maxBytes) {
    return { problem: { ok: false, problem: { kind: 'unsafe', message: `file is larger than ${LIMITS.maxBytes} bytes, the limit for a training config`, line: 1, column: 1 } } };
  }
  const nul = text.indexOf('\0');
  if (nul >= 0) {
    const at = lineIndex(text)(nul);
    return { problem: { ok: false, problem: { kind: 'syntax', message: 'source code cannot contain null bytes (CPython refuses the file; is it binary?)', ...at } } };
  }
  // CPython drops a leading BOM; keep the offsets by blanking it instead.
  const body = text.charCodeAt(0) === 0xfeff ? ` ${text.slice(1)}` : text;
  const { text: readable, literals, tooDeep } = rewriteTrailingDotNumbers(body);
  if (tooDeep) return { problem: { ok: false, problem: { kind: 'syntax', message: tooDeep.message, ...lineIndex(text)(tooDeep.offset) } } };
  const tree: Tree = parser.parse(readable);
  const errors = errorOffsets(tree);
  const position = lineIndex(text);
  const src: SourceView = {
    text: body,
    span(from, to): Span {
      const a = position(from);
      const b = position(to);
      return { line: a.line, column: a.column, endLine: b.line, endColumn: b.column };
    },
    literalAt: (from) => literals.get(from),
    errorIn: (from, to) => anyWithin(errors, from, to),
  };
  let tokens: string | undefined;
  return {
    text,
    evaluation: evaluateModule(tree, src),
    evaluate: (options) => evaluateModule(tree, src, options),
    tokens: () => (tokens ??= tokensOf(tree.topNode, src)),
    tree,
    src,
  };
}

/**
 * Parses Python text into a module; never executes it and never throws. A file too large, holding NUL
 * bytes, nested past CPython's limits or so deep that the parser runs out of stack is a parse problem.
 */
export function parsePythonModule(text: string): PythonModule | { problem: ParseResult & { ok: false } } {
  try {
    return readModule(text);
  } catch (err) {
    if (err instanceof BudgetExceeded) throw err; // the pipeline reports it as TL003 naming the budget
    // A pathological input must be this file's problem, never the whole run's.
    const message = err instanceof Error ? err.message : String(err);
    return { problem: { ok: false, problem: { kind: err instanceof RangeError ? 'unsafe' : 'syntax', message: `the Python reader failed: ${message}`, line: 1, column: 1 } } };
  }
}

/** A ParsedDoc of the module's known top-level values. Never throws. */
export function parsePython(text: string): ParseResult {
  const module = parsePythonModule(text);
  if ('problem' in module) return module.problem;
  const data: Record<string, unknown> = {};
  const lines = text.split('\n').length;
  const nodes = new Map<string, NodeInfo>([['', { valueSpan: { line: 1, column: 1, endLine: lines, endColumn: 1 } }]]);
  for (const [name, b] of module.evaluation.bindings) {
    const pointer = pointerOfName(name);
    nodes.set(pointer, { keySpan: b.origin.span, valueSpan: b.valueSpan, ...(b.literal ? { scalar: { source: b.source, plain: false } } : {}) });
    if (!b.result.ok || b.result.value.t === 'module') continue;
    const value = plainValue(b.result.value);
    if (value === undefined) continue;
    Object.defineProperty(data, name, { value, enumerable: true, writable: true, configurable: true });
    if (b.result.value.t === 'dict') for (const e of b.result.value.entries) nodes.set(pointerOfName(name, e.key), { keySpan: e.keySpan, valueSpan: e.keySpan });
  }
  const doc: ParsedDoc = { format: 'python', data, nodes, duplicateKeys: [], lineCount: lines, text };
  modules.set(doc, module);
  return { ok: true, doc };
}
