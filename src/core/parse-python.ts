// Python source -> ParsedDoc of the literal assignments it makes, without executing anything.
// Not supported yet: the Python dialects bring it.
import type { ParseResult } from './parse.ts';

export function parsePython(_text: string): ParseResult {
  return { ok: false, problem: { kind: 'syntax', message: 'Python is not supported yet', line: 1, column: 1 } };
}
