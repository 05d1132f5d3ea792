// The work tree as a read-only RepoView for dialects that look beside a config (dataset folders,
// launch scripts). Nothing outside `root` is reachable and links are not followed.
import { closeSync, lstatSync, openSync, readdirSync, readSync, realpathSync } from 'node:fs';
import { resolve, sep } from 'node:path';
import type { RepoView } from '../core/plan.ts';
import { readCapped } from './files.ts';

export function workTreeView(root: string): RepoView {
  let realRoot = resolve(root);
  try {
    realRoot = realpathSync(root);
  } catch {
    // a root that does not exist has nothing to read
  }
  const within = (abs: string, base: string) => abs === base || abs.startsWith(base + sep);
  // `..` is resolved by path, and a committed symlink anywhere on the way (a `data -> /etc` folder link, not only the
  // last name) by the file system: the real path must still lie inside the checkout, or the file is not reached.
  const inside = (path: string): string | null => {
    const abs = resolve(root, path);
    if (!within(abs, resolve(root))) return null;
    try {
      return within(realpathSync(abs), realRoot) ? abs : null;
    } catch {
      return null;
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
      const abs = file(path);
      if (!abs) return null;
      try {
        return readCapped(abs);
      } catch {
        return null;
      }
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
