// Bundles src/index.ts with ncc into OUT_DIR (default dist/) and makes index.js the `trainlint` bin; bundles the CLI
// (src/cli/bin.ts) with esbuild into OUT_DIR/cli.cjs, which index.js loads for a command line.
// The dist check test builds into a temporary folder with this same script and compares.
import { execFileSync } from 'node:child_process';
import { chmodSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildSync, transformSync } from 'esbuild';
import { createHash } from 'node:crypto';

const root = fileURLToPath(new URL('..', import.meta.url));
const out = resolve(root, process.argv[2] ?? 'dist');
rmSync(out, { recursive: true, force: true });
const ncc = join(root, 'node_modules', '@vercel', 'ncc', 'dist', 'ncc', 'cli.js');
execFileSync(process.execPath, [ncc, 'build', 'src/index.ts', '-o', out, '--minify', '--license', 'licenses.txt', '--quiet'], { cwd: root, stdio: 'inherit' });
// ncc minifies only index.js; the chunks it splits off (the CLI and the action, each loaded by a dynamic import) are
// minified here, since a cold start parses every character of them (about 17 ms of the CLI's start on Node 20).
for (const name of readdirSync(out).filter((f) => /^\d+\.index\.js$/.test(f))) {
  const path = join(out, name);
  writeFileSync(path, transformSync(readFileSync(path, 'utf8'), { minify: true, format: 'esm', target: 'node20', legalComments: 'none' }).code);
}
// The CLI as one CommonJS file, built by esbuild rather than ncc: esbuild hoists every module into one scope (ncc wraps
// each in a function that V8 compiles again when it runs: about 25 ms more of a start on Node 20), and CommonJS can be
// compiled through node:vm with a V8 code cache (src/cli/code-cache.ts); ESM chunks cannot. The dependencies it holds
// are the ones ncc bundles for the action, whose notices are in licenses.txt.
const cli = buildSync({
  entryPoints: [join(root, 'src', 'cli', 'bin.ts')],
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  minify: true,
  legalComments: 'none',
  charset: 'ascii',
  define: { 'import.meta.url': '__trainlintBundleUrl' },
  write: false,
  logLevel: 'error',
}).outputFiles[0].text;
if (/\bimport\(/.test(cli)) throw new Error('the CLI bundle kept an import(): node:vm runs it without a module loader');
// The code cache is keyed by this id (src/cli/code-cache.ts BUILD_ID_LINE): a rebuilt bundle never reads an old cache.
const buildId = createHash('sha256').update(cli).digest('hex').slice(0, 16);
writeFileSync(join(out, 'cli.cjs'), `// trainlint-cli build ${buildId}\n${cli}`);

const index = join(out, 'index.js');
const code = readFileSync(index, 'utf8');
// ncc keeps no shebang for ESM input; the bin needs one.
if (!code.startsWith('#!')) writeFileSync(index, `#!/usr/bin/env node\n${code}`);
chmodSync(index, 0o755);
