// Bundles src/index.ts with ncc into OUT_DIR (default dist/) and makes index.js the `trainlint` bin.
// The dist check test builds into a temporary folder with this same script and compares.
import { execFileSync } from 'node:child_process';
import { chmodSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { transformSync } from 'esbuild';

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
const index = join(out, 'index.js');
const code = readFileSync(index, 'utf8');
// ncc keeps no shebang for ESM input; the bin needs one.
if (!code.startsWith('#!')) writeFileSync(index, `#!/usr/bin/env node\n${code}`);
chmodSync(index, 0o755);
