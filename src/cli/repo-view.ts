// The work tree as a read-only RepoView for dialects that look beside a config (dataset folders,
// launch scripts). Nothing outside `root` is reachable and links are not followed.
import { lstatSync, readdirSync } from 'node:fs';
import { resolve, sep } from 'node:path';
import type { RepoView } from '../core/plan.ts';
import { readCapped } from './files.ts';

export function workTreeView(root: string): RepoView {
  const inside = (path: string): string | null => {
    const abs = resolve(root, path);
    return abs === root || abs.startsWith(root + sep) ? abs : null;
  };
  return {
    list(dir) {
      const abs = inside(dir);
      if (!abs) return null;
      try {
        if (!lstatSync(abs).isDirectory()) return null;
        return readdirSync(abs, { withFileTypes: true })
          .filter((e) => e.isFile() || e.isDirectory())
          .map((e) => (e.isDirectory() ? `${e.name}/` : e.name))
          .sort();
      } catch {
        return null;
      }
    },
    read(path) {
      const abs = inside(path);
      if (!abs) return null;
      try {
        return lstatSync(abs).isFile() ? readCapped(abs) : null;
      } catch {
        return null;
      }
    },
  };
}
