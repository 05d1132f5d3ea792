// Every dialect trainlint knows. Adding a framework: one file here, its schema, its examples.
import type { Dialect } from '../core/plan.ts';
import { nanotron } from './nanotron.ts';
import { olmo } from './olmo.ts';

export const DIALECTS: readonly Dialect[] = [nanotron, olmo];

export function findDialect(id: string): Dialect | undefined {
  return DIALECTS.find((d) => d.id === id);
}
