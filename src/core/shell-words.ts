// The words of a shell command as the reader hands them on: each with where it stands and where its value was written.
// Kept apart from shell.ts (the reader) so that shell-expand.ts, which the reader calls, can name them too.
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
