// The CLI bundle's V8 code cache (src/cli/code-cache.ts), as a user meets it: a second run reads what the first wrote
// and prints the same; a damaged cache is compiled over, never trusted; a cache folder that is not the user's alone,
// or Node's NODE_DISABLE_COMPILE_CACHE=1, means no cache at all. Each case runs the built bundle with its own TMPDIR.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { after, test } from 'node:test';
import { REPO_ROOT } from './support/shared-data.ts';

const BUNDLE = process.env.TRAINLINT_DIST ? resolve(process.env.TRAINLINT_DIST) : join(REPO_ROOT, 'dist', 'index.js');
const EXAMPLE = join(REPO_ROOT, 'examples', 'nanotron', 'pretrain-135m-good.yaml');
const work = mkdtempSync(join(tmpdir(), 'trainlint-code-cache-test-'));
after(() => rmSync(work, { recursive: true, force: true }));

let cases = 0;
function freshTmp(): string {
  const dir = join(work, `tmp${cases++}`);
  mkdirSync(dir);
  return dir;
}

function run(tmp: string, env: Record<string, string> = {}): string {
  const r = spawnSync(process.execPath, [BUNDLE, 'check', EXAMPLE, '--format', 'json'], {
    cwd: REPO_ROOT,
    encoding: 'utf8',
    env: { ...process.env, TMPDIR: tmp, NO_COLOR: '1', GITHUB_ACTIONS: '', TRAINLINT_MODE: 'cli', NODE_DISABLE_COMPILE_CACHE: '', ...env },
  });
  assert.equal(r.status, 0, r.stderr);
  return r.stdout;
}

const cacheFolder = (tmp: string) => join(tmp, `trainlint-code-cache-${process.getuid?.() ?? 'user'}`);
const cacheFiles = (tmp: string) => (existsSync(cacheFolder(tmp)) ? readdirSync(cacheFolder(tmp)).filter((f) => f.endsWith('.bin')) : []);
const hasBundle = existsSync(join(dirname(BUNDLE), 'cli.cjs'));

test('a second run reads the cache the first one wrote, and reports exactly the same', { skip: !hasBundle && 'no dist/cli.cjs beside the bundle under test' }, () => {
  const tmp = freshTmp();
  const first = run(tmp);
  const files = cacheFiles(tmp);
  assert.equal(files.length, 1, 'one cache for this build and Node version');
  assert.match(files[0]!, new RegExp(`^[0-9a-f]{16}-${process.version}-${process.arch}\\.bin$`));
  if (process.getuid) assert.equal(statSync(cacheFolder(tmp)).mode & 0o777, 0o700, 'the folder is private');
  const written = statSync(join(cacheFolder(tmp), files[0]!)).mtimeMs;
  assert.equal(run(tmp), first);
  assert.equal(statSync(join(cacheFolder(tmp), files[0]!)).mtimeMs, written, 'an accepted cache is not rewritten');
});

test('a run that reviews nothing (--version, help) writes no cache; the first review writes it', { skip: !hasBundle && 'no dist/cli.cjs beside the bundle under test' }, () => {
  const tmp = freshTmp();
  for (const args of [['--version'], ['help']]) {
    const r = spawnSync(process.execPath, [BUNDLE, ...args], { cwd: REPO_ROOT, encoding: 'utf8', env: { ...process.env, TMPDIR: tmp, TRAINLINT_MODE: 'cli', GITHUB_ACTIONS: '', NODE_DISABLE_COMPILE_CACHE: '' } });
    assert.equal(r.status, 0, r.stderr);
  }
  // Written then, the cache would hold none of a review's functions, and every later review would compile them again.
  assert.deepEqual(cacheFiles(tmp), []);
  run(tmp);
  assert.equal(cacheFiles(tmp).length, 1);
});

test('a damaged cache is refused by V8, compiled over and replaced; the report is unchanged', { skip: !hasBundle && 'no dist/cli.cjs beside the bundle under test' }, () => {
  const tmp = freshTmp();
  const expected = run(tmp);
  const file = join(cacheFolder(tmp), cacheFiles(tmp)[0]!);
  const damaged = Buffer.from('not bytecode at all, just text '.repeat(100));
  writeFileSync(file, damaged);
  assert.equal(run(tmp), expected);
  assert.notDeepEqual(readFileSync(file), damaged, 'the damaged cache was replaced');
  const replaced = statSync(file).mtimeMs;
  assert.equal(run(tmp), expected);
  assert.equal(statSync(file).mtimeMs, replaced, 'the replacement is accepted by the next run');
});

test('a cache folder others can write to, or a symbolic link, is not used', { skip: (!hasBundle && 'no dist/cli.cjs beside the bundle under test') || (!process.getuid && 'POSIX permissions only') }, () => {
  const open = freshTmp();
  mkdirSync(cacheFolder(open));
  chmodSync(cacheFolder(open), 0o777);
  const expected = run(open);
  assert.deepEqual(cacheFiles(open), [], 'nothing written into a world-writable folder');

  const linked = freshTmp();
  const elsewhere = join(work, 'elsewhere');
  mkdirSync(elsewhere, { mode: 0o700 });
  symlinkSync(elsewhere, cacheFolder(linked));
  assert.equal(run(linked), expected);
  assert.deepEqual(readdirSync(elsewhere), [], 'nothing written through the link');
});

test('NODE_DISABLE_COMPILE_CACHE=1 turns the cache off', { skip: !hasBundle && 'no dist/cli.cjs beside the bundle under test' }, () => {
  const tmp = freshTmp();
  run(tmp, { NODE_DISABLE_COMPILE_CACHE: '1' });
  assert.equal(existsSync(cacheFolder(tmp)), false);
});
