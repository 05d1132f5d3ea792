// dist/ is the bundle the action (and `npx trainlint`) runs: it must be exactly what src/ builds to.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

test('dist/ is up to date with src/ (run `npm run build` and commit dist/)', () => {
  const out = mkdtempSync(join(tmpdir(), 'trainlint-dist-'));
  try {
    execFileSync(process.execPath, [join(root, 'scripts', 'build.mjs'), out], { cwd: root, stdio: 'pipe' });
    const built = readdirSync(out).sort();
    const committed = readdirSync(join(root, 'dist')).sort();
    assert.deepEqual(committed, built, 'dist/ has different files than a fresh build');
    for (const name of built) {
      const same = readFileSync(join(out, name)).equals(readFileSync(join(root, 'dist', name)));
      assert.ok(same, `dist/${name} differs from a fresh build of src/: run \`npm run build\` and commit dist/`);
    }
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
});
