import { pointerToKey } from '../core/parse.ts';
import type { Origin, RuleHit } from '../core/types.ts';
import { fileOrigin } from './origin.ts';
import type { FileContext, Rule } from './rule.ts';

function originOf(context: FileContext, pointer: string): Origin {
  const info = context.doc?.nodes.get(pointer);
  const span = info?.keySpan ?? info?.valueSpan;
  return span ? { key: pointerToKey(pointer), pointer, span } : fileOrigin();
}

export const schemaViolation: Rule = {
  id: 'TL002',
  name: 'schema-violation',
  defaultSeverity: 'error',
  summary: "The config breaks its dialect's JSON Schema: wrong type, unknown key, value out of the allowed set, or a key the framework requires.",
  check(context) {
    const hits: RuleHit[] = [];
    const dialect = context.dialectId ?? 'this framework';
    for (const problem of context.schemaProblems) {
      const at = originOf(context, problem.pointer);
      const hit: RuleHit = {
        at,
        message: `${problem.message} (${dialect} schema).`,
        data: { key: at.key, unknownKey: problem.unknownKey },
      };
      if (problem.suggestion) {
        hit.fix = {
          description: problem.unknownKey ? `Rename the key to \`${problem.suggestion}\`.` : `Use ${JSON.stringify(problem.suggestion)}.`,
          edits: problem.unknownKey ? [] : [{ at, value: problem.suggestion }],
        };
      }
      hits.push(hit);
    }
    for (const pointer of context.doc?.duplicateKeys ?? []) {
      const at = originOf(context, pointer);
      hits.push({ at, message: `\`${at.key}\` is written twice in the same mapping; the loader keeps only this later value.`, data: { key: at.key }, severity: 'warning' });
    }
    const problem = context.planProblem;
    if (problem && problem.kind === 'invalid' && !problem.reportedBy) {
      hits.push({ at: problem.at ?? fileOrigin(), message: `${problem.message}; the schedule cannot be reviewed.`, data: {} });
    }
    return hits;
  },
};
