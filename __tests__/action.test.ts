// The GitHub Action end to end, as a runner runs it: the bundle built from src/ (scripts/build.mjs into a
// temporary folder) started as a child process with the runner's environment (event payload file,
// GITHUB_OUTPUT, GITHUB_STEP_SUMMARY, RUNNER_TEMP, INPUT_* from action.yml's defaults), talking to a
// local fake of api.github.com (support/fake-github.ts) that records every request. No mocks of our
// own code. Covers the comment (verdict, curves, the SmolLM finding), its life cycle over several
// pushes, suggestions, annotations, outputs, summary, fork 403, retries, a 3000-file PR, the local
// checkout path, push events, and how the comment renders (GFM) with a hostile config.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { marked } from 'marked';
import { calls, removeTempDirs, requestLog, runBundle, show, tempDir, type ActionRun, type RunOptions } from './support/action-runner.ts';
import { review } from '../src/pipeline/review.ts';
import { renderMarkdown } from '../src/render/markdown.ts';
import { retryDelay } from '../src/github/api.ts';
import { addedLines } from '../src/github/files.ts';
import { rewriteLine } from '../src/core/edit-text.ts';
import { FakeGitHub } from './support/fake-github.ts';
import { REPO_ROOT } from './support/shared-data.ts';

const COMMENT_LIMIT = 65_536;
const DOCS = 'https://github.com/trainlint/trainlint/blob/main/docs/rules/';
const MARKER = '<!-- trainlint:comment -->';

const fake = new FakeGitHub();
let bundle = '';
const runAction = (options: RunOptions = {}) => runBundle(bundle, fake, options);
const comments = (pull: number) => fake.issueComments.get(pull)!.filter((c) => c.body.startsWith(MARKER));
const suggestions = (pull: number) => fake.reviewComments.filter((c) => c.pull === pull);

// ---------------------------------------------------------------------------------------------------
// The repository: the SmolLM-135M slip (base: decay from 500k for 100k steps; this PR: from 250k for 50k).

const SMOLLM = 'configs/smollm-135m.yaml';
const example = (p: string) => readFileSync(join(REPO_ROOT, 'examples', p), 'utf8');
const smollmHead = example('nanotron/pretrain-135m-decay-too-early.yaml');
const smollmBase = smollmHead
  .replace('lr_decay_starting_step: 250000', 'lr_decay_starting_step: 500000')
  .replace('lr_decay_steps: 50000', 'lr_decay_steps: 100000')
  .replace('lr_warmup_steps: 2500', 'lr_warmup_steps: 5000');
const lineOf = (text: string, needle: string) => text.split('\n').findIndex((l) => l.includes(needle)) + 1;

const BASE_FILES: Record<string, string> = {
  [SMOLLM]: smollmBase,
  'configs/old/olmo-1b.yaml': example('olmo/olmo-1b-good.yaml'),
  'configs/legacy.yaml': example('nanotron/pretrain-135m-good.yaml'),
  'README.md': '# models\n',
  'docker-compose.yml': 'services:\n  web:\n    image: nginx\n',
};
const HEAD_FILES: Record<string, string> = {
  ...BASE_FILES,
  [SMOLLM]: smollmHead,
  'configs/olmo-1b.yaml': example('olmo/olmo-1b-good.yaml').replace('t_warmup: 2000', 't_warmup: 2500'),
  'configs/new-run.yaml': example('nanotron/pretrain-135m-good.yaml'),
  'README.md': '# models\n\nTraining configs.\n',
  '.github/workflows/train.yml': 'on: push\njobs:\n  train:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo hi\n',
  'docker-compose.yml': 'services:\n  web:\n    image: nginx:1.27\n',
};
delete HEAD_FILES['configs/old/olmo-1b.yaml'];
delete HEAD_FILES['configs/legacy.yaml'];
const SHA = { base: 'a'.repeat(40), head: 'b'.repeat(40) };

before(async () => {
  // The bundle is built from src/ into a temporary folder (dist/ is the lead's to rebuild and commit).
  const out = tempDir('dist');
  execFileSync(process.execPath, [join(REPO_ROOT, 'scripts', 'build.mjs'), out], { cwd: REPO_ROOT, stdio: 'pipe' });
  bundle = join(out, 'index.js');
  await fake.start();
  fake.addCommit(SHA.base, BASE_FILES);
  fake.addCommit(SHA.head, HEAD_FILES);
  fake.addPull({ number: 1, baseSha: SHA.base, headSha: SHA.head, renames: { 'configs/olmo-1b.yaml': 'configs/old/olmo-1b.yaml' } });
});

after(async () => {
  removeTempDirs();
  await fake.stop();
});

// ---------------------------------------------------------------------------------------------------

let first: ActionRun;
/** The comment of the first run, as the action posted it (later runs edit it on the server). */
let firstBody = '';

describe('pull request, read through the API (pull_request_target, no checkout)', () => {
  test('first run: one comment with the verdict, curves, table and the SmolLM finding with its numbers', async () => {
    first = await runAction({ pull: 1 });
    const r = first;
    assert.equal(r.status, 1, show(r));
    const [comment, ...others] = comments(1);
    assert.ok(comment, show(r));
    assert.equal(others.length, 0);
    const body = comment.body;
    firstBody = body;
    assert.ok(body.length <= COMMENT_LIMIT);
    // The verdict first, with what the error costs the run; the counts in the footer.
    assert.match(body, /^<!-- trainlint:comment -->\n\n❌ \*\*1 error\*\*: `configs\/smollm-135m\.yaml` — LR reaches 0 at step 300,000 of 600,000 \\\(50 % of the run learns nothing\\\)\n/);
    assert.match(body, /trainlint: 3 training configs reviewed, 1 error, 0 warnings, \d+ info/);
    // One summary table, the error first.
    assert.match(body, /\n\| ❌ \| `configs\/smollm-135m\.yaml` \| nanotron \| decay end 600k → 300k, warmup 5k → 2\.5k \\\(\\\+1 more\\\) \| 1 error \|\n/);
    // The SmolLM finding, with its numbers, rule link, position and fix.
    const decayLine = lineOf(smollmHead, 'lr_decay_steps');
    assert.ok(body.includes(`[TL101 decay-ends-before-training](${DOCS}TL101-decay-ends-before-training.md) \`${SMOLLM}:${decayLine}\``), body);
    assert.match(body, /LR reaches 0 at step 300000 \\\(decay starts at 250000 and lasts 50000\\\) but training runs 600000 steps: 300000 steps \\\(50 %\\\) learn nothing\./);
    assert.match(body, /\*\*Fix:\*\* Set `lr_decay_steps: 350000`/);
    // Before/after curves of the changed file: both glyphs, the legend, the end of training.
    const chart = /### ❌ `configs\/smollm-135m\.yaml`[\s\S]*?```text\n([\s\S]*?)\n```/.exec(body)?.[1] ?? '';
    assert.match(chart, /█ this PR {3}░ base {3}▓ both/);
    assert.match(chart, /D decay start \(250k\)/);
    assert.match(chart, /E LR reaches 0 \(300k\)/);
    assert.match(chart, /\| end of training \(600k\)/);
    assert.match(body, /\| decay start \| 500000 \\\(`lr_decay_starting_step`\\\), 1-sqrt \| \*\*250000 \\\(`lr_decay_starting_step`\\\), 1-sqrt\*\* \|/);
    assert.match(body, /\| steps at LR 0 \| 0 \| \*\*300000 \\\(50 %\\\)\*\* \|/);
    // Errors first; the rename compared with its old path, the added file as new, the deletion noted.
    assert.ok(body.indexOf(SMOLLM) < body.indexOf('configs/olmo-1b.yaml'));
    assert.match(body, /### ✅ `configs\/olmo-1b\.yaml`\n\nolmo · follows `olmo@59a53e3f` · curve: warmup 2k → 2\.5k/);
    assert.match(body, /\| warmup \| 2000 steps/);
    assert.match(body, /### ✅ `configs\/new-run\.yaml`\n\nnanotron · follows `nanotron@2411b022` · new: 200k steps, peak 3e-3/);
    assert.match(body, /> Deleted training config: `configs\/legacy\.yaml`\./);
    // Files that are not training configs are not mentioned.
    for (const other of ['README.md', 'train.yml', 'docker-compose']) assert.ok(!body.includes(other), other);
  });

  test('first run: exit code, outputs, JSON report, annotations on stdout, job summary', () => {
    const r = first;
    assert.equal(r.outputs.errors, '1');
    assert.equal(r.outputs.warnings, '0');
    assert.equal(r.outputs.files, '3');
    assert.match(r.outputs.report ?? '', /trainlint-report\.json$/);
    const report = JSON.parse(readFileSync(r.outputs.report!, 'utf8')) as { version: number; findings: Array<{ ruleId: string; path: string }> };
    assert.equal(report.version, 1);
    assert.deepEqual(report.findings.filter((f) => f.ruleId === 'TL101').map((f) => f.path), [SMOLLM]);
    const line = lineOf(smollmHead, 'lr_decay_steps');
    assert.match(r.stdout, new RegExp(`^::error title=TL101 decay-ends-before-training,file=configs/smollm-135m\\.yaml,line=${line},col=5[^:]*::LR reaches 0 at step 300000`, 'm'));
    assert.match(r.stdout, /^::error::trainlint: 1 error\(s\)/m, 'the step fails through core.setFailed');
    assert.match(r.summary, /^## trainlint/);
    assert.match(r.summary, /pull request \\#\u200b1: head bbbbbbb against base aaaaaaa/);
    assert.match(r.summary, /█ this PR/);
    assert.match(r.summary, /LR reaches 0 at step 300000/);
    assert.match(r.summary, /- \[comment created\]\(https:\/\/github\.com\/octo\/models\/pull\/1#issuecomment-\d+\)/);
    assert.match(r.summary, /- \d+ GitHub API calls \\\(\d+ REST, 2 GraphQL\\\)/);
  });

  test('first run: a handful of API calls, contents in batched GraphQL queries', () => {
    const r = first;
    assert.equal(calls(r, 'GET', /\/pulls\/1\/files/).length, 1);
    const graphql = calls(r, 'POST', /^\/graphql$/);
    // The heads (and the deleted config's last version) with the settings file, then the bases of the configs. The
    // changed README.md is a head too (its code blocks may launch training); without a launch its base is not read.
    assert.deepEqual(graphql.map((q) => q.graphql), ['blobs x8', 'blobs x2'], requestLog(r));
    // The event says the PR has no comment yet: no listing before posting (only the race check after it).
    assert.equal(calls(r, 'GET', /\/issues\/1\/comments/).length, 1, requestLog(r));
    assert.equal(calls(r, 'GET', /\/pulls\/1\/comments/).length, 0, requestLog(r));
    assert.ok(r.requests.length <= 6, requestLog(r));
    assert.match(r.stdout, /trainlint: \d+ GitHub API calls \(\d+ REST, 2 GraphQL\)/);
  });

  test('first run: the fix on a changed line is a one-click suggestion with the finding fingerprint', () => {
    const [s, ...more] = suggestions(1);
    assert.ok(s);
    assert.equal(more.length, 0);
    assert.equal(s.path, SMOLLM);
    assert.equal(s.line, lineOf(smollmHead, 'lr_decay_steps'));
    assert.match(s.body, /^<!-- trainlint:suggestion [0-9a-f]{16}-[0-9a-f]{8} -->/);
    assert.ok(s.body.includes('```suggestion\n    lr_decay_steps: 350000\n```'), s.body);
  });
});

describe('the comment and suggestions over later pushes', () => {
  const renames = { 'configs/olmo-1b.yaml': 'configs/old/olmo-1b.yaml' };
  const push = (sha: string, files: Record<string, string>) => {
    fake.addCommit(sha, files);
    fake.addPull({ number: 1, baseSha: SHA.base, headSha: sha, renames });
  };

  test('a second push edits the same comment in place and posts no second suggestion', async () => {
    const before = comments(1)[0]!;
    const beforeBody = before.body;
    push('c'.repeat(40), { ...HEAD_FILES, [SMOLLM]: smollmHead.replace('lr_warmup_steps: 2500', 'lr_warmup_steps: 2000') });
    const r = await runAction({ pull: 1 });
    assert.equal(r.status, 1, show(r));
    assert.equal(comments(1).length, 1);
    assert.equal(comments(1)[0]!.id, before.id);
    assert.notEqual(comments(1)[0]!.body, beforeBody);
    assert.match(comments(1)[0]!.body, /2000 steps \\\(`lr_warmup_steps`\\\)/);
    assert.equal(calls(r, 'PATCH', /\/issues\/comments\/\d+$/).length, 1, requestLog(r));
    assert.equal(calls(r, 'POST', /\/issues\/\d+\/comments$/).length, 0, requestLog(r));
    assert.equal(calls(r, 'POST', /\/pulls\/1\/comments$/).length, 0, requestLog(r));
    assert.equal(suggestions(1).length, 1);
    assert.match(r.summary, /1 already there/);
  });

  test('a run with nothing changed leaves the comment untouched (no edit, no notification)', async () => {
    const before = { ...comments(1)[0]! };
    const r = await runAction({ pull: 1 });
    assert.equal(r.status, 1, show(r));
    assert.deepEqual(comments(1)[0], before);
    assert.deepEqual(r.requests.filter((q) => q.method !== 'GET' && q.path !== '/graphql'), [], requestLog(r));
    assert.match(r.summary, /\[comment unchanged\]/);
  });

  test('after the fix the comment says so, the step passes and the stale suggestion is deleted', async () => {
    push('d'.repeat(40), { ...HEAD_FILES, [SMOLLM]: smollmHead.replace('lr_decay_steps: 50000', 'lr_decay_steps: 350000') });
    const r = await runAction({ pull: 1 });
    assert.equal(r.status, 0, show(r));
    assert.equal(r.outputs.errors, '0');
    assert.equal(calls(r, 'DELETE', /\/pulls\/comments\/\d+$/).length, 1, requestLog(r));
    assert.equal(suggestions(1).length, 0);
    assert.equal(comments(1).length, 1);
    assert.match(comments(1)[0]!.body, /^<!-- trainlint:comment -->\n\n(✅ \*\*No errors or warnings\*\*|⚠️ \*\*\d+ warnings?\*\*)/u);
    assert.ok(!comments(1)[0]!.body.includes('TL101'));
  });

  test('comment: hide-and-new minimizes the old comment and posts a new one', async () => {
    const old = comments(1)[0]!;
    push('e'.repeat(40), { ...HEAD_FILES, [SMOLLM]: smollmHead.replace('lr_decay_steps: 50000', 'lr_decay_steps: 350000').replace('lr_warmup_steps: 2500', 'lr_warmup_steps: 3000') });
    const r = await runAction({ pull: 1, inputs: { comment: 'hide-and-new' } });
    assert.equal(r.status, 0, show(r));
    assert.deepEqual(r.requests.filter((q) => q.graphql === 'minimizeComment').length, 1, requestLog(r));
    const all = comments(1);
    assert.equal(all.length, 2);
    assert.equal(all[0]!.id, old.id);
    assert.equal(all[0]!.minimized, true);
    assert.equal(all[1]!.minimized, false);
    assert.match(all[1]!.body, /3000 steps/);
  });

  test('when the PR no longer touches a training config the comment is updated to say so', async () => {
    push('f'.repeat(40), { ...BASE_FILES, 'README.md': '# models\n\nOnly docs now.\n' });
    const r = await runAction({ pull: 1 });
    assert.equal(r.status, 0, show(r));
    assert.equal(r.outputs.files, '0');
    const newest = comments(1).at(-1)!;
    assert.match(newest.body, /^<!-- trainlint:comment -->\n\n✅ \*\*No training config reviewed\*\*\n\n> This pull request no longer changes any training config\./);
    assert.equal(calls(r, 'POST', /\/issues\/\d+\/comments$/).length, 0);
  });
});

describe('failures and limits', () => {
  test('a fork PR whose token cannot comment (403) still gets annotations, summary and the right exit code', async () => {
    fake.addPull({ number: 2, baseSha: SHA.base, headSha: SHA.head, renames: { 'configs/olmo-1b.yaml': 'configs/old/olmo-1b.yaml' } });
    fake.fail('POST', /\/issues\/2\/comments$/, 403, 1);
    const r = await runAction({ pull: 2, fork: true, event: 'pull_request' });
    assert.equal(r.status, 1, show(r));
    assert.equal(comments(2).length, 0);
    assert.match(r.stdout, /^::warning::The review comment could not be written \(GitHub API call POST \/repos\/octo\/models\/issues\/2\/comments failed: 403 Resource not accessible by integration\): this is a fork's pull request/m);
    assert.match(r.stdout, /^::error title=TL101 decay-ends-before-training,file=configs\/smollm-135m\.yaml/m);
    assert.match(r.summary, /> \[!WARNING\]\n> The review comment could not be written/);
    assert.match(r.summary, /LR reaches 0 at step 300000/);
    assert.equal(r.outputs.errors, '1');
    assert.equal(calls(r, 'POST', /\/pulls\/2\/comments$/).length, 0, 'no suggestions tried with a read-only token');
  });

  test('a 500 then 200 is retried; a failure that persists fails the step naming the call', async () => {
    fake.addPull({ number: 3, baseSha: SHA.base, headSha: SHA.head });
    fake.fail('GET', /\/pulls\/3\/files$/, 500, 1);
    const r = await runAction({ pull: 3 });
    assert.equal(r.status, 1, show(r));
    assert.deepEqual(calls(r, 'GET', /\/pulls\/3\/files/).map((q) => q.status), [500, 200]);
    assert.match(r.stdout, /GET \/repos\/octo\/models\/pulls\/3\/files\?per_page=100: 500 Server Error; retrying in 1000 ms \(attempt 2 of 4\)/);
    assert.equal(comments(3).length, 1);

    fake.fail('GET', /\/pulls\/3\/files$/, 502, 10, { headers: { 'retry-after': '0' } });
    const failed = await runAction({ pull: 3 });
    fake.clearFaults();
    assert.equal(failed.status, 2, show(failed));
    assert.equal(calls(failed, 'GET', /\/pulls\/3\/files/).length, 4);
    assert.match(failed.stdout, /^::error::trainlint: GitHub API call GET \/repos\/octo\/models\/pulls\/3\/files\?per_page=100 failed after 4 attempts: 502 Server Error/m);
    assert.match(failed.summary, /trainlint failed: GitHub API call GET/);
  });

  test('two runs racing to create the comment leave one', async () => {
    fake.addPull({ number: 4, baseSha: SHA.base, headSha: SHA.head });
    let other = 0;
    fake.onCommentCreate = (pull) => {
      other = fake.postComment(pull, `${MARKER}\n\nposted by a concurrent run`).id;
      fake.onCommentCreate = null;
    };
    const r = await runAction({ pull: 4 });
    assert.equal(r.status, 1, show(r));
    const left = comments(4);
    assert.equal(left.length, 1, requestLog(r));
    assert.equal(left[0]!.id, other, 'the older of the two is kept');
    assert.match(left[0]!.body, /LR reaches 0 at step 300000/, 'and carries this run\'s body');
    assert.equal(calls(r, 'DELETE', /\/issues\/comments\/\d+$/).length, 1);
  });

  test('a PR of 3100 files with 300 configs: a bounded number of calls, the comment within the size limit', async () => {
    const base: Record<string, string> = {};
    const head: Record<string, string> = {};
    const good = readFileSync(join(REPO_ROOT, 'examples', 'nanotron', 'pretrain-135m-good.yaml'), 'utf8');
    for (let i = 0; i < 300; i++) {
      const path = `configs/sweep/run-${String(i).padStart(3, '0')}.yaml`;
      base[path] = good.replace('learning_rate: 0.003', `learning_rate: 0.00${(i % 9) + 1}`);
      // A sweep that shortens every run; one in ten forgets to move the cooldown.
      head[path] = base[path]!.replace('train_steps: 200000', 'train_steps: 150000').replace('lr_decay_starting_step: 180000', i % 10 ? 'lr_decay_starting_step: 130000' : 'lr_decay_starting_step: 100000');
    }
    for (let i = 0; i < 2800; i++) head[`data/shards/shard-${String(i).padStart(4, '0')}.txt`] = `shard ${i}\n`;
    fake.addCommit('1'.repeat(40), base);
    fake.addCommit('2'.repeat(40), head);
    fake.addPull({ number: 5, baseSha: '1'.repeat(40), headSha: '2'.repeat(40) });
    const started = Date.now();
    const r = await runAction({ pull: 5, changedFiles: 3100 });
    assert.equal(r.status, 1, show(r));
    assert.ok(Date.now() - started < 20_000);
    assert.equal(r.outputs.files, '300');
    const body = comments(5)[0]!.body;
    assert.ok(body.length <= COMMENT_LIMIT, `${body.length} characters`);
    assert.match(body, /This pull request changes 3100 files; GitHub lists only the first 3000/);
    assert.match(body, /trainlint: 300 training configs reviewed/);
    // Files that say the same thing are one row and one section: the 30 that forgot the cooldown, the 270 others.
    assert.match(body, /\n\| ❌ \| 30 files: `configs\/sweep\/run-\*\.yaml` \| nanotron \| run 200k → 150k, decay end 200k → 120k \\\(\\\+1 more\\\) \| 1 error each \|\n/);
    assert.match(body, /\n\| ✅ \| 270 files: `configs\/sweep\/run-\*\.yaml` \| nanotron \| run 200k → 150k, decay end 200k → 150k \\\(\\\+1 more\\\) \| – \|\n/);
    assert.equal(calls(r, 'GET', /\/pulls\/5\/files/).length, 30);
    assert.deepEqual(calls(r, 'POST', /^\/graphql$/).map((q) => q.graphql), ['blobs x301', 'blobs x300']);
    assert.ok(calls(r, 'POST', /\/pulls\/5\/comments$/).length + calls(r, 'POST', /\/pulls\/5\/reviews$/).length <= 1);
    assert.ok(r.requests.length <= 30 + 2 + 2 + 1, requestLog(r));
  });
});

// ---------------------------------------------------------------------------------------------------
// With a checkout: contents from git (no GraphQL), and push / workflow_dispatch events.

const HAS_GIT = spawnSync('git', ['--version']).status === 0;

describe('with a checkout', { skip: HAS_GIT ? false : 'git is not installed' }, () => {
  let workspace = '';
  const git = (...args: string[]) => execFileSync('git', ['-c', 'user.email=t@t', '-c', 'user.name=t', '-c', 'commit.gpgsign=false', ...args], { cwd: workspace, encoding: 'utf8' }).trim();
  const writeTree = (files: Record<string, string>) => {
    rmSync(join(workspace, 'configs'), { recursive: true, force: true });
    for (const [path, text] of Object.entries(files)) {
      mkdirSync(dirname(join(workspace, path)), { recursive: true });
      writeFileSync(join(workspace, path), text);
    }
  };

  before(() => {
    workspace = tempDir('checkout');
    git('init', '-q', '-b', 'main');
    writeTree(BASE_FILES);
    git('add', '-A');
    git('commit', '-qm', 'base');
    const base = git('rev-parse', 'HEAD');
    writeTree(HEAD_FILES);
    git('add', '-A');
    git('commit', '-qm', 'head');
    const head = git('rev-parse', 'HEAD');
    fake.addCommit(base, BASE_FILES);
    fake.addCommit(head, HEAD_FILES);
    fake.addPull({ number: 6, baseSha: base, headSha: head, renames: { 'configs/olmo-1b.yaml': 'configs/old/olmo-1b.yaml' } });
  });

  test('pull_request with fetch-depth 0: contents from git, no GraphQL, the same comment', async () => {
    const r = await runAction({ pull: 6, event: 'pull_request', workspace });
    assert.equal(r.status, 1, show(r));
    assert.equal(calls(r, 'POST', /^\/graphql$/).length, 0, requestLog(r));
    assert.match(r.stdout, /contents read from the local checkout \(git\)/);
    assert.equal(comments(6)[0]!.body, firstBody);
    assert.equal(suggestions(6).length, 1);
  });

  test('push: every discovered config in the checkout, annotations and summary, no API call', async () => {
    const r = await runAction({ event: 'push', workspace, inputs: { 'github-token': '' } });
    assert.equal(r.status, 1, show(r));
    assert.equal(r.requests.length, 0, requestLog(r));
    assert.equal(r.outputs.files, '3');
    assert.equal(r.outputs.errors, '1');
    assert.match(r.stdout, /^::error title=TL101 decay-ends-before-training,file=configs\/smollm-135m\.yaml/m);
    assert.match(r.summary, /push: every training config in the checkout/);
    assert.match(r.summary, /### ❌ `configs\/smollm-135m\.yaml`/);
  });

  test('workflow_dispatch with `paths` and fail-on never', async () => {
    const r = await runAction({ event: 'workflow_dispatch', workspace, inputs: { paths: 'configs/olmo*.yaml\nconfigs/new-run.yaml', 'fail-on': 'never' } });
    assert.equal(r.status, 0, show(r));
    assert.equal(r.outputs.files, '2');
    assert.equal(r.outputs.errors, '0');
    assert.equal(r.requests.length, 0);
  });
});

// ---------------------------------------------------------------------------------------------------
// The comment as a person sees it: rendered with a GitHub-flavoured markdown renderer.

const ALLOWED_TAGS = new Set(['h3', 'p', 'pre', 'code', 'table', 'thead', 'tbody', 'tr', 'th', 'td', 'blockquote', 'strong', 'em', 'a', 'ul', 'li', 'sub', 'br', 'details', 'summary']);
const html = (body: string) => marked.parse(body, { gfm: true, async: false });
const tagsOf = (text: string) => [...text.matchAll(/<\/?([a-zA-Z][\w-]*)/g)].map((m) => m[1]!.toLowerCase());
const hrefsOf = (text: string) => [...text.matchAll(/<a [^>]*href="([^"]*)"/g)].map((m) => m[1]!);
/** Text GitHub would scan for mentions and links: everything outside code. */
const outsideCode = (text: string) => text.replace(/<pre>[\s\S]*?<\/pre>/g, '').replace(/<code>[\s\S]*?<\/code>/g, '');

describe('the comment rendered as GitHub-flavoured markdown', () => {
  test('each chart is one <pre> block with its legend, the tables are tables, every finding links to its rule page', () => {
    const page = html(firstBody);
    const report = JSON.parse(readFileSync(first.outputs.report!, 'utf8')) as { findings: Array<{ ruleId: string; rule: string; severity: string }> };
    const pres = [...page.matchAll(/<pre><code[^>]*>([\s\S]*?)<\/code><\/pre>/g)].map((m) => m[1]!);
    assert.equal(pres.length, 3, 'one chart per reviewed file');
    assert.match(pres[0]!, /┤[\s\S]*└─+[\s\S]*█ this PR {3}░ base {3}▓ both/, 'axis, curve and legend in the same block');
    // The summary table, then per file the rows that changed (and all rows folded; a new file has one column).
    const tables = [...page.matchAll(/<table>([\s\S]*?)<\/table>/g)].map((m) => m[1]!);
    assert.equal(tables.length, 6);
    assert.match(tables[0]!, /<th>file<\/th>\s*<th>framework<\/th>\s*<th>curve<\/th>\s*<th>findings<\/th>/);
    assert.match(tables[1]!, /<thead>\s*<tr>\s*<th><\/th>\s*<th>base<\/th>\s*<th>this PR<\/th>/);
    const rows = [...tables[1]!.matchAll(/<tr>([\s\S]*?)<\/tr>/g)].slice(1).map((m) => [...m[1]!.matchAll(/<td>/g)].length);
    assert.deepEqual(rows, new Array(5).fill(3), 'five changed rows of three cells');
    assert.match(tables[1]!, /<td>steps at LR 0<\/td>\s*<td>0<\/td>\s*<td><strong>300000 \(50 %\)<\/strong><\/td>/);
    assert.match(tables[2]!, /<td>600000 \(<code>train_steps<\/code>\)<\/td>/);
    // Errors and warnings are alerts (quotes); infos plain; the schedule-changed info (TL202) repeats the table.
    const quotes = [...page.matchAll(/<blockquote>([\s\S]*?)<\/blockquote>/g)].map((m) => m[1]!).filter((q) => /<strong>(error|warning|info)<\/strong>/.test(q));
    assert.equal(quotes.length, report.findings.filter((f) => f.severity !== 'info').length);
    for (const [i, f] of report.findings.entries()) {
      if (f.ruleId !== 'TL202') assert.ok(page.includes(`<a href="${DOCS}${f.ruleId}-${f.rule}.md">${f.ruleId} ${f.rule}</a>`), `finding ${i} ${f.ruleId}`);
    }
    for (const href of hrefsOf(page)) {
      assert.ok(href.startsWith(DOCS), href);
      assert.ok(readFileSync(join(REPO_ROOT, 'docs', 'rules', href.slice(DOCS.length))).length > 0, `${href} exists in docs/rules`);
    }
    assert.deepEqual([...new Set(tagsOf(page))].filter((t) => !ALLOWED_TAGS.has(t)), []);
  });

  test('a hostile config cannot inject HTML, links or mentions (keys, values and the path)', async () => {
    const path = 'configs/x`<img src=x onerror=alert(1)>@someone[x](http://evil).yaml';
    const hostile = [
      'general:',
      '  project: "<script>alert(1)</script> @someone [x](http://evil) `tick` #1"',
      'optimizer:',
      '  learning_rate_scheduler:',
      '    learning_rate: 0.003',
      '    lr_warmup_steps: 100',
      '    lr_warmup_style: "[x](http://evil) @someone <script>alert(1)</script> ``| www.evil.com #12"',
      '    "<script>alert(2)</script>": 1',
      '    "@someone": 2',
      '    "[x](http://evil)": 3',
      '    "a`b``c": 4',
      '    "x`[y](http://evil)`z": 5',
      '    "<a href=http://evil>k</a>|": 6',
      '    lr_decay_style: cosine',
      '    lr_decay_starting_step: 100',
      '    lr_decay_steps: 800',
      'tokens:',
      '  train_steps: 1000',
      '',
    ].join('\n');
    fake.addCommit('7'.repeat(40), { 'README.md': '#\n' });
    fake.addCommit('8'.repeat(40), { 'README.md': '#\n', [path]: hostile });
    fake.addPull({ number: 7, baseSha: '7'.repeat(40), headSha: '8'.repeat(40) });
    const r = await runAction({ pull: 7 });
    assert.equal(r.status, 1, show(r));
    const body = comments(7)[0]!.body;
    const page = html(body);
    assert.deepEqual([...new Set(tagsOf(page))].filter((t) => !ALLOWED_TAGS.has(t)), [], page);
    for (const href of hrefsOf(page)) assert.ok(href.startsWith(DOCS), `link to ${href}`);
    const text = outsideCode(page);
    assert.doesNotMatch(text, /@someone/, 'a mention outside code');
    assert.doesNotMatch(text, /https?:\/\/evil|www\.evil/, 'a URL GitHub would link');
    assert.doesNotMatch(text, /#1\b|#12\b/, 'an issue reference');
    assert.match(text, /@\u200bsomeone/, 'the text is still shown');
    // What is inside code is shown literally: the key is readable, nothing is active.
    assert.match(page, /<code>&lt;script&gt;alert\(2\)&lt;\/script&gt;<\/code>/);
    assert.match(page, /<code>\[x\]\(http:\/\/evil\)<\/code>/);
    const tables = [...page.matchAll(/<table>([\s\S]*?)<\/table>/g)];
    assert.equal(tables.length, 2, 'the summary table and the new file\'s numbers');
    for (const [, table] of tables) {
      const head = [...table!.matchAll(/<th>/g)].length;
      const rows = [...table!.matchAll(/<tr>([\s\S]*?)<\/tr>/g)].slice(1).map((m) => [...m[1]!.matchAll(/<td>/g)].length);
      assert.deepEqual(rows, new Array(rows.length).fill(head), 'a | in a value or the path does not break the table');
    }
    // The annotations carry the same text, escaped for workflow commands (one line each).
    for (const line of r.stdout.split('\n').filter((l) => l.startsWith('::error '))) assert.ok(!line.includes('\n'));
  });

  test('when not every file fits, errors come first and the rest is counted, never cut mid-block', () => {
    const good = readFileSync(join(REPO_ROOT, 'examples', 'nanotron', 'pretrain-135m-good.yaml'), 'utf8');
    // Every file its own decay start: no two alike, so none is grouped with another.
    const bad = (i: number) => good.replace('lr_decay_starting_step: 180000', `lr_decay_starting_step: ${100000 + i}`);
    const inputs = Array.from({ length: 160 }, (_, i) => ({ path: `configs/run-${String(i).padStart(3, '0')}.yaml`, text: i < 120 ? bad(i) : good.replace('seed: 42', `seed: ${i}`), baseText: good }));
    const body = renderMarkdown(review(inputs), { limit: COMMENT_LIMIT });
    assert.ok(body.length <= COMMENT_LIMIT, `${body.length}`);
    assert.match(body, /trainlint: 160 training configs reviewed/);
    assert.match(body, /_Shortened to fit GitHub's comment size limit: left out the sections of \d+ files.*; the full report is in the job summary\._/);
    const page = html(body);
    const headings = body.match(/^### \S+/gm) ?? [];
    const shown = headings.filter((h) => h.includes('❌')).length;
    assert.ok(shown > 10 && shown < 120, `${shown} error sections`);
    assert.equal(headings.length, shown, 'only error sections: the clean unchanged files have a table row and no section');
    assert.equal((page.match(/<blockquote>/g) ?? []).length, shown, 'each shown file with its error finding, whole');
    assert.equal((body.match(/^```/gm) ?? []).length % 2, 0);
  });
});

describe('pieces of the action', () => {
  test('suggested lines keep indentation and comments, and are only offered for plain `key: value` lines', () => {
    assert.equal(rewriteLine('    lr_decay_steps: 50000  # half', 'lr_decay_steps', 350000, 'yaml'), '    lr_decay_steps: 350000  # half');
    assert.equal(rewriteLine('  - lr: 1e-4', 'lr', 3e-7, 'yaml'), '  - lr: 3.0e-7', 'PyYAML reads 3e-7 as a string: a dot keeps it a float');
    assert.equal(rewriteLine('  "lr_decay_steps": 50000,', 'lr_decay_steps', 350000, 'json'), '  "lr_decay_steps": 350000,');
    assert.equal(rewriteLine('lr_decay_steps = 50000 # x', 'lr_decay_steps', 350000, 'toml'), 'lr_decay_steps = 350000 # x');
    assert.equal(rewriteLine('  warmup_style: linear', 'warmup_style', 'yes', 'yaml'), '  warmup_style: "yes"');
    assert.equal(rewriteLine('  sched: {a: 1}', 'sched', 3, 'yaml'), null);
    assert.equal(rewriteLine('  name: "adam"', 'name', 'adamw', 'yaml'), null);
    assert.equal(rewriteLine('lr = 3', 'lr', 4, 'python'), null);
  });

  test('added lines of a unified diff, numbered in the new version', () => {
    const patch = '@@ -1,4 +1,5 @@\n a\n-b\n+B\n+B2\n c\n d\n@@ -10,2 +11,2 @@\n x\n-y\n+Y\n\\ No newline at end of file';
    assert.deepEqual([...addedLines(patch)], [2, 3, 12]);
    assert.deepEqual([...addedLines(undefined)], []);
  });

  test('retries: 5xx, 429 and secondary rate limits with bounded backoff; not 4xx, not a spent quota', () => {
    assert.equal(retryDelay({ status: 502 }, 1), 1000);
    assert.equal(retryDelay({ status: 502 }, 3), 4000);
    assert.equal(retryDelay({ status: 502 }, 4), null, 'at most 4 attempts');
    assert.equal(retryDelay({ status: 0 }, 1), 1000, 'no response at all');
    assert.equal(retryDelay({ status: 403, response: { headers: { 'retry-after': '30' }, data: { message: 'You have exceeded a secondary rate limit' } } }, 1), 30_000);
    assert.equal(retryDelay({ status: 429, response: { headers: { 'retry-after': '600' } } }, 1), 60_000, 'capped');
    assert.equal(retryDelay({ status: 403, response: { headers: { 'x-ratelimit-remaining': '0' }, data: { message: 'API rate limit exceeded' } } }, 1), null);
    assert.equal(retryDelay({ status: 403, response: { headers: {}, data: { message: 'Resource not accessible by integration' } } }, 1), null);
    assert.equal(retryDelay({ status: 422 }, 1), null);
  });
});
