// A reader for shell scripts that launch training (Megatron-LM's `torchrun ... pretrain_gpt.py ${GPT_ARGS[@]}`, SLURM
// files): straight-line assignments, bash arrays, `$VAR` / `${VAR:-default}` / `$((arithmetic))` from the same script,
// line continuations and here-documents, read the way bash reads them, without running anything. What depends on the
// environment, on a command's output or on the script's arguments stays unresolved, with the expression as written.
import { expand, fieldsText, type SpanOf, type Variable } from './shell-expand.ts';
import { hereDocumentsOf, scanStatements, type HereDocument } from './shell-scan.ts';
import { lineColumnAt } from './document.ts';
import type { Field } from './shell-words.ts';
import type { Span } from './types.ts';

export type { Field, WordSource } from './shell-words.ts';

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

const NAME_RE = /^[A-Za-z_][A-Za-z0-9_]*$/;
const ASSIGNMENT = /^([A-Za-z_][A-Za-z0-9_]*)(\+?)=/;


/** Reads a script: its commands in order with their words expanded from the variables set before them. */
export function readShellScript(text: string): ShellScript {
  const spanOf: SpanOf = (start, end) => {
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
    if (head === 'read' && hereDocumentsOf(statement).length) {
      readHereDocument(words.slice(1).map((w) => w.raw), hereDocumentsOf(statement)[0]!, vars, spanOf, ambiguous, depth > 0);
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

/** `read` options that take an argument (bash's `read` builtin). */
const READ_OPTIONS_WITH_ARGUMENT = new Set(['-a', '-d', '-i', '-n', '-N', '-p', '-t', '-u']);

/**
 * `read [-r] [-d ''] NAME <<EOF`: NAME gets the here-document's body (all of it with `-d ''`, else its first line),
 * with backslash-newlines joined and `$X` expanded unless the delimiter was quoted. The value keeps its words with the
 * places they were written, so an unquoted `$NAME` splits into them (OpenRLHF's `deepspeed --module $training_commands`).
 * Other forms (`-a`, several names, another delimiter) set nothing: the name stays unknown, as an unset variable is.
 */
function readHereDocument(args: string[], doc: HereDocument, vars: Map<string, Variable>, spanOf: SpanOf, ambiguous: Map<string, string>, conditional: boolean): void {
  const names: string[] = [];
  let delimiter: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '-a') return;
    if (READ_OPTIONS_WITH_ARGUMENT.has(a)) {
      if (a === '-d') delimiter = (args[i + 1] ?? '').replace(/^(['"])(.*)\1$/, '$2');
      i++;
    } else if (a.startsWith('-')) continue;
    else names.push(a);
  }
  if (names.length !== 1 || !NAME_RE.test(names[0]!) || (delimiter !== undefined && delimiter !== '')) return;
  const fields: Field[] = [];
  // Words of the body at their offsets; a backslash-newline (joined by bash in an unquoted here-document) separates them.
  const re = /(?:[^\s\\]|\\(?!\n)[^]?)+/g;
  let body = doc.body;
  if (delimiter === undefined) {
    const firstLine = doc.quoted ? /^[^\n]*/.exec(body)![0] : /^(?:[^\n\\]|\\[^])*/.exec(body)![0];
    body = firstLine;
  }
  for (const m of body.matchAll(re)) {
    const start = doc.start + m.index;
    const raw = m[0];
    const span = spanOf(start, start + raw.length);
    // Quotes inside a here-document are characters of the text, not quoting: such a word is taken as written.
    if (doc.quoted || /['"`\\]/.test(raw)) fields.push({ text: raw, span, source: { span }, ...(doc.quoted && raw.includes('$') ? { unresolved: [raw] } : {}) });
    else fields.push(...expand({ raw, start, end: start + raw.length }, vars, spanOf, ambiguous, false));
  }
  vars.set(names[0]!, { fields, isArray: false, words: true, conditional, line: spanOf(doc.start, doc.start).line });
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
