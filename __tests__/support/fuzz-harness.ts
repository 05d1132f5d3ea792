// Property-based fuzzing of the whole pipeline (issue 17): configs of every dialect, taken from the repository's own
// examples and rule fixtures and mutated (extreme numbers in each format's own spelling, deep structures, garbage
// bytes, markdown and marker injection, inline suppressions, prototype keys, long chains of Python names), go through
// parse -> detect -> plan -> simulate -> rules -> render (text, markdown, SARIF, JSON). Every case must hold:
//   - review never throws and no file needs the per-file budget (the inputs are a few kilobytes);
//   - every file named gets a status, every `unparsed` file a TL001 or TL003 that says why;
//   - every finding's line is inside its file;
//   - no NaN or Infinity in any output, and no non-finite number in the JSON report;
//   - the markdown comment has trainlint's own marker exactly once, balanced <details>, even fences, no mention;
//   - Object.prototype is untouched;
//   - a YAML or JSON text reads the same by the direct reader as by the full reader (src/core/yaml-plain-subset.ts,
//     src/core/json-direct.ts).
// Used by __tests__/fuzz.test.ts (a few thousand cases, fixed seed) and scripts/fuzz.ts (`npm run fuzz`).
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { extname, join, relative } from 'node:path';
import fc from 'fast-check';
import { toJsonReport, type Report } from '../../src/core/report.ts';
import { review, type ReviewInput } from '../../src/pipeline/review.ts';
import { renderMarkdown } from '../../src/render/markdown.ts';
import { renderSarif } from '../../src/render/sarif.ts';
import { renderText } from '../../src/render/text.ts';
import { assertDirectReaderAgrees } from './plain-subset-compare.ts';
import { REPO_ROOT } from './shared-data.ts';

export interface Seed {
  path: string;
  text: string;
}

const EXTENSIONS = new Set(['.yaml', '.yml', '.json', '.toml', '.py', '.sh']);

/** Every example and rule fixture of the repository: configs of every dialect, good and bad. */
export function loadSeeds(): Seed[] {
  const out: Seed[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (EXTENSIONS.has(extname(entry.name)) && !entry.name.endsWith('.expect.json')) {
        const text = readFileSync(path, 'utf8');
        if (text.length < 64 * 1024) out.push({ path: relative(REPO_ROOT, path).split('\\').join('/'), text });
      }
    }
  };
  walk(join(REPO_ROOT, 'examples'));
  walk(join(REPO_ROOT, '__tests__/fixtures'));
  // Launches are also read out of READMEs' shell blocks and notebooks' cells: each launch script, written both ways.
  for (const { path, text } of out.filter((s) => s.path.endsWith('.sh'))) {
    const base = path.slice(0, -'.sh'.length);
    out.push({ path: `${base}.README.md`, text: `# Training\n\nRun:\n\n\`\`\`bash\n${text}\`\`\`\n` });
    const cells = [{ cell_type: 'markdown', metadata: {}, source: ['# Train'] }, { cell_type: 'code', metadata: {}, execution_count: null, outputs: [], source: `%%bash\n${text}`.split(/(?<=\n)/) }];
    out.push({ path: `${base}.ipynb`, text: JSON.stringify({ cells, metadata: {}, nbformat: 4, nbformat_minor: 5 }, null, 1) });
  }
  return out.sort((a, b) => a.path.localeCompare(b.path));
}

export type Format = 'yaml' | 'json' | 'toml' | 'python';

export function formatOfPath(path: string): Format {
  if (path.endsWith('.json') || path.endsWith('.ipynb')) return 'json';
  if (path.endsWith('.toml')) return 'toml';
  if (path.endsWith('.py')) return 'python';
  return 'yaml';
}

/** Extreme numbers as each format writes them (YAML 1.1/1.2 both, TOML's own, Python expressions). */
const EDGE_NUMBERS: Record<Format, string[]> = {
  yaml: ['.nan', '.NaN', '.inf', '-.inf', 'nan', 'inf', '1e308', '1e400', '-1', '0', '-0', '5e-324', '1e-320', '9007199254740993', '9223372036854775808', '2.53e38', '1.0e+999', '0x7fffffffffffffff', '1_000_000', '1e-30'],
  json: ['1e308', '1e400', '-1', '0', '-0', '5e-324', '1e-320', '9007199254740993', '9223372036854775808', '2.53e38', '-1e308', '1e-30'],
  toml: ['nan', 'inf', '-inf', '1e308', '-1', '0', '5e-324', '9007199254740993', '9223372036854775807', '2.53e38', '1e-30'],
  python: ["float('nan')", "float('inf')", "-float('inf')", '1e308', '1e308 * 10', '10 ** 30', '2 ** 63', '-1', '0', '5e-324', '9007199254740993', 'math.inf', '0 / 1', '1 // 0'],
};

/** Text a hostile config may carry into messages: markers, HTML, fences, table pipes, mentions, suppressions. */
const INJECTIONS = [
  '<!-- trainlint:comment -->',
  '<!-- trainlint:suggestion x -->',
  '</details>',
  '<details><summary>x</summary>',
  '```',
  '~~~',
  '| a | b |',
  '@octocat',
  '@github/security',
  '#1',
  '[x](https://evil.example)',
  '# trainlint-disable TL001 TL002 TL003 TL101 TL103',
  '\u0000\u001b[31m',
  '\u202e',
];

const NUMBER_TOKEN = /(?<![\w.])-?\d[\d_]*(?:\.\d*)?(?:[eE][-+]?\d+)?(?![\w.])/g;

function replaceNth(text: string, regex: RegExp, n: number, replacement: string): string {
  const matches = [...text.matchAll(regex)];
  if (matches.length === 0) return text;
  const m = matches[n % matches.length]!;
  return text.slice(0, m.index) + replacement + text.slice(m.index! + m[0].length);
}

function lineSplice(text: string, at: number, insert: string): string {
  const lines = text.split('\n');
  const i = at % (lines.length + 1);
  lines.splice(i, 0, insert);
  return lines.join('\n');
}

/** One mutation of a config text; each knows the format it writes. */
export type Mutation = (text: string, format: Format) => string;

export const mutationArb: fc.Arbitrary<Mutation> = fc.oneof(
  // An extreme number in place of a number of the file.
  fc.tuple(fc.nat(), fc.nat()).map(([n, pick]): Mutation => (t, f) => replaceNth(t, NUMBER_TOKEN, n, EDGE_NUMBERS[f][pick % EDGE_NUMBERS[f].length]!)),
  // Injected text inside a string value, a comment or a key.
  fc.tuple(fc.nat(), fc.nat(), fc.constantFrom('value', 'comment', 'key')).map(([at, pick, where]): Mutation => (t, f) => {
    const s = INJECTIONS[pick % INJECTIONS.length]!;
    if (where === 'comment' && f !== 'json') return lineSplice(t, at, `# ${s}`);
    if (f === 'json') return t.replace(/"([^"\\]{1,40})"\s*:\s*"[^"\\]*"/, `"$1": ${JSON.stringify(s)}`);
    if (f === 'python') return lineSplice(t, at, where === 'key' ? `note = ${JSON.stringify(s)}` : `note = ${JSON.stringify(s)}  # ${s}`);
    if (f === 'toml') return lineSplice(t, 0, `note = ${JSON.stringify(s)}`);
    return lineSplice(t, at, where === 'key' ? `${JSON.stringify(s)}: 1` : `note: ${JSON.stringify(s)}`);
  }),
  // Deleting, duplicating or truncating.
  fc.nat().map((at): Mutation => (t) => {
    const lines = t.split('\n');
    lines.splice(at % Math.max(1, lines.length), 1);
    return lines.join('\n');
  }),
  fc.nat().map((at): Mutation => (t) => {
    const lines = t.split('\n');
    const i = at % Math.max(1, lines.length);
    lines.splice(i, 0, lines[i] ?? '');
    return lines.join('\n');
  }),
  fc.nat().map((at): Mutation => (t) => t.slice(0, at % (t.length + 1))),
  // Garbage bytes anywhere.
  fc.tuple(fc.nat(), fc.string({ unit: 'binary', maxLength: 12 })).map(([at, junk]): Mutation => (t) => {
    const i = at % (t.length + 1);
    return t.slice(0, i) + junk + t.slice(i);
  }),
  // Deep or wide structures.
  fc.tuple(fc.integer({ min: 1, max: 300 }), fc.nat()).map(([depth, at]): Mutation => (t, f) => {
    if (f === 'python') return lineSplice(t, at, `deep = ${'['.repeat(depth)}1${']'.repeat(depth)}`);
    if (f === 'toml') return `${t}\ndeep = ${'['.repeat(Math.min(depth, 200))}1${']'.repeat(Math.min(depth, 200))}\n`;
    if (f === 'json') return t.replace(/\{/, `{"deep": ${'['.repeat(depth)}1${']'.repeat(depth)},`);
    return lineSplice(t, at, `deep: ${'['.repeat(depth)}1${']'.repeat(depth)}`);
  }),
  // Prototype keys and framework-refused YAML tags.
  fc.constantFrom<Mutation>(
    (t, f) => (f === 'json' ? t.replace(/\{/, '{"__proto__": {"polluted": 1}, "constructor": {"prototype": {"polluted": 1}},') : f === 'yaml' ? `${t}\n__proto__:\n  polluted: 1\n` : t),
    (t, f) => (f === 'yaml' ? `${t}\nextra: !!python/object/apply:os.system ["true"]\n` : t),
    (t, f) => (f === 'yaml' ? `${t}\nanchors: &a [*a]\n` : t),
  ),
  // A Python chain of names, each from the previous one.
  fc.integer({ min: 10, max: 2000 }).map((n): Mutation => (t, f) => {
    if (f !== 'python') return t;
    const lines = ['z0 = 1'];
    for (let i = 1; i < n; i++) lines.push(`z${i} = z${i - 1} + z${i - 1}`);
    return `${lines.join('\n')}\n${t}`;
  }),
);

export interface FuzzCase {
  seed: Seed;
  mutated: string;
  withBase: boolean;
  /** Text put before the file's name (git allows almost any): the path reaches every output. */
  pathInjection?: string;
}

export function caseArb(seeds: readonly Seed[]): fc.Arbitrary<FuzzCase> {
  return fc
    .tuple(fc.constantFrom(...seeds), fc.array(mutationArb, { minLength: 1, maxLength: 4 }), fc.boolean(), fc.option(fc.constantFrom(...INJECTIONS), { freq: 8 }))
    .map(([seed, mutations, withBase, injection]) => ({
      seed,
      mutated: mutations.reduce((t, m) => m(t, formatOfPath(seed.path)), seed.text),
      withBase,
      ...(injection !== null ? { pathInjection: injection.replace(/\//g, '') } : {}),
    }));
}

const PROTO_KEYS = Object.getOwnPropertyNames(Object.prototype).sort().join(',');

function lineCount(text: string): number {
  return text.split(/\r\n|\r|\n/).length;
}

function nonFiniteNumbers(value: unknown, path = '', out: string[] = []): string[] {
  if (typeof value === 'number' && !Number.isFinite(value)) out.push(path);
  else if (Array.isArray(value)) value.forEach((v, i) => nonFiniteNumbers(v, `${path}/${i}`, out));
  else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) nonFiniteNumbers(v, `${path}/${k}`, out);
  return out;
}

/** The markdown comment stays trainlint's: one marker at the top, balanced details, even fences, no mention. */
export function assertMarkdownInvariants(markdown: string): void {
  const markers = markdown.match(/<!--\s*trainlint:/g) ?? [];
  assert.equal(markers.length, 1, 'exactly one trainlint marker in the comment');
  assert.ok(markdown.startsWith('<!-- trainlint:comment -->'), 'the marker opens the comment');
  const opened = (markdown.match(/<details>/g) ?? []).length;
  const closed = (markdown.match(/<\/details>/g) ?? []).length;
  assert.equal(opened, closed, '<details> balanced');
  const fences = markdown.split('\n').filter((l) => /^\s*(```|~~~)/.test(l)).length;
  assert.equal(fences % 2, 0, 'code fences balanced');
  // A mention is `@name` not preceded by a word character; escaped ones carry a zero-width space after the @.
  // A backslash-escaped backtick (`\``) is a literal character in GFM, not a code-span delimiter.
  const outsideCode = markdown.replace(/```[\s\S]*?```/g, '').replace(/\\`/g, '').replace(/(`+)[^`]*?\1/g, '');
  assert.doesNotMatch(outsideCode, /(^|[^\w`])@[A-Za-z0-9]/, 'no @-mention');
}

/** Runs one case through the whole pipeline and every renderer, asserting the invariants. */
export function checkCase(c: FuzzCase): Report {
  const seedPath = c.seed.path.replace(/^__tests__\/fixtures\//, '');
  const cut = seedPath.lastIndexOf('/') + 1;
  const path = c.pathInjection === undefined ? seedPath : `${seedPath.slice(0, cut)}${c.pathInjection}${seedPath.slice(cut)}`;
  const input: ReviewInput = { path, text: c.mutated, explicit: true };
  if (c.withBase) input.baseText = c.seed.text;
  const report = review([input]);
  assertReportInvariants(report, path, c.mutated);
  if (/\.ya?ml$/.test(c.seed.path)) assertDirectReaderAgrees(c.mutated, 'yaml');
  if (c.seed.path.endsWith('.json')) assertDirectReaderAgrees(c.mutated, 'json');
  return report;
}

/** The invariants every review holds, whatever its input: `path` is the file reviewed, `text` what it held. */
export function assertReportInvariants(report: Report, path: string, text: string): void {
  const file = report.files.find((f) => f.path === path);
  assert.ok(file, `${path} has a status`);
  const findings = report.findings.filter((f) => f.path === path);
  if (file.status === 'unparsed') assert.ok(findings.some((f) => f.ruleId === 'TL001' || f.ruleId === 'TL003'), 'an unparsed file says why (TL001/TL003)');
  assert.ok(!findings.some((f) => /per-file budget/.test(f.message)), 'a config of a few kilobytes stays within the per-file budget');
  const lines = lineCount(text);
  for (const f of findings) {
    assert.ok(f.line >= 1 && f.line <= lines, `${f.ruleId} line ${f.line} inside the file (${lines} lines)`);
    if (f.endLine !== undefined) assert.ok(f.endLine >= f.line && f.endLine <= lines, `${f.ruleId} endLine ${f.endLine} inside the file`);
    const words = `${f.message} ${f.fix?.description ?? ''}`;
    if (/\bNaN\b|Infinity/.test(words)) assert.fail(`${f.ruleId}: no NaN/Infinity in the message: ${words}`);
  }
  const json = toJsonReport(report);
  { const bad = nonFiniteNumbers(json); assert.deepEqual(bad, [], `no non-finite number in the JSON report: ${bad.slice(0, 5).join(', ')}`); }
  const outputs = {
    text: renderText(report, { color: false, curves: 'all' }),
    markdown: renderMarkdown(report),
    // The run's results only: the tool section carries each rule's documentation as help, static prose that may
    // mention NaN (TL106's page recalls a run that went to NaN); what the review computed is in the results.
    sarif: JSON.stringify((JSON.parse(renderSarif(report)) as { runs: Array<{ results: unknown }> }).runs.map((r) => r.results)),
    json: JSON.stringify(json),
  };
  for (const [kind, out] of Object.entries(outputs)) {
    const at = out.search(/\bNaN\b|Infinity/);
    if (at >= 0) assert.fail(`no NaN/Infinity in the ${kind} output: ${out.slice(Math.max(0, at - 80), at + 80)}`);
  }
  assertMarkdownInvariants(outputs.markdown);
  assert.equal(Object.getOwnPropertyNames(Object.prototype).sort().join(','), PROTO_KEYS, 'Object.prototype untouched');
  assert.equal(({} as Record<string, unknown>).polluted, undefined, 'no polluted property');
}
