// The comment stays ours (issue 17): the action edits, hides or deletes only comments that open with its marker AND
// were written by the token's own user (github-actions[bot] for GITHUB_TOKEN; for another
// token the login TRAINLINT_COMMENT_AUTHOR names or the one learnt from the comment it created). Another user's comment carrying the marker, at the start or
// in the middle, is never touched. Runs the bundle against the local fake GitHub.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { calls, removeTempDirs, requestLog, runBundle, show, tempDir, type RunOptions } from './support/action-runner.ts';
import { FakeGitHub } from './support/fake-github.ts';
import { REPO_ROOT } from './support/shared-data.ts';

const MARKER = '<!-- trainlint:comment -->';
const SUGGESTION_MARKER = '<!-- trainlint:suggestion ';
const BOT = 'github-actions[bot]';
const fake = new FakeGitHub();
let bundle = '';
const runAction = (options: RunOptions = {}) => runBundle(bundle, fake, options);
const byUser = (pull: number, login: string) => fake.issueComments.get(pull)!.filter((c) => c.user === login);

const CONFIG = 'configs/smollm-135m.yaml';
const head = readFileSync(join(REPO_ROOT, 'examples', 'nanotron', 'pretrain-135m-decay-too-early.yaml'), 'utf8');
const base = head.replace('lr_decay_starting_step: 250000', 'lr_decay_starting_step: 500000').replace('lr_decay_steps: 50000', 'lr_decay_steps: 100000');
const SHA = { base: 'a'.repeat(40), head: 'b'.repeat(40), head2: 'c'.repeat(40) };

before(async () => {
  const out = tempDir('dist');
  execFileSync(process.execPath, [join(REPO_ROOT, 'scripts', 'build.mjs'), out], { cwd: REPO_ROOT, stdio: 'pipe' });
  bundle = join(out, 'index.js');
  await fake.start();
  fake.addCommit(SHA.base, { [CONFIG]: base });
  fake.addCommit(SHA.head, { [CONFIG]: head });
  fake.addCommit(SHA.head2, { [CONFIG]: head.replace('lr_warmup_steps: 2500', 'lr_warmup_steps: 3000') });
});

after(async () => {
  removeTempDirs();
  await fake.stop();
});

test('another user\'s comment with the marker at the start or in the middle is never edited, hidden or deleted', async () => {
  fake.addPull({ number: 1, baseSha: SHA.base, headSha: SHA.head });
  const forged = fake.postComment(1, `${MARKER}\n\nLooks good to me, no errors.`, 'mallory');
  const quoted = fake.postComment(1, `As the bot said:\n\n${MARKER}\n\nit failed.`, 'mallory');
  const otherBot = fake.postComment(1, `${MARKER}\n\nanother app`, 'other-app[bot]');
  const snapshot = () => [forged, quoted, otherBot].map((c) => ({ ...c }));
  const before = snapshot();

  const first = await runAction({ pull: 1 });
  assert.equal(first.status, 1, show(first));
  assert.equal(byUser(1, BOT).length, 1, requestLog(first));
  assert.ok(byUser(1, BOT)[0]!.body.startsWith(MARKER));
  assert.deepEqual(snapshot(), before, 'the others\' comments are as they were');

  // A push: our comment is edited in place; hide-and-new hides only ours.
  fake.pulls.get(1)!.headSha = SHA.head2;
  const second = await runAction({ pull: 1, inputs: { comment: 'hide-and-new' } });
  assert.equal(second.status, 1, show(second));
  const ours = byUser(1, BOT);
  assert.equal(ours.length, 2, requestLog(second));
  assert.equal(ours[0]!.minimized, true);
  assert.equal(second.requests.filter((q) => q.graphql === 'minimizeComment').length, 1, requestLog(second));
  assert.deepEqual(snapshot(), before, 'still untouched: not minimized, not edited, not deleted');
  for (const c of [forged, quoted, otherBot]) assert.equal(calls(second, 'PATCH', new RegExp(`/issues/comments/${c.id}$`)).length, 0);
});

test('another user\'s review comment that opens with the suggestion marker is never deleted as stale', async () => {
  fake.addPull({ number: 2, baseSha: SHA.base, headSha: SHA.head });
  fake.reviewComments.push({ id: 900_001, node_id: 'PRRC_forged', pull: 2, body: `${SUGGESTION_MARKER}deadbeef -->\nnot a real suggestion`, path: CONFIG, line: 1, side: 'RIGHT', commit_id: SHA.head, user: 'mallory' });
  const r = await runAction({ pull: 2 });
  assert.equal(r.status, 1, show(r));
  assert.equal(calls(r, 'DELETE', /\/pulls\/comments\/900001$/).length, 0, requestLog(r));
  assert.ok(fake.reviewComments.some((c) => c.id === 900_001));
});

test('a personal access token: its earlier comment is found again (learnt from the one it posts, or named by TRAINLINT_COMMENT_AUTHOR)', async () => {
  fake.addPull({ number: 3, baseSha: SHA.base, headSha: SHA.head });
  const forged = fake.postComment(3, `${MARKER}\n\nforged`, 'mallory');
  fake.tokenUser = 'alice';
  try {
    const first = await runAction({ pull: 3 });
    assert.equal(first.status, 1, show(first));
    const [mine, ...more] = byUser(3, 'alice');
    assert.ok(mine && more.length === 0, requestLog(first));

    // Without the input: the run posts, learns it writes as alice, keeps the older comment and deletes its own.
    fake.pulls.get(3)!.headSha = SHA.head2;
    const second = await runAction({ pull: 3 });
    assert.equal(second.status, 1, show(second));
    assert.deepEqual(byUser(3, 'alice').map((c) => c.id), [mine.id], requestLog(second));
    assert.match(byUser(3, 'alice')[0]!.body, /3000/);
    assert.match(second.stdout, /TRAINLINT_COMMENT_AUTHOR: alice/);

    // Named in the step's env: found by its author (logins compare without case), edited in place, nothing posted.
    fake.pulls.get(3)!.headSha = SHA.head;
    const third = await runAction({ pull: 3, env: { TRAINLINT_COMMENT_AUTHOR: 'Alice' } });
    assert.equal(third.status, 1, show(third));
    assert.equal(calls(third, 'POST', /\/issues\/\d+\/comments$/).length, 0, requestLog(third));
    assert.equal(calls(third, 'PATCH', new RegExp(`/issues/comments/${mine.id}$`)).length, 1, requestLog(third));
    assert.equal(forged.body, `${MARKER}\n\nforged`);
    assert.ok(fake.issueComments.get(3)!.some((c) => c.id === forged.id));
  } finally {
    fake.tokenUser = BOT;
  }
});
