// Inline suppression in YAML/TOML comments:
//   # trainlint-disable-next-line TL101 [TL109 ...]   the next line only
//   # trainlint-disable TL101                           this line and everything below it
// A rule may be named by id or name; no rule list means every rule.
const DIRECTIVE = /#\s*trainlint-disable(-next-line)?\b([^#\n]*)/;

export type Suppressed = (rule: { id: string; name: string }, line: number) => boolean;

export function suppressedRules(text: string): Suppressed {
  const nextLine = new Map<number, Set<string> | 'all'>();
  const fromLine: Array<{ line: number; rules: Set<string> | 'all' }> = [];
  if (text.includes('trainlint-disable')) {
    const lines = text.split('\n');
    lines.forEach((content, index) => {
      const match = DIRECTIVE.exec(content);
      if (!match) return;
      const names = (match[2] ?? '').split(/[\s,]+/).filter(Boolean).map((n) => n.toLowerCase());
      const rules = names.length ? new Set(names) : ('all' as const);
      if (match[1]) nextLine.set(index + 2, rules);
      else fromLine.push({ line: index + 1, rules });
    });
  }
  const covers = (rules: Set<string> | 'all' | undefined, rule: { id: string; name: string }) =>
    rules === 'all' || (rules !== undefined && (rules.has(rule.id.toLowerCase()) || rules.has(rule.name)));
  return (rule, line) => covers(nextLine.get(line), rule) || fromLine.some((f) => f.line <= line && covers(f.rules, rule));
}
