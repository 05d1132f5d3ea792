// A big pull request end to end: the action's bundle against the local fake GitHub (support/fake-github.ts) on a PR
// that changes 1,000 generated configs of a sweep, read through the API (no checkout). Every request is counted: the
// whole run (listing, contents, settings, comment, suggestions) stays within 15 calls, a re-run too, and a GraphQL
// batch GitHub refuses for its size is split rather than failing the check.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { calls, removeTempDirs, requestLog, runBundle, show, tempDir, type ActionRun } from './support/action-runner.ts';
import { FakeGitHub } from './support/fake-github.ts';
import { REPO_ROOT } from './support/shared-data.ts';

const COMMENT_LIMIT = 65_536;
const MARKER = '<!-- trainlint:comment -->';
const API_BUDGET = 15;

/** A nanotron config written for this test. */
function nanotron(lr: number, steps: number, decayStart: number, decaySteps: number): string {
  return `general:
  project: sweep
optimizer:
  learning_rate_scheduler:
    learning_rate: ${lr}
    lr_warmup_steps: 100
    lr_warmup_style: linear
    lr_decay_style: cosine
    lr_decay_starting_step: ${decayStart}
    lr_decay_steps: ${decaySteps}
    min_decay_lr: 0
tokens:
  train_steps: ${steps}
`;
}

const fake = new FakeGitHub();
let bundle = '';
const SWEEP = 1000;
const BASE = 'c'.repeat(40);
const HEAD = 'd'.repeat(40);

before(async () => {
  const out = tempDir('dist-big');
  execFileSync(process.execPath, [join(REPO_ROOT, 'scripts', 'build.mjs'), out], { cwd: REPO_ROOT, stdio: 'pipe' });
  bundle = join(out, 'index.js');
  await fake.start();
  const base: Record<string, string> = { 'README.md': '# sweep\n' };
  const head: Record<string, string> = { 'README.md': '# sweep\n' };
  for (let i = 0; i < SWEEP; i++) {
    const path = `configs/sweep/lr-${String(i).padStart(4, '0')}.yaml`;
    const lr = Number((1e-4 * (1 + (i % 50))).toPrecision(3));
    base[path] = nanotron(lr, 10_000, 5000, 5000);
    // Twice as long; one run in ten lengthens its decay too little (TL101, with a fix on the changed line).
    head[path] = nanotron(lr, 20_000, 10_000, i % 10 === 3 ? 6000 : 10_000);
  }
  fake.addCommit(BASE, base);
  fake.addCommit(HEAD, head);
  fake.addPull({ number: 7, baseSha: BASE, headSha: HEAD });
});

after(async () => {
  removeTempDirs();
  await fake.stop();
});

const comments = () => fake.issueComments.get(7)!.filter((c) => c.body.startsWith(MARKER));

describe(`a pull request changing ${SWEEP} generated configs, read through the API`, () => {
  let first: ActionRun;

  test(`first run: at most ${API_BUDGET} API calls for listing, contents, settings, comment and suggestions`, async () => {
    const started = Date.now();
    first = await runBundle(bundle, fake, { pull: 7 });
    const seconds = (Date.now() - started) / 1000;
    assert.equal(first.status, 1, show(first));
    assert.equal(first.outputs.files, String(SWEEP));
    assert.equal(first.outputs.errors, String(SWEEP / 10));
    assert.ok(first.requests.length <= API_BUDGET, `${first.requests.length} calls:\n${requestLog(first)}`);
    // The budget: 1,000 files listed 100 a page (10 calls); the heads with the settings file, then the bases (one query
    // each); the comment posted, then listed (a racing run's comment); the suggestions as one review.
    assert.equal(calls(first, 'GET', /\/pulls\/7\/files/).length, 10);
    assert.deepEqual(calls(first, 'POST', /^\/graphql$/).map((q) => q.graphql), [`blobs x${SWEEP + 1}`, `blobs x${SWEEP}`]);
    assert.match(first.stdout, new RegExp(`trainlint: ${first.requests.length} GitHub API calls`), first.stdout.split("\n").filter((l) => /API call|retrying/.test(l)).join("\n"));
    assert.ok(seconds < 90, `${seconds} s`);
  });

  test('first run: one comment under the size limit; the new suggestions posted as one review', () => {
    const [comment, ...more] = comments();
    assert.ok(comment);
    assert.equal(more.length, 0);
    assert.ok(comment.body.length <= COMMENT_LIMIT, `${comment.body.length} characters`);
    assert.equal(calls(first, 'POST', /\/pulls\/7\/reviews$/).length, 1, requestLog(first));
    assert.equal(calls(first, 'POST', /\/pulls\/7\/comments$/).length, 0);
    const posted = fake.reviewComments.filter((c) => c.pull === 7);
    assert.equal(posted.length, 10, 'at most 10 new suggestions a run');
    for (const s of posted) assert.ok(s.body.includes('```suggestion\n    lr_decay_steps: 10000\n```'), s.body);
  });

  test(`a re-run of the same commit stays within ${API_BUDGET} calls and changes nothing`, async () => {
    const before = fake.reviewComments.length;
    const body = comments()[0]!.body;
    const again = await runBundle(bundle, fake, { pull: 7 });
    assert.equal(again.status, 1, show(again));
    assert.ok(again.requests.length <= API_BUDGET, `${again.requests.length} calls:\n${requestLog(again)}`);
    assert.equal(comments().length, 1);
    assert.equal(comments()[0]!.body, body);
    assert.equal(calls(again, 'PATCH', /\/issues\/comments\/\d+$/).length, 0, 'an unchanged comment is not edited');
    assert.equal(fake.reviewComments.length, before + 10, 'the next 10 suggestions, none twice');
  });

  test('a GraphQL batch GitHub refuses for its size is split in two until it is answered', async () => {
    fake.graphqlObjectLimit = 400;
    try {
      const r = await runBundle(bundle, fake, { pull: 7, inputs: { comment: 'never', suggestions: 'false' } });
      assert.equal(r.status, 1, show(r));
      assert.equal(r.outputs.files, String(SWEEP));
      const graphql = calls(r, 'POST', /^\/graphql$/).map((q) => q.graphql);
      assert.deepEqual(graphql.filter((g) => g?.startsWith('refused')), [`refused x${SWEEP + 1}`, 'refused x501', 'refused x500', `refused x${SWEEP}`, 'refused x500', 'refused x500'], requestLog(r));
      assert.equal(graphql.filter((g) => g?.startsWith('blobs')).length, 8, requestLog(r));
    } finally {
      fake.graphqlObjectLimit = null;
    }
  });

  test('when GitHub refuses the suggestions as one review (422: a line left the diff), they are posted one by one', async () => {
    const base: Record<string, string> = {};
    const head: Record<string, string> = {};
    for (let i = 0; i < 3; i++) {
      base[`configs/small-${i}.yaml`] = nanotron(3e-4, 10_000, 5000, 5000);
      head[`configs/small-${i}.yaml`] = nanotron(3e-4, 20_000, 10_000, 6000 + i);
    }
    fake.addCommit('e'.repeat(40), base);
    fake.addCommit('f'.repeat(40), head);
    fake.addPull({ number: 8, baseSha: 'e'.repeat(40), headSha: 'f'.repeat(40) });
    fake.fail('POST', /\/pulls\/8\/reviews$/, 422, 1, { body: { message: 'Unprocessable Entity', errors: ['Line could not be resolved'], status: '422' } });
    const r = await runBundle(bundle, fake, { pull: 8 });
    assert.equal(r.status, 1, show(r));
    assert.equal(calls(r, 'POST', /\/pulls\/8\/reviews$/).length, 1);
    assert.equal(calls(r, 'POST', /\/pulls\/8\/comments$/).length, 3, requestLog(r));
    assert.equal(fake.reviewComments.filter((c) => c.pull === 8).length, 3);
    assert.match(r.summary, /suggestions on changed lines: 3 posted/);
  });

  test('a re-run whose event still says "no comments" (stale payload) keeps the one comment and posts no suggestion twice', async () => {
    const own = () => fake.issueComments.get(8)!.filter((c) => c.body.startsWith(MARKER));
    const [comment] = own();
    assert.ok(comment);
    const r = await runBundle(bundle, fake, { pull: 8, counts: { comments: 0, reviewComments: 0 } });
    assert.equal(r.status, 1, show(r));
    assert.deepEqual(own().map((c) => c.id), [comment.id], requestLog(r));
    assert.equal(fake.reviewComments.filter((c) => c.pull === 8).length, 3, requestLog(r));
    assert.equal(calls(r, 'DELETE', /\/issues\/comments\/\d+$/).length, 1, 'the duplicate this run posted is deleted');
  });
});
