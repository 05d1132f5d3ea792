// The plain block style most configs are written in is read without the `yaml` package (src/core/yaml-plain-subset.ts).
// A user must not be able to tell: for every text that reader takes, the data, each value's source, every key's and
// value's position and the line count are what parse-yaml.ts gives through the `yaml` package; everything outside
// the style is left to parse-yaml.ts. (PyYAML itself is the judge in __tests__/pyyaml-differential.test.ts.)
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import fc from 'fast-check';
import { parseText } from '../src/core/parse.ts';
import { plainSubsetDifference, plainSubsetTaken } from './support/plain-subset-compare.ts';
import { plainYamlArb } from './support/plain-yaml-arb.ts';
import { REPO_ROOT, sharedFolder } from './support/shared-data.ts';

const RUNS = Number(process.env.PLAIN_YAML_RUNS ?? 4000);
const SEED = Number(process.env.FUZZ_SEED ?? 17);

function yamlFiles(dir: string, out: string[] = []): string[] {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yamlFiles(path, out);
    else if (/\.ya?ml$/.test(entry.name)) out.push(path);
  }
  return out;
}

/** The text as parse.ts hands it to the YAML readers (a leading BOM dropped, a lone CR made LF). */
function asRead(path: string): string {
  const text = readFileSync(path, 'utf8').replace(/^\ufeff/, '');
  return text.replace(/\r(?!\n)/g, '\n');
}

function checkFiles(files: string[]): { taken: number; differ: string[] } {
  let taken = 0;
  const differ: string[] = [];
  for (const path of files) {
    const { taken: isTaken, difference } = plainSubsetDifference(asRead(path));
    if (isTaken) taken++;
    if (difference) differ.push(`${path}: ${difference.slice(0, 400)}`);
  }
  return { taken, differ };
}

test('the examples and rule fixtures read the same by both readers, and most are in the plain style', () => {
  const files = [...yamlFiles(join(REPO_ROOT, 'examples')), ...yamlFiles(join(REPO_ROOT, '__tests__/fixtures'))];
  const { taken, differ } = checkFiles(files);
  assert.deepEqual(differ, []);
  // If the style stopped covering ordinary configs, reviews would silently go back to the slower reader.
  assert.ok(taken >= files.length * 0.7, `${taken} of ${files.length} YAML files read in the plain style`);
});

const corpus = sharedFolder('TRAINLINT_CORPUS', '../shared/corpus');
test('the corpus reads the same by both readers', { skip: corpus.ok ? false : `corpus not available: ${corpus.reason}` }, (t) => {
  const files = yamlFiles(corpus.path);
  const { taken, differ } = checkFiles(files);
  t.diagnostic(`${taken} of ${files.length} corpus YAML files read in the plain style`);
  assert.deepEqual(differ, []);
});

test(`${RUNS} generated texts in and around the style read the same by both readers (seed ${SEED})`, () => {
  const texts = fc.sample(plainYamlArb(true), { numRuns: RUNS, seed: SEED });
  let taken = 0;
  const differ: string[] = [];
  for (const text of texts) {
    const r = plainSubsetDifference(text);
    if (r.taken) taken++;
    if (r.difference) differ.push(`${JSON.stringify(text)}\n  ${r.difference.slice(0, 400)}`);
  }
  assert.ok(taken > RUNS / 6 && taken < RUNS * 0.9, `both sides of the edge are generated (${taken} of ${RUNS} texts in the style)`);
  assert.deepEqual(differ.slice(0, 5), [], `${differ.length} texts read differently`);
});

test('text outside the style is left to the full reader, which reads or refuses it as before', () => {
  const outside = {
    anchor: 'base: &b\n  lr: 1\nrun:\n  <<: *b\n',
    tag: 'lr: !!float 1\n',
    'python tag': 'x: !!python/object/apply:os.system ["true"]\n',
    'block scalar': 'note: |\n  two\n  lines\n',
    'plain scalar over two lines': 'note: one\n  two\n',
    'quoted scalar over two lines': 'note: "one\n  two"\n',
    'key written twice': 'lr: 1\nlr: 2\n',
    tab: 'a:\n\tb: 1\n',
    'document marker': '---\nlr: 1\n',
    'second document': 'lr: 1\n---\nlr: 2\n',
    directive: '%YAML 1.1\n---\nlr: 1\n',
    'quoted key': '"lr": 1\n',
    'flow mapping': 'opt: {lr: 1}\n',
    'comment touching a quote': 'name: "x"# note\n',
    'mapping inside a plain scalar': 'a: b: c\n',
    'list at a key that has a value': 'a: 1\n- x\n',
    'only comments': '# nothing\n',
    'a scalar document': 'just text\n',
    'the merge key': '<<: {a: 1}\n',
    'a prototype key': '__proto__:\n  polluted: 1\n',
    'an escape other than the simple ones': 'x: "\\x41"\n',
    'nesting past the limit': `${Array.from({ length: 70 }, (_, i) => `${' '.repeat(i)}k${i}:`).join('\n')} 1\n`,
  };
  for (const [what, text] of Object.entries(outside)) {
    assert.equal(plainSubsetTaken(text), false, `${what}: left to the full reader`);
    assert.equal(plainSubsetDifference(text).difference, null, what);
  }
  // The full reader still refuses what PyYAML refuses, and states the limits.
  const tagged = parseText(outside['python tag'], 'yaml');
  assert.ok(tagged.ok && tagged.doc.pyyamlRefusal, 'a Python tag is still a PyYAML refusal');
  const deep = parseText(outside['nesting past the limit'], 'yaml');
  assert.ok(!deep.ok && /nest/.test(deep.problem.message), 'nesting past the limit is still stated');
  const twice = parseText(outside['key written twice'], 'yaml');
  assert.ok(twice.ok && twice.doc.duplicateKeys.join() === '/lr', 'a key written twice is still listed (TL rules report it)');
});

test('a typical config is read in the plain style with the same values, sources and positions', () => {
  const text = [
    '# SmolLM-like',
    'model:',
    '  name: llama-135m   # the small one',
    '  dims: [576, 9]',
    'optimizer:',
    '  lr: 3e-3',
    "  betas: ['0.9', 0.95]",
    '  decay: .inf',
    'schedule:',
    '- warmup: 2000',
    '  kind: "linear"',
    '-   steps: 600_000',
    '-',
    'empty:',
    'files: [',
    '  model-00001.bin,  # shards',
    "  'model-00002.bin',",
    ']',
    '',
  ].join('\n');
  assert.equal(plainSubsetTaken(text), true);
  assert.equal(plainSubsetDifference(text).difference, null);
  const parsed = parseText(text, 'yaml');
  assert.ok(parsed.ok);
  const { data, nodes } = parsed.doc;
  assert.deepEqual(data, { model: { name: 'llama-135m', dims: [576, 9] }, optimizer: { lr: 3e-3, betas: ['0.9', 0.95], decay: Infinity }, schedule: [{ warmup: 2000, kind: 'linear' }, { steps: '600_000' }, null], empty: null, files: ['model-00001.bin', 'model-00002.bin'] });
  assert.deepEqual({ key: nodes.get('/optimizer/lr')!.keySpan, value: nodes.get('/optimizer/lr')!.valueSpan, scalar: nodes.get('/optimizer/lr')!.scalar }, { key: { line: 6, column: 3, endLine: 6, endColumn: 5 }, value: { line: 6, column: 7, endLine: 6, endColumn: 11 }, scalar: { source: '3e-3', plain: true } });
  assert.deepEqual(nodes.get('/schedule/1/steps')!.valueSpan, { line: 12, column: 12, endLine: 12, endColumn: 19 });
  assert.deepEqual(nodes.get('/files/1')!.valueSpan, { line: 17, column: 3, endLine: 17, endColumn: 20 });
  // Where a list ends is asked of the `yaml` package, only when read.
  assert.deepEqual(nodes.get('/schedule')!.valueSpan.line, 10);
});
