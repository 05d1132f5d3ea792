// A rule's documentation page, docs/rules/<id>-<name>.md, read beside the running code: `trainlint explain` prints it
// and SARIF carries it as the rule's help. dist/*.js and src/cli/*.ts sit at different depths below docs/.
import { existsSync, readFileSync } from 'node:fs';
import type { Rule } from '../rules/rule.ts';

export function readRuleDoc(rule: Pick<Rule, 'id' | 'name'>): string | undefined {
  const pages = ['../docs/rules/', '../../docs/rules/'].map((dir) => new URL(`${dir}${rule.id}-${rule.name}.md`, import.meta.url));
  const page = pages.find((p) => existsSync(p));
  return page ? readFileSync(page, 'utf8') : undefined;
}
