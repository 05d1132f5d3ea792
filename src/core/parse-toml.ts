// TOML -> ParsedDoc (positions for every key). Not supported yet: the torchtitan dialect brings it.
import type { ParseResult } from './parse.ts';

export function parseToml(_text: string): ParseResult {
  return { ok: false, problem: { kind: 'syntax', message: 'TOML is not supported yet', line: 1, column: 1 } };
}
