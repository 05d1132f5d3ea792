// Nothing outside the checkout: files beside a config are read through the work tree view, which follows no link
// and no `..` out of the repository root, whether the link is the last name or a folder on the way.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { workTreeView } from '../src/cli/repo-view.ts';

const dir = mkdtempSync(join(tmpdir(), 'trainlint-repo-view-'));
after(() => rmSync(dir, { recursive: true, force: true }));

test('a symlinked folder or file leaving the repository is not followed; inside links and files are', () => {
  const outside = join(dir, 'outside');
  const repo = join(dir, 'repo');
  mkdirSync(join(outside, 'images'), { recursive: true });
  writeFileSync(join(outside, 'images', 'a.png'), 'x');
  writeFileSync(join(outside, 'secret.json'), '[{"path": "x"}]');
  mkdirSync(join(repo, 'data', 'own'), { recursive: true });
  writeFileSync(join(repo, 'data', 'own', 'b.png'), 'x');
  writeFileSync(join(repo, 'concepts.json'), '[]');
  symlinkSync(outside, join(repo, 'data', 'escape'));
  symlinkSync(join(outside, 'secret.json'), join(repo, 'linked.json'));
  const view = workTreeView(repo);
  assert.deepEqual(view.list('data/own'), ['b.png']);
  assert.equal(view.read('concepts.json'), '[]');
  assert.equal(view.list('data/escape'), null);
  assert.equal(view.list('data/escape/images'), null, 'a folder under a link out of the repository');
  assert.equal(view.read('data/escape/secret.json'), null);
  assert.equal(view.read('linked.json'), null);
  assert.equal(view.read('../outside/secret.json'), null);
  assert.equal(view.list('..'), null);
});

test('each folder is listed and each file read once a run, and every ask still reports what it refused', () => {
  const outside = join(dir, 'outside-2');
  const repo = join(dir, 'repo-2');
  mkdirSync(outside, { recursive: true });
  writeFileSync(join(outside, 'secret.sh'), 'python train.py');
  mkdirSync(join(repo, 'scripts'), { recursive: true });
  writeFileSync(join(repo, 'scripts', 'run.sh'), 'torchrun --nproc_per_node 8 train.py');
  symlinkSync(join(outside, 'secret.sh'), join(repo, 'scripts', 'linked.sh'));
  const view = workTreeView(repo);
  const first = view.list('scripts');
  assert.deepEqual(first, ['run.sh']);
  first!.push('added-by-a-caller.sh');
  assert.deepEqual(view.list('scripts'), ['run.sh'], 'a caller changing its copy does not change the next answer');
  // The listing met the link leaving the repository: both asks report it, as two configs asking would.
  assert.deepEqual(view.refused!().map((r) => r.path), ['scripts/linked.sh', 'scripts/linked.sh']);
  writeFileSync(join(repo, 'scripts', 'run.sh'), 'changed during the run');
  assert.equal(view.read('scripts/run.sh'), 'changed during the run', 'first read');
  writeFileSync(join(repo, 'scripts', 'run.sh'), 'changed again');
  assert.equal(view.read('scripts/run.sh'), 'changed during the run', 'read once: the work tree is taken as it was when first read');
  assert.equal(view.read('scripts/linked.sh'), null);
  assert.equal(view.read('scripts/linked.sh'), null);
  assert.equal(view.refused!().length, 4, 'each read of the link out of the repository is refused again');
});
