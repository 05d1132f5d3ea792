import { fileOrigin } from './origin.ts';
import type { Rule } from './rule.ts';

export const unsafeInput: Rule = {
  id: 'TL003',
  name: 'unsafe-input',
  defaultSeverity: 'error',
  summary: 'The file is too large, too deeply nested, or expands too many aliases to review safely.',
  check({ parseProblem }) {
    if (!parseProblem || parseProblem.kind !== 'unsafe') return [];
    return [
      {
        at: fileOrigin(parseProblem.line, parseProblem.column),
        message: `not reviewed: ${parseProblem.message}. A training config is a few kilobytes of plain keys; this file looks generated or hostile.`,
        data: { reason: parseProblem.message },
      },
    ];
  },
};
