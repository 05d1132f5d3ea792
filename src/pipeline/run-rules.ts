// The rules over one reviewed file: each rule's hits become findings with the severity the settings give, inline
// suppressions applied, positions, the config's name where a file holds several, stable fingerprints, and fixes with
// numbers a person can write.
import { formatOf } from '../core/parse.ts';
import { sha256Hex } from '../core/sha256.ts';
import { pythonSpelling } from '../core/plan-guard.ts';
import { suppressedRules } from '../core/suppress.ts';
import type { Finding, RuleHit } from '../core/types.ts';
import { RULES } from '../rules/index.ts';
import { contextFor, type FileContext } from '../rules/rule.ts';
import { configuredSeverity, type Settings } from './settings.ts';

export function runRules(context: FileContext, settings: Settings, text: string): Finding[] {
  const suppressed = suppressedRules(text, formatOf(context.path));
  const out: Finding[] = [];
  for (const rule of RULES) {
    let hits: RuleHit[];
    try {
      hits = rule.check(contextFor(rule, context));
    } catch (err) {
      hits = [{ message: `rule crashed: ${err instanceof Error ? err.message : String(err)}`, data: {}, severity: 'error' }];
    }
    for (const hit of hits) {
      const severity = configuredSeverity(settings, rule, context.path) ?? hit.severity ?? rule.defaultSeverity;
      if (severity === 'off') continue;
      // A finding about a whole config of a registry points at the line that defines it.
      // In a README or a notebook, a finding about the whole launch (the file's origin) points at the launch too.
      const wholeLaunch = context.doc?.container !== undefined && hit.at?.pointer === '';
      const span = (wholeLaunch ? undefined : hit.at?.span) ?? (context.config !== undefined ? context.doc?.nodes.get('')?.keySpan : undefined) ?? { line: 1, column: 1, endLine: 1, endColumn: 1 };
      if (suppressed(rule, span.line)) continue;
      const key = hit.at?.key ?? '';
      // In a file of several configs, each finding names its config (in the message, in data, in the fingerprint).
      const { config } = context;
      const finding: Finding = {
        ruleId: rule.id,
        rule: rule.name,
        severity,
        path: context.path,
        line: span.line,
        column: span.column,
        endLine: span.endLine,
        endColumn: span.endColumn,
        message: pythonSpelling(config === undefined ? hit.message : `config \`${config}\`: ${hit.message}`),
        data: finiteData(config === undefined ? hit.data : { ...hit.data, config }),
        fingerprint: fingerprint(rule.id, context.path, config === undefined ? key : `${config}::${key}`, hit.message, rule.id === 'TL001' || rule.id === 'TL003'),
        key,
      };
      // A fix is an edit to a number a person can write: one that would write nan or inf is no fix.
      if (hit.fix && !hit.fix.edits.some((e) => (typeof e.value === 'number' && !Number.isFinite(e.value)) || (typeof e.value === 'string' && /Infinity|\bNaN\b/.test(e.value)))) {
        finding.fix = {
          description: pythonSpelling(hit.fix.description),
          edits: hit.fix.edits.map((e) => ({ path: context.path, line: e.at.span.line, key: e.at.key.split('.').pop() ?? e.at.key, value: e.value })),
        };
      }
      out.push(finding);
    }
  }
  return out;
}

/** A finding's data is JSON: a non-finite number (which JSON would write as null) is given in Python's spelling. */
function finiteData(data: RuleHit['data']): RuleHit['data'] {
  if (!Object.values(data).some((v) => typeof v === 'number' && !Number.isFinite(v))) return data;
  const out: RuleHit['data'] = {};
  for (const [k, v] of Object.entries(data)) out[k] = typeof v === 'number' && !Number.isFinite(v) ? (Number.isNaN(v) ? 'nan' : v > 0 ? 'inf' : '-inf') : v;
  return out;
}

/** Stable across runs and line moves: rule, path and key path (plus the message for file-level findings). */
function fingerprint(ruleId: string, path: string, key: string, message: string, byMessage: boolean): string {
  return sha256Hex([ruleId, path, key, byMessage || key === '' ? message : ''].join('\u0000')).slice(0, 16);
}
