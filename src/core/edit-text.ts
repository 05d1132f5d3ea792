// A fix's edit written into the text of the file, the way a person would make it: one key's value on one line,
// indentation and trailing comment kept. Used for one-click suggestions and to review a fix before showing it.
import type { Format } from './parse.ts';

/** A number as every YAML loader reads it as a number (PyYAML wants a dot in `1.0e-07`). */
function yamlNumber(value: number): string {
  const text = String(value);
  return /e/i.test(text) && !text.includes('.') ? text.replace(/e/i, '.0e') : text;
}

function scalar(value: number | string | boolean, format: Format): string {
  if (typeof value === 'number') return format === 'yaml' ? yamlNumber(value) : String(value);
  if (typeof value === 'boolean') return format === 'python' ? (value ? 'True' : 'False') : String(value);
  // A number spelled out by the fix itself (TL004's `3.0e-4`, the form every loader reads as a float) is written as is.
  if (/^[-+]?\d+\.\d*(?:e[-+]\d+)?$/i.test(value)) return value;
  const plainYaml = /^[A-Za-z_][\w./-]*$/.test(value) && !/^(true|false|yes|no|on|off|null|y|n)$/i.test(value);
  return format === 'yaml' && plainYaml ? value : JSON.stringify(value);
}

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * `line` with the value of `key` replaced, keeping indentation and a trailing comment; null when the
 * line is not a plain `key: value` (flow collections, quoted or multi-line values: better no suggestion
 * than a wrong one).
 */
export function rewriteLine(line: string, key: string, value: number | string | boolean, format: Format): string | null {
  const k = escapeRe(key);
  const v = scalar(value, format);
  if (format === 'yaml') {
    // JSON written as YAML (a flow mapping over several lines): the value ends before the comma.
    const flow = new RegExp(`^(\\s*"${k}"\\s*:\\s*)(-?[\\d.eE+-]+|true|false|null|"(?:[^"\\\\]|\\\\.)*")(\\s*,\\s*)$`).exec(line);
    if (flow) return `${flow[1]}${typeof value === 'string' ? JSON.stringify(value) : v}${flow[3]}`;
    const m = new RegExp(`^(\\s*(?:-\\s+)?(["']?)${k}\\2\\s*:\\s+)([^\\s#"'{}\\[\\]&*!|>][^#]*?)(\\s+#.*)?$`).exec(line);
    return m ? `${m[1]}${v}${m[4] ?? ''}` : null;
  }
  if (format === 'json') {
    const m = new RegExp(`^(\\s*"${k}"\\s*:\\s*)(-?[\\d.eE+-]+|true|false|null|"(?:[^"\\\\]|\\\\.)*")(\\s*,?\\s*)$`).exec(line);
    return m ? `${m[1]}${v}${m[3]}` : null;
  }
  if (format === 'toml') {
    const m = new RegExp(`^(\\s*(["']?)${k}\\2\\s*=\\s*)([^\\s#"'\\[{][^#]*?)(\\s+#.*)?$`).exec(line);
    return m ? `${m[1]}${v}${m[4] ?? ''}` : null;
  }
  // A README's code block holds its commands as written: its lines are edited as a script's.
  if (format === 'shell' || format === 'markdown') {
    const m = shellValuePattern(key).exec(line);
    return m ? `${m[1]}${v}${m[4]}` : null;
  }
  return null; // Python: assignments take too many shapes to offer as a one-click suggestion
}

/**
 * A value in a launch script, by the key a shell document gives it (core/parse-shell.ts): a flag's (`--lr 3e-4`,
 * `--lr=3e-4`), a variable's assignment (`LR=3e-4`, `LR="3e-4"`) or a default (`${LR:-3e-4}`). Groups: 1 what precedes
 * the value, 3 the value, 4 what follows (a quote around the value is dropped with it).
 */
export function shellValuePattern(key: string): RegExp {
  const k = escapeRe(key);
  return new RegExp(`^(.*?(?:(?<![\\w-])${k}(?:[ \\t]+|=)|(?<![\\w$])${k}=|\\$\\{${k}:?[-=]))(["']?)([^\\s"'}]*)\\2(.*)$`);
}

/**
 * The same edit in the shapes a suggestion leaves alone but a person still edits by hand: a quoted YAML or TOML value, a
 * JSON value inside a one-line object, a Python `name = expression` or `name=value` keyword. Used only to review a fix.
 */
function rewriteLineByHand(line: string, key: string, value: number | string | boolean, format: Format): string | null {
  const k = escapeRe(key);
  const v = scalar(value, format);
  if (format === 'yaml' || format === 'toml') {
    const sep = format === 'yaml' ? ':' : '=';
    const m = new RegExp(`^(\\s*(?:-\\s+)?(["']?)${k}\\2\\s*${sep}\\s*)("(?:[^"\\\\]|\\\\.)*"|'(?:[^']|'')*')(\\s*(?:#.*)?)$`).exec(line);
    return m ? `${m[1]}${v}${m[4] ?? ''}` : null;
  }
  if (format === 'json') {
    const m = new RegExp(`("${k}"\\s*:\\s*)(-?[\\d.eE+-]+|true|false|null|"(?:[^"\\\\]|\\\\.)*")`).exec(line);
    return m ? `${line.slice(0, m.index)}${m[1]}${v}${line.slice(m.index + m[0].length)}` : null;
  }
  // A keyword argument on a line of its own (`    steps=1000,`) keeps its comma.
  const assignment = new RegExp(`^(\\s*${k}\\s*(?::\\s*[\\w.\\[\\], ]+)?=\\s*)([^#]*?)(\\s*,?\\s*(?:#.*)?)$`).exec(line);
  if (assignment) return `${assignment[1]}${v}${assignment[3] ?? ''}`;
  const keyword = new RegExp(`(\\b${k}\\s*=\\s*)(-?[\\w.+-]+|"[^"]*"|'[^']*')`).exec(line);
  return keyword ? `${line.slice(0, keyword.index)}${keyword[1]}${v}${line.slice(keyword.index + keyword[0].length)}` : null;
}

export interface TextEdit {
  line: number;
  key: string;
  value: number | string | boolean;
}

/** The text with every edit applied (1-based lines), or null when one of them cannot be written on its line. */
export function applyEdits(text: string, edits: readonly TextEdit[], format: Format): string | null {
  // Lines as the parsers count them: CRLF, LF, and a lone CR (old Mac files) each end one.
  const eol = text.includes('\r\n') ? '\r\n' : text.includes('\n') ? '\n' : text.includes('\r') ? '\r' : '\n';
  const lines = text.split(/\r\n|\r|\n/);
  // A notebook's commands are JSON strings (escaped, maybe several lines in one): no edit is written there.
  if (format === 'notebook') return null;
  for (const edit of edits) {
    const line = lines[edit.line - 1];
    if (line === undefined) return null;
    const rewritten = rewriteLine(line, edit.key, edit.value, format) ?? rewriteLineByHand(line, edit.key, edit.value, format);
    if (rewritten === null) return null;
    lines[edit.line - 1] = rewritten;
  }
  return lines.join(eol);
}
