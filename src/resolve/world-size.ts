import type { RepoView } from '../core/plan.ts';
import type { Resolved } from '../core/types.ts';

export function launchWorldSize(_repo: RepoView, _path: string): { size?: Resolved; notes: string[] } {
  return { notes: [] };
}
