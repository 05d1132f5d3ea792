// Hub dataset sizes (issue 13): `--hub` / `hub:` in .trainlint.yml look up the row counts of the Hub datasets the
// configs name from the dataset viewer's /size endpoint. A stand-in server on 127.0.0.1 answers in the documented
// format (https://huggingface.co/docs/dataset-viewer/size); nothing here reaches the internet.
import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { cpSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { type Io } from '../src/cli/command.ts';
import { runAsync } from '../src/cli/main.ts';
import { lookUpHubSizes } from '../src/edge/hub.ts';
import { isHubDatasetId, recordingHub } from '../src/resolve/hub-names.ts';
import { settingsFromText } from '../src/pipeline/settings.ts';

const REPO_ROOT = join(import.meta.dirname, '..');
const EXAMPLE = 'examples/epochs/hub/sft-alpaca-hub.yaml';

function sizeAnswer(dataset: string, splits: Array<[config: string, split: string, rows: number]>, partial = false): unknown {
  return {
    size: {
      dataset: { dataset, num_rows: splits.reduce((a, s) => a + s[2], 0) },
      configs: [...new Set(splits.map((s) => s[0]))].map((config) => ({ dataset, config, num_rows: splits.filter((s) => s[0] === config).reduce((a, s) => a + s[2], 0) })),
      splits: splits.map(([config, split, rows]) => ({ dataset, config, split, num_bytes_parquet_files: 1, num_bytes_memory: 1, num_rows: rows, num_columns: 3 })),
    },
    pending: [],
    failed: [],
    partial,
  };
}

interface StandIn {
  url: string;
  requests: IncomingMessage[];
  close(): Promise<void>;
}

/** A local stand-in for the dataset viewer: `answer` gives status and body per dataset name (null: never answer). */
async function standIn(answer: (dataset: string) => { status: number; body: unknown } | null): Promise<StandIn> {
  const requests: IncomingMessage[] = [];
  const server: Server = createServer((req, res) => {
    requests.push(req);
    const dataset = new URL(req.url ?? '/', 'http://x').searchParams.get('dataset') ?? '';
    const reply = answer(dataset);
    if (reply === null) return; // hangs: the client's timeout ends it
    res.writeHead(reply.status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(reply.body));
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () => new Promise((done) => { server.closeAllConnections(); server.close(() => done()); }),
  };
}

async function cli(args: string[], env: Record<string, string | undefined>, cwd = REPO_ROOT): Promise<{ code: number; report: any; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const io: Io = { cwd, stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), isTty: false, env };
  const code = await runAsync(['check', ...args, '--format', 'json', '--fail-on', 'never'], io);
  return { code, report: stdout ? JSON.parse(stdout) : null, stderr };
}

const ALPACA = () => ({ status: 200, body: sizeAnswer('tatsu-lab/alpaca', [['default', 'train', 52002]]) });

describe('--hub through the CLI (stand-in dataset viewer on 127.0.0.1)', () => {
  let server: StandIn;
  before(async () => {
    server = await standIn((name) => (name === 'tatsu-lab/alpaca' ? ALPACA() : { status: 404, body: { error: 'not found' } }));
  });
  after(() => server.close());

  it('traces the Hub train split size and derives the run length from it', async () => {
    const before = server.requests.length;
    const { code, report } = await cli([EXAMPLE, '--hub'], { TRAINLINT_HUB_URL: server.url, HF_TOKEN: 'secret' });
    assert.equal(code, 0);
    const plan = report.files[0].plan;
    assert.ok(plan.assumptions.includes('dataset size 52002 samples: Hub tatsu-lab/alpaca train split: 52002 rows'), plan.assumptions.join('\n'));
    // 3 epochs x ceil(ceil(52002 / 8) / 4) updates (HF Trainer, one process).
    assert.equal(plan.totalSteps, 3 * Math.ceil(Math.ceil(52002 / 8) / 4));
    assert.equal(plan.assumedLength, undefined);
    assert.ok(!report.findings.some((f: { ruleId: string }) => f.ruleId === 'TL006'));
    const sent = server.requests.slice(before);
    assert.equal(sent.length, 1, 'one lookup per dataset per run');
    assert.equal(sent[0]!.url, '/size?dataset=tatsu-lab%2Falpaca');
    assert.equal(sent[0]!.headers.authorization, undefined, 'no token unless the settings name its variable');
  });

  it('makes no request without --hub, and says how to turn it on', async () => {
    const before = server.requests.length;
    const { report } = await cli([EXAMPLE], { TRAINLINT_HUB_URL: server.url });
    assert.equal(server.requests.length, before);
    const plan = report.files[0].plan;
    assert.ok(plan.assumedLength);
    assert.ok(plan.assumptions.some((a: string) => a.includes('looked up only with --hub')), plan.assumptions.join('\n'));
    assert.ok(report.findings.some((f: { ruleId: string; severity: string }) => f.ruleId === 'TL006' && f.severity === 'info'));
  });

  it('hub: { token-env: HF_TOKEN } in .trainlint.yml turns the lookup on and sends that variable as the token', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'trainlint-hub-'));
    cpSync(join(REPO_ROOT, 'examples/epochs/hub'), dir, { recursive: true });
    writeFileSync(join(dir, '.trainlint.yml'), 'hub:\n  token-env: HF_TOKEN\n');
    const before = server.requests.length;
    const { report } = await cli(['sft-alpaca-hub.yaml'], { TRAINLINT_HUB_URL: server.url, HF_TOKEN: 'hf_test' }, dir);
    const sent = server.requests.slice(before);
    assert.equal(sent.length, 1);
    assert.equal(sent[0]!.headers.authorization, 'Bearer hf_test');
    assert.ok(report.files[0].plan.assumptions.some((a: string) => a.includes('Hub tatsu-lab/alpaca train split: 52002 rows')));
  });

  it('a failed lookup is an info finding and the review goes on as without --hub', async () => {
    const failing = await standIn(() => ({ status: 500, body: { error: 'boom' } }));
    try {
      const { code, report } = await cli([EXAMPLE, '--hub'], { TRAINLINT_HUB_URL: failing.url });
      assert.equal(code, 0);
      assert.equal(report.files[0].status, 'reviewed');
      const plan = report.files[0].plan;
      assert.ok(plan.assumedLength);
      assert.ok(plan.assumptions.some((a: string) => /Hub size of tatsu-lab\/alpaca is unknown: the Hub answered HTTP 500/.test(a)), plan.assumptions.join('\n'));
      assert.ok(report.findings.some((f: { ruleId: string; severity: string }) => f.ruleId === 'TL006' && f.severity === 'info'));
    } finally {
      await failing.close();
    }
  });
});

describe('lookUpHubSizes', () => {
  it('gives up after the timeout and says so', async () => {
    const hanging = await standIn(() => null);
    try {
      const started = Date.now();
      const hub = await lookUpHubSizes([{ dataset: 'org/slow', split: 'train' }], { baseUrl: hanging.url, timeoutMs: 200, maxDatasets: 5 });
      assert.ok(Date.now() - started < 3000);
      const answer = hub.rows('org/slow', undefined, 'train');
      assert.equal(answer?.ok, false);
      assert.match(answer && !answer.ok ? answer.why : '', /no answer within 0\.2 s/);
    } finally {
      await hanging.close();
    }
  });

  it('picks the named config, the only one, or "default"; several without a name are not guessed', async () => {
    const server = await standIn((name) => ({
      status: 200,
      body: name === 'org/multi' ? sizeAnswer(name, [['en', 'train', 10], ['fr', 'train', 20]]) : name === 'org/partial' ? sizeAnswer(name, [['default', 'train', 5]], true) : sizeAnswer(name, [['default', 'train', 7], ['other', 'train', 9], ['default', 'test', 3]]),
    }));
    try {
      const hub = await lookUpHubSizes(
        [{ dataset: 'org/multi', split: 'train' }, { dataset: 'org/def', split: 'train' }, { dataset: 'org/partial', split: 'train' }],
        { baseUrl: server.url, timeoutMs: 2000, maxDatasets: 5 },
      );
      assert.deepEqual(hub.rows('org/multi', 'fr', 'train'), { ok: true, rows: 20 });
      const unnamed = hub.rows('org/multi', undefined, 'train');
      assert.equal(unnamed?.ok, false);
      assert.match(unnamed && !unnamed.ok ? unnamed.why : '', /2 configs \(en, fr\)/);
      assert.deepEqual(hub.rows('org/def', undefined, 'train'), { ok: true, rows: 7 });
      assert.deepEqual(hub.rows('org/def', undefined, 'test'), { ok: true, rows: 3 });
      assert.equal(hub.rows('org/def', undefined, 'validation')?.ok, false);
      assert.equal(hub.rows('org/partial', undefined, 'train')?.ok, false, 'a partial count is not the size');
      assert.equal(hub.rows('org/never-asked', undefined, 'train'), undefined);
    } finally {
      await server.close();
    }
  });

  it('looks up at most maxDatasets names per run', async () => {
    const server = await standIn((name) => ({ status: 200, body: sizeAnswer(name, [['default', 'train', 1]]) }));
    try {
      const hub = await lookUpHubSizes(['a/1', 'a/2', 'a/3'].map((dataset) => ({ dataset, split: 'train' })), { baseUrl: server.url, timeoutMs: 2000, maxDatasets: 2 });
      assert.equal(server.requests.length, 2);
      assert.match(JSON.stringify(hub.rows('a/3', undefined, 'train')), /only the first 2 Hub datasets/);
    } finally {
      await server.close();
    }
  });
});

describe('hub names and settings', () => {
  it('records each Hub dataset a reader asks about, and never a local path', () => {
    const rec = recordingHub();
    assert.equal(rec.rows('tatsu-lab/alpaca', undefined, 'train'), undefined);
    rec.rows('tatsu-lab/alpaca', undefined, 'train');
    rec.rows('HuggingFaceH4/ultrachat_200k', 'default', 'train_sft');
    rec.rows('./data/train.jsonl', undefined, 'train');
    assert.deepEqual(rec.requests(), [{ dataset: 'tatsu-lab/alpaca', split: 'train' }, { dataset: 'HuggingFaceH4/ultrachat_200k', config: 'default', split: 'train_sft' }]);
    assert.equal(isHubDatasetId('data/alpaca.json'), false);
    assert.equal(isHubDatasetId('../x/y'), false);
  });

  it('reads hub: true, hub: { token-env }, and refuses other shapes', () => {
    assert.deepEqual(settingsFromText('hub: true\n', 's').hub, {});
    assert.equal(settingsFromText('hub: false\n', 's').hub, undefined);
    assert.equal(settingsFromText('fail-on: error\n', 's').hub, undefined);
    assert.deepEqual(settingsFromText('hub:\n  token-env: HF_TOKEN\n', 's').hub, { tokenEnv: 'HF_TOKEN' });
    assert.throws(() => settingsFromText('hub:\n  token: hf_abc\n', 's'));
  });
});
