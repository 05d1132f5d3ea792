import type { DataSize, DataSizeInput } from './types.ts';

export function hfTrainerDataSize(_input: DataSizeInput): DataSize {
  return { notes: [] };
}
