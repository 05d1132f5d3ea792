// A RepoView over files held in memory, for tests of what trainlint reads beside a config.
import type { RepoView } from '../../src/core/plan.ts';

export function memoryRepo(files: Record<string, string | Uint8Array>): RepoView {
  const bytes = (path: string): Uint8Array | null => {
    const v = files[path];
    if (v === undefined) return null;
    return typeof v === 'string' ? new TextEncoder().encode(v) : v;
  };
  return {
    list(dir) {
      const prefix = dir ? `${dir}/` : '';
      const names = new Set<string>();
      for (const p of Object.keys(files)) {
        if (!p.startsWith(prefix)) continue;
        const rest = p.slice(prefix.length);
        const slash = rest.indexOf('/');
        names.add(slash < 0 ? rest : `${rest.slice(0, slash)}/`);
      }
      return names.size ? [...names].sort() : null;
    },
    read(path) {
      const b = bytes(path);
      return b === null ? null : new TextDecoder().decode(b);
    },
    size(path) {
      return bytes(path)?.length ?? null;
    },
    readBytes(path, start, length) {
      return bytes(path)?.slice(start, start + length) ?? null;
    },
  };
}
