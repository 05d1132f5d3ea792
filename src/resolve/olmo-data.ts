import type { DataSize, DataSizeInput } from './types.ts';

export function olmoDataSize(_input: DataSizeInput): DataSize {
  return { notes: [] };
}
