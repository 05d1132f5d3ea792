// Nothing outside the checkout, and the config says so: a path a config names beside it that leads outside the
// repository (a committed symlink to /etc, a `../` path) is not followed, and the config gets an info finding (TL006)
// naming the path and why. The view keeps what it refused (RepoView.refused()).
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { workTreeView } from '../src/cli/repo-view.ts';
import { review } from '../src/pipeline/review.ts';

const dir = mkdtempSync(join(tmpdir(), 'trainlint-refused-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const PATH = 'configs/cat-lora.json';

/** A OneTrainer LoRA config written for this test, training the given concept folders. */
function oneTrainer(paths: string[]): string {
  return JSON.stringify(
    {
      training_method: 'LORA',
      model_type: 'STABLE_DIFFUSION_15',
      concepts: paths.map((path, i) => ({ name: `c${i}`, path })),
      learning_rate_scheduler: 'COSINE',
      learning_rate: 0.0001,
      learning_rate_warmup_steps: 0,
      epochs: 10,
      batch_size: 1,
      gradient_accumulation_steps: 1,
    },
    null,
    4,
  );
}

function repoWith(name: string): string {
  const repo = join(dir, name);
  mkdirSync(join(repo, 'configs'), { recursive: true });
  mkdirSync(join(repo, 'data', 'cat'), { recursive: true });
  for (let i = 0; i < 3; i++) writeFileSync(join(repo, 'data', 'cat', `cat-${i}.png`), 'x');
  return repo;
}

function refusedFindings(repo: string, text: string) {
  const report = review([{ path: PATH, text, explicit: true }], { repo: workTreeView(repo) });
  assert.equal(report.files[0]!.dialect, 'onetrainer');
  return { report, refused: report.findings.filter((f) => f.ruleId === 'TL006' && /was not read/.test(f.message)) };
}

test('a OneTrainer concept folder symlinked to /etc is not counted, and the config says which path and why (info)', () => {
  const repo = repoWith('etc-link');
  symlinkSync('/etc', join(repo, 'data', 'etc'));
  const { report, refused } = refusedFindings(repo, oneTrainer(['data/etc']));
  assert.equal(refused.length, 1, JSON.stringify(report.findings, null, 1));
  assert.equal(refused[0]!.severity, 'info');
  assert.equal(refused[0]!.path, PATH);
  assert.match(refused[0]!.message, /^`data\/etc` was not read: a symbolic link on the way leads outside the repository\./);
  // Nothing under /etc was counted as a sample.
  assert.ok(!/counted in the repository/.test(report.files[0]!.head?.plan.totalSteps.how ?? ''), report.files[0]!.head?.plan.totalSteps.how);
  assert.equal(report.findings.filter((f) => f.severity === 'error').length, 0, 'a refused path is never an error');
});

test('a `../` concept path that climbs out of the repository is reported; an inside folder beside it is still counted', () => {
  const repo = repoWith('dotdot');
  mkdirSync(join(dir, 'outside-cat'), { recursive: true });
  writeFileSync(join(dir, 'outside-cat', 'a.png'), 'x');
  const { refused } = refusedFindings(repo, oneTrainer(['../../outside-cat']));
  assert.equal(refused.length, 1);
  assert.equal(refused[0]!.severity, 'info');
  assert.match(refused[0]!.message, /^`\.\.\/\.\.\/outside-cat` was not read: its `\.\.` climbs out of the repository\./);
  const inside = refusedFindings(repo, oneTrainer(['data/cat']));
  assert.deepEqual(inside.refused, [], 'nothing refused for a folder inside');
});

test('a link inside a listed folder that leads outside is left out of the listing and reported', () => {
  const repo = repoWith('inner-link');
  symlinkSync('/etc/hostname', join(repo, 'data', 'cat', 'cat-9.png'));
  const { report, refused } = refusedFindings(repo, oneTrainer(['data/cat']));
  assert.match(report.files[0]!.head?.plan.totalSteps.how ?? '', /\b3 samples per epoch|= 3\b/);
  assert.deepEqual(refused.map((f) => f.message.split(' was not read')[0]), ['`data/cat/cat-9.png`']);
});

test('RepoView.refused() lists what the work tree view would not follow, with why', () => {
  const repo = repoWith('view');
  symlinkSync('/etc', join(repo, 'data', 'etc'));
  const view = workTreeView(repo);
  assert.equal(view.list('data/etc'), null);
  assert.equal(view.read('../secret.json'), null);
  assert.equal(view.read('/etc/passwd'), null);
  assert.equal(view.list('data/missing'), null);
  assert.deepEqual(view.refused!(), [
    { path: 'data/etc', reason: 'a symbolic link on the way leads outside the repository' },
    { path: '../secret.json', reason: 'its `..` climbs out of the repository' },
    { path: '/etc/passwd', reason: 'it is an absolute path outside the repository' },
  ]);
});
