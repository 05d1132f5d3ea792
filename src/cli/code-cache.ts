// Loads a CommonJS bundle through node:vm with a V8 code cache: the bytecode V8 compiled for the bundle in an earlier
// run, read back so that this run neither parses nor compiles what it had compiled then. The cache is written after
// the run (saveCache), so it holds the functions a review compiled lazily, not only the bundle's top level.
//
// Where: <os temp>/trainlint-code-cache-<uid>/<build id>-<node version>-<arch>.bin. The build id is a hash of the
// bundle written into its first line by scripts/build.mjs; V8 itself rejects a cache made by another V8 or with other
// flags (then it is compiled as usual and the cache rewritten). A folder that is not ours alone (another owner, a
// symbolic link, writable by others) is not used: cached bytecode is code. NODE_DISABLE_COMPILE_CACHE=1, Node's own
// switch for its compile cache, turns this one off too.
import { lstatSync, mkdirSync, readdirSync, readFileSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import nodeModule from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import vm from 'node:vm';

/** The first line scripts/build.mjs gives the CLI bundle: `// trainlint-cli build <16 hex digits>`. */
export const BUILD_ID_LINE = /^\/\/ trainlint-cli build ([0-9a-f]{16})\n/;
/** Caches of other builds or Node versions are removed once they are this old (they are rewritten when used). */
const STALE_MS = 14 * 24 * 3600 * 1000;

export interface LoadedBundle {
  exports: unknown;
  /** Writes the code cache when there was none (or V8 refused it); call once the bundle's work is done. */
  saveCache(): void;
}

/** The cache folder, created if needed, or null when it cannot be ours alone. */
function cacheFolder(): string | null {
  const uid = process.getuid?.();
  const dir = join(tmpdir(), `trainlint-code-cache-${uid ?? 'user'}`);
  try {
    mkdirSync(dir, { mode: 0o700 });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') return null;
  }
  try {
    const st = lstatSync(dir);
    if (!st.isDirectory()) return null;
    if (uid !== undefined && (st.uid !== uid || (st.mode & 0o022) !== 0)) return null;
    return dir;
  } catch {
    return null;
  }
}

function removeStale(dir: string, keep: string): void {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (path === keep || !name.endsWith('.bin')) continue;
    try {
      if (Date.now() - statSync(path).mtimeMs > STALE_MS) unlinkSync(path);
    } catch {
      // another process removed or replaced it
    }
  }
}

/** Runs the bundle at `file` (CommonJS) and returns its exports. */
export function loadBundle(file: string, env: Record<string, string | undefined>): LoadedBundle {
  // ASCII by construction (scripts/build.mjs checks): latin1 reads it without decoding.
  const source = readFileSync(file, 'latin1');
  const buildId = BUILD_ID_LINE.exec(source)?.[1];
  const dir = buildId && env.NODE_DISABLE_COMPILE_CACHE !== '1' ? cacheFolder() : null;
  const cachePath = dir ? join(dir, `${buildId}-${process.version}-${process.arch}.bin`) : null;
  let cachedData: Buffer | undefined;
  if (cachePath) {
    try {
      cachedData = readFileSync(cachePath);
    } catch {
      cachedData = undefined; // first run of this build on this Node
    }
  }
  // The file is one function expression taking the parameters of Node's CommonJS wrapper and the bundle's URL, for the
  // code that reads files beside itself (scripts/build.mjs defines import.meta.url as __trainlintBundleUrl).
  const script = new vm.Script(source, { filename: file, ...(cachedData ? { cachedData } : {}) });
  const module = { exports: {} as unknown };
  const run = script.runInThisContext() as (...args: unknown[]) => void;
  run(module.exports, nodeModule.createRequire(file), module, file, dirname(file), pathToFileURL(file).href);
  const fresh = !cachedData || script.cachedDataRejected === true;
  return {
    exports: module.exports,
    saveCache() {
      if (!cachePath || !dir || !fresh) return;
      try {
        const temporary = `${cachePath}.${process.pid}.tmp`;
        writeFileSync(temporary, script.createCachedData(), { mode: 0o600 });
        renameSync(temporary, cachePath);
        removeStale(dir, cachePath);
      } catch {
        // a full or read-only temp folder: the next run compiles again
      }
    },
  };
}
