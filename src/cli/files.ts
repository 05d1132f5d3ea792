// The CLI's file access: discovery under a directory (honouring .gitignore through git when available),
// reading with a size cap, and reading a file as it was at a git ref (`git show`, never a checkout).
import { closeSync, constants, readFileSync, fstatSync, lstatSync, openSync, readdirSync, readSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { ALWAYS_SKIPPED_FOLDERS, globToRegExp, inSkippedFolder, matchesAny } from '../core/glob.ts';
import { safeGitArgs, safeGitEnv } from '../core/git-safety.ts';
import { formatOf, LIMITS } from '../core/parse.ts';
import { childProcess } from './child-process.ts';


function toPosix(path: string): string {
  return path.split(sep).join('/');
}

/** Candidate config files under `dir` (relative to `cwd`), by extension; git's view of ignored files when it has one. */
export function discover(dir: string, cwd: string, ignore: readonly string[]): string[] {
  const root = resolve(cwd, dir);
  let files: string[] | null = null;
  try {
    const out = childProcess().execFileSync('git', safeGitArgs(['ls-files', '--cached', '--others', '--exclude-standard', '-z', '--', '.']), {
      cwd: root,
      env: safeGitEnv(),
      encoding: 'utf8',
      maxBuffer: 256 * 1024 * 1024,
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    files = out.split('\0').filter(Boolean).map((f) => join(root, f));
  } catch {
    files = null; // not a git work tree: walk the folder
  }
  const all = files ?? walk(root);
  return all
    .map((abs) => toPosix(relative(cwd, abs)))
    .filter((p) => formatOf(p) !== null)
    .filter((p) => !inSkippedFolder(p))
    .filter((p) => !matchesAny(p, ignore))
    .filter((p) => pathKind(resolve(cwd, p)) === 'file')
    .sort();
}

interface IgnoreRule {
  base: string;
  pattern: RegExp;
  dirOnly: boolean;
}

/** The patterns of one .gitignore (no negation support: a `!` line is ignored, so nothing extra is reviewed). */
function gitignoreRules(dir: string): IgnoreRule[] {
  let text: string;
  try {
    text = readFileSync(join(dir, '.gitignore'), 'utf8');
  } catch {
    return [];
  }
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith('#') && !line.startsWith('!'))
    .map((line) => {
      const dirOnly = line.endsWith('/');
      const body = line.replace(/\/$/, '');
      // A pattern with a slash (other than a trailing one) is anchored to its .gitignore's folder.
      const anchored = body.includes('/');
      return { base: dir, pattern: globToRegExp(body.replace(/^\//, ''), anchored), dirOnly };
    });
}

function ignoredBy(rules: readonly IgnoreRule[], abs: string, isDir: boolean): boolean {
  return rules.some((r) => (!r.dirOnly || isDir) && r.pattern.test(toPosix(relative(r.base, abs))));
}

/** Every file below `root` outside git: skips what .gitignore files (root and nested) exclude. */
function walk(root: string): string[] {
  const out: string[] = [];
  const stack: Array<{ dir: string; rules: IgnoreRule[] }> = [{ dir: root, rules: [] }];
  while (stack.length) {
    const { dir, rules: inherited } = stack.pop()!;
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      continue;
    }
    const rules = [...inherited, ...gitignoreRules(dir)];
    for (const e of entries) {
      const abs = join(dir, e.name);
      if (ignoredBy(rules, abs, e.isDirectory())) continue;
      if (e.isDirectory() && !ALWAYS_SKIPPED_FOLDERS.includes(`${e.name}/`)) stack.push({ dir: abs, rules });
      else if (e.isFile()) out.push(abs);
    }
  }
  return out;
}

/** What a path is, without following a link: discovery reads files only, and a named link or pipe is refused. */
export function pathKind(abs: string): 'file' | 'folder' | 'link' | 'special' | 'missing' {
  try {
    const st = lstatSync(abs);
    return st.isFile() ? 'file' : st.isDirectory() ? 'folder' : st.isSymbolicLink() ? 'link' : 'special';
  } catch {
    return 'missing';
  }
}

/** Reads at most one byte past the size limit, so a huge file costs nothing and still reports its size problem. */
export function readCapped(path: string): string {
  // Non-blocking open, then only a regular file is read: a named pipe would otherwise wait for a writer forever.
  const fd = openSync(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  try {
    if (!fstatSync(fd).isFile()) throw new Error('not a regular file (a pipe, socket or device)');
    const cap = LIMITS.maxBytes + 1;
    // Size the buffer from the file (configs are kilobytes), but never past the cap: the size may be
    // unknown (0 for some special files) or change while reading, so the loop, not fstat, decides.
    let buffer = Buffer.allocUnsafe(Math.min(cap, Math.max(fstatSync(fd).size + 1, 64 * 1024)));
    let length = 0;
    while (length < cap) {
      if (length === buffer.length) {
        const bigger = Buffer.allocUnsafe(Math.min(cap, buffer.length * 2));
        buffer.copy(bigger, 0, 0, length);
        buffer = bigger;
      }
      const n = readSync(fd, buffer, length, buffer.length - length, null);
      if (n === 0) break;
      length += n;
    }
    return buffer.subarray(0, length).toString('utf8');
  } finally {
    closeSync(fd);
  }
}

/** The file at `ref`, or null when it did not exist there. Throws when `ref` itself is unknown. */
export function readAtRef(ref: string, path: string, cwd: string): string | null {
  try {
    childProcess().execFileSync('git', safeGitArgs(['rev-parse', '--verify', '--quiet', `${ref}^{commit}`]), { cwd, env: safeGitEnv(), stdio: 'ignore' });
  } catch {
    throw new Error(`--base ${ref}: not a commit in this repository`);
  }
  try {
    return childProcess().execFileSync('git', safeGitArgs(['show', '--no-ext-diff', '--no-textconv', `${ref}:./${path}`]), { cwd, env: safeGitEnv(), encoding: 'utf8', maxBuffer: LIMITS.maxBytes + 1, stdio: ['ignore', 'pipe', 'ignore'] });
  } catch (err) {
    // Over the size cap the file did exist at the ref: hand on what was read (reported as too large),
    // rather than calling it absent (which would make the comparison say "added").
    const partial = (err as { code?: string; stdout?: unknown }).stdout;
    if ((err as { code?: string }).code === 'ENOBUFS' && typeof partial === 'string' && partial.length > 0) return partial;
    return null;
  }
}
