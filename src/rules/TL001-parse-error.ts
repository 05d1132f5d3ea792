import { fileOrigin } from './origin.ts';
import type { Rule } from './rule.ts';

export const parseError: Rule = {
  id: 'TL001',
  name: 'parse-error',
  defaultSeverity: 'error',
  summary: 'The file is not valid YAML / JSON / TOML.',
  check({ parseProblem }) {
    if (!parseProblem || parseProblem.kind !== 'syntax') return [];
    return [
      {
        at: fileOrigin(parseProblem.line, parseProblem.column),
        message: `cannot be parsed: ${parseProblem.message} (line ${parseProblem.line}, column ${parseProblem.column}); nothing else in this file was reviewed.`,
        data: { line: parseProblem.line, column: parseProblem.column, reason: parseProblem.message },
      },
    ];
  },
};
