// The command line end to end, as a user runs it: `node dist/index.js ...` in a child process, in the repo
// or in a temporary folder / git repository, no mocks. Covers the SmolLM-135M slip (spec/cli.md, report.md):
// the finding, its position, numbers and fix, exit codes, every output format, `plot`, `explain`, `schema`,
// usage errors, `--base REF` against a real git history, and project settings / inline suppression.
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { readManifest, REPO_ROOT, sharedFolder, toleranceRatio } from './support/shared-data.ts';

/** The bundle under test: dist/index.js, or another build named by TRAINLINT_DIST. */
const DIST = process.env.TRAINLINT_DIST ? resolve(process.env.TRAINLINT_DIST) : join(REPO_ROOT, 'dist', 'index.js');
const BAD = 'examples/nanotron/pretrain-135m-decay-too-early.yaml';
const GOOD = 'examples/nanotron/pretrain-135m-good.yaml';

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the bundle like the `trainlint` binary. Never as the GitHub Action, never with colour. */
function cli(args: string[], cwd = REPO_ROOT, extraEnv: Record<string, string> = {}): Run {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1', TRAINLINT_MODE: 'cli', ...extraEnv };
  delete env.GITHUB_ACTIONS;
  const r = spawnSync(process.execPath, [DIST, ...args], { cwd, env, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (r.error) throw r.error;
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

function show(r: Run): string {
  return `exit ${r.status}\n--- stdout\n${r.stdout.slice(0, 4000)}\n--- stderr\n${r.stderr.slice(0, 4000)}`;
}

interface JsonFinding {
  ruleId: string;
  rule: string;
  severity: string;
  path: string;
  line: number;
  column: number;
  message: string;
  fix?: { description: string; edits: Array<{ path: string; line: number; key: string; value: unknown }> };
  data: Record<string, unknown>;
  fingerprint: string;
}
interface JsonFile {
  path: string;
  dialect: string | null;
  status: string;
  plan: { decay?: { start: number; steps: number } } | null;
  base?: { plan: { decay?: { start: number; steps: number } } | null; curve: unknown };
}
interface JsonReport {
  version: number;
  tool: { name: string; version: string };
  summary: Record<string, number>;
  files: JsonFile[];
  findings: JsonFinding[];
}

function json(r: Run): JsonReport {
  try {
    return JSON.parse(r.stdout) as JsonReport;
  } catch (err) {
    assert.fail(`stdout is not JSON (${String(err)}):\n${show(r)}`);
  }
}

/** 1-based line and column of `key:` in a YAML text (first occurrence). */
function keyPosition(text: string, key: string): { line: number; column: number } {
  const lines = text.split('\n');
  const index = lines.findIndex((l) => new RegExp(`^\\s*${key}:`).test(l));
  assert.ok(index >= 0, `${key} not found`);
  return { line: index + 1, column: (lines[index] ?? '').search(/\S/) + 1 };
}

const HAS_GIT = spawnSync('git', ['--version'], { encoding: 'utf8' }).status === 0;
const NO_GIT = 'git is not installed';

const temps: string[] = [];
function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), `trainlint-cli-${prefix}-`));
  temps.push(dir);
  return dir;
}
after(() => {
  for (const dir of temps) rmSync(dir, { recursive: true, force: true });
});

function git(cwd: string, ...args: string[]): void {
  const r = spawnSync('git', ['-c', 'user.email=t@t', '-c', 'user.name=t', '-c', 'commit.gpgsign=false', ...args], { cwd, encoding: 'utf8' });
  assert.equal(r.status, 0, `git ${args.join(' ')}: ${r.stderr}`);
}

// ---------------------------------------------------------------------------------------------------
// The SmolLM-135M slip: decay 250000 + 50000 = 300000 < train_steps 600000, 1-sqrt to 0.

/** The same assertions for the real config (corpus) and the bundled example that reproduces it. */
function smolLmSuite(label: string, cwd: string, file: string): void {
  const text = readFileSync(join(cwd, file), 'utf8');
  const at = keyPosition(text, 'lr_decay_steps');

  describe(`SmolLM-135M decay ends at half the run: ${label}`, () => {
    test('text: TL101 error at lr_decay_steps with the numbers and a fix naming 350000; exit 1', () => {
      const r = cli([file], cwd);
      assert.equal(r.status, 1, show(r));
      const line = r.stdout.split('\n').find((l) => l.includes('[TL101 decay-ends-before-training]'));
      assert.ok(line, show(r));
      assert.ok(line.startsWith(`${file}:${at.line}:${at.column}: error [TL101 decay-ends-before-training] `), line);
      for (const n of ['300000', '600000', '50 %']) assert.ok(line.includes(n), `"${n}" missing in: ${line}`);
      const fix = r.stdout.split('\n')[r.stdout.split('\n').indexOf(line) + 1] ?? '';
      assert.match(fix, /^\s+fix: .*lr_decay_steps: 350000/, fix);
      assert.equal(r.stderr, '');
    });

    test('--fail-on never: same report, exit 0', () => {
      const r = cli([file, '--fail-on', 'never'], cwd);
      assert.equal(r.status, 0, show(r));
      assert.match(r.stdout, /error \[TL101 decay-ends-before-training\]/);
    });

    test('json: the finding with its line, data and a fix edit to 350000', () => {
      const r = cli([file, '--format', 'json'], cwd);
      assert.equal(r.status, 1, show(r));
      const report = json(r);
      const errors = report.findings.filter((f) => f.severity === 'error');
      assert.deepEqual(errors.map((f) => f.ruleId), ['TL101'], show(r));
      const f = errors[0]!;
      assert.equal(f.path, file);
      assert.equal(f.line, at.line);
      assert.equal(f.column, at.column);
      assert.equal(f.data.decayEnd, 300000);
      assert.equal(f.data.totalSteps, 600000);
      assert.ok(f.fix, 'TL101 has a fix');
      assert.ok(
        f.fix.edits.some((e) => e.key === 'lr_decay_steps' && e.value === 350000 && e.line === at.line),
        JSON.stringify(f.fix),
      );
      assert.equal(report.files[0]?.status, 'reviewed');
      assert.equal(report.files[0]?.dialect, 'nanotron');
    });

    test("plot --format json --at: exactly nanotron's LR at updates 0, 1, 299999, 300000", () => {
      const r = cli(['plot', file, '--format', 'json', '--at', '0,1,299999,300000'], cwd);
      assert.equal(r.status, 0, show(r));
      const out = JSON.parse(r.stdout) as { path: string; dialect: string; totalSteps: number; points: Array<[number, number]> };
      assert.equal(out.dialect, 'nanotron');
      assert.equal(out.totalSteps, 600000);
      assert.deepEqual(out.points.map((p) => p[0]), [0, 1, 299999, 300000]);
      // helpers.py lr_scheduler_builder: update k uses lambda(k); warmup is `lr * k / warmup` (k <= 2500),
      // 1-sqrt decay is `min + (lr - min) * (1 - sqrt((k - start) / steps))` below start + steps, then min.
      const want = [0, (3e-3 * 1) / 2500, 3e-3 * (1 - Math.sqrt(49999 / 50000)), 0];
      out.points.forEach(([step, lr], i) => {
        assert.ok(toleranceRatio(lr, want[i]!) <= 1, `update ${step}: got ${lr}, want ${want[i]}`);
      });
      assert.equal(out.points[0]![1], 0);
      assert.equal(out.points[3]![1], 0);
    });
  });
}

const corpus = sharedFolder('TRAINLINT_CORPUS', '../shared/corpus');
const smolRow = corpus.ok
  ? readManifest(corpus.path).find(
      (r) => r.repo === 'huggingface/smollm' && r.path === 'pre-training/smollm1/config_smollm1_135M.yaml' && r.expect.startsWith('bad'),
    )
  : undefined;
if (!corpus.ok) {
  test('SmolLM-135M bad config from the corpus', { skip: `corpus not available: ${corpus.reason}` }, () => {});
} else if (!smolRow || !existsSync(join(corpus.path, smolRow.file))) {
  test('SmolLM-135M bad config from the corpus', { skip: 'MANIFEST.tsv lists no bad huggingface/smollm config_smollm1_135M.yaml file' }, () => {});
} else {
  smolLmSuite('corpus', corpus.path, smolRow.file);
}
smolLmSuite('example', REPO_ROOT, BAD);

test('the fixed config (decay ends at train_steps) has no error: exit 0', () => {
  const r = cli([GOOD]);
  assert.equal(r.status, 0, show(r));
  assert.doesNotMatch(r.stdout, /\berror \[/);
  const report = json(cli([GOOD, '--format', 'json']));
  assert.deepEqual(report.findings.filter((f) => f.severity === 'error'), []);
  assert.equal(report.files[0]?.status, 'reviewed');
});

// ---------------------------------------------------------------------------------------------------
// Formats

describe('formats', () => {
  test('json: only JSON on stdout, version 1, findings sorted, byte-identical across runs', () => {
    const first = cli(['examples', '--format', 'json', '--fail-on', 'never']);
    const second = cli(['examples', '--format', 'json', '--fail-on', 'never']);
    assert.equal(first.status, 0, show(first));
    assert.equal(first.stdout, second.stdout, 'two runs differ');
    assert.equal(first.stderr, '');
    assert.match(first.stdout, /^\{[\s\S]*\}\n$/);
    const report = json(first);
    assert.equal(report.version, 1);
    assert.equal(report.tool.name, 'trainlint');
    assert.ok(report.findings.length >= 2, 'the examples hold at least two findings');
    const key = (f: JsonFinding) => [f.path, f.line, f.column, f.ruleId] as const;
    const sorted = [...report.findings].sort((a, b) => {
      const [x, y] = [key(a), key(b)];
      for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return x[i]! < y[i]! ? -1 : 1;
      return 0;
    });
    assert.deepEqual(report.findings.map(key), sorted.map(key));
    for (const f of report.findings) assert.ok(f.line >= 1 && f.fingerprint, JSON.stringify(f));
    // Discovery under examples/ skips the not-training folder silently.
    assert.ok(report.files.every((f) => !f.path.startsWith('examples/not-training/')), report.files.map((f) => f.path).join(', '));
  });

  test('sarif: SARIF 2.1.0, one run, rules with helpUri, results with physical locations', () => {
    const r = cli([BAD, '--format', 'sarif']);
    assert.equal(r.status, 1, show(r));
    const sarif = JSON.parse(r.stdout) as {
      version: string;
      runs: Array<{
        tool: { driver: { name: string; rules: Array<{ id: string; helpUri?: string }> } };
        results: Array<{ ruleId: string; level: string; locations: Array<{ physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } } }> }>;
      }>;
    };
    assert.equal(sarif.version, '2.1.0');
    assert.equal(sarif.runs.length, 1);
    const run = sarif.runs[0]!;
    assert.equal(run.tool.driver.name, 'trainlint');
    assert.ok(run.tool.driver.rules.some((rule) => rule.id === 'TL101' && /TL101/.test(rule.helpUri ?? '')));
    const result = run.results.find((x) => x.ruleId === 'TL101');
    assert.ok(result, show(r));
    assert.equal(result.level, 'error');
    assert.equal(result.locations[0]?.physicalLocation.artifactLocation.uri, BAD);
    assert.equal(result.locations[0]?.physicalLocation.region.startLine, 25);
  });

  test('github: ::error workflow commands with file and line', () => {
    const r = cli([BAD, '--format', 'github']);
    assert.equal(r.status, 1, show(r));
    const lines = r.stdout.split('\n').filter((l) => l.startsWith('::error '));
    assert.equal(lines.length, 1, show(r));
    assert.ok(lines[0]!.startsWith(`::error file=${BAD},line=25,`), lines[0]);
    assert.match(lines[0]!, /title=TL101 decay-ends-before-training::/);
  });

  test('markdown: the PR comment body, starting with its marker', () => {
    const r = cli([BAD, '--format', 'markdown']);
    assert.equal(r.status, 1, show(r));
    assert.ok(r.stdout.startsWith('<!-- trainlint:comment -->'), r.stdout.slice(0, 200));
    assert.match(r.stdout, /TL101/);
  });

  test('--output FILE writes the report there and nothing to stdout', () => {
    const dir = tempDir('output');
    const out = join(dir, 'report.json');
    const r = cli([join(REPO_ROOT, BAD), '--format', 'json', '--output', out], dir);
    assert.equal(r.status, 1, show(r));
    assert.equal(r.stdout, '');
    assert.equal((JSON.parse(readFileSync(out, 'utf8')) as JsonReport).version, 1);
  });
});

test(
  'output piped into a reader that stops early (`trainlint ... | head`) ends quietly',
  {
    skip: spawnSync('sh', ['-c', 'exit 0']).status === 0 ? false : 'no POSIX shell',
  },
  () => {
    const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1', TRAINLINT_MODE: 'cli', DIST };
    delete env.GITHUB_ACTIONS;
    const r = spawnSync('sh', ['-c', '"$NODE" "$DIST" examples --format json --fail-on never | head -c 10 >/dev/null'], {
      cwd: REPO_ROOT,
      env: { ...env, NODE: process.execPath },
      encoding: 'utf8',
    });
    assert.doesNotMatch(r.stderr, /EPIPE|Unhandled/, r.stderr);
  },
);

// ---------------------------------------------------------------------------------------------------
// plot, explain, schema, help, version

test('plot (text): the chart with its legend and the end-of-training marker', () => {
  const r = cli(['plot', BAD]);
  assert.equal(r.status, 0, show(r));
  assert.match(r.stdout, /█ LR/);
  assert.match(r.stdout, /\| end of training \(600k\)/);
  assert.match(r.stdout, /E LR reaches 0 \(300k\)/);
  assert.match(r.stdout, /D decay start \(250k\)/);
});

test('explain TL101 prints the rule documentation (by id and by name)', () => {
  for (const name of ['TL101', 'decay-ends-before-training']) {
    const r = cli(['explain', name]);
    assert.equal(r.status, 0, show(r));
    assert.match(r.stdout, /TL101/);
    assert.match(r.stdout, /decay-ends-before-training/);
  }
});

test('schema nanotron prints a valid JSON Schema', () => {
  const r = cli(['schema', 'nanotron']);
  assert.equal(r.status, 0, show(r));
  const schema = JSON.parse(r.stdout) as { $schema?: string; properties?: Record<string, unknown> };
  assert.match(schema.$schema ?? '', /json-schema\.org/);
  assert.ok(schema.properties?.optimizer && schema.properties.tokens);
});

test('--help and --version', () => {
  const help = cli(['--help']);
  assert.equal(help.status, 0, show(help));
  assert.match(help.stdout, /Usage:/);
  for (const word of ['--base', '--format', '--fail-on', 'plot', 'explain', 'schema']) assert.ok(help.stdout.includes(word), word);
  const version = cli(['--version']);
  assert.equal(version.status, 0, show(version));
  const pkg = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string };
  assert.equal(version.stdout.trim(), pkg.version);
});

// ---------------------------------------------------------------------------------------------------
// Usage errors: exit 2 with a message on stderr, nothing on stdout

describe('usage errors exit 2 with a message', () => {
  const cases: Array<[string, string[], RegExp]> = [
    ['unknown format', [BAD, '--format', 'xml'], /--format xml/],
    ['missing path', ['no/such/config.yaml'], /no\/such\/config\.yaml: no such file/],
    ['bad --fail-on', [BAD, '--fail-on', 'sometimes'], /--fail-on sometimes/],
    ['unknown rule (explain)', ['explain', 'TL999'], /unknown rule TL999/],
    ['unknown option', [BAD, '--frobnicate'], /frobnicate/],
    ['unknown dialect (schema)', ['schema', 'megatron'], /schema needs a dialect/],
    ['plot without a file', ['plot'], /plot needs exactly one FILE/],
    ['plot --at with a non-step', ['plot', BAD, '--format', 'json', '--at', '1,-2'], /--at/],
  ];
  for (const [name, args, message] of cases) {
    test(name, () => {
      const r = cli(args);
      assert.equal(r.status, 2, show(r));
      assert.match(r.stderr, message);
      assert.match(r.stderr, /^trainlint: /);
      assert.doesNotMatch(r.stderr, /internal error|\n\s+at /, 'a usage error, not a stack trace');
    });
  }

  test(
    'plot with a missing file, a directory or an unknown --base ref',
    {},
    () => {
      for (const args of [['plot', 'no/such.yaml'], ['plot', 'examples'], ['plot', GOOD, '--base', 'no-such-ref']]) {
        const r = cli(args);
        assert.equal(r.status, 2, show(r));
        assert.doesNotMatch(r.stderr, /internal error|\n\s+at /, `${args.join(' ')}: ${r.stderr}`);
      }
    },
  );

  test('--base with an unknown ref', { skip: HAS_GIT ? false : NO_GIT }, () => {
    const dir = tempDir('badref');
    git(dir, 'init', '-q');
    copyFileSync(join(REPO_ROOT, GOOD), join(dir, 'config.yaml'));
    git(dir, 'add', '.');
    git(dir, 'commit', '-qm', 'config');
    const r = cli(['--base', 'no-such-ref', 'config.yaml'], dir);
    assert.equal(r.status, 2, show(r));
    assert.match(r.stderr, /--base no-such-ref/);
    assert.equal(r.stdout, '');
  });

  test(
    'an unknown rule in .trainlint.yml (a typo would otherwise never take effect)',
    () => {
      const dir = tempDir('unknown-rule');
      copyFileSync(join(REPO_ROOT, GOOD), join(dir, 'config.yaml'));
      writeFileSync(join(dir, '.trainlint.yml'), 'rules:\n  TL1O1: warning\n');
      const r = cli(['config.yaml'], dir);
      assert.equal(r.status, 2, show(r));
      assert.match(r.stderr, /unknown rule TL1O1/);
    },
  );
});

test('a file named explicitly that matches no dialect: unknown-dialect, no finding, exit 0', () => {
  const r = cli(['examples/not-training/config.json', 'examples/not-training/docker-compose.yml', '--format', 'json']);
  assert.equal(r.status, 0, show(r));
  const report = json(r);
  assert.deepEqual(
    report.files.map((f) => [f.path, f.status, f.dialect]),
    [
      ['examples/not-training/config.json', 'unknown-dialect', null],
      ['examples/not-training/docker-compose.yml', 'unknown-dialect', null],
    ],
  );
  assert.deepEqual(report.findings, []);
  const text = cli(['examples/not-training/config.json']);
  assert.equal(text.status, 0, show(text));
  assert.doesNotMatch(text.stdout, /: (error|warning|info) \[/);
  assert.match(text.stdout, /config\.json: unknown-dialect/);
});

// ---------------------------------------------------------------------------------------------------
// --base REF in a real git repository

describe('--base REF compares with the config as it was at a commit', { skip: HAS_GIT ? false : NO_GIT }, () => {
  const dir = HAS_GIT ? tempDir('base') : '';
  if (HAS_GIT) {
    const bad = readFileSync(join(REPO_ROOT, BAD), 'utf8');
    const before = bad.replace('lr_decay_starting_step: 250000', 'lr_decay_starting_step: 500000').replace('lr_decay_steps: 50000', 'lr_decay_steps: 100000');
    assert.notEqual(before, bad);
    git(dir, 'init', '-q');
    mkdirSync(join(dir, 'configs'));
    writeFileSync(join(dir, 'configs', 'config.yaml'), before);
    git(dir, 'add', '.');
    git(dir, 'commit', '-qm', 'good schedule');
    writeFileSync(join(dir, 'configs', 'config.yaml'), bad);
    git(dir, 'commit', '-qam', 'halve the cooldown');
  }

  test('text: TL202 describes the change (decay end 600000 -> 300000), TL101 error, chart has both series', () => {
    const r = cli(['--base', 'HEAD~1', 'configs/config.yaml'], dir);
    assert.equal(r.status, 1, show(r));
    const tl202 = r.stdout.split('\n').find((l) => l.includes('[TL202 schedule-changed]'));
    assert.ok(tl202, show(r));
    assert.ok(tl202.startsWith('configs/config.yaml:'), tl202);
    assert.match(tl202, /decay end: 600000 -> 300000/);
    assert.match(r.stdout, /configs\/config\.yaml:25:5: error \[TL101 decay-ends-before-training\]/);
    assert.match(r.stdout, /█ this version/);
    assert.match(r.stdout, /░ base/);
  });

  test('json: the file entry has `base` with the old plan', () => {
    const r = cli(['--base', 'HEAD~1', 'configs/config.yaml', '--format', 'json'], dir);
    assert.equal(r.status, 1, show(r));
    const report = json(r);
    const file = report.files[0];
    assert.ok(file?.base, show(r));
    assert.deepEqual(file.base.plan?.decay && [file.base.plan.decay.start, file.base.plan.decay.steps], [500000, 100000]);
    assert.deepEqual(file.plan?.decay && [file.plan.decay.start, file.plan.decay.steps], [250000, 50000]);
    const tl202 = report.findings.find((f) => f.ruleId === 'TL202');
    assert.ok(tl202, show(r));
    assert.equal(tl202.data.decayEnd, 300000);
    assert.ok(report.findings.some((f) => f.ruleId === 'TL101' && f.severity === 'error'));
  });

  test('run from a subdirectory of the repository', () => {
    const r = cli(['--base', 'HEAD~1', 'config.yaml', '--format', 'json'], join(dir, 'configs'));
    assert.equal(r.status, 1, show(r));
    assert.deepEqual(json(r).files[0]?.base?.plan?.decay?.start, 500000);
  });

  test('a file that did not exist at the base is reviewed as new (no TL202)', () => {
    copyFileSync(join(REPO_ROOT, GOOD), join(dir, 'configs', 'new.yaml'));
    try {
      const r = cli(['--base', 'HEAD~1', 'configs/new.yaml', '--format', 'json'], dir);
      assert.equal(r.status, 0, show(r));
      const report = json(r);
      assert.equal(report.files[0]?.base, undefined);
      assert.ok(!report.findings.some((f) => f.ruleId === 'TL202'), show(r));
    } finally {
      rmSync(join(dir, 'configs', 'new.yaml'));
    }
  });

  test('plot --base shows both curves', () => {
    const r = cli(['plot', 'configs/config.yaml', '--base', 'HEAD~1'], dir);
    assert.equal(r.status, 0, show(r));
    assert.match(r.stdout, /this version/);
    assert.match(r.stdout, /at HEAD~1/);
  });
});

// ---------------------------------------------------------------------------------------------------
// Project settings (.trainlint.yml) and inline suppression

describe('settings and suppression', () => {
  const bad = readFileSync(join(REPO_ROOT, BAD), 'utf8');

  function project(files: Record<string, string>): string {
    const dir = tempDir('settings');
    for (const [path, text] of Object.entries(files)) {
      mkdirSync(dirname(join(dir, path)), { recursive: true });
      writeFileSync(join(dir, path), text);
    }
    return dir;
  }

  test('rules: { TL101: warning } makes it a warning: exit 0 with fail-on error, 1 with --fail-on warning', () => {
    const dir = project({ 'config.yaml': bad, '.trainlint.yml': 'rules:\n  TL101: warning\n' });
    const r = cli(['config.yaml'], dir);
    assert.equal(r.status, 0, show(r));
    assert.match(r.stdout, /config\.yaml:25:5: warning \[TL101 decay-ends-before-training\]/);
    assert.equal(cli(['config.yaml', '--fail-on', 'warning'], dir).status, 1);
  });

  test('a rule can be named by its name, and per-path overrides apply', () => {
    const dir = project({
      'a/config.yaml': bad,
      'b/config.yaml': bad,
      '.trainlint.yml': 'overrides:\n  - files: ["a/**"]\n    rules: { decay-ends-before-training: "off" }\n',
    });
    const report = json(cli(['a/config.yaml', 'b/config.yaml', '--format', 'json'], dir));
    assert.deepEqual(
      report.findings.filter((f) => f.ruleId === 'TL101').map((f) => f.path),
      ['b/config.yaml'],
    );
  });

  test('fail-on in .trainlint.yml is the default, --fail-on overrides it', () => {
    const dir = project({ 'config.yaml': bad, '.trainlint.yml': 'fail-on: never\n' });
    assert.equal(cli(['config.yaml'], dir).status, 0);
    assert.equal(cli(['config.yaml', '--fail-on', 'error'], dir).status, 1);
  });

  test('--config FILE names another settings file; a missing one is a usage error', () => {
    const dir = project({ 'config.yaml': bad, 'ci/lint.yml': 'rules:\n  TL101: info\n' });
    const r = cli(['config.yaml', '--config', 'ci/lint.yml'], dir);
    assert.equal(r.status, 0, show(r));
    assert.match(r.stdout, /info \[TL101/);
    const missing = cli(['config.yaml', '--config', 'ci/none.yml'], dir);
    assert.equal(missing.status, 2, show(missing));
    assert.match(missing.stderr, /ci\/none\.yml/);
  });

  for (const [name, settings, message] of [
    ['not YAML', 'rules: [\n', /\.trainlint\.yml:\d+:\d+: /],
    ['an unknown key', 'failon: never\n', /unknown key `failon`/],
    ['a bad severity', 'rules:\n  TL101: loud\n', /TL101/],
    ['a list instead of a mapping', '- rules\n', /\.trainlint\.yml/],
  ] as const) {
    test(`a malformed .trainlint.yml (${name}): exit 2 with a message`, () => {
      const dir = project({ 'config.yaml': bad, '.trainlint.yml': settings });
      const r = cli(['config.yaml'], dir);
      assert.equal(r.status, 2, show(r));
      assert.match(r.stderr, message);
      assert.doesNotMatch(r.stderr, /internal error/);
      assert.equal(r.stdout, '');
    });
  }

  test('# trainlint-disable-next-line TL101 suppresses it (and only it)', () => {
    const suppressed = bad.replace('    lr_decay_steps: 50000\n', '    # trainlint-disable-next-line TL101\n    lr_decay_steps: 50000\n');
    assert.notEqual(suppressed, bad);
    const dir = project({ 'config.yaml': suppressed });
    const r = cli(['config.yaml', '--format', 'json'], dir);
    assert.equal(r.status, 0, show(r));
    assert.deepEqual(json(r).findings.filter((f) => f.ruleId === 'TL101'), []);
    // The same directive above another line does not hide TL101.
    const elsewhere = bad.replace('    lr_decay_style: 1-sqrt\n', '    # trainlint-disable-next-line TL101\n    lr_decay_style: 1-sqrt\n');
    writeFileSync(join(dir, 'config.yaml'), elsewhere);
    assert.equal(cli(['config.yaml'], dir).status, 1);
  });

  test('# trainlint-disable TL101 suppresses it for the rest of the file', () => {
    const dir = project({ 'config.yaml': `# trainlint-disable decay-ends-before-training\n${bad}` });
    const r = cli(['config.yaml'], dir);
    assert.equal(r.status, 0, show(r));
    assert.doesNotMatch(r.stdout, /TL101/);
  });
});
