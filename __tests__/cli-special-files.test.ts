// Paths named on the command line that are not regular files (issue 17: nothing blocks the run, every skip says why):
// a symbolic link is not followed and a named pipe, socket or device is not read; each is exit 2 with the reason,
// rather than "0 reviewed" that reads as a clean run. A named pipe is the one input that could block a read forever,
// so these run the built command in a child process with a timeout.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { REPO_ROOT } from './support/shared-data.ts';

const BIN = join(REPO_ROOT, 'dist', 'trainlint.cjs');
const GOOD = join(REPO_ROOT, 'examples', 'nanotron', 'pretrain-135m-good.yaml');
const HAS_MKFIFO = process.platform !== 'win32' && spawnSync('mkfifo', ['--help']).error === undefined;

const dir = mkdtempSync(join(tmpdir(), 'trainlint-special-'));
after(() => rmSync(dir, { recursive: true, force: true }));
mkdirSync(join(dir, 'configs'));
copyFileSync(GOOD, join(dir, 'configs', 'good.yaml'));

function cli(args: string[]) {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1', NODE_DISABLE_COMPILE_CACHE: '1' };
  delete env.GITHUB_ACTIONS;
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: dir, env, encoding: 'utf8', timeout: 30_000 });
  assert.equal(r.error, undefined, `the run ended by itself (${String(r.error)})`);
  return r;
}

test('a named symbolic link is exit 2 saying links are not followed, whether it points inside the folder or out of it', () => {
  symlinkSync('good.yaml', join(dir, 'configs', 'inside.yaml'));
  symlinkSync('/dev/zero', join(dir, 'configs', 'zero.yaml'));
  for (const name of ['configs/inside.yaml', 'configs/zero.yaml']) {
    const r = cli(['check', name]);
    assert.equal(r.status, 2, r.stdout + r.stderr);
    assert.equal(r.stderr, `trainlint: ${name}: a symbolic link; trainlint does not follow links (name the file or folder it points to)\n`);
  }
  // Discovery passes over links silently and reviews the file itself.
  const all = cli(['check', 'configs', '--format', 'json']);
  assert.deepEqual((JSON.parse(all.stdout) as { files: Array<{ path: string }> }).files.map((f) => f.path), ['configs/good.yaml']);
});

test('a named pipe is never opened for a blocking read: check, plot and --config say it is not a regular file', { skip: HAS_MKFIFO ? false : 'no mkfifo' }, () => {
  assert.equal(spawnSync('mkfifo', [join(dir, 'configs', 'pipe.yaml')]).status, 0);
  const check = cli(['check', 'configs/pipe.yaml']);
  assert.equal(check.status, 2);
  assert.match(check.stderr, /^trainlint: configs\/pipe\.yaml: not a regular file or folder \(a pipe, socket or device\), so it is not read\n$/);
  const plot = cli(['plot', 'configs/pipe.yaml']);
  assert.equal(plot.status, 2);
  assert.match(plot.stderr, /configs\/pipe\.yaml: not a regular file/);
  const settings = cli(['check', 'configs/good.yaml', '--config', 'configs/pipe.yaml']);
  assert.equal(settings.status, 2);
  assert.match(settings.stderr, /--config configs\/pipe\.yaml: not a regular file/);
  // Discovery skips it and reviews the rest.
  const all = cli(['check', 'configs', '--format', 'json']);
  assert.equal(all.status, 0, all.stderr);
  assert.deepEqual((JSON.parse(all.stdout) as { files: Array<{ path: string }> }).files.map((f) => f.path), ['configs/good.yaml']);
});
