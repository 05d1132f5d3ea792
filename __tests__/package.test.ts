// The npm package as a user gets it: `npm pack`, then the tarball installed into an empty folder with no network
// (`--offline`: it must need nothing but itself, so the bundle in dist/ carries every runtime module), then the
// installed `trainlint` run: --version, a review of an example, explain, schema. Also what the tarball holds.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { REPO_ROOT } from './support/shared-data.ts';

const pkg = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as {
  version: string;
  license: string;
  dependencies?: Record<string, string>;
  engines: { node: string };
  repository: { url: string };
  homepage: string;
  bugs: { url: string };
  keywords: string[];
};
const temps: string[] = [];
after(() => temps.forEach((t) => rmSync(t, { recursive: true, force: true })));
const temp = (name: string) => {
  const dir = mkdtempSync(join(tmpdir(), `trainlint-${name}-`));
  temps.push(dir);
  return dir;
};

function npm(args: string[], cwd: string): string {
  // npm_config_* of an enclosing `npm test` (e.g. a dry run) must not leak into these commands.
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^npm_/i.test(k)));
  const r = spawnSync('npm', args, { cwd, encoding: 'utf8', env: { ...env, npm_config_update_notifier: 'false', npm_config_fund: 'false', npm_config_audit: 'false' } });
  assert.equal(r.status, 0, `npm ${args.join(' ')}:\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
}

describe('npm package', () => {
  test('package.json: no runtime dependencies, MIT with a LICENSE file, metadata set, engines cover Node 20 and 24', () => {
    assert.deepEqual(pkg.dependencies ?? {}, {}, 'ncc bundles every runtime module into dist/: none may be installed');
    assert.equal(pkg.license, 'MIT');
    assert.match(readFileSync(join(REPO_ROOT, 'LICENSE'), 'utf8'), /^MIT License/);
    assert.match(pkg.repository.url, /github\.com\/trainlint\/trainlint/);
    assert.ok(pkg.homepage && pkg.bugs.url && pkg.keywords.length > 3);
    assert.equal(pkg.engines.node, '>=20');
    const action = readFileSync(join(REPO_ROOT, 'action.yml'), 'utf8');
    assert.match(action, /^\s+using: node24$/m);
  });

  const packDir = temp('pack');
  const packed = JSON.parse(npm(['pack', '--json', '--pack-destination', packDir], REPO_ROOT)) as Array<{ filename: string; size: number; files: Array<{ path: string }> }>;
  const tarball = join(packDir, packed[0]!.filename);
  const files = packed[0]!.files.map((f) => f.path);

  test('the tarball ships the bundle, schemas, rule docs, README, LICENSE and CHANGELOG, and no sources or tests', () => {
    for (const wanted of ['dist/index.js', 'README.md', 'LICENSE', 'CHANGELOG.md', 'package.json', 'schemas/nanotron.schema.json', 'schemas/trainlint-config.schema.json', 'docs/rules/TL101-decay-ends-before-training.md']) {
      assert.ok(files.includes(wanted), `${wanted} missing from ${files.join(', ')}`);
    }
    for (const unwanted of ['src/', '__tests__/', 'examples/', 'node_modules/', 'scripts/', '.github/']) assert.ok(!files.some((f) => f.startsWith(unwanted)), `${unwanted} is packed`);
    assert.ok(packed[0]!.size < 2_000_000, `tarball of ${packed[0]!.size} bytes`);
  });

  test('installed offline into an empty folder, trainlint runs: --version, a review, explain, schema', () => {
    const project = temp('install');
    writeFileSync(join(project, 'package.json'), '{ "name": "user-project", "private": true }\n');
    npm(['install', '--offline', '--no-audit', '--no-fund', tarball], project);
    const installed = JSON.parse(readFileSync(join(project, 'node_modules', 'trainlint', 'package.json'), 'utf8')) as { version: string };
    assert.equal(installed.version, pkg.version);
    const lock = JSON.parse(readFileSync(join(project, 'package-lock.json'), 'utf8')) as { packages: Record<string, unknown> };
    assert.deepEqual(Object.keys(lock.packages).filter((p) => p.startsWith('node_modules/')), ['node_modules/trainlint'], 'nothing else installed');

    const bin = join(project, 'node_modules', '.bin', 'trainlint');
    const trainlint = (args: string[]) => spawnSync(bin, args, { cwd: project, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', TRAINLINT_MODE: 'cli', GITHUB_ACTIONS: '' } });
    const version = trainlint(['--version']);
    assert.equal(version.status, 0, version.stderr);
    assert.equal(version.stdout.trim(), pkg.version);

    copyFileSync(join(REPO_ROOT, 'examples', 'nanotron', 'pretrain-135m-decay-too-early.yaml'), join(project, 'pretrain.yaml'));
    const review = trainlint(['check', 'pretrain.yaml']);
    assert.equal(review.status, 1, review.stdout + review.stderr);
    assert.match(review.stdout, /pretrain\.yaml:25:5: error \[TL101 decay-ends-before-training\]/);

    const explain = trainlint(['explain', 'TL101']);
    assert.equal(explain.status, 0, explain.stderr);
    assert.match(explain.stdout, /## Example that fails/, 'the docs page ships with the package');
    const schema = trainlint(['schema', 'nanotron']);
    assert.equal(schema.status, 0, schema.stderr);
    assert.equal((JSON.parse(schema.stdout) as { title: string }).title.startsWith('nanotron'), true);
  });
});
