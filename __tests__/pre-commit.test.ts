// The pre-commit hook (.pre-commit-hooks.yaml), run the way pre-commit runs it: the entry split into words, the
// staged files of the hook's types appended as arguments, in the repository's root. `trainlint` is the package's
// bin; here the source (src/index.ts through tsx), so the test sees the CLI of this checkout rather than a stale bundle.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, describe, test } from 'node:test';
import { parse } from 'yaml';
import { REPO_ROOT } from './support/shared-data.ts';

interface Hook {
  id: string;
  entry: string;
  language: string;
  types_or?: string[];
  pass_filenames?: boolean;
  require_serial?: boolean;
}

const hooks = parse(readFileSync(join(REPO_ROOT, '.pre-commit-hooks.yaml'), 'utf8')) as Hook[];
const hook = hooks.find((h) => h.id === 'trainlint');
const TSX = import.meta.resolve('tsx');

/** Runs `entry files...` with `trainlint` standing for the package's bin. */
function runEntry(entry: string, files: string[], cwd: string): { status: number | null; out: string } {
  const [command, ...args] = entry.split(/\s+/).filter(Boolean);
  assert.equal(command, 'trainlint', 'the entry runs the package bin');
  const r = spawnSync(process.execPath, ['--import', TSX, join(REPO_ROOT, 'src', 'index.ts'), ...args, ...files], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', TRAINLINT_MODE: 'cli', GITHUB_ACTIONS: '' },
  });
  return { status: r.status, out: `${r.stdout}${r.stderr}` };
}

// Configs written for this test: a nanotron run whose warmup outlasts it (TL103), and the same run fixed.
const nanotron = (warmup: number) => `optimizer:
  learning_rate_scheduler:
    learning_rate: 3.0e-4
    lr_warmup_steps: ${warmup}
    lr_warmup_style: linear
    lr_decay_style: cosine
    min_decay_lr: 3.0e-5
tokens:
  train_steps: 1500
`;
const FILES: Record<string, string> = {
  'configs/broken-warmup.yaml': nanotron(2000),
  'configs/good.yaml': nanotron(75),
  'legacy/old-broken.yaml': nanotron(3000),
  '.trainlint.yml': 'ignore: ["legacy/**"]\n',
  'charts/app/templates/configmap.yaml': 'data:\n  {{- range .Values.items }}\n  k: {{ . }}\n  {{- end }}\n',
  '.github/workflows/ci.yml': 'name: ci\non: push\njobs: {}\n',
  'package.json': '{ "name": "x", "version": "1.0.0" }\n',
  'pyproject.toml': '[project]\nname = "x"\n',
  'tools/helper.py': 'def main():\n    return 1\n',
};

const temps: string[] = [];
after(() => temps.forEach((t) => rmSync(t, { recursive: true, force: true })));

function repo(): string {
  const dir = mkdtempSync(join(tmpdir(), 'trainlint-pre-commit-'));
  temps.push(dir);
  for (const [path, text] of Object.entries(FILES)) {
    mkdirSync(join(dir, dirname(path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

describe('.pre-commit-hooks.yaml', () => {
  test('declares the trainlint hook: node, the four config types, staged files as arguments, --quiet', () => {
    assert.ok(hook, 'a hook with id trainlint');
    assert.equal(hook.language, 'node');
    assert.deepEqual(hook.types_or, ['yaml', 'json', 'toml', 'python']);
    assert.notEqual(hook.pass_filenames, false, 'pre-commit passes the staged files');
    assert.match(hook.entry, /^trainlint check\b/);
    assert.match(hook.entry, /\s--quiet\b/);
    assert.match(hook.entry, /\s--ignore-unknown\b/);
  });

  // `--quiet` is added by the CLI-habits work (issue 16) in parallel. Until the CLI has it, the entry is a usage error
  // (exit 2, which pre-commit shows as a failed hook) and the behaviour below is checked with the flag left out.
  const quietKnown = runEntry('trainlint --help', [], REPO_ROOT).out.includes('--quiet');
  const entry = (h: Hook) => (quietKnown ? h.entry : h.entry.replace(/\s--quiet\b/, ''));

  test('with --quiet known to the CLI, or a usage error until it is', () => {
    const r = runEntry(hook!.entry, ['configs/good.yaml'], repo());
    if (quietKnown) assert.equal(r.status, 0, r.out);
    else {
      assert.equal(r.status, 2, r.out);
      assert.match(r.out, /quiet/);
    }
  });

  test('a staged broken config fails the commit with its finding; the other staged files are left alone', () => {
    const dir = repo();
    const r = runEntry(entry(hook!), Object.keys(FILES).filter((p) => p !== 'legacy/old-broken.yaml'), dir);
    assert.equal(r.status, 1, r.out);
    assert.match(r.out, /configs\/broken-warmup\.yaml:4:\d+: error \[TL103 warmup-exceeds-training\]/);
    for (const other of ['configmap.yaml', 'ci.yml', 'package.json', 'pyproject.toml', 'helper.py']) assert.ok(!r.out.includes(other), `${other} is mentioned:\n${r.out}`);
  });

  test('staged files that are fine, or not training configs, or ignored by .trainlint.yml pass', () => {
    const dir = repo();
    const r = runEntry(entry(hook!), Object.keys(FILES).filter((p) => p !== 'configs/broken-warmup.yaml'), dir);
    assert.equal(r.status, 0, r.out);
    assert.ok(!r.out.includes('old-broken'), r.out);
  });
});
