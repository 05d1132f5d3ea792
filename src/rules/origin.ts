// Locations for findings that are about a whole file or a position rather than a key.
import type { Origin } from '../core/types.ts';

export function fileOrigin(line = 1, column = 1): Origin {
  return { key: '', pointer: '', span: { line, column, endLine: line, endColumn: column } };
}
