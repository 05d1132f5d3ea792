import type { DataSize, DataSizeInput } from './types.ts';

export function litgptDataSize(_input: DataSizeInput): DataSize {
  return { notes: [] };
}
