// Helpers the Python dialects (nanogpt, minimind, llms-from-scratch) share: turning what the Python reader
// evaluated into Resolved numbers with their arithmetic and origin, saying what it could not evaluate,
// and reading command-line values the way the scripts' own parsers do.
import { formatNumber } from '../../core/access.ts';
import type { Binding, Evaluation } from '../../core/python-eval.ts';
import { formatPy, mergeFrom, numberOf, readNumberLiteral, readStringLiteral, type PyValue } from '../../core/python-values.ts';
import type { Origin, Resolved } from '../../core/types.ts';
import { parsePythonModule } from '../../core/parse-python.ts';

/** How a binding got its value: `learning_rate: 6e-4`, `warmup_steps = int(0.2 x 135) = 27`. */
export function howOf(b: Binding, value: PyValue): string {
  if (b.literal) return `${b.name}: ${b.source}`;
  const shown = b.result.ok ? b.result.shown : b.source;
  const result = value.t === 'int' || value.t === 'float' ? formatNumber(value.v) : formatPy(value);
  return shown === result ? `${b.name} = ${b.source.replace(/\s+/g, ' ')} = ${result}` : `${b.name} = ${shown} = ${result}`;
}

export function originsOf(b: Binding): Origin[] {
  return mergeFrom([b.origin], b.result.from);
}

/** The number a binding holds (bool counts, as in Python), or undefined when unknown or not a number. */
export function resolvedNumber(b: Binding | undefined): Resolved | undefined {
  if (!b || !b.result.ok) return undefined;
  const n = numberOf(b.result.value);
  if (n === undefined || b.result.value.t === 'bool') return undefined;
  return { value: n, how: howOf(b, b.result.value), from: originsOf(b) };
}

/** Python truthiness of a known value (`decay_lr = 0` is false too). */
export function truthy(value: PyValue): boolean | undefined {
  switch (value.t) {
    case 'bool':
      return value.v;
    case 'int':
    case 'float':
      return value.v !== 0;
    case 'str':
      return value.v !== '';
    case 'none':
      return false;
    case 'list':
    case 'tuple':
      return value.items.length > 0;
    case 'dict':
      return value.entries.length > 0;
    default:
      return undefined;
  }
}

/** A short account of the assignments the reader could not evaluate, for the plan's assumptions. */
export function skippedNote(evaluation: Evaluation, file: string, limit = 4): string | undefined {
  const unknown = [...evaluation.bindings.values()].filter((b) => !b.result.ok && !/is (?:a function|a class|imported)/.test((b.result as { reason: string }).reason));
  if (unknown.length === 0) return undefined;
  const shown = unknown.slice(0, limit).map((b) => `\`${b.name}\` (line ${b.origin.span.line}: ${(b.result as { reason: string }).reason})`);
  const more = unknown.length > limit ? ` and ${unknown.length - limit} more` : '';
  return `${file}: not evaluated, since trainlint never runs code: ${shown.join(', ')}${more}; none of them is a setting this schedule reads`;
}


/** ast.literal_eval of a command-line value for the literals a config holds; undefined when it is not one. */
export function literalEval(text: string): PyValue | undefined {
  const t = text.trim();
  if (t === 'True' || t === 'False') return { t: 'bool', v: t === 'True' };
  if (t === 'None') return { t: 'none' };
  const number = /^([-+]?)((?:\d[\d_]*)?\.?[\d_]*(?:[eE][-+]?\d+)?|0[xXoObB][\da-fA-F_]+)$/.exec(t);
  if (number && /\d/.test(number[2]!)) {
    const value = readNumberLiteral(number[2]!);
    // An integer past 2^53 (a string saying so) is no literal trainlint can hold exactly: not one.
    if (value && typeof value !== 'string' && (value.t === 'int' || value.t === 'float')) return { t: value.t, v: number[1] === '-' ? -value.v : value.v };
  }
  const s = /^(['"]).*\1$/s.test(t) ? readStringLiteral(t) : undefined;
  return s === undefined ? undefined : { t: 'str', v: s };
}

const codeCache = new Map<string, string>();
/** A snippet's tokens as the reader joins them, so code is compared whatever its spacing and comments. */
export function codeTokens(snippet: string): string {
  let tokens = codeCache.get(snippet);
  if (tokens === undefined) {
    const parsed = parsePythonModule(snippet);
    tokens = 'problem' in parsed ? snippet : parsed.tokens();
    codeCache.set(snippet, tokens);
  }
  return tokens;
}
