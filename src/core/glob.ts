// Minimal glob matching for settings and discovery: `**` (any depth), `*` (within a segment), `?`.
const cache = new Map<string, RegExp>();

/** `anchored`: match from the start of the path even without a slash (a .gitignore `/name`). */
export function globToRegExp(glob: string, anchored = glob.includes('/')): RegExp {
  const cacheKey = `${anchored ? 'a' : 'n'}${glob}`;
  let re = cache.get(cacheKey);
  if (re) return re;
  let out = '';
  for (let i = 0; i < glob.length; i++) {
    const ch = glob[i]!;
    if (ch === '*') {
      if (glob[i + 1] === '*') {
        const slash = glob[i + 2] === '/';
        out += slash ? '(?:.*/)?' : '.*';
        i += slash ? 2 : 1;
      } else out += '[^/]*';
    } else if (ch === '?') out += '[^/]';
    else out += ch.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  // A pattern without a slash matches at any depth, as in .gitignore.
  re = new RegExp(anchored ? `^${out.replace(/^\//, '')}$` : `^(?:.*/)?${out}$`);
  cache.set(cacheKey, re);
  return re;
}

export function matchesAny(path: string, globs: readonly string[]): boolean {
  return globs.some((g) => globToRegExp(g).test(path) || globToRegExp(g.replace(/\/$/, '') + '/**').test(path));
}

/** Folders discovery never looks into: dependencies, virtual environments, VCS data, build output. */
export const ALWAYS_SKIPPED_FOLDERS: readonly string[] = ['node_modules/', '.git/', '.venv/', 'venv/', '__pycache__/', '.tox/', 'dist/'];

export function inSkippedFolder(path: string): boolean {
  return ALWAYS_SKIPPED_FOLDERS.some((folder) => `/${path}`.includes(`/${folder}`));
}
