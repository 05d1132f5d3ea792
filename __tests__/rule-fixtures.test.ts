// Rule fixtures and rule docs, checked against the engine.
//
// Fixtures live in __tests__/fixtures/<ruleId>/<name>.yaml (or .yml / .json / .py: Python comments are `#` too). Conventions:
//
// - Each fixture is reviewed on its own, with default settings, as
//   `review([{ path: '<ruleId>/<name>.yaml', text, explicit: true }])` (the path is relative to fixtures/).
// - Expectations are comments on the line the finding must be reported at:
//     `# expect: TL101`                        a TL101 finding at this line (any severity)
//     `# expect: TL101 error`                  ... with this severity (error | warning | info)
//     `# expect: TL002 error "did you mean"`   ... whose message contains the quoted text (JSON string escapes)
//     `# expect: TL102 warning TL110 error`    several findings on one line
//   The multiset of findings must equal the expectations: a fixture without expect comments must produce
//   no findings at all, and every finding must be expected.
// - JSON cannot carry comments: a sidecar `<name>.expect.json` holds
//   `[{ "rule": "TL002", "line": 10, "severity"?: "error", "message"?: "substring" }]` (no sidecar = no findings).
// - Comparisons (TL201, TL202): `<name>.base.yaml` next to `<name>.yaml` is the file at the base ref and is passed
//   as `baseText`. A base file is not a fixture of its own; expectations are about the head file only.
// - Every fixture must be recognised by a dialect (status `reviewed`) unless it expects TL001 / TL003: a file no
//   dialect detects would "pass" without being reviewed.
// - A fixture in KNOWN_RULE_ISSUES documents a rule (or pipeline) bug: its expectations say what is right, the test
//   is reported as TODO while the engine disagrees, and fails once the engine agrees (then remove the entry).
//
// Rules no current dialect can produce are listed in NOT_PRODUCIBLE with the reason; every other rule needs a
// fixture folder with at least one fixture that expects it and one that does not. Every rule needs a docs page
// docs/rules/<id>-<name>.md with the sections in DOC_SECTIONS, whose examples are reviewed here too (as
// `config.yaml`; two yaml blocks = base, then head): the failing example's `text` block must be exactly what
// `trainlint check` prints for that rule's findings, and the passing example must produce no findings at all.
// When a message changes on purpose, `TRAINLINT_UPDATE_DOCS=1 node --import tsx --test __tests__/rule-fixtures.test.ts`
// rewrites each failing example's `text` block with what the engine prints for that rule (review the diff).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { LIMITS } from '../src/core/parse.ts';
import { review, type ReviewInput } from '../src/pipeline/review.ts';
import { DEFAULT_SETTINGS, type Settings } from '../src/pipeline/settings.ts';
import type { Finding, Severity } from '../src/core/types.ts';
import { findingLine } from '../src/render/text.ts';
import { RULES } from '../src/rules/index.ts';

const HERE = dirname(fileURLToPath(import.meta.url));
const FIXTURES = join(HERE, 'fixtures');
const DOCS = join(HERE, '..', 'docs', 'rules');

/** Rules that no configuration of the current dialects (nanotron, OLMo) produces, and why. */
const NOT_PRODUCIBLE: Record<string, string> = {
  TL107: 'needs plan.horizon (a scheduler built for a step count apart from the run); neither nanotron nor OLMo sets one: both build the scheduler from the run length itself. OneTrainer sets one, but builds it from the epoch length it measures, which equals the run\'s updates whenever epochs are equally long (TL107/onetrainer-odd-count-with-accumulation.json)',
};

/** Fixtures whose (correct) expectations the engine does not meet yet: fixture -> what is wrong. */
const KNOWN_RULE_ISSUES: Record<string, string> = {
};

const DOC_SECTIONS = ['What it checks', 'Why it matters', 'Example that fails', 'Example that passes', 'How to fix', 'How to turn it off'] as const;

interface Expectation {
  rule: string;
  line: number;
  severity?: Severity;
  message?: string;
}

interface Fixture {
  /** Relative to fixtures/, forward slashes: the path it is reviewed as. */
  path: string;
  ruleFolder: string;
  text: string;
  baseText?: string;
  expected: Expectation[];
}

const SEVERITIES = new Set<string>(['error', 'warning', 'info']);

function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(join(dir, e.name)) : [join(dir, e.name)]));
}

function isFixtureFile(path: string): boolean {
  return /\.(ya?ml|json|py)$/.test(path) && !/\.base\.(ya?ml|json|py)$/.test(path) && !path.endsWith('.expect.json');
}

/** `# expect: ...` comments, one or more expectations per line. Throws on anything it does not understand. */
export function parseExpectComments(text: string, where: string): Expectation[] {
  const out: Expectation[] = [];
  text.split('\n').forEach((content, index) => {
    const match = /(?:^|\s)#\s*expect:(.*)$/.exec(content);
    if (!match) return;
    const line = index + 1;
    const tokens = match[1]!.match(/"(?:[^"\\]|\\.)*"|[^\s,]+/g) ?? [];
    let current: Expectation | undefined;
    for (const token of tokens) {
      if (/^TL\d{3}$/.test(token)) {
        current = { rule: token, line };
        out.push(current);
      } else if (current && SEVERITIES.has(token) && !current.severity) current.severity = token as Severity;
      else if (current && token.startsWith('"') && current.message === undefined) current.message = JSON.parse(token) as string;
      else throw new Error(`${where}:${line}: cannot read \`${token}\` in an expect comment`);
    }
    if (!current) throw new Error(`${where}:${line}: expect comment names no rule`);
  });
  return out;
}

function loadFixtures(): Fixture[] {
  return walk(FIXTURES)
    .filter(isFixtureFile)
    .sort()
    .map((file) => {
      const path = relative(FIXTURES, file).split(sep).join('/');
      const text = readFileSync(file, 'utf8');
      const basePath = file.replace(/\.(ya?ml|json|py)$/, '.base.$1');
      let expected: Expectation[];
      if (file.endsWith('.json')) {
        const sidecar = file.replace(/\.json$/, '.expect.json');
        expected = existsSync(sidecar) ? (JSON.parse(readFileSync(sidecar, 'utf8')) as Expectation[]) : [];
      } else expected = parseExpectComments(text, path);
      const fixture: Fixture = { path, ruleFolder: path.split('/')[0]!, text, expected };
      if (existsSync(basePath)) fixture.baseText = readFileSync(basePath, 'utf8');
      return fixture;
    });
}

function reviewFixture(fixture: Pick<Fixture, 'path' | 'text' | 'baseText'>, settings?: Settings) {
  const input: ReviewInput = { path: fixture.path, text: fixture.text, explicit: true };
  if (fixture.baseText !== undefined) input.baseText = fixture.baseText;
  return review([input], settings ? { settings } : {});
}

function show(f: Finding): string {
  return `${f.ruleId} ${f.severity} at line ${f.line}:${f.column}: ${f.message}`;
}

function showExpectation(e: Expectation): string {
  return `${e.rule}${e.severity ? ` ${e.severity}` : ''} at line ${e.line}${e.message !== undefined ? ` with message containing ${JSON.stringify(e.message)}` : ''}`;
}

/** Multiset match of expectations against findings; null when they agree, else a readable account of the difference. */
export function mismatch(path: string, expected: readonly Expectation[], findings: readonly Finding[]): string | null {
  const unmatched = [...findings];
  const missing: Expectation[] = [];
  // Most specific expectations first, so a vaguer one cannot take the finding a specific one needs.
  const ordered = [...expected].sort((a, b) => Number(b.message !== undefined) - Number(a.message !== undefined) || Number(!!b.severity) - Number(!!a.severity));
  for (const e of ordered) {
    const i = unmatched.findIndex(
      (f) => f.ruleId === e.rule && f.line === e.line && (!e.severity || f.severity === e.severity) && (e.message === undefined || f.message.includes(e.message)),
    );
    if (i === -1) missing.push(e);
    else unmatched.splice(i, 1);
  }
  if (missing.length === 0 && unmatched.length === 0) return null;
  const lines = [`${path}: findings differ from the expect comments`];
  for (const e of missing) lines.push(`  missing:    ${showExpectation(e)}`);
  for (const f of unmatched) lines.push(`  unexpected: ${show(f)}`);
  lines.push('  all findings:', ...(findings.length ? findings.map((f) => `    ${show(f)}`) : ['    (none)']));
  return lines.join('\n');
}

const fixtures = loadFixtures();
const ruleIds = new Set(RULES.map((r) => r.id));

test('fixtures: discovered', () => {
  assert.ok(fixtures.length > 0, `no fixtures under ${FIXTURES}`);
  for (const f of fixtures) assert.ok(ruleIds.has(f.ruleFolder), `${f.path}: folder ${f.ruleFolder} is not a rule id in RULES`);
  for (const f of fixtures) for (const e of f.expected) assert.ok(ruleIds.has(e.rule), `${f.path}: expects unknown rule ${e.rule}`);
  for (const key of Object.keys(KNOWN_RULE_ISSUES)) assert.ok(fixtures.some((f) => f.path === key), `KNOWN_RULE_ISSUES names a missing fixture: ${key}`);
});

for (const fixture of fixtures) {
  const known = KNOWN_RULE_ISSUES[fixture.path];
  test(`fixture ${fixture.path}`, (t) => {
    const report = reviewFixture(fixture);
    const file = report.files[0];
    assert.ok(file, `${fixture.path}: not in the report`);
    const parseLevel = fixture.expected.some((e) => e.rule === 'TL001' || e.rule === 'TL003');
    assert.ok(
      // A config read but not simulated (its schedule depends on what the file does not say) is still recognised.
      file.status === 'reviewed' || (file.status === 'not-simulated' && file.note !== undefined) || (parseLevel && file.status === 'unparsed'),
      `${fixture.path}: status ${file.status}${file.note ? ` (${file.note})` : ''}; a fixture must be a config a dialect recognises`,
    );
    if (fixture.baseText !== undefined) assert.equal(file.baseStatus, 'reviewed', `${fixture.path}: its base file was not reviewed`);
    const problem = mismatch(fixture.path, fixture.expected, report.findings);
    if (known) {
      if (problem === null) assert.fail(`${fixture.path} now matches its expectations: remove it from KNOWN_RULE_ISSUES`);
      t.todo(`known issue: ${known}`);
      assert.fail(problem);
    }
    if (problem !== null) assert.fail(problem);
  });
}

test('fixtures: every rule has a failing and a passing fixture (or is listed as not producible)', () => {
  const problems: string[] = [];
  for (const rule of RULES) {
    const own = fixtures.filter((f) => f.ruleFolder === rule.id);
    if (NOT_PRODUCIBLE[rule.id] !== undefined) {
      if (own.some((f) => f.expected.some((e) => e.rule === rule.id))) problems.push(`${rule.id} is listed as not producible but a fixture expects it`);
      continue;
    }
    if (!own.some((f) => f.expected.some((e) => e.rule === rule.id))) problems.push(`${rule.id}: no fixture in ${rule.id}/ expects ${rule.id}`);
    if (!own.some((f) => !f.expected.some((e) => e.rule === rule.id))) problems.push(`${rule.id}: no passing fixture in ${rule.id}/`);
  }
  for (const id of Object.keys(NOT_PRODUCIBLE)) if (!ruleIds.has(id)) problems.push(`NOT_PRODUCIBLE names ${id}, which is not in RULES`);
  assert.deepEqual(problems, []);
});

// TL003 inputs too big to commit: generated here, with the line the finding is expected at.
const generated: Array<{ name: string; text: () => string; line: number }> = [
  {
    name: 'block mappings nested deeper than the limit',
    text: () => {
      const depth = LIMITS.maxDepth + 6;
      const lines = Array.from({ length: depth }, (_, i) => `${' '.repeat(i)}k:`);
      return `${lines.join('\n')}\n${' '.repeat(depth)}k: 1\n`;
    },
    // The root mapping is depth 0 on line 1; the first mapping past the limit (depth maxDepth + 1) starts on line maxDepth + 2.
    line: LIMITS.maxDepth + 2,
  },
  { name: 'flow brackets nested deeper than the limit', text: () => `x: ${'['.repeat(LIMITS.maxDepth + 36)}${']'.repeat(LIMITS.maxDepth + 36)}\n`, line: 1 },
  { name: 'a file over the size limit', text: () => '# padding\n'.repeat(Math.ceil((LIMITS.maxBytes + 1) / 10)), line: 1 },
];
for (const g of generated) {
  test(`fixture TL003 (generated): ${g.name}`, () => {
    const report = reviewFixture({ path: 'TL003/generated.yaml', text: g.text() });
    const problem = mismatch(`TL003 generated: ${g.name}`, [{ rule: 'TL003', line: g.line, severity: 'error' }], report.findings);
    if (problem !== null) assert.fail(problem);
  });
}

// What docs/rules/*.md promise under "How to turn it off", checked on every fixture that expects a rule.
test('turning rules off: settings, per-path overrides and inline comments', () => {
  const problems: string[] = [];
  for (const fixture of fixtures) {
    // Only rules the fixture does produce today (a known issue may keep one from firing; that shows above).
    const produced = new Set(reviewFixture(fixture).findings.map((f) => f.ruleId));
    const rules = [...new Set(fixture.expected.map((e) => e.rule))].filter((id) => produced.has(id));
    for (const id of rules) {
      const off = reviewFixture(fixture, { ...DEFAULT_SETTINGS, rules: { [id]: 'off' } });
      if (off.findings.some((f) => f.ruleId === id)) problems.push(`${fixture.path}: rules: { ${id}: off } leaves ${id} findings`);
      const folder = `${fixture.ruleFolder}/**`;
      const overridden = reviewFixture(fixture, { ...DEFAULT_SETTINGS, overrides: [{ files: [folder], rules: { [id]: 'warning' } }] });
      const mine = overridden.findings.filter((f) => f.ruleId === id);
      if (mine.length === 0 || mine.some((f) => f.severity !== 'warning')) problems.push(`${fixture.path}: overrides files ${folder} { ${id}: warning } not applied`);
      const elsewhere = reviewFixture(fixture, { ...DEFAULT_SETTINGS, overrides: [{ files: ['configs/legacy/**'], rules: { [id]: 'off' } }] });
      if (!elsewhere.findings.some((f) => f.ruleId === id)) problems.push(`${fixture.path}: an override for another path turned ${id} off here`);
    }
    // Inline: a `# trainlint-disable-next-line ID` above each expected line (YAML only; JSON has no comments).
    if (fixture.path.endsWith('.json') || rules.length === 0 || rules.some((r) => r === 'TL001' || r === 'TL003')) continue;
    const lines = fixture.text.split('\n');
    const byLine = new Map<number, Set<string>>();
    for (const e of fixture.expected) if (rules.includes(e.rule)) byLine.set(e.line, (byLine.get(e.line) ?? new Set()).add(e.rule));
    for (const [line, ids] of [...byLine].sort((a, b) => b[0] - a[0])) {
      const indent = /^\s*/.exec(lines[line - 1] ?? '')![0];
      lines.splice(line - 1, 0, `${indent}# trainlint-disable-next-line ${[...ids].join(' ')}`);
    }
    const suppressed = reviewFixture({ ...fixture, text: lines.join('\n') });
    const left = suppressed.findings.filter((f) => rules.includes(f.ruleId));
    if (left.length) problems.push(`${fixture.path}: trainlint-disable-next-line leaves ${left.map(show).join('; ')}`);
  }
  assert.deepEqual(problems, []);
});

// ---- docs/rules

interface DocPage {
  rule: (typeof RULES)[number];
  file: string;
  text: string;
  sections: Map<string, string>;
}

function sectionsOf(text: string): Map<string, string> {
  const out = new Map<string, string>();
  const parts = text.split(/^## +/m).slice(1);
  for (const part of parts) {
    const newline = part.indexOf('\n');
    out.set(part.slice(0, newline).trim(), part.slice(newline + 1));
  }
  return out;
}

function codeBlocks(markdown: string, lang: string): string[] {
  const re = new RegExp('^```' + lang + '[^\\n]*\\n([\\s\\S]*?)^```', 'gm');
  return [...markdown.matchAll(re)].map((m) => m[1]!);
}

const pages: DocPage[] = RULES.map((rule) => {
  const file = join(DOCS, `${rule.id}-${rule.name}.md`);
  const text = existsSync(file) ? readFileSync(file, 'utf8') : '';
  return { rule, file, text, sections: sectionsOf(text) };
});

for (const page of pages) {
  const { rule } = page;
  test(`docs ${rule.id}-${rule.name}.md: title, default severity and sections`, () => {
    assert.ok(page.text, `missing ${relative(join(HERE, '..'), page.file)}`);
    assert.equal(page.text.split('\n')[0], `# ${rule.id} ${rule.name}`);
    assert.match(page.text, new RegExp(`^Default severity: \\*\\*${rule.defaultSeverity}\\*\\*`, 'm'), 'a line `Default severity: **<severity>**`');
    const missing = DOC_SECTIONS.filter((s) => !page.sections.has(s));
    assert.deepEqual(missing, [], `sections missing from ${rule.id}`);
    const off = page.sections.get('How to turn it off') ?? '';
    for (const needle of [`${rule.id}: off`, 'overrides:', `trainlint-disable-next-line ${rule.id}`]) assert.ok(off.includes(needle), `"How to turn it off" should show \`${needle}\``);
  });

  if (NOT_PRODUCIBLE[rule.id] !== undefined) continue;
  test(`docs ${rule.id}-${rule.name}.md: examples give the printed findings`, () => {
    const path = 'config.yaml';
    const asInput = (blocks: string[]): Pick<Fixture, 'path' | 'text' | 'baseText'> =>
      blocks.length >= 2 ? { path, baseText: blocks[0]!, text: blocks[1]! } : { path, text: blocks[0] ?? '' };
    const failing = page.sections.get('Example that fails') ?? '';
    const failYaml = codeBlocks(failing, 'yaml');
    assert.ok(failYaml.length >= 1, 'the failing example needs a ```yaml block (two for a before/after pair)');
    const report = reviewFixture(asInput(failYaml));
    // Exactly what `trainlint check config.yaml` prints for this rule (without colour and curves).
    const expectedBlock = report.findings
      .filter((f) => f.ruleId === rule.id)
      .map((f) => findingLine(f, false))
      .join('\n');
    if (process.env.TRAINLINT_UPDATE_DOCS === '1') {
      const updatedSection = failing.replace(/^```text[^\n]*\n[\s\S]*?^```/m, () => '```text\n' + expectedBlock + '\n```');
      page.text = page.text.replace(failing, () => updatedSection);
      page.sections = sectionsOf(page.text);
      writeFileSync(page.file, page.text);
    }
    assert.ok(expectedBlock, `the failing example produces no ${rule.id} finding; the engine gives:\n  ${report.findings.map(show).join('\n  ') || '(nothing)'}`);
    const printed = codeBlocks(page.sections.get('Example that fails') ?? '', 'text');
    assert.equal(printed.length, 1, 'the failing example needs one ```text block with what trainlint prints');
    assert.equal(printed[0]!.trimEnd(), expectedBlock, 'the printed findings in the docs differ from what the engine prints (TRAINLINT_UPDATE_DOCS=1 rewrites them)');

    const passing = codeBlocks(page.sections.get('Example that passes') ?? '', 'yaml');
    assert.ok(passing.length >= 1, 'the passing example needs a ```yaml block');
    const clean = reviewFixture(asInput(passing));
    assert.deepEqual(clean.findings.map(show), [], 'the passing example should produce no findings');
    assert.equal(clean.files[0]?.status, 'reviewed', 'the passing example should be recognised as a training config');
  });
}

test('docs/rules/README.md: one row per rule with its default severity and page link', () => {
  const readme = readFileSync(join(DOCS, 'README.md'), 'utf8');
  for (const rule of RULES) {
    const row = readme.split('\n').find((l) => l.startsWith(`| ${rule.id} `) || l.startsWith(`| [${rule.id}]`));
    assert.ok(row, `no table row for ${rule.id}`);
    assert.ok(row.includes(rule.name), `${rule.id} row lacks its name`);
    assert.ok(row.includes(`(${rule.id}-${rule.name}.md)`), `${rule.id} row lacks the link ${rule.id}-${rule.name}.md`);
    assert.ok(row.includes(rule.defaultSeverity), `${rule.id} row lacks its default severity ${rule.defaultSeverity}`);
  }
});
