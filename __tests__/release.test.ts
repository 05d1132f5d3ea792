// The release process, as far as it runs without GitHub: the CHANGELOG in Keep a Changelog form with a dated section
// for the package's version, the release-notes extraction the release workflow publishes, the workflows' triggers and
// steps, and README `uses:` lines naming the major tag the release workflow moves.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { parse } from 'yaml';
// @ts-expect-error: a plain .mjs script without types
import { releaseNotes } from '../scripts/release-notes.mjs';
import { REPO_ROOT } from './support/shared-data.ts';

const read = (path: string) => readFileSync(join(REPO_ROOT, path), 'utf8');
const version = (JSON.parse(read('package.json')) as { version: string }).version;
const major = `v${version.split('.')[0]}`;
const notes = releaseNotes as (changelog: string, version: string) => string;

describe('CHANGELOG.md', () => {
  const changelog = read('CHANGELOG.md');
  const headings = changelog.split('\n').filter((l) => l.startsWith('## '));

  test('Keep a Changelog form: Unreleased first, then dated versions, newest first, each with its link', () => {
    assert.match(changelog, /^# Changelog\n/);
    assert.match(changelog, /keepachangelog\.com/);
    assert.equal(headings[0], '## [Unreleased]');
    const versions = headings.slice(1).map((h) => {
      const m = /^## \[(\d+)\.(\d+)\.(\d+)\] - (\d{4}-\d{2}-\d{2})$/.exec(h);
      assert.ok(m, `not a version heading: ${h}`);
      return [Number(m[1]), Number(m[2]), Number(m[3])];
    });
    assert.ok(versions.length >= 1);
    const newer = (a: number[], b: number[]) => (a[0]! - b[0]! || a[1]! - b[1]! || a[2]! - b[2]!) > 0;
    for (let i = 1; i < versions.length; i++) assert.ok(newer(versions[i - 1]!, versions[i]!), `newest first: ${headings[i]} before ${headings[i + 1]}`);
    for (const h of headings) {
      const name = /^## \[([^\]]+)\]/.exec(h)![1]!;
      assert.match(changelog, new RegExp(`^\\[${name.replace(/\./g, '\\.')}\\]: https://github\\.com/trainlint/trainlint/`, 'm'), `link for ${name}`);
    }
    for (const section of changelog.split(/^### /m).slice(1)) assert.match(section, /^(Added|Changed|Deprecated|Removed|Fixed|Security)\n/);
  });

  test('the package version has a dated section with notes', () => {
    assert.ok(headings.some((h) => h.startsWith(`## [${version}] - `)), `no section for ${version}`);
    const body = notes(changelog, version);
    assert.ok(body.length > 200);
    assert.ok(!/^## /m.test(body), 'the next version is not included');
    assert.ok(!/^\[[^\]]+\]: /m.test(body), 'link references are not included');
  });
});

describe('scripts/release-notes.mjs', () => {
  const sample = ['# Changelog', '', '## [Unreleased]', '', '- next', '', '## [1.1.0] - 2027-01-02', '', '### Fixed', '', '- b', '', '## [1.0.0] - 2026-12-07', '', '### Added', '', '- a', '', '## [0.9.0]', '', '- undated', '', '## [0.8.0] - 2026-01-01', '', '[1.1.0]: https://x', ''].join('\n');

  test('gives the section of one version without its heading or the next one', () => {
    assert.equal(notes(sample, '1.1.0'), '### Fixed\n\n- b\n');
    assert.equal(notes(sample, '1.0.0'), '### Added\n\n- a\n');
  });

  test('refuses a version without a section, without a date or without notes', () => {
    assert.throws(() => notes(sample, '2.0.0'), /no section "## \[2\.0\.0\]/);
    assert.throws(() => notes(sample, '1.0'), /no section/, '1.0 is not 1.0.0');
    assert.throws(() => notes(sample, '0.9.0'), /has no date/);
    assert.throws(() => notes(sample, '0.8.0'), /is empty/);
  });

  test('as the release workflow runs it: the tag name in, the notes out; exit 1 without a section', () => {
    const ok = spawnSync(process.execPath, ['scripts/release-notes.mjs', `v${version}`], { cwd: REPO_ROOT, encoding: 'utf8' });
    assert.equal(ok.status, 0, ok.stderr);
    assert.equal(ok.stdout, notes(read('CHANGELOG.md'), version));
    const missing = spawnSync(process.execPath, ['scripts/release-notes.mjs', 'v99.0.0'], { cwd: REPO_ROOT, encoding: 'utf8' });
    assert.equal(missing.status, 1);
    assert.match(missing.stderr, /no section "## \[99\.0\.0\]/);
  });
});

interface Workflow {
  on: Record<string, unknown>;
  permissions?: Record<string, string>;
  jobs: Record<string, { steps: Array<{ uses?: string; run?: string; with?: Record<string, unknown> }>; strategy?: { matrix: { node: number[] } } }>;
}
const workflow = (name: string) => parse(read(`.github/workflows/${name}`)) as Workflow;

describe('workflows', () => {
  test('release: on vX.Y.Z tags, checks version, dist and tests, publishes the CHANGELOG notes, moves the major tag', () => {
    const w = workflow('release.yml');
    assert.deepEqual((w.on.push as { tags: string[] }).tags, ['v[0-9]+.[0-9]+.[0-9]+']);
    assert.equal(w.permissions?.contents, 'write');
    const runs = w.jobs.release!.steps.map((s) => s.run ?? '').join('\n');
    const order = ['require(\'./package.json\').version', 'npm run build', 'npm test', 'scripts/release-notes.mjs "$TAG"', 'gh release create "$TAG"', 'git tag --force "$major"', 'git push --force origin "refs/tags/$major"'];
    let at = -1;
    for (const step of order) {
      const i = runs.indexOf(step);
      assert.ok(i > at, `${step} missing or out of order`);
      at = i;
    }
    assert.match(runs, /major="\$\{TAG%%\.\*\}"/, 'v1.2.3 -> v1');
  });

  test('ci tests on Node 20 and 24; check-dist and the dogfooding workflow run the action from this checkout', () => {
    assert.deepEqual(workflow('ci.yml').jobs.test!.strategy?.matrix.node, [20, 24]);
    const dist = workflow('check-dist.yml').jobs['check-dist']!.steps.map((s) => s.run ?? '').join('\n');
    assert.match(dist, /npm run build/);
    assert.match(dist, /git status --porcelain -- dist/);
    const dogfood = workflow('trainlint.yml');
    assert.ok(Object.values(dogfood.jobs).every((j) => j.steps.some((s) => s.uses === './')));
    assert.ok(dogfood.jobs.examples!.steps.some((s) => s.with?.paths === 'examples/**'));
  });

  test(`README uses: lines name the major tag the release workflow moves (${major})`, () => {
    const uses = [...read('README.md').matchAll(/uses: trainlint\/trainlint@(\S+)/g)].map((m) => m[1]);
    assert.ok(uses.length >= 2);
    for (const tag of uses) assert.equal(tag, major);
  });
});
