// Where a path written in a config lands in the repository. Frameworks open it relative to the working directory the
// run starts in, which the config does not say: the repository root is tried first (where READMEs launch from), then
// the config's own folder and the folders above it. The trace names the folder that was used.
import type { RepoView } from '../core/plan.ts';

export function dirnameOf(path: string): string {
  const i = path.lastIndexOf('/');
  return i < 0 ? '' : path.slice(0, i);
}

/** `a/./b/../c` -> `a/c`; null when it climbs out of the repository or is absolute / home-relative / a URL. */
export function normalise(path: string): string | null {
  if (/^(?:\/|~|[a-z][a-z0-9+.-]*:\/\/|[A-Za-z]:[\\/])/i.test(path)) return null;
  const out: string[] = [];
  for (const part of path.replace(/\\/g, '/').split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') {
      if (out.length === 0) return null;
      out.pop();
    } else out.push(part);
  }
  return out.join('/');
}

export function joinPath(dir: string, name: string): string {
  return dir ? `${dir}/${name}` : name;
}

/** Folders a relative path is tried from: the repository root, then the config's folder and each folder above it. */
export function baseFolders(configPath: string): string[] {
  const bases = [''];
  for (let dir = dirnameOf(configPath); dir !== ''; dir = dirnameOf(dir)) bases.push(dir);
  return bases;
}

export type Located = { kind: 'file'; path: string } | { kind: 'folder'; path: string; entries: string[] };

function isFile(repo: RepoView, path: string): boolean {
  if (repo.size) return repo.size(path) !== null;
  return repo.read(path) !== null;
}

/** The first existing file or folder the relative `written` path names, from the folders above. */
export function locate(repo: RepoView, configPath: string, written: string): Located | null {
  for (const base of baseFolders(configPath)) {
    const path = normalise(joinPath(base, written));
    if (path === null || path === '') continue;
    if (isFile(repo, path)) return { kind: 'file', path };
    const entries = repo.list(path);
    if (entries) return { kind: 'folder', path, entries };
  }
  // A relative path that climbs out of the repository from its root: asked as written, the view refuses it and the
  // config says so (TL006) rather than the file just being missing.
  if (!/^(?:\/|~|[a-z][a-z0-9+.-]*:\/\/|[A-Za-z]:[\\/])/i.test(written) && normalise(written) === null) isFile(repo, written);
  return null;
}

/** Whether the written value reads as a local path rather than a Hub id (`org/name`). */
export function looksLocal(written: string): boolean {
  return /^\.{0,2}\//.test(written) || /\.(?:jsonl?|csv|parquet|txt|arrow)$/i.test(written);
}

/** How far a count of files may walk: a checked-in dataset is small; a tree past a bound is not counted. */
export interface WalkBounds {
  /** Folder listings at most. */
  maxFolders?: number;
  /** Entries (files and folders) looked at, at most. */
  maxEntries?: number;
  /** Folder levels below the root, at most. */
  maxDepth?: number;
}

/**
 * Files under `root` whose name `matches`, through the read-only view: below it too when `recursive` (default), names
 * `skip` rejects left out with what is below them. Null when the walk would pass one of its bounds (an unknown count,
 * never a partial one).
 */
export function countFiles(repo: RepoView, root: string, options: WalkBounds & { matches(name: string): boolean; skip?(name: string): boolean; recursive?: boolean }): number | null {
  const { maxFolders = Infinity, maxEntries = Infinity, maxDepth = Infinity, recursive = true } = options;
  let count = 0;
  let folders = 0;
  let entries = 0;
  const stack: Array<{ dir: string; depth: number }> = [{ dir: root, depth: 0 }];
  while (stack.length) {
    const { dir, depth } = stack.pop()!;
    if (++folders > maxFolders) return null;
    for (const name of repo.list(dir) ?? []) {
      if (++entries > maxEntries) return null;
      if (options.skip?.(name)) continue;
      if (name.endsWith('/')) {
        if (!recursive) continue;
        if (depth >= maxDepth) return null;
        stack.push({ dir: joinPath(dir, name.slice(0, -1)), depth: depth + 1 });
      } else if (options.matches(name)) count++;
    }
  }
  return count;
}
