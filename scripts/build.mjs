// Bundles src/index.ts with ncc into OUT_DIR (default dist/) and makes index.js the `trainlint` bin.
// The dist check test builds into a temporary folder with this same script and compares.
import { execFileSync } from 'node:child_process';
import { chmodSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const out = resolve(root, process.argv[2] ?? 'dist');
rmSync(out, { recursive: true, force: true });
const ncc = join(root, 'node_modules', '@vercel', 'ncc', 'dist', 'ncc', 'cli.js');
execFileSync(process.execPath, [ncc, 'build', 'src/index.ts', '-o', out, '--minify', '--license', 'licenses.txt', '--quiet'], { cwd: root, stdio: 'inherit' });
const index = join(out, 'index.js');
const code = readFileSync(index, 'utf8');
// ncc keeps no shebang for ESM input; the bin needs one.
if (!code.startsWith('#!')) writeFileSync(index, `#!/usr/bin/env node\n${code}`);
chmodSync(index, 0o755);
