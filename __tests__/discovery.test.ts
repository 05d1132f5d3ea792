// Discovery (spec/cli.md): `trainlint` with no path reviews only the files a dialect recognises as a
// training config. A repository's workflows, compose files, Kubernetes manifests, package.json,
// tsconfig.json, conda environments, docs configs and model-architecture configs are skipped silently:
// no finding, no file entry, no mention in the text output. Git's ignore rules and node_modules are
// honoured. Run as a user does: the CLI bundle in a temporary git repository and in a plain folder.
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { REPO_ROOT } from './support/shared-data.ts';

/** The bundle under test: dist/index.js, or another build named by TRAINLINT_DIST. */
const DIST = process.env.TRAINLINT_DIST ? resolve(process.env.TRAINLINT_DIST) : join(REPO_ROOT, 'dist', 'index.js');
const example = (path: string) => readFileSync(join(REPO_ROOT, 'examples', path), 'utf8');
const NANOTRON_BAD = example('nanotron/pretrain-135m-decay-too-early.yaml');
const NANOTRON_GOOD = example('nanotron/pretrain-135m-good.yaml');
const OLMO_GOOD = example('olmo/olmo-1b-good.yaml');

/** Everything a typical ML repository holds besides its training configs. */
const NOT_TRAINING: Record<string, string> = {
  '.github/workflows/ci.yml': [
    'name: ci',
    'on: [push, pull_request]',
    'jobs:',
    '  test:',
    '    runs-on: ubuntu-latest',
    '    env:',
    '      LEARNING_RATE: "3e-4"',
    '    steps:',
    '      - uses: actions/checkout@v4',
    '      - run: python train.py --learning_rate 3e-4 --warmup_steps 100',
    '',
  ].join('\n'),
  'docker-compose.yml': example('not-training/docker-compose.yml'),
  'k8s/job.yaml': example('not-training/k8s/job.yaml'),
  'k8s/service.yaml': 'apiVersion: v1\nkind: Service\nmetadata:\n  name: trainer\nspec:\n  selector:\n    app: trainer\n  ports:\n    - port: 80\n      targetPort: 8080\n',
  'package.json': example('not-training/package.json'),
  'tsconfig.json': '{\n  "compilerOptions": { "strict": true, "target": "ES2022" },\n  "include": ["src"]\n}\n',
  'environment.yml': example('not-training/environment.yml'),
  'mkdocs.yml': [
    'site_name: My model',
    'theme:',
    '  name: material',
    'markdown_extensions:',
    '  - pymdownx.emoji:',
    '      emoji_index: !!python/name:material.extensions.emoji.twemoji',
    '      emoji_generator: !!python/name:material.extensions.emoji.to_svg',
    'nav:',
    '  - Training: training.md',
    '',
  ].join('\n'),
  'model/config.json': example('not-training/config.json'),
  'model/generation_config.json': '{"bos_token_id": 1, "eos_token_id": 2, "max_new_tokens": 256}\n',
  '.pre-commit-config.yaml': 'repos:\n  - repo: https://github.com/astral-sh/ruff-pre-commit\n    rev: v0.6.9\n    hooks:\n      - id: ruff\n',
  '.vscode/settings.json': '{"editor.formatOnSave": true}\n',
  // A Trainer's saved state repeats num_train_epochs, max_steps and logging_steps, but records a past run.
  'outputs/checkpoint-500/trainer_state.json': JSON.stringify(
    {
      best_metric: null, best_model_checkpoint: null, epoch: 1.0, eval_steps: 500, global_step: 500, is_hyper_param_search: false,
      is_local_process_zero: true, is_world_process_zero: true, log_history: [{ epoch: 0.5, learning_rate: 1e-5, loss: 1.2, step: 250 }],
      logging_steps: 10, max_steps: 500, num_input_tokens_seen: 0, num_train_epochs: 1, save_steps: 500, train_batch_size: 8, trial_name: null, trial_params: null,
    },
    null,
    2,
  ),
  // trainlint's own report left in the tree, larger than the parse limit (2 MiB): not a config to review on the next run.
  'trainlint-report.json': bigReport(),
  // A broken YAML file that only mentions schedule words inside text, not as keys.
  'notes/run-log.yaml': 'summary: "the warmup: 100 steps, learning_rate 3e-4 max_steps 1000\n  details: [\n',
};

function bigReport(): string {
  const file = { path: 'configs/x.yaml', dialect: 'hf-trainer', status: 'reviewed', plan: { derivation: ['learning_rate: 2e-5', 'warmup_ratio 0.1'] } };
  const files = Array.from({ length: 12_000 }, (_, i) => ({ ...file, path: `configs/sweep/lr_${i}.yaml` }));
  return JSON.stringify({ version: 1, tool: { name: 'trainlint', version: '0.1.0' }, summary: {}, files, findings: [] }, null, 2);
}

const NANOTRON_PATH = 'configs/nanotron/smollm-135m.yaml';
const OLMO_PATH = 'configs/olmo/olmo-1b.yaml';

function cli(args: string[], cwd: string): { status: number | null; stdout: string; stderr: string } {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1', TRAINLINT_MODE: 'cli' };
  delete env.GITHUB_ACTIONS;
  // Git must not look above the temporary folder for a repository (the plain-folder case needs none).
  env.GIT_CEILING_DIRECTORIES = tmpdir();
  const r = spawnSync(process.execPath, [DIST, ...args], { cwd, env, encoding: 'utf8' });
  if (r.error) throw r.error;
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}
const show = (r: { status: number | null; stdout: string; stderr: string }) => `exit ${r.status}\n${r.stdout.slice(0, 3000)}\n${r.stderr}`;

interface JsonReport {
  summary: { files: number; reviewed: number; errors: number };
  files: Array<{ path: string; dialect: string | null; status: string }>;
  findings: Array<{ path: string; ruleId: string; severity: string; line: number }>;
}
function json(r: { stdout: string }): JsonReport {
  return JSON.parse(r.stdout) as JsonReport;
}

const temps: string[] = [];
function tree(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'trainlint-discovery-'));
  temps.push(dir);
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}
after(() => {
  for (const dir of temps) rmSync(dir, { recursive: true, force: true });
});

const HAS_GIT = spawnSync('git', ['--version']).status === 0;
function git(cwd: string, ...args: string[]): void {
  const r = spawnSync('git', ['-c', 'user.email=t@t', '-c', 'user.name=t', '-c', 'commit.gpgsign=false', ...args], { cwd, encoding: 'utf8' });
  assert.equal(r.status, 0, `git ${args.join(' ')}: ${r.stderr}`);
}

/** Asserts that nothing outside `reviewed` appears anywhere in the output. */
function assertSilentAbout(output: string, reviewed: readonly string[]): void {
  for (const path of Object.keys(NOT_TRAINING)) {
    assert.ok(!output.includes(path), `the output mentions ${path}:\n${output.slice(0, 3000)}`);
  }
  for (const path of ['ignored/', 'node_modules/', 'vendor-ignored']) assert.ok(!output.includes(path), `the output mentions ${path}`);
  for (const path of reviewed) assert.ok(output.includes(path), `the output does not mention ${path}`);
}

describe('discovery in a git repository', { skip: HAS_GIT ? false : 'git is not installed' }, () => {
  const files = {
    ...NOT_TRAINING,
    [NANOTRON_PATH]: NANOTRON_BAD,
    [OLMO_PATH]: OLMO_GOOD,
    '.gitignore': 'ignored/\n*.local.yaml\n',
    'ignored/nanotron-bad.yaml': NANOTRON_BAD,
    'configs/nanotron/smollm.local.yaml': NANOTRON_BAD,
    'node_modules/some-pkg/config.yaml': NANOTRON_BAD,
    'node_modules/some-pkg/package.json': '{"name": "some-pkg"}',
  };
  const dir = HAS_GIT ? tree(files) : '';
  if (HAS_GIT) {
    git(dir, 'init', '-q');
    git(dir, 'add', '.');
    git(dir, 'commit', '-qm', 'repo');
  }

  test('json: only the two training configs are listed, findings only for them, exit 1 (the nanotron error)', () => {
    const r = cli(['--format', 'json'], dir);
    assert.equal(r.status, 1, show(r));
    assert.equal(r.stderr, '');
    const report = json(r);
    assert.deepEqual(
      report.files.map((f) => [f.path, f.dialect, f.status]),
      [
        [NANOTRON_PATH, 'nanotron', 'reviewed'],
        [OLMO_PATH, 'olmo', 'reviewed'],
      ],
    );
    assert.deepEqual([...new Set(report.findings.map((f) => f.path))].sort(), [NANOTRON_PATH]);
    assert.ok(report.findings.some((f) => f.path === NANOTRON_PATH && f.ruleId === 'TL101' && f.severity === 'error'));
    assert.equal(report.summary.files, 2);
    assert.equal(report.summary.reviewed, 2);
  });

  test('text: nothing is said about the other files', () => {
    const r = cli([], dir);
    assert.equal(r.status, 1, show(r));
    assertSilentAbout(r.stdout, [NANOTRON_PATH, OLMO_PATH]);
    assert.match(r.stdout, /in 2 reviewed training configs/);
    assert.doesNotMatch(r.stdout, /not reviewed|unknown-dialect|unparsed/);
  });

  test('`check` and `.` are the same as no path', () => {
    const none = cli(['--format', 'json'], dir).stdout;
    assert.equal(cli(['check', '--format', 'json'], dir).stdout, none);
    assert.equal(cli(['.', '--format', 'json'], dir).stdout, none);
  });

  test('every other format is silent about the rest too', () => {
    for (const format of ['markdown', 'sarif', 'github']) {
      const r = cli(['--format', format], dir);
      assert.equal(r.status, 1, `${format}: ${show(r)}`);
      assertSilentAbout(r.stdout, [NANOTRON_PATH]);
    }
  });

  test('an untracked (not ignored) training config is discovered too', () => {
    writeFileSync(join(dir, 'configs/new.yaml'), NANOTRON_GOOD);
    try {
      const report = json(cli(['--format', 'json'], dir));
      assert.deepEqual(report.files.map((f) => f.path), [NANOTRON_PATH, 'configs/new.yaml', OLMO_PATH]);
    } finally {
      rmSync(join(dir, 'configs/new.yaml'));
    }
  });

  test('from a subdirectory, paths are relative to it', () => {
    const report = json(cli(['--format', 'json'], join(dir, 'configs')));
    assert.deepEqual(report.files.map((f) => f.path), ['nanotron/smollm-135m.yaml', 'olmo/olmo-1b.yaml']);
  });

  test('a directory and a glob as targets', () => {
    assert.deepEqual(json(cli(['configs/olmo', '--format', 'json'], dir)).files.map((f) => f.path), [OLMO_PATH]);
    assert.deepEqual(json(cli(['configs/**/*.yaml', '--format', 'json'], dir)).files.map((f) => f.path), [NANOTRON_PATH, OLMO_PATH]);
  });

  test('settings: ignore globs drop a config from discovery', () => {
    writeFileSync(join(dir, '.trainlint.yml'), 'ignore: ["configs/nanotron/**"]\n');
    try {
      const r = cli(['--format', 'json'], dir);
      assert.equal(r.status, 0, show(r));
      assert.deepEqual(json(r).files.map((f) => f.path), [OLMO_PATH]);
    } finally {
      rmSync(join(dir, '.trainlint.yml'));
    }
  });

  test('an ignored file named explicitly is still reviewed', () => {
    const report = json(cli(['ignored/nanotron-bad.yaml', '--format', 'json'], dir));
    assert.deepEqual(report.files.map((f) => [f.path, f.status]), [['ignored/nanotron-bad.yaml', 'reviewed']]);
  });
});

describe('discovery in a plain folder (no git)', () => {
  const dir = tree({
    ...NOT_TRAINING,
    [NANOTRON_PATH]: NANOTRON_GOOD,
    [OLMO_PATH]: OLMO_GOOD,
    'node_modules/some-pkg/config.yaml': NANOTRON_BAD,
    '.venv/lib/site-packages/pkg/config.yaml': NANOTRON_BAD,
    '__pycache__/x.yaml': NANOTRON_BAD,
  });

  test('only the two training configs are reviewed; both are good: exit 0', () => {
    const r = cli(['--format', 'json'], dir);
    assert.equal(r.status, 0, show(r));
    const report = json(r);
    assert.deepEqual(report.files.map((f) => [f.path, f.dialect]), [
      [NANOTRON_PATH, 'nanotron'],
      [OLMO_PATH, 'olmo'],
    ]);
    assert.deepEqual(report.findings.filter((f) => f.severity === 'error'), []);
    assert.ok(report.findings.every((f) => f.path === NANOTRON_PATH || f.path === OLMO_PATH), JSON.stringify(report.findings));
  });

  test('text: nothing is said about the other files', () => {
    const r = cli([], dir);
    assert.equal(r.status, 0, show(r));
    assertSilentAbout(r.stdout, [NANOTRON_PATH, OLMO_PATH]);
  });

  test('symbolic links are not followed (a config outside the folder is not read)', () => {
    const outside = tree({ 'real.yaml': NANOTRON_BAD });
    symlinkSync(join(outside, 'real.yaml'), join(dir, 'configs', 'linked.yaml'));
    symlinkSync(outside, join(dir, 'linked-dir'));
    try {
      const report = json(cli(['--format', 'json'], dir));
      assert.deepEqual(report.files.map((f) => f.path), [NANOTRON_PATH, OLMO_PATH]);
    } finally {
      rmSync(join(dir, 'configs', 'linked.yaml'));
      rmSync(join(dir, 'linked-dir'));
    }
  });
});

describe('discovery stays silent about files that are not training configs even when they do not parse', () => {
  // Found in real repositories: multi-document Kubernetes manifests, Helm templates, tokenizer files of
  // several megabytes, a broken YAML file that belongs to some other tool, a binary file named .yaml.
  const noise: Record<string, string> = {
    'k8s/deployment.yaml':
      'apiVersion: v1\nkind: Service\nmetadata:\n  name: trainer\n---\napiVersion: batch/v1\nkind: Job\nmetadata:\n  name: train\nspec:\n  template:\n    spec:\n      containers:\n        - name: train\n          args: ["--learning_rate", "0.1", "--warmup_steps", "100"]\n',
    'chart/templates/job.yaml': 'apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: {{ .Release.Name }}\nspec:\n  {{- if .Values.warmup }}\n  backoffLimit: 2\n  {{- end }}\n',
    'model/tokenizer.json': `{"version": "1.0", "model": {"type": "BPE", "vocab": {${Array.from({ length: 250_000 }, (_, i) => `"tok${i}": ${i}`).join(', ')}}}}`,
    'tools/broken.yml': 'key: [unclosed\nother: value\n',
    'assets/logo.yaml': '\u0089PNG\r\n\u001a\n\u0000\u0000\u0000\rIHDR',
  };
  const dir = tree({ ...noise, [OLMO_PATH]: OLMO_GOOD });

  const TRAINING_WORDS = ['k8s/deployment.yaml', 'chart/templates/job.yaml'];

  test('files without training-config words are left out silently: big tokenizer.json, broken tool YAML, binary', () => {
    const r = cli(['--format', 'json'], dir);
    const report = json(r);
    for (const path of Object.keys(noise).filter((p) => !TRAINING_WORDS.includes(p))) {
      assert.ok(!report.files.some((f) => f.path === path), `${path} is listed: ${show(r)}`);
      assert.ok(!report.findings.some((f) => f.path === path), `${path} has findings`);
    }
    assert.ok(report.files.some((f) => f.path === OLMO_PATH && f.status === 'reviewed'));
  });

  test(
    'a multi-document Kubernetes Job and a Helm template that mention learning_rate / warmup are left out too',
    {},
    () => {
      const r = cli(['--format', 'json'], dir);
      const report = json(r);
      assert.deepEqual(report.files.map((f) => f.path), [OLMO_PATH], show(r));
      assert.equal(r.status, 0, show(r));
    },
  );

  test('named explicitly, each of them is reported (a finding or unknown-dialect), never a crash', () => {
    const r = cli([...Object.keys(noise), '--format', 'json'], dir);
    assert.ok(r.status === 0 || r.status === 1, show(r));
    assert.equal(r.stderr, '');
    const report = json(r);
    for (const path of Object.keys(noise)) {
      const file = report.files.find((f) => f.path === path);
      assert.ok(file, `${path} is listed`);
      assert.ok(file.status === 'unknown-dialect' || report.findings.some((f) => f.path === path), `${path}: ${file.status} and no finding`);
    }
  });
});

test('outside git, discovery still honours .gitignore files (root and nested)', () => {
  const dir = tree({
    '.gitignore': '# build output\nignored/\n*.tmp.yaml\n',
    'configs/.gitignore': '/local.yaml\n',
    [NANOTRON_PATH]: NANOTRON_GOOD,
    'ignored/nanotron.yaml': NANOTRON_BAD,
    'configs/scratch.tmp.yaml': NANOTRON_BAD,
    'configs/local.yaml': NANOTRON_BAD,
    'configs/deeper/local.yaml': NANOTRON_GOOD,
  });
  const r = cli(['--format', 'json'], dir);
  const report = json(r);
  assert.deepEqual(report.files.map((f) => f.path).sort(), ['configs/deeper/local.yaml', NANOTRON_PATH].sort(), show(r));
  assert.equal(r.status, 0, show(r));
});
