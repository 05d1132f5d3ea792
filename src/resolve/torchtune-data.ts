import type { DataSize, DataSizeInput } from './types.ts';

export function torchtuneDataSize(_input: DataSizeInput): DataSize {
  return { notes: [] };
}
