// git runs in the reviewed repository without running anything its own config names: an fsmonitor hook (run by
// ls-files), a textconv or external diff driver, in the CLI (discovery, --base) and the action's local reader alike.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { discover, readAtRef } from '../src/cli/files.ts';
import { localReader } from '../src/github/content.ts';

const dir = mkdtempSync(join(tmpdir(), 'trainlint-git-safety-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const repo = join(dir, 'repo');
const PWNED = join(dir, 'pwned');

function git(...args: string[]): string {
  return execFileSync('git', ['-c', 'core.fsmonitor=false', ...args], { cwd: repo, encoding: 'utf8', env: { ...process.env, GIT_CONFIG_NOSYSTEM: '1' } });
}

function hostileRepo(): string {
  execFileSync('mkdir', ['-p', repo]);
  git('init', '-q');
  git('config', 'user.email', 't@example.com');
  git('config', 'user.name', 't');
  writeFileSync(join(repo, 'train.yaml'), 'learning_rate: 1e-4\nmax_steps: 100\n');
  writeFileSync(join(repo, '.gitattributes'), '*.yaml diff=evil\n');
  git('add', '-A');
  git('commit', '-qm', 'init');
  const hook = join(dir, 'hook.sh');
  writeFileSync(hook, `#!/bin/sh\ntouch ${PWNED}\necho '{}'\n`);
  chmodSync(hook, 0o755);
  // What a hostile PR cannot commit but a poisoned checkout could carry: every setting that would run a program.
  git('config', 'core.fsmonitor', hook);
  git('config', 'diff.evil.textconv', hook);
  git('config', 'diff.external', hook);
  git('config', 'core.pager', hook);
  return git('rev-parse', 'HEAD').trim();
}

test('discovery, --base and the local reader run nothing from the repository config', async () => {
  const sha = hostileRepo();
  // The unsafe baseline: plain git in this repository does run the hook.
  execFileSync('git', ['status', '--porcelain'], { cwd: repo, stdio: 'ignore' });
  assert.ok(existsSync(PWNED), 'the fixture is hostile: plain `git status` runs the fsmonitor hook');
  rmSync(PWNED);

  assert.deepEqual(discover('.', repo, []), ['train.yaml']);
  assert.equal(readAtRef('HEAD', 'train.yaml', repo), 'learning_rate: 1e-4\nmax_steps: 100\n');
  const reader = localReader(repo, [sha]);
  assert.ok(reader);
  const texts = await reader.read([{ sha, path: 'train.yaml' }]);
  assert.equal(texts.get(`${sha}:train.yaml`), 'learning_rate: 1e-4\nmax_steps: 100\n');
  assert.equal(reader.view(sha)?.read('train.yaml'), 'learning_rate: 1e-4\nmax_steps: 100\n');
  assert.equal(existsSync(PWNED), false, 'no hook, textconv, external diff or pager ran');
});
