// The command line as a terminal user sees it, in-process (run() with a captured stdout/stderr): the layout of a
// multi-file run (findings, then curves of flagged files only, then one line per file), --curves, --quiet, colour
// rules, TRAINLINT_FORMAT, help, usage errors, and the JSON report's capped samples (a 1,000-file report stays small).
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { run } from '../src/cli/main.ts';
import { jsonReportText } from '../src/core/report.ts';
import { review } from '../src/pipeline/review.ts';
import { boundarySteps, cappedSamples, makeSchedule } from '../src/core/schedule.ts';

const temps: string[] = [];
after(() => {
  for (const dir of temps) rmSync(dir, { recursive: true, force: true });
});

/** A nanotron pretraining config written for these tests: `decayEnd` below `steps` is a TL101 error. */
function nanotron(opts: { lr?: number; steps?: number; decayStart?: number; decaySteps?: number } = {}): string {
  const steps = opts.steps ?? 10_000;
  const start = opts.decayStart ?? steps / 2;
  return `general:
  project: test
optimizer:
  learning_rate_scheduler:
    learning_rate: ${opts.lr ?? 0.001}
    lr_warmup_steps: ${steps / 100}
    lr_warmup_style: linear
    lr_decay_style: cosine
    lr_decay_starting_step: ${start}
    lr_decay_steps: ${opts.decaySteps ?? steps - start}
    min_decay_lr: 0
tokens:
  train_steps: ${steps}
`;
}

function folder(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'trainlint-terminal-'));
  temps.push(dir);
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

interface Result {
  status: number;
  stdout: string;
  stderr: string;
}

function cli(args: string[], cwd: string, options: { tty?: boolean; env?: Record<string, string> } = {}): Result {
  let stdout = '';
  let stderr = '';
  const status = run(args, { cwd, stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), isTty: options.tty ?? false, env: options.env ?? {} });
  return { status, stdout, stderr };
}

const CLEAN = Object.fromEntries(Array.from({ length: 6 }, (_, i) => [`configs/clean-${i}.yaml`, nanotron({ lr: 0.001 * (i + 1) })]));
const BROKEN = 'configs/broken.yaml';
const REPO = { ...CLEAN, [BROKEN]: nanotron({ steps: 10_000, decayStart: 2000, decaySteps: 3000 }) };
/** A chart's y-axis line, e.g. `  1e-3 ┤`. */
const CHART_LINE = /┤/;

describe('text output for several files', () => {
  const dir = folder(REPO);

  test('findings first, then the curve of the file with an error only, then one line per file, then the totals', () => {
    const r = cli(['check', 'configs'], dir);
    assert.equal(r.status, 1, r.stderr);
    const lines = r.stdout.trimEnd().split('\n');
    const finding = lines.findIndex((l) => l.startsWith(`${BROKEN}:`) && l.includes('[TL101'));
    const firstChart = lines.findIndex((l) => CHART_LINE.test(l));
    const list = lines.indexOf('Files');
    assert.ok(finding === 0, r.stdout);
    assert.ok(firstChart > finding && list > firstChart, r.stdout);
    // One chart: the broken file's (each chart has exactly one x axis line).
    assert.equal(lines.filter((l) => /^\s+└─/.test(l)).length, 1, r.stdout);
    assert.ok(lines.some((l) => l.startsWith(`${BROKEN} (nanotron, `)), 'the chart is headed by its file');
    // Every file has its line; the one with the error comes first.
    const listed = lines.slice(list + 1, lines.indexOf('', list));
    assert.equal(listed.length, 7, listed.join('\n'));
    assert.match(listed[0]!, new RegExp(`^  x\\s+${BROKEN}\\s+nanotron\\s+1 error\\s+peak 1e-3, 10000 steps, \\d+ at LR 0$`));
    for (const l of listed.slice(1)) assert.match(l, /^  ok\s+configs\/clean-\d\.yaml\s+nanotron\s+no findings\s+peak [\d.e-]+, 10000 steps$/);
    assert.match(lines.at(-1)!, /^1 error, 0 warnings, 0 info in 7 reviewed training configs; --curves all also draws the 6 other curves$/);
  });

  test('--curves all draws every reviewed file, --curves none draws none, anything else is a usage error', () => {
    const all = cli(['check', 'configs', '--curves', 'all', '--fail-on', 'never'], dir);
    assert.equal(all.status, 0);
    assert.equal(all.stdout.split('\n').filter((l) => /^\s+└─/.test(l)).length, 7);
    const none = cli(['check', 'configs', '--curves', 'none'], dir);
    assert.equal(none.stdout.split('\n').filter((l) => CHART_LINE.test(l)).length, 0);
    assert.match(none.stdout, /Files\n/);
    const bad = cli(['check', 'configs', '--curves', 'some'], dir);
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, /--curves some: expected all, findings or none/);
  });

  test('--quiet prints the findings only (and nothing at all for clean files)', () => {
    const r = cli(['check', 'configs', '--quiet'], dir);
    assert.equal(r.status, 1);
    const lines = r.stdout.trimEnd().split('\n');
    assert.match(lines[0]!, /^configs\/broken\.yaml:\d+:\d+: error \[TL101 decay-ends-before-training\]/);
    for (const l of lines.slice(1)) assert.match(l, /^ {4}fix: /);
    const clean = cli(['check', 'configs/clean-0.yaml', '-q'], dir);
    assert.equal(clean.status, 0);
    assert.equal(clean.stdout, '');
  });

  test('a single file named: its curve is drawn even without findings', () => {
    const r = cli(['check', 'configs/clean-0.yaml'], dir);
    assert.equal(r.status, 0);
    assert.equal(r.stdout.split('\n').filter((l) => /^\s+└─/.test(l)).length, 1, r.stdout);
    assert.doesNotMatch(r.stdout, /^Files$/m);
  });
});

describe('colour and format from the environment', () => {
  const dir = folder({ [BROKEN]: REPO[BROKEN]! });
  const ESC = '\u001b[';

  test('colour only on a terminal, never with NO_COLOR set (not empty), never with --no-color', () => {
    assert.ok(cli(['check', BROKEN], dir, { tty: true }).stdout.includes(ESC));
    assert.ok(!cli(['check', BROKEN], dir, { tty: false }).stdout.includes(ESC));
    assert.ok(!cli(['check', BROKEN], dir, { tty: true, env: { NO_COLOR: '1' } }).stdout.includes(ESC));
    assert.ok(cli(['check', BROKEN], dir, { tty: true, env: { NO_COLOR: '' } }).stdout.includes(ESC), 'NO_COLOR set to the empty string does not count (no-color.org)');
    assert.ok(!cli(['check', BROKEN, '--no-color'], dir, { tty: true }).stdout.includes(ESC));
  });

  test('TRAINLINT_FORMAT sets the default format; --format wins; a bad value names its source', () => {
    const json = cli(['check', BROKEN], dir, { env: { TRAINLINT_FORMAT: 'json' } });
    assert.equal((JSON.parse(json.stdout) as { version: number }).version, 1);
    const text = cli(['check', BROKEN, '--format', 'text'], dir, { env: { TRAINLINT_FORMAT: 'json' } });
    assert.match(text.stdout, /^configs\/broken\.yaml:\d+:\d+: error/);
    const bad = cli(['check', BROKEN], dir, { env: { TRAINLINT_FORMAT: 'xml' } });
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, /TRAINLINT_FORMAT xml: expected text, json, markdown, sarif or github/);
  });
});

describe('help, version and usage errors', () => {
  const dir = folder(REPO);

  test('trainlint help, help check, check --help, help plot; an unknown command is exit 2', () => {
    const main = cli(['help'], dir);
    assert.equal(main.status, 0);
    assert.match(main.stdout, /trainlint help \[COMMAND\]/);
    assert.match(main.stdout, /Exit codes:\n {2}0 .*\n {2}1 .*\n {2}2 /);
    for (const args of [['help', 'check'], ['check', '--help']]) {
      const r = cli(args, dir);
      assert.equal(r.status, 0);
      assert.match(r.stdout, /^Usage: trainlint \[check\]/);
      for (const option of ['--curves all|findings|none', '-q, --quiet', '--samples N', 'TRAINLINT_FORMAT', 'NO_COLOR']) assert.ok(r.stdout.includes(option), option);
    }
    assert.match(cli(['help', 'plot'], dir).stdout, /^Usage: trainlint plot FILE/);
    assert.match(cli(['plot', '--help'], dir).stdout, /^Usage: trainlint plot FILE/);
    const unknown = cli(['help', 'lint'], dir);
    assert.equal(unknown.status, 2);
    assert.match(unknown.stderr, /help lint: no such command/);
  });

  test('--version and -V print the version alone', () => {
    const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
    assert.equal(cli(['--version'], dir).stdout, `${pkg.version}\n`);
    assert.equal(cli(['-V'], dir).stdout, `${pkg.version}\n`);
  });

  test('a glob that matches nothing is exit 2 naming the pattern; one that matches reviews those files', () => {
    const none = cli(['check', 'configs/*.yml'], dir);
    assert.equal(none.status, 2);
    assert.match(none.stderr, /^trainlint: configs\/\*\.yml: no file matches this pattern/);
    const some = cli(['check', 'configs/clean-*.yaml', '--format', 'json'], dir);
    assert.equal(some.status, 0);
    assert.equal((JSON.parse(some.stdout) as { files: unknown[] }).files.length, 6);
    const missing = cli(['check', 'configs/nope.yaml'], dir);
    assert.equal(missing.status, 2);
    assert.match(missing.stderr, /configs\/nope\.yaml: no such file or directory/);
  });

  test('--output into a folder that does not exist says so, without a stack trace, and writes nothing', () => {
    const r = cli(['check', 'configs', '--output', 'reports/out.json', '--format', 'json'], dir);
    assert.equal(r.status, 2);
    assert.equal(r.stderr, 'trainlint: --output reports/out.json: the folder reports does not exist (create it first)\n');
    assert.equal(r.stdout, '');
    const ok = cli(['check', 'configs', '--output', 'out.json', '--format', 'json'], dir);
    assert.equal(ok.status, 1);
    assert.equal((JSON.parse(readFileSync(join(dir, 'out.json'), 'utf8')) as { version: number }).version, 1);
    const folderTarget = cli(['check', 'configs', '--output', 'configs'], dir);
    assert.equal(folderTarget.status, 2);
    assert.match(folderTarget.stderr, /--output configs: cannot write the report \(is a folder\)/);
    assert.doesNotMatch(folderTarget.stderr, /\n\s+at /);
  });

  test('--samples must be a whole number of at least 2', () => {
    for (const bad of ['1', '0', '2.5', 'many']) {
      const r = cli(['check', 'configs', '--samples', bad, '--format', 'json'], dir);
      assert.equal(r.status, 2, bad);
      assert.match(r.stderr, /--samples .*: expected a whole number of points, at least 2/);
    }
  });
});

describe('JSON report: capped samples', () => {
  test('cappedSamples: at most max points plus the boundaries, each boundary with its exact LR; short runs keep every step', () => {
    const schedule = makeSchedule({
      totalSteps: 1_000_000,
      peakLr: 1,
      lrAt: (k) => (k < 1234 ? k / 1234 : k < 700_001 ? 1 : 0.5),
      phases: [
        { kind: 'warmup', start: 0, end: 1234, style: 'linear' },
        { kind: 'constant', start: 1234, end: 700_001, style: 'constant' },
        { kind: 'floor', start: 700_001, end: 1_000_000, style: 'constant' },
      ],
    });
    const points = cappedSamples(schedule, 50);
    const boundaries = boundarySteps(schedule);
    assert.ok(points.length <= 50 + boundaries.length, `${points.length} points`);
    const at = new Map(points);
    for (const k of boundaries) assert.equal(at.get(k), schedule.lrAt(k), `step ${k}`);
    assert.deepEqual(points.map(([k]) => k), [...points.map(([k]) => k)].sort((a, b) => a - b));
    assert.equal(points[0]![0], 0);
    assert.equal(points.at(-1)![0], 999_999);
    const short = makeSchedule({ totalSteps: 40, peakLr: 1, lrAt: (k) => k / 40, phases: [{ kind: 'warmup', start: 0, end: 40, style: 'linear' }] });
    assert.deepEqual(cappedSamples(short, 50).map(([k]) => k), Array.from({ length: 40 }, (_, k) => k));
  });

  test('--samples N caps each curve; the default keeps a 10,000-step curve to a few hundred points', () => {
    const dir = folder(REPO);
    const samplesOf = (args: string[]) => {
      const json = JSON.parse(cli(['check', BROKEN, '--format', 'json', ...args], dir).stdout) as { files: Array<{ curve: { samples: Array<[number, number]> } }> };
      return json.files[0]!.curve.samples;
    };
    const byDefault = samplesOf([]);
    // 200 evenly spaced steps over 10,000 plus boundaries, less the inside of the LR-0 floor after step 5000.
    assert.ok(byDefault.length >= 50 && byDefault.length <= 230, `${byDefault.length}`);
    assert.ok(byDefault.every(([k]) => k <= 5001 || k === 9999), 'the floor at 0 is its two ends');
    const few = samplesOf(['--samples', '20']);
    assert.ok(few.length >= 10 && few.length <= 40, `${few.length}`);
    // The decay ends at step 5000 (2000 + 3000): the LR there and around it is in the report exactly.
    const at = new Map(few);
    for (const k of [4999, 5000, 5001]) assert.ok(at.has(k), `step ${k}`);
  });

  test('a report of 1,000 files stays a few MB (about twice that when each is compared with its base) and parses back to the same samples', () => {
    const inputs = Array.from({ length: 1000 }, (_, i) => ({
      path: `sweep/run-${String(i).padStart(4, '0')}.yaml`,
      text: nanotron({ lr: 0.0001 * ((i % 30) + 1), steps: 100_000 + 1000 * (i % 7) }),
      explicit: true,
    }));
    const report = review(inputs);
    const text = jsonReportText(report, 200);
    assert.ok(text.length < 5 * 1024 * 1024, `${(text.length / 1024 / 1024).toFixed(1)} MB`);
    const json = JSON.parse(text) as { files: Array<{ curve: { samples: Array<[number, number]> } }> };
    assert.equal(json.files.length, 1000);
    assert.deepEqual(json.files[0]!.curve.samples, cappedSamples(report.files[0]!.head!.plan.schedule, 200));
    const compared = review(inputs.map((input) => ({ ...input, baseText: nanotron({ lr: 0.0003, steps: 100_000 }) })));
    const both = jsonReportText(compared, 200);
    assert.ok(both.length < 2.5 * text.length, `${(both.length / 1024 / 1024).toFixed(1)} MB`);
    const parsed = JSON.parse(both) as { files: Array<{ base: { curve: { samples: Array<[number, number]> } } }> };
    assert.deepEqual(parsed.files[0]!.base.curve.samples, cappedSamples(compared.files[0]!.base!.plan.schedule, 200));
  });
});

test('a file with a warning but no curve is listed with the warnings, with its count, not among the files left unreviewed', () => {
  const dir = folder({
    'train.yaml': 'task: detect\nmode: train\nmodel: yolo11n.pt\ndata: missing.yaml\nepochs: 50\nbatch: 16\nimgsz: 640\noptimizer: auto\nlr0: 0.0005\nlrf: 0.01\nwarmup_epochs: 3.0\nmosaic: 1.0\n',
    'clean.yaml': nanotron(),
  });
  const out = cli(['check', 'train.yaml', 'clean.yaml', '--fail-on', 'never', '--no-color'], dir).stdout;
  const rows = out.slice(out.indexOf('\nFiles')).split('\n').filter((l) => l.includes('.yaml'));
  assert.match(rows[0] ?? '', /^ {2}! {2}train\.yaml +ultralytics +1 warning +not simulated: /);
  assert.match(rows[1] ?? '', /^ {2}ok {1}clean\.yaml/);
});
