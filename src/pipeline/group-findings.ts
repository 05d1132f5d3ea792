// Findings whose cause is the repository, not the file (no framework version pinned), are one finding: the first file's
// finding names every other file it applies to and the one line of .trainlint.yml that settles them all.
import type { Rule } from '../rules/rule.ts';
import { compareFindings } from '../core/report.ts';
import type { Finding } from '../core/types.ts';

export function groupAcrossFiles(findings: readonly Finding[], rules: readonly Rule[]): Finding[] {
  const grouped = new Set(rules.filter((r) => r.groupsAcrossFiles).map((r) => r.id));
  const groups = new Map<string, Finding[]>();
  const out: Finding[] = [];
  for (const f of findings) {
    const cause = f.data.cause;
    if (!grouped.has(f.ruleId) || typeof cause !== 'string') {
      out.push(f);
      continue;
    }
    const key = `${f.ruleId}\u0000${f.severity}\u0000${cause}`;
    const group = groups.get(key);
    if (group) group.push(f);
    else groups.set(key, [f]);
  }
  for (const group of groups.values()) out.push(merge(group));
  return out;
}

function merge(group: Finding[]): Finding {
  const sorted = [...group].sort(compareFindings);
  const first = sorted[0]!;
  if (sorted.length === 1) return first;
  const places = sorted.map((f) => `${f.path}:${f.line}`);
  const settle = typeof first.data.settle === 'string' ? first.data.settle : undefined;
  const others = places.slice(1);
  const message =
    `${first.message} The same holds in ${others.length} more file${others.length === 1 ? '' : 's'}: ${others.join(', ')}.` +
    (settle ? ` One line of .trainlint.yml settles all ${sorted.length}: \`${settle}\`.` : '');
  const merged: Finding = { ...first, message, data: { ...first.data, files: places.join(', '), fileCount: sorted.length } };
  if (settle && !first.fix) merged.fix = { description: `Pin the version once for the repository: add \`${settle}\` to .trainlint.yml, with the version the runs use.`, edits: [] };
  return merged;
}

/**
 * In a file of several configs (a torchtitan registry), configs that inherit from another one share its lines: the same
 * finding at the same line with the same numbers is one finding that names every config it applies to.
 */
export function groupAcrossConfigs(findings: readonly Finding[]): Finding[] {
  const groups = new Map<string, Finding[]>();
  const out: Finding[] = [];
  for (const f of findings) {
    const config = f.data.config;
    if (typeof config !== 'string') {
      out.push(f);
      continue;
    }
    const prefix = `config \`${config}\`: `;
    const said = f.message.startsWith(prefix) ? f.message.slice(prefix.length) : f.message;
    const key = [f.ruleId, f.severity, f.path, f.line, f.column, f.key ?? '', said, f.fix?.description ?? ''].join('\u0000');
    const group = groups.get(key);
    if (group) group.push(f);
    else {
      groups.set(key, [f]);
      out.push(f);
    }
  }
  return out.map((f) => {
    if (typeof f.data.config !== 'string') return f;
    const prefix = `config \`${f.data.config}\`: `;
    const said = f.message.startsWith(prefix) ? f.message.slice(prefix.length) : f.message;
    const group = groups.get([f.ruleId, f.severity, f.path, f.line, f.column, f.key ?? '', said, f.fix?.description ?? ''].join('\u0000'))!;
    if (group.length === 1) return f;
    const names = group.map((g) => String(g.data.config));
    const shown = names.length <= 4 ? names.map((n) => `\`${n}\``).join(', ') : `${names.slice(0, 3).map((n) => `\`${n}\``).join(', ')} and ${names.length - 3} more`;
    return { ...f, message: `configs ${shown}: ${said}`, data: { ...f.data, configs: names.join(', '), configCount: names.length } };
  });
}
