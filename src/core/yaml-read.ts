// Text -> `yaml` Document, read the way PyYAML reads it. Every YAML-reading framework trainlint models loads
// its configs with PyYAML (yaml.safe_load, OmegaConf, jsonargparse), and PyYAML takes some text the `yaml`
// package refuses or reads differently (see pyyaml-walk.ts: indentation inside flow collections and quoted
// scalars, comments touching a quote or bracket). Where the walk finds such text, the `yaml` package reads
// an edited copy (continuation lines re-indented, a space before such a comment: no value changes), and
// positions are mapped back to the file as written. What PyYAML's scanner refuses is reported either way.
import { LineCounter, parseDocument, type Document, type YAMLError } from 'yaml';
import type { ParseProblem } from './document.ts';
import { walkLikePyyaml } from './pyyaml-walk.ts';
import { applyEdits, lineCounterFor } from './text-edits.ts';

export type Position = (offset: number) => { line: number; col: number };

export interface ReadDocument {
  document: Document.Parsed;
  /** Offset in the text the document was read from -> line and column in the file as written. */
  position: Position;
  lineCount: number;
  /** Set when the document was read from an edited text (positions are mapped back). */
  edited: boolean;
  /** Offsets where the file's lines start (what `position` searches), and the edited -> original offset map, if edited. */
  lineStarts: readonly number[];
  toOriginal?: (offset: number) => number;
  /** What PyYAML's scanner refuses in the text (YAML only; the `yaml` package took it). */
  pyyamlRefusal?: ParseProblem;
}

function read(text: string, lineCounter: LineCounter): Document.Parsed {
  return parseDocument(text, {
    lineCounter,
    version: '1.2',
    uniqueKeys: false,
    merge: true,
    prettyErrors: false,
    keepSourceTokens: false,
  });
}

function firstError(document: Document.Parsed): YAMLError | undefined {
  return document.errors.find((e) => e.code === 'RESOURCE_EXHAUSTION') ?? document.errors[0];
}

function problemOf(error: YAMLError, at: { line: number; col: number }): ParseProblem {
  const message = (error.message.split('\n')[0] ?? error.code).replace(/ at line \d+, column \d+:?$/, '');
  // The YAML library turns its own stack overflow (block nesting thousands deep) into this error code.
  // Where the stack runs out depends on the engine's state, not on the input: point at the file, so the
  // report stays byte-identical across runs.
  if (error.code === 'RESOURCE_EXHAUSTION') return { kind: 'unsafe', message: `values nest too deep to parse (${message})`, line: 1, column: 1 };
  if (error.code === 'MULTIPLE_DOCS') {
    const problem = `the file holds several YAML documents; training frameworks load one (PyYAML's safe_load refuses more)`;
    return { kind: 'syntax', message: problem, line: at.line, column: at.col, notASingleConfig: true };
  }
  return { kind: 'syntax', message, line: at.line, column: at.col };
}

/** PyYAML's own refusal, worded for the report. */
export function pyyamlProblem(message: string, at: { line: number; col: number }): ParseProblem {
  return { kind: 'syntax', message: `PyYAML stops here: ${message}`, line: at.line, column: at.col };
}

export function readDocument(text: string, format: 'yaml' | 'json'): ReadDocument | { problem: ParseProblem } {
  const walk = format === 'yaml' ? walkLikePyyaml(text) : { edits: [], overBudget: false, error: null };
  if (walk.overBudget) {
    // Such text is built to be expensive (the `yaml` package takes seconds on it as written), not a config.
    const message = 'quoted or bracketed values continue over so many lines left of where they open that re-indenting them for the YAML reader would more than double the file';
    return { problem: { kind: 'unsafe', message, line: 1, column: 1 } };
  }
  const edited = walk.edits.length ? applyEdits(text, walk.edits) : null;
  const lineCounter = edited ? lineCounterFor(text) : new LineCounter();
  const document = read(edited ? edited.text : text, edited ? new LineCounter() : lineCounter);
  const position: Position = edited ? (offset) => lineCounter.linePos(edited.toOriginal(offset)) : lineCounter.linePos;
  const refusal = walk.error ? pyyamlProblem(walk.error.message, lineCounter.linePos(walk.error.offset)) : undefined;
  const first = firstError(document);
  if (!first) {
    // The edits were made for PyYAML's leniencies; past PyYAML's own error they prove nothing. Only a
    // text the `yaml` package takes as written gets the refusal as a note instead of an error.
    if (refusal && edited && firstError(read(text, new LineCounter()))) return { problem: refusal };
    const result: ReadDocument = { document, position, lineCount: lineCounter.lineStarts.length, edited: Boolean(edited), lineStarts: lineCounter.lineStarts };
    if (edited) result.toOriginal = edited.toOriginal;
    if (refusal) result.pyyamlRefusal = refusal;
    return result;
  }
  const offset = edited ? edited.toOriginal(first.pos[0]) : first.pos[0];
  // The walk's error is one PyYAML raises at that very place (PyYAML may stop earlier only on a structure
  // its parser refuses); the `yaml` package's complaint may instead sit where PyYAML sees nothing wrong.
  if (refusal && first.code !== 'RESOURCE_EXHAUSTION') return { problem: refusal };
  return { problem: problemOf(first, lineCounter.linePos(offset)) };
}
