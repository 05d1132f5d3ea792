// Escaping text that came from a config (keys, values, paths, messages quoting them) before it reaches
// markdown: no HTML, no links, no @-mentions, no table breaks. Backtick spans we wrote stay code.
const HTML: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
const ZERO_WIDTH_SPACE = '\u200b';

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => HTML[c] ?? c);
}

/** Plain prose: every markdown-active character is escaped, mentions and bare URLs are broken. */
export function escapeMarkdown(text: string): string {
  return escapeHtml(text)
    .replace(/[\\`*_{}[\]()#+!|~]/g, '\\$&')
    .replace(/@/g, `@${ZERO_WIDTH_SPACE}`)
    .replace(/:\/\//g, `:${ZERO_WIDTH_SPACE}//`)
    .replace(/\bwww\./gi, (m) => `${m.slice(0, 3)}${ZERO_WIDTH_SPACE}.`)
    .replace(/\r?\n/g, ' ');
}

/** Inline text whose `backtick spans` are rendered as code (HTML-escaped, so nothing inside is active). */
export function inlineMarkdown(text: string): string {
  const parts = text.split('`');
  if (parts.length % 2 === 0) return escapeMarkdown(text); // unbalanced: treat every backtick as text
  return parts.map((part, i) => (i % 2 === 0 ? escapeMarkdown(part) : `<code>${escapeHtml(part).replace(/@/g, `@${ZERO_WIDTH_SPACE}`).replace(/\|/g, '&#124;')}</code>`)).join('');
}

/** A code span for a path or key. */
export function code(text: string): string {
  return inlineMarkdown(`\`${text.replace(/`/g, "'")}\``);
}
