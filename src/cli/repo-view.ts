// The work tree as a read-only RepoView for dialects that look beside a config (dataset folders,
// launch scripts). Nothing outside `root` is reachable and links are not followed; what was refused is
// kept (refused()) so the config that asked can say so.
import { closeSync, lstatSync, openSync, readdirSync, readSync, realpathSync } from 'node:fs';
import { isAbsolute, resolve, sep } from 'node:path';
import { MAX_REFUSALS, type RefusedPath, type RepoView } from '../core/plan.ts';
import { readCapped } from './files.ts';

/** Characters of the work tree (texts, and about 16 per listed name) kept for later asks in a run, in all. */
const CACHE_CHARACTERS = 16 * 1024 * 1024;

export function workTreeView(root: string): RepoView {
  let realRoot = resolve(root);
  try {
    realRoot = realpathSync(root);
  } catch {
    // a root that does not exist has nothing to read
  }
  const within = (abs: string, base: string) => abs === base || abs.startsWith(base + sep);
  const refusals: RefusedPath[] = [];
  const refuse = (path: string, reason: string): null => {
    if (refusals.length < MAX_REFUSALS) refusals.push({ path, reason });
    return null;
  };
  // `..` is resolved by path, and a committed symlink anywhere on the way (a `data -> /etc` folder link, not only the
  // last name) by the file system: the real path must still lie inside the checkout, or the file is not reached.
  const inside = (path: string): string | null => {
    const abs = resolve(root, path);
    if (!within(abs, resolve(root))) return refuse(path, isAbsolute(path) ? 'it is an absolute path outside the repository' : 'its `..` climbs out of the repository');
    let real: string;
    try {
      real = realpathSync(abs);
    } catch {
      return null; // missing (or a dangling link): nothing to read, nothing refused
    }
    return within(real, realRoot) ? abs : refuse(path, 'a symbolic link on the way leads outside the repository');
  };
  /** A link met in a listing is left out; one that leads outside the repository is also reported. */
  const noteLinks = (dir: string, abs: string, names: string[]): void => {
    for (const name of names) {
      try {
        if (!within(realpathSync(resolve(abs, name)), realRoot)) refuse(dir === '' || dir === '.' ? name : `${dir.replace(/\/$/, '')}/${name}`, 'it is a symbolic link that leads outside the repository');
      } catch {
        // dangling: nothing behind it
      }
    }
  };
  const file = (path: string): string | null => {
    const abs = inside(path);
    if (!abs) return null;
    try {
      return lstatSync(abs).isFile() ? abs : null;
    } catch {
      return null;
    }
  };
  // The work tree does not change during a run, and the configs of a repository ask for the same folders and files
  // (each config's folder and those above it, their launch scripts and READMEs): each is listed or read once. What an
  // ask refused is refused again on every later ask, so each config that asks still reports it. Texts are kept up to
  // CACHE_CHARACTERS in all (larger data files are read again).
  let cachedCharacters = 0;
  const remember = <T>(cache: Map<string, { value: T; refused: RefusedPath[] }>, key: string, compute: () => T, size: (value: T) => number): T => {
    const known = cache.get(key);
    if (known) {
      for (const r of known.refused) refuse(r.path, r.reason);
      return known.value;
    }
    const before = refusals.length;
    const value = compute();
    const characters = size(value);
    if (cachedCharacters + characters <= CACHE_CHARACTERS) {
      cachedCharacters += characters;
      cache.set(key, { value, refused: refusals.slice(before) });
    }
    return value;
  };
  const listings = new Map<string, { value: readonly string[] | null; refused: RefusedPath[] }>();
  const texts = new Map<string, { value: string | null; refused: RefusedPath[] }>();
  const listFolder = (dir: string): readonly string[] | null => {
    const abs = inside(dir);
    if (!abs) return null;
    try {
      if (!lstatSync(abs).isDirectory()) return null;
      const entries = readdirSync(abs, { withFileTypes: true });
      noteLinks(dir, abs, entries.filter((e) => e.isSymbolicLink()).map((e) => e.name));
      return entries
        .filter((e) => e.isFile() || e.isDirectory())
        .map((e) => (e.isDirectory() ? `${e.name}/` : e.name))
        .sort();
    } catch {
      return null;
    }
  };
  const readFile = (path: string): string | null => {
    const abs = file(path);
    if (!abs) return null;
    try {
      return readCapped(abs);
    } catch {
      return null;
    }
  };
  return {
    refused: () => refusals,
    list(dir) {
      const names = remember(listings, dir, () => listFolder(dir), (v) => (v ? v.length * 16 : 0));
      return names && [...names]; // a caller may sort or extend its copy
    },
    read(path) {
      return remember(texts, path, () => readFile(path), (v) => (v ? v.length : 0));
    },
    size(path) {
      const abs = file(path);
      if (!abs) return null;
      try {
        return lstatSync(abs).size;
      } catch {
        return null;
      }
    },
    readBytes(path, start, length) {
      const abs = file(path);
      if (!abs || start < 0 || length < 0) return null;
      let fd: number | undefined;
      try {
        fd = openSync(abs, 'r');
        const buffer = Buffer.allocUnsafe(length);
        let got = 0;
        while (got < length) {
          const n = readSync(fd, buffer, got, length - got, start + got);
          if (n === 0) break;
          got += n;
        }
        return new Uint8Array(buffer.buffer, buffer.byteOffset, got);
      } catch {
        return null;
      } finally {
        if (fd !== undefined) closeSync(fd);
      }
    },
  };
}
