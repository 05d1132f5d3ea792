// Baselines: `--write-baseline FILE` records today's findings; with a baseline (given, or .trainlint-baseline.json
// present) those findings are listed as existing and do not count toward fail-on; entries no finding matches any
// more are reported as stale. The pure module (core/baseline.ts), the command line in process (src/cli/main.ts run),
// and the action's input (src/github/baseline.ts).
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { applyBaseline, createBaseline, parseBaseline, serializeBaseline } from '../src/core/baseline.ts';
import { buildReport } from '../src/core/report.ts';
import type { Finding } from '../src/core/types.ts';
import { run } from '../src/cli/main.ts';
import { applyActionBaseline } from '../src/github/baseline.ts';

function finding(fingerprint: string, path = 'a.yaml', ruleId = 'TL101', line = 3): Finding {
  return { ruleId, rule: 'x', severity: 'error', path, line, column: 1, message: `${ruleId} at ${line}`, data: {}, fingerprint };
}

const files = (...paths: string[]) => paths.map((path) => ({ path, dialect: 'nanotron', status: 'reviewed' as const, semantics: null, baseStatus: 'not-compared' as const }));

describe('core/baseline', () => {
  test('findings the baseline records are existing; the others are new and alone counted', () => {
    const before = buildReport(files('a.yaml'), [finding('f1')], 't');
    const baseline = createBaseline(before);
    const now = buildReport(files('a.yaml'), [finding('f1', 'a.yaml', 'TL101', 9), finding('f2', 'a.yaml', 'TL103', 4)], 't');
    const outcome = applyBaseline(now, baseline, 'b.json');
    assert.deepEqual(outcome.existing.map((f) => f.fingerprint), ['f1'], 'matched by fingerprint, not line');
    assert.deepEqual(outcome.report.findings.map((f) => f.fingerprint), ['f2']);
    assert.equal(outcome.report.summary.errors, 1);
    assert.deepEqual(outcome.stale, []);
  });

  test('entries match as a multiset: a second finding with the same fingerprint is new', () => {
    const baseline = createBaseline(buildReport(files('a.yaml'), [finding('f1')], 't'));
    const outcome = applyBaseline(buildReport(files('a.yaml'), [finding('f1'), finding('f1', 'a.yaml', 'TL101', 7)], 't'), baseline, 'b.json');
    assert.equal(outcome.existing.length, 1);
    assert.equal(outcome.report.findings.length, 1);
  });

  test('stale entries are those of reviewed files that nothing matches any more', () => {
    const baseline = createBaseline(buildReport(files('a.yaml', 'b.yaml'), [finding('fa'), finding('fb', 'b.yaml')], 't'));
    const outcome = applyBaseline(buildReport(files('a.yaml'), [], 't'), baseline, 'b.json');
    assert.deepEqual(outcome.stale.map((e) => e.fingerprint), ['fa'], 'b.yaml was not reviewed this run: its entry is not stale');
  });

  test('the file round-trips and a wrong file is refused with its name', () => {
    const baseline = createBaseline(buildReport(files('a.yaml'), [finding('f1')], 't'));
    assert.deepEqual(parseBaseline(serializeBaseline(baseline), 'b.json'), baseline);
    assert.throws(() => parseBaseline('{', 'b.json'), /b\.json: not JSON/);
    assert.throws(() => parseBaseline('{"version": 2, "findings": []}', 'b.json'), /b\.json: not a trainlint baseline/);
    assert.throws(() => parseBaseline('{"version": 1, "findings": [{}]}', 'b.json'), /findings\[0\] has no fingerprint/);
  });
});

// A nanotron run whose 2000-step warmup outlasts its 1500 steps (TL103, an error), written for this test.
const WARMUP_TOO_LONG = `optimizer:
  learning_rate_scheduler:
    learning_rate: 3.0e-4
    lr_warmup_steps: 2000
    lr_warmup_style: linear
    lr_decay_style: cosine
    min_decay_lr: 3.0e-5
tokens:
  train_steps: 1500
`;

const temps: string[] = [];
after(() => temps.forEach((t) => rmSync(t, { recursive: true, force: true })));

function project(): string {
  const dir = mkdtempSync(join(tmpdir(), 'trainlint-baseline-'));
  temps.push(dir);
  writeFileSync(join(dir, 'run.yaml'), WARMUP_TOO_LONG);
  return dir;
}

function cli(args: string[], cwd: string): { status: number; stdout: string; stderr: string } {
  let stdout = '';
  let stderr = '';
  const status = run(args, { cwd, isTty: false, env: {}, stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) });
  return { status, stdout, stderr };
}

describe('trainlint --write-baseline / --baseline', () => {
  test('a written baseline holds back today\'s findings; a new one still fails; a fixed one is stale', () => {
    const dir = project();
    assert.equal(cli(['check', 'run.yaml'], dir).status, 1, 'without a baseline the TL103 error fails');
    const written = cli(['check', 'run.yaml', '--write-baseline', '.trainlint-baseline.json'], dir);
    assert.equal(written.status, 0, written.stdout + written.stderr);
    assert.match(written.stderr, /wrote 1 finding to \.trainlint-baseline\.json/);
    const file = JSON.parse(readFileSync(join(dir, '.trainlint-baseline.json'), 'utf8')) as { version: number; findings: Array<{ ruleId: string; fingerprint: string }> };
    assert.equal(file.version, 1);
    assert.deepEqual(file.findings.map((f) => f.ruleId), ['TL103']);

    // Present under its default name: used without a flag.
    const again = cli(['check', 'run.yaml'], dir);
    assert.equal(again.status, 0, again.stdout);
    assert.match(again.stdout, /1 existing finding recorded in \.trainlint-baseline\.json \(listed, not counted toward fail-on\)/);
    assert.match(again.stdout, /run\.yaml:4:\d+: error \[TL103 warmup-exceeds-training\] \(existing\)/);

    // A new problem (the peak LR far out of range) fails even though the old one is held back.
    writeFileSync(join(dir, 'run.yaml'), WARMUP_TOO_LONG.replace('learning_rate: 3.0e-4', 'learning_rate: 30.0'));
    const json = cli(['check', 'run.yaml', '--format', 'json', '--fail-on', 'warning'], dir);
    const report = JSON.parse(json.stdout) as { findings: Array<{ ruleId: string }>; baseline: { file: string; existing: Array<{ ruleId: string }>; stale: unknown[] } };
    assert.equal(json.status, 1, json.stdout);
    assert.deepEqual(report.baseline.existing.map((f) => f.ruleId), ['TL103']);
    assert.ok(!report.findings.some((f) => f.ruleId === 'TL103'), JSON.stringify(report.findings));
    assert.ok(report.findings.length > 0);

    // Fixed: the entry is stale and said so; nothing fails.
    writeFileSync(join(dir, 'run.yaml'), WARMUP_TOO_LONG.replace('lr_warmup_steps: 2000', 'lr_warmup_steps: 75'));
    const fixed = cli(['check', 'run.yaml'], dir);
    assert.equal(fixed.status, 0, fixed.stdout);
    assert.match(fixed.stdout, /1 stale baseline entry in \.trainlint-baseline\.json .*--write-baseline \.trainlint-baseline\.json/);
  });

  test('--baseline FILE: another name; a missing or broken file is a usage error (exit 2)', () => {
    const dir = project();
    assert.equal(cli(['check', 'run.yaml', '--write-baseline', 'known.json'], dir).status, 0);
    assert.equal(cli(['check', 'run.yaml'], dir).status, 1, 'known.json is not the default name');
    assert.equal(cli(['check', 'run.yaml', '--baseline', 'known.json'], dir).status, 0);
    const missing = cli(['check', 'run.yaml', '--baseline', 'nope.json'], dir);
    assert.equal(missing.status, 2);
    assert.match(missing.stderr, /--baseline nope\.json: file not found/);
    writeFileSync(join(dir, 'broken.json'), '{"findings": 3}');
    const broken = cli(['check', 'run.yaml', '--baseline', 'broken.json'], dir);
    assert.equal(broken.status, 2);
    assert.match(broken.stderr, /broken\.json: not a trainlint baseline/);
  });

  test('SARIF marks held-back findings unchanged and the others new', () => {
    const dir = project();
    cli(['check', 'run.yaml', '--write-baseline', '.trainlint-baseline.json'], dir);
    writeFileSync(join(dir, 'run.yaml'), WARMUP_TOO_LONG.replace('learning_rate: 3.0e-4', 'learning_rate: 30.0'));
    const r = cli(['check', 'run.yaml', '--format', 'sarif', '--fail-on', 'never'], dir);
    const results = (JSON.parse(r.stdout) as { runs: Array<{ results: Array<{ ruleId: string; baselineState: string }> }> }).runs[0]!.results;
    assert.deepEqual(results.filter((x) => x.ruleId === 'TL103').map((x) => x.baselineState), ['unchanged']);
    assert.ok(results.some((x) => x.baselineState === 'new'));
  });
});

describe('action input baseline', () => {
  const saved = process.env.INPUT_BASELINE;
  after(() => {
    if (saved === undefined) delete process.env.INPUT_BASELINE;
    else process.env.INPUT_BASELINE = saved;
  });
  const report = () => buildReport(files('a.yaml'), [finding('f1'), finding('f2', 'a.yaml', 'TL103')], 't');

  test('the checkout\'s .trainlint-baseline.json holds back its findings, with a notice', () => {
    const dir = mkdtempSync(join(tmpdir(), 'trainlint-baseline-action-'));
    temps.push(dir);
    writeFileSync(join(dir, '.trainlint-baseline.json'), serializeBaseline(createBaseline(buildReport(files('a.yaml'), [finding('f1')], 't'))));
    delete process.env.INPUT_BASELINE;
    const notices: string[] = [];
    const out = applyActionBaseline(report(), dir, notices);
    assert.deepEqual(out.findings.map((f) => f.fingerprint), ['f2']);
    assert.match(notices[0] ?? '', /1 existing finding recorded in \.trainlint-baseline\.json/);
  });

  test('no file and no input: every finding counts; an input naming a missing file fails', () => {
    const dir = mkdtempSync(join(tmpdir(), 'trainlint-baseline-action-'));
    temps.push(dir);
    delete process.env.INPUT_BASELINE;
    assert.equal(applyActionBaseline(report(), dir, []).findings.length, 2);
    process.env.INPUT_BASELINE = 'ci/baseline.json';
    assert.throws(() => applyActionBaseline(report(), dir, []), /input baseline: ci\/baseline\.json not found in the checkout/);
  });
});
