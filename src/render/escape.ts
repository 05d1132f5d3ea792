// Escaping text that came from a config (keys, values, paths, messages quoting them) before it reaches
// markdown: no HTML, no links, no @-mentions, no issue references, no table breaks. `Backtick spans`
// in messages become real code spans, whose content markdown leaves literal (GitHub neither links
// nor mentions inside code), with a fence longer than any backtick run in the content.
const ZERO_WIDTH_SPACE = '\u200b';
const HTML: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** For text that goes into HTML we write ourselves (never into markdown). */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => HTML[c] ?? c);
}

/**
 * Plain prose: every character markdown or HTML could act on is backslash-escaped (CommonMark lets any
 * ASCII punctuation be escaped, so `\<` is a literal `<` and `\&` a literal `&`), and what GitHub links
 * after rendering (mentions, bare URLs, `#123`) is broken with a zero-width space. Line breaks become
 * spaces, so the text can sit in a table cell or a blockquote line.
 */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/[\\`*_{}[\]()#+!|~<>&]/g, '\\$&')
    .replace(/@/g, `@${ZERO_WIDTH_SPACE}`)
    .replace(/:\/\//g, `:${ZERO_WIDTH_SPACE}//`)
    .replace(/\bwww\./gi, (m) => `${m.slice(0, 3)}${ZERO_WIDTH_SPACE}.`)
    .replace(/\\#(?=\d)/g, `\\#${ZERO_WIDTH_SPACE}`)
    .replace(/\r?\n|\r/g, ' ');
}

/**
 * A code span whose content shows literally. In a table cell (`inTable`) a `|` would end the cell even
 * inside a code span, so GFM wants it as `\|` there (and only there).
 */
export function codeSpan(text: string, inTable = false): string {
  // The comment's own structure stays ours: a zero-width space after `<` keeps trainlint's `<!-- trainlint:` markers
  // (which the comment finder looks for) and `<details>` / `<summary>` tags out of config text, even inside code.
  let body = text.replace(/\r?\n|\r/g, ' ').replace(/<(?=!--|\/?(?:details|summary)\b)/gi, `<${ZERO_WIDTH_SPACE}`);
  if (inTable) body = body.replace(/\|/g, '\\|');
  if (body === '') body = ' ';
  const longest = Math.max(0, ...(body.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longest + 1);
  // A span that starts or ends with a backtick or space needs one space of padding (stripped on render).
  const pad = /^[` ]|[` ]$/.test(body) && body.trim() !== '' ? ' ' : '';
  return `${fence}${pad}${body}${pad}${fence}`;
}

/** Inline text whose `backtick spans` are rendered as code and everything else as escaped prose. */
export function inlineMarkdown(text: string, inTable = false): string {
  const parts = text.split('`');
  if (parts.length % 2 === 0) return escapeMarkdown(text); // unbalanced: every backtick is text
  return parts.map((part, i) => (i % 2 === 0 ? escapeMarkdown(part) : codeSpan(part, inTable))).join('');
}

/** A code span for a path or key. */
export function code(text: string, inTable = false): string {
  return codeSpan(text, inTable);
}
