import type { DataSize, DataSizeInput } from './types.ts';

export function axolotlDataSize(_input: DataSizeInput): DataSize {
  return { notes: [] };
}
