// Hostile and broken input: it never crashes a run, it becomes a finding on its own file, and every other
// file of the same run is still reviewed. Checked twice: in one in-process `review([...])` call, and through
// the CLI bundle on a temporary folder (discovery and explicit paths). No timing assertions: the size cap is
// checked structurally (the CLI reads at most LIMITS.maxBytes + 1 bytes of a file).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { readCapped } from '../src/cli/files.ts';
import { LIMITS, parseText } from '../src/core/parse.ts';
import type { FileReport, Report } from '../src/core/report.ts';
import { review } from '../src/pipeline/review.ts';
import type { Finding } from '../src/core/types.ts';
import { REPO_ROOT } from './support/shared-data.ts';

const GOOD = readFileSync(join(REPO_ROOT, 'examples/nanotron/pretrain-135m-good.yaml'), 'utf8');
/** The SmolLM slip: TL101 at 25:5 (lr_decay_steps). */
const BAD = readFileSync(join(REPO_ROOT, 'examples/nanotron/pretrain-135m-decay-too-early.yaml'), 'utf8');

const work = mkdtempSync(join(tmpdir(), 'trainlint-robustness-'));
after(() => rmSync(work, { recursive: true, force: true }));
/** Where the YAML `!!python/object/apply:os.system` payloads would write if anything executed them. */
const PWNED = join(work, 'pwned');

function withLr(value: string): string {
  const out = GOOD.replace('learning_rate: 0.003', `learning_rate: ${value}`);
  assert.notEqual(out, GOOD);
  return out;
}
/** 1-based line of the first `key:` in the good config. */
function lineOf(text: string, key: string): number {
  return text.split('\n').findIndex((l) => l.trimStart().startsWith(`${key}:`)) + 1;
}
const LR_LINE = lineOf(GOOD, 'learning_rate');

function blockMappings(depth: number): string {
  const parts: string[] = [];
  for (let i = 0; i < depth; i++) parts.push(`${' '.repeat(i)}k${i}:\n`);
  parts.push(`${' '.repeat(depth)}leaf: 1\n`);
  return parts.join('');
}

function aliasBomb(): string {
  const lines = ['lol0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]'];
  for (let i = 1; i <= 9; i++) lines.push(`lol${i}: &l${i} [${Array(10).fill(`*l${i - 1}`).join(', ')}]`);
  return `${lines.join('\n')}\n`;
}

interface Case {
  name: string;
  path: string;
  text: () => string;
  /** Checks the file's entry and its findings (already filtered to this path). */
  check: (file: FileReport | undefined, findings: Finding[], label: string) => void;
}

const ids = (findings: readonly Finding[]) => findings.map((f) => `${f.ruleId}@${f.line}`).join(', ') || '(none)';

function expectRule(ruleId: string, opts: { line?: number; severity?: Finding['severity']; status?: FileReport['status'] } = {}): Case['check'] {
  return (file, findings, label) => {
    const hit = findings.find((f) => f.ruleId === ruleId && (opts.line === undefined || f.line === opts.line));
    assert.ok(hit, `${label}: expected ${ruleId}${opts.line ? ` at line ${opts.line}` : ''}, got ${ids(findings)}`);
    if (opts.severity) assert.equal(hit.severity, opts.severity, `${label}: ${hit.message}`);
    if (opts.status) assert.equal(file?.status, opts.status, label);
  };
}

function expectNotATrainingConfig(): Case['check'] {
  return (file, findings, label) => {
    assert.equal(file?.status, 'unknown-dialect', `${label}: status`);
    assert.deepEqual(findings, [], `${label}: no finding`);
  };
}

/** LF and CRLF / BOM versions of the bad config must give the same findings at the same positions. */
function sameFindingsAsBad(file: FileReport | undefined, findings: Finding[], label: string): void {
  const expected = review([{ path: 'bad.yaml', text: BAD }]).findings;
  const strip = (f: Finding) => [f.ruleId, f.severity, f.line, f.column, f.endLine, f.endColumn, f.message, JSON.stringify(f.fix?.description)];
  assert.equal(file?.status, 'reviewed', label);
  assert.deepEqual(findings.map(strip), expected.map(strip), label);
  assert.ok(findings.some((f) => f.ruleId === 'TL101' && f.line === 25 && f.column === 5), `${label}: ${ids(findings)}`);
}

const CASES: Case[] = [
  { name: 'invalid YAML', path: 'invalid.yaml', text: () => 'optimizer:\n  learning_rate_scheduler: [1, 2\ntokens:\n  train_steps: 10\n', check: expectRule('TL001', { line: 3, status: 'unparsed' }) },
  { name: 'invalid JSON', path: 'invalid.json', text: () => '{\n  "optimizer": {"lr": 1,}\n}\n', check: expectRule('TL001', { line: 2, status: 'unparsed' }) },
  { name: 'a 50 MB file', path: 'huge.yaml', text: () => `# ${'x'.repeat(50 * 1024 * 1024)}\ntokens:\n  train_steps: 1\n`, check: expectRule('TL003', { line: 1 }) },
  { name: '10,000-deep flow nesting (YAML)', path: 'deep-flow.yaml', text: () => `a: ${'['.repeat(10_000)}${']'.repeat(10_000)}\n`, check: expectRule('TL003') },
  { name: '10,000-deep flow nesting (JSON)', path: 'deep-flow.json', text: () => `${'{"a":'.repeat(10_000)}1${'}'.repeat(10_000)}`, check: expectRule('TL003') },
  { name: '10,000-deep block mappings', path: 'deep-block-10000.yaml', text: () => blockMappings(10_000), check: expectRule('TL003') },
  { name: '1,500-deep block mappings (under the size limit)', path: 'deep-block-1500.yaml', text: () => blockMappings(1_500), check: expectRule('TL003') },
  { name: 'block mappings just past the depth limit', path: 'deep-block-100.yaml', text: () => blockMappings(100), check: expectRule('TL003') },
  { name: '10,000-deep compact block sequences', path: 'deep-seq.yaml', text: () => `${'- '.repeat(10_000)}x\n`, check: expectRule('TL003') },
  { name: 'flow nesting hidden behind a quote in a plain scalar', path: 'deep-flow-quote.yaml', text: () => `a: [it's, ${'['.repeat(10_000)}${']'.repeat(10_000)}]\n`, check: expectRule('TL003') },
  { name: 'a YAML alias bomb (billion laughs)', path: 'alias-bomb.yaml', text: aliasBomb, check: expectRule('TL003') },
  {
    name: '__proto__ keys (YAML)',
    path: 'proto.yaml',
    text: () =>
      `__proto__:\n  polluted: 1\n${GOOD.replace('  learning_rate_scheduler:\n', '  learning_rate_scheduler:\n    __proto__:\n      polluted: 2\n    constructor:\n      prototype:\n        polluted: 3\n')}`,
    check: (file, findings, label) => {
      assert.equal(file?.status, 'reviewed', label);
      const unknown = findings.filter((f) => f.ruleId === 'TL002' && /unknown key `(__proto__|constructor)`/.test(f.message));
      assert.equal(unknown.length, 2, `${label}: ${ids(findings)}`);
    },
  },
  {
    name: '__proto__ keys (JSON)',
    path: 'proto.json',
    text: () =>
      '{"__proto__": {"polluted": 1}, "optimizer": {"learning_rate_scheduler": {"__proto__": {"polluted": 2}, "learning_rate": 0.0003, "lr_warmup_style": "linear", "lr_warmup_steps": 10}}, "tokens": {"train_steps": 100}}',
    check: (file, findings, label) => {
      assert.equal(file?.status, 'reviewed', label);
      assert.ok(findings.some((f) => f.ruleId === 'TL002' && /unknown key `__proto__`/.test(f.message)), `${label}: ${ids(findings)}`);
    },
  },
  {
    name: 'a YAML merge into __proto__',
    path: 'proto-merge.yaml',
    text: () => 'shared: &s {polluted: 4}\n__proto__:\n  <<: *s\n',
    check: expectNotATrainingConfig(),
  },
  {
    name: 'learning_rate: "3e-4" (a string; nanotron\'s dacite refuses it)',
    path: 'lr-string.yaml',
    text: () => withLr('"3e-4"'),
    check: expectRule('TL002', { line: LR_LINE, severity: 'error' }),
  },
  {
    name: 'learning_rate: 3e-4 (YAML 1.1 string in PyYAML)',
    path: 'lr-no-dot.yaml',
    text: () => withLr('3e-4'),
    check: expectRule('TL004', { line: LR_LINE, severity: 'error' }),
  },
  // `.nan` / `.inf` are floats for PyYAML and YAML 1.2 alike: the run starts and the LR is useless.
  ...['.nan', '.inf', '-.inf'].map<Case>((value) => ({
    name: `learning_rate: ${value}`,
    path: `lr-${value.startsWith('-') ? 'minus-' : ''}${value.replace(/\W/g, '')}.yaml`,
    text: () => withLr(value),
    check: (file, findings, label) => {
      expectRule('TL106', { line: LR_LINE, severity: 'error', status: 'reviewed' })(file, findings, label);
      assert.ok(!findings.some((f) => f.ruleId === 'TL002'), `${label}: the value is a float, not a type error: ${ids(findings)}`);
    },
  })),
  {
    name: 'learning_rate: NaN (plain: a string for every YAML reader)',
    path: 'lr-NaN.yaml',
    text: () => withLr('NaN'),
    check: (_file, findings, label) => {
      assert.ok(findings.some((f) => (f.ruleId === 'TL002' || f.ruleId === 'TL004') && f.severity === 'error' && f.line === LR_LINE), `${label}: ${ids(findings)}`);
    },
  },
  { name: 'a binary file with NUL bytes named .yaml', path: 'x.yaml', text: () => `\u0089PNG\r\n\u001a\n\u0000\u0000\u0000\rIHDR\u0000\u0001\u0002`, check: expectRule('TL001', { line: 1, status: 'unparsed' }) },
  { name: 'a NUL byte inside an otherwise valid config', path: 'nul-in-config.yaml', text: () => GOOD.replace('project: example', 'project: exa\u0000mple'), check: expectRule('TL001', { line: 4, status: 'unparsed' }) },
  { name: 'an empty file', path: 'empty.yaml', text: () => '', check: expectNotATrainingConfig() },
  { name: 'an empty JSON file', path: 'empty.json', text: () => '', check: expectRule('TL001', { line: 1 }) },
  { name: 'a file with only comments', path: 'comments.yaml', text: () => '# nothing here\n# learning_rate: 3e-4\n', check: expectNotATrainingConfig() },
  { name: 'a top-level list', path: 'list.yaml', text: () => '- optimizer\n- tokens\n', check: expectNotATrainingConfig() },
  { name: 'a top-level scalar', path: 'scalar.yaml', text: () => 'just a string\n', check: expectNotATrainingConfig() },
  { name: 'a top-level JSON list', path: 'list.json', text: () => '[1, 2, 3]', check: expectNotATrainingConfig() },
  {
    name: 'duplicate keys (PyYAML keeps the later one)',
    path: 'duplicate.yaml',
    text: () => GOOD.replace('  train_steps: 200000\n', '  train_steps: 200000\n  train_steps: 100000\n'),
    check: (file, findings, label) => {
      assert.equal(file?.status, 'reviewed', label);
      const line = lineOf(GOOD, 'train_steps') + 1;
      assert.ok(findings.some((f) => f.ruleId === 'TL002' && f.line === line && /written twice/.test(f.message)), `${label}: ${ids(findings)}`);
      // The later value is the one simulated: training stops at 100000, before the decay ends at 200000.
      assert.equal(file?.head?.plan.schedule.totalSteps, 100_000);
    },
  },
  { name: 'a UTF-8 BOM', path: 'bom.yaml', text: () => `\ufeff${BAD}`, check: sameFindingsAsBad },
  {
    name: 'a UTF-8 BOM before a key on line 1 (columns as an editor shows them)',
    path: 'bom-line1.yaml',
    text: () => `\ufefftokens: 5\n${GOOD.slice(GOOD.indexOf('parallelism:'), GOOD.indexOf('tokens:'))}`,
    check: expectRule('TL002', { line: 1, severity: 'error' }),
  },
  {
    name: 'a UTF-8 BOM before a key on line 1: column 1',
    path: 'bom-line1-column.yaml',
    text: () => `\ufefftokens: 5\n${GOOD.slice(GOOD.indexOf('parallelism:'), GOOD.indexOf('tokens:'))}`,
    check: (_file, findings, label) => {
      const hit = findings.find((f) => f.ruleId === 'TL002' && f.line === 1);
      assert.equal(hit?.column, 1, `${label}: ${ids(findings)}`);
    },
  },
  { name: 'a UTF-8 BOM in JSON (Python\'s json refuses it)', path: 'bom.json', text: () => '\ufeff{"a": 1}', check: expectRule('TL001', { line: 1 }) },
  { name: 'CRLF line endings', path: 'crlf.yaml', text: () => BAD.replace(/\n/g, '\r\n'), check: sameFindingsAsBad },
  { name: 'CR-only line endings (old Mac; a line break for YAML and PyYAML)', path: 'cr.yaml', text: () => BAD.replace(/\n/g, '\r'), check: sameFindingsAsBad },
  {
    name: 'very long lines',
    path: 'long-lines.yaml',
    text: () => `# ${'#'.repeat(1_000_000)}\n${GOOD.replace('project: example', `project: "${'p'.repeat(500_000)}"`)}`,
    check: (file, findings, label) => {
      assert.equal(file?.status, 'reviewed', label);
      assert.deepEqual(findings.filter((f) => f.severity === 'error'), [], label);
      assert.equal(file?.head?.plan.schedule.totalSteps, 200_000);
    },
  },
  {
    name: 'a !!python/object/apply tag as the whole document',
    path: 'python-tag.yaml',
    text: () => `!!python/object/apply:os.system ["touch ${PWNED}"]\n`,
    check: (file, findings, label) => {
      assert.ok(file?.status === 'unknown-dialect' || findings.length > 0, `${label}: ${file?.status} ${ids(findings)}`);
    },
  },
  {
    name: 'a !!python/object/apply tag inside a training config',
    path: 'python-tag-in-config.yaml',
    text: () => GOOD.replace('project: example', `project: !!python/object/apply:os.system ["touch ${PWNED}"]`),
    check: (file, findings, label) => {
      assert.ok(file?.status === 'reviewed' || findings.length > 0, `${label}: ${file?.status} ${ids(findings)}`);
    },
  },
];

const GOOD_PATH = 'good.yaml';
const BAD_PATH = 'bad.yaml';

function assertEveryCase(report: Report, label: string): void {
  const good = report.files.find((f) => f.path === GOOD_PATH);
  assert.equal(good?.status, 'reviewed', `${label}: the good config is still reviewed`);
  assert.equal(good?.head?.plan.schedule.totalSteps, 200_000);
  assert.deepEqual(report.findings.filter((f) => f.path === GOOD_PATH), [], `${label}: the good config has no finding`);
  // The bad config's own review is intact too.
  assert.ok(report.findings.some((f) => f.path === BAD_PATH && f.ruleId === 'TL101' && f.line === 25), `${label}: bad.yaml keeps its TL101`);
  assert.equal(existsSync(PWNED), false, 'nothing from a YAML tag was executed');
  assert.equal(({} as Record<string, unknown>).polluted, undefined, 'Object.prototype is not polluted');
  assert.equal(Object.prototype.hasOwnProperty.call(Object.prototype, 'polluted'), false);
}

describe('in one review([...]) call', () => {
  let report: Report;
  before(() => {
    const inputs = [
      { path: GOOD_PATH, text: GOOD, explicit: true },
      { path: BAD_PATH, text: BAD, explicit: true },
      ...CASES.map((c) => ({ path: c.path, text: c.text(), explicit: true })),
    ];
    report = review(inputs);
  });

  test('the run completes; the good and bad configs get their own reviews; nothing executed or polluted', () => {
    assertEveryCase(report, 'review()');
    assert.equal(report.files.length, CASES.length + 2, 'every input has a file entry');
  });

  for (const c of CASES) {
    test(c.name, () => {
      const file = report.files.find((f) => f.path === c.path);
      assert.ok(file, `${c.path} has a file entry`);
      c.check(file, report.findings.filter((f) => f.path === c.path), c.path);
    });
  }

  test('the same inputs in the reverse order give the same findings', () => {
    const reversed = review([...CASES].reverse().map((c) => ({ path: c.path, text: c.text(), explicit: true })).concat([{ path: GOOD_PATH, text: GOOD, explicit: true }, { path: BAD_PATH, text: BAD, explicit: true }]));
    assert.deepEqual(reversed.findings, report.findings);
  });
});

test('the TL003 message names the limit, not the size of a truncated read', () => {
  const r = parseText('x'.repeat(LIMITS.maxBytes + 1), 'yaml');
  assert.equal(r.ok, false);
  if (!r.ok) {
    assert.equal(r.problem.kind, 'unsafe');
    assert.match(r.problem.message, new RegExp(`larger than ${LIMITS.maxBytes} bytes`));
  }
});

test('aliases and merge keys read as PyYAML reads them (anchors are ordinary YAML, not unsafe)', () => {
  const text = [
    'defaults: &d {learning_rate: 0.001, lr_warmup_style: linear}',
    'steps: &n 1000',
    'optimizer:',
    '  learning_rate_scheduler:',
    '    <<: *d',
    '    learning_rate: 0.003',
    '    lr_decay_steps: *n',
    'many:',
    '  <<: [{a: 1, b: 1}, {a: 2, c: 2}]',
    '',
  ].join('\n');
  const r = parseText(text, 'yaml');
  assert.ok(r.ok, JSON.stringify(!r.ok && r.problem));
  const data = r.doc.data as Record<string, Record<string, unknown>>;
  assert.deepEqual(data.optimizer, { learning_rate_scheduler: { learning_rate: 0.003, lr_warmup_style: 'linear', lr_decay_steps: 1000 } });
  assert.deepEqual(data.many, { a: 1, b: 1, c: 2 }, 'of several merged mappings the first wins');
  assert.deepEqual(r.doc.duplicateKeys, [], 'a key that overrides a merged one is not a duplicate');
  // Positions: the aliased value points at the alias's key.
  assert.equal(r.doc.nodes.get('/optimizer/learning_rate_scheduler/lr_decay_steps')?.keySpan?.line, 7);
  const undefinedAlias = parseText('a: *nowhere\n', 'yaml');
  assert.ok(!undefinedAlias.ok && undefinedAlias.problem.kind === 'syntax', 'an undefined alias is a parse error, as in PyYAML');
  const selfReference = parseText('a: &a [1, *a]\n', 'yaml');
  assert.ok(!selfReference.ok && selfReference.problem.kind === 'unsafe', 'a recursive alias is unsafe input');
});

test(
  'learning_rate: .nan / .inf is TL106 (not a positive finite number): PyYAML reads them as floats, the run starts',
  () => {
    for (const value of ['.nan', '.inf', '-.inf', '.NaN']) {
      const r = review([{ path: 'lr.yaml', text: withLr(value) }]);
      assert.ok(r.findings.some((f) => f.ruleId === 'TL106' && f.severity === 'error' && f.line === LR_LINE), `${value}: ${ids(r.findings)}`);
    }
  },
);

test(
  'a wrong type or enum value names the value written',
  () => {
    const r = review([{ path: 'lr.yaml', text: withLr('"3e-4"') }]);
    const tl002 = r.findings.find((f) => f.ruleId === 'TL002' && f.line === LR_LINE);
    assert.ok(tl002, ids(r.findings));
    assert.doesNotMatch(tl002.message, /undefined/);
    assert.match(tl002.message, /3e-4/);
  },
);

// ---------------------------------------------------------------------------------------------------
// The same through the CLI bundle, on a folder

/** The bundle under test: dist/index.js, or another build named by TRAINLINT_DIST. */
const DIST = process.env.TRAINLINT_DIST ? resolve(process.env.TRAINLINT_DIST) : join(REPO_ROOT, 'dist', 'index.js');

function cli(args: string[], cwd: string): { status: number | null; stdout: string; stderr: string } {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1', TRAINLINT_MODE: 'cli' };
  delete env.GITHUB_ACTIONS;
  const r = spawnSync(process.execPath, [DIST, ...args], { cwd, env, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  if (r.error) throw r.error;
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

interface JsonReport {
  files: Array<{ path: string; status: string; dialect: string | null; plan: { totalSteps: number } | null }>;
  findings: Finding[];
}

describe('through the CLI on a folder', () => {
  const dir = join(work, 'repo');
  before(() => {
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir);
    for (const [path, text] of [[GOOD_PATH, GOOD], [BAD_PATH, BAD], ...CASES.map((c) => [c.path, c.text()] as const)] as const) {
      writeFileSync(join(dir, path), text, { flag: 'w' });
    }
  });

  /** CLI JSON files have no plan object shape for schedule; adapt to the review()-shaped checks. */
  function asFileReport(f: JsonReport['files'][number] | undefined): FileReport | undefined {
    if (!f) return undefined;
    const totalSteps = f.plan?.totalSteps;
    return { ...f, semantics: null, baseStatus: 'not-compared', status: f.status as FileReport['status'], head: totalSteps === undefined ? undefined : ({ plan: { schedule: { totalSteps } } } as unknown as FileReport['head']) };
  }

  for (const mode of ['explicit paths', 'discovery'] as const) {
    test(`${mode}: exit 1 (findings, not a crash), every bad file reported, the good one reviewed`, () => {
      const args = mode === 'explicit paths' ? [GOOD_PATH, BAD_PATH, ...CASES.map((c) => c.path)] : ['.'];
      const r = cli([...args, '--format', 'json'], dir);
      assert.equal(r.status, 1, `exit ${r.status}\n${r.stderr}`);
      assert.equal(r.stderr, '');
      const report = JSON.parse(r.stdout) as JsonReport;
      const good = report.files.find((f) => f.path === GOOD_PATH);
      assert.equal(good?.status, 'reviewed');
      assert.equal(good?.plan?.totalSteps, 200_000);
      assert.deepEqual(report.findings.filter((f) => f.path === GOOD_PATH), []);
      assert.ok(report.findings.some((f) => f.path === BAD_PATH && f.ruleId === 'TL101' && f.line === 25));
      for (const c of CASES) {
        const file = asFileReport(report.files.find((f) => f.path === c.path));
        const findings = report.findings.filter((f) => f.path === c.path);
        if (mode === 'discovery' && !file) {
          // Discovery leaves out, silently, what no dialect recognises and what it cannot read unless the
          // text looks like a training config (spec/cli.md): then there is nothing at all about the file.
          assert.deepEqual(findings, [], `${c.path} left out yet has findings`);
          continue;
        }
        if (mode === 'discovery' && file?.status === 'unknown-dialect') assert.fail(`${c.path}: discovery lists an unknown-dialect file`);
        c.check(file, findings, `${mode} ${c.path}`);
      }
      assert.equal(existsSync(PWNED), false, 'nothing from a YAML tag was executed');
    });
  }

  test('text format, explicit paths and discovery: exit 1, findings per file, no stack trace', () => {
    const explicit = cli([GOOD_PATH, ...CASES.map((c) => c.path)], dir);
    assert.equal(explicit.status, 1, explicit.stderr);
    assert.equal(explicit.stderr, '');
    // The clean file is listed as reviewed in the file list (curves are drawn only for files with an error or warning).
    assert.match(explicit.stdout, /\bok\s+good\.yaml\s+nanotron\s+no findings/);
    assert.match(explicit.stdout, /huge\.yaml:1:1: error \[TL003 unsafe-input\]/);
    assert.match(explicit.stdout, /alias-bomb\.yaml:\d+:\d+: error \[TL003 unsafe-input\]/);
    assert.match(explicit.stdout, /x\.yaml:1:1: error \[TL001 parse-error\]/);
    const discovered = cli([], dir);
    assert.equal(discovered.status, 1, discovered.stderr);
    assert.equal(discovered.stderr, '');
    assert.match(discovered.stdout, /\bok\s+good\.yaml\s+nanotron\s+no findings/);
    assert.match(discovered.stdout, /invalid\.yaml:3:7: error \[TL001 parse-error\]/);
  });

  test('plot on a bad file is a usage error naming the reason, never a crash', () => {
    for (const path of ['invalid.yaml', 'alias-bomb.yaml', 'x.yaml', 'empty.yaml', 'huge.yaml']) {
      const r = cli(['plot', path], dir);
      assert.equal(r.status, 2, `${path}: exit ${r.status}\n${r.stderr}`);
      assert.match(r.stderr, new RegExp(`^trainlint: ${path.replace('.', '\\.')}: no LR curve`));
      assert.doesNotMatch(r.stderr, /internal error/);
    }
  });

  test('the CLI reads at most LIMITS.maxBytes + 1 bytes of a file', () => {
    const text = readCapped(join(dir, 'huge.yaml'));
    assert.equal(Buffer.byteLength(text), LIMITS.maxBytes + 1);
    assert.equal(readCapped(join(dir, GOOD_PATH)), GOOD);
    assert.equal(readCapped(join(dir, 'empty.yaml')), '');
  });
});
