// JSON is read directly (src/core/json-direct.ts) instead of through the `yaml` package: a repository's JSON is mostly
// datasets and tokenizers of megabytes, each parsed during discovery. A user must not be able to tell but by the time
// a run takes: for every JSON text, the data, each value's source, every key's and value's position and the line count
// are what parse-yaml.ts gives through the `yaml` package; what the direct reader leaves to it is read as before.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import fc from 'fast-check';
import { parseText } from '../src/core/parse.ts';
import { jsonDirectDifference } from './support/plain-subset-compare.ts';
import { REPO_ROOT, sharedFolder } from './support/shared-data.ts';

function jsonFiles(dir: string, out: string[] = []): string[] {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) jsonFiles(path, out);
    else if (entry.name.endsWith('.json') && !entry.name.endsWith('.expect.json')) out.push(path);
  }
  return out;
}

function strictJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

function check(texts: Array<{ where: string; text: string }>): { taken: number; differ: string[] } {
  let taken = 0;
  const differ: string[] = [];
  for (const { where, text } of texts) {
    const r = jsonDirectDifference(text);
    if (r.taken) taken++;
    if (r.difference) differ.push(`${where}: ${r.difference.slice(0, 400)}`);
  }
  return { taken, differ };
}

test('the JSON examples and fixtures read the same by both readers, and all are read directly', () => {
  const files = [...jsonFiles(join(REPO_ROOT, 'examples')), ...jsonFiles(join(REPO_ROOT, '__tests__/fixtures'))]
    .map((path) => ({ where: path, text: readFileSync(path, 'utf8') }))
    .filter((f) => strictJson(f.text));
  const { taken, differ } = check(files);
  assert.deepEqual(differ, []);
  assert.ok(files.length > 5 && taken >= files.length - 2, `${taken} of ${files.length} JSON files read directly`);
});

const corpus = sharedFolder('TRAINLINT_CORPUS', '../shared/corpus');
test('the corpus JSON reads the same by both readers', { skip: corpus.ok ? false : `corpus not available: ${corpus.reason}` }, () => {
  const files = jsonFiles(corpus.path).map((path) => ({ where: path, text: readFileSync(path, 'utf8') })).filter((f) => strictJson(f.text));
  assert.deepEqual(check(files).differ, []);
});

// JSON values laid out every way JSON allows, with numbers and escapes spelled the ways the readers could differ on.
const NUMBERS = ['0', '-0', '1', '-1', '1.0', '1.50', '1e5', '1E5', '1e-4', '1E+400', '-1e400', '123456789012345678901', '0.1', '5e-324'];
const STRINGS = ['"a"', '""', '"\\u00e9"', '"\\ud83d\\ude00"', '"\\ud800"', '"\\/"', '"a\\"b"', '"\\\\"', '"\\b\\f\\n\\r\\t"', '"\\u0000"', '"é日本"', '"1e-4"', '"true"', '"null"', '"~"', '"<<"', '"- a"', '"a: b"', '"#"'];
const textArb = fc
  .tuple(
    fc.jsonValue({ maxDepth: 4 }),
    fc.constantFrom<string | number>(0, 1, 2, 4, '\t'),
    fc.array(fc.tuple(fc.nat(), fc.constantFrom(...NUMBERS, ...STRINGS, 'true', 'false', 'null', '{}', '[]', '[ ]', '{\r\n}')), { maxLength: 4 }),
    fc.constantFrom('', '\n', '\r\n', '  \n\n'),
  )
  .map(([value, indent, swaps, ending]) => {
    // Each swap puts a spelling in place of one scalar of the layout (a number, string, true/false/null).
    let text = JSON.stringify({ data: value, n: 1, s: 'x' }, null, indent);
    for (const [at, spelling] of swaps) {
      const scalars = [...text.matchAll(/(?<=[:\[,]\s*)(?:-?\d[\d.eE+-]*|"(?:[^"\\]|\\.)*"|true|false|null)(?=\s*[,\]}])/g)];
      const m = scalars[at % Math.max(1, scalars.length)];
      if (m) text = text.slice(0, m.index) + spelling + text.slice(m.index! + m[0].length);
    }
    return text + ending;
  })
  .filter(strictJson);

test('3,000 generated JSON texts read the same by both readers (seed 17)', () => {
  const texts = fc.sample(textArb, { numRuns: 3000, seed: 17 }).map((text, i) => ({ where: `#${i} ${JSON.stringify(text).slice(0, 200)}`, text }));
  const { taken, differ } = check(texts);
  assert.ok(taken > 2500, `most are read directly (${taken} of ${texts.length})`);
  assert.deepEqual(differ.slice(0, 5), []);
});

test('JSON the direct reader leaves to the full reader is read or refused as before', () => {
  const left = {
    'a key written twice': '{"lr": 1, "lr": 2}',
    'a prototype key': '{"__proto__": {"polluted": 1}}',
    'a document that is a number': '5',
    'a document that is a string': '"config"',
  };
  for (const [what, text] of Object.entries(left)) {
    const r = jsonDirectDifference(text);
    assert.equal(r.taken, false, `${what}: left to the full reader`);
  }
  const twice = parseText(left['a key written twice'], 'json');
  assert.ok(twice.ok && twice.doc.duplicateKeys.join() === '/lr' && (twice.doc.data as { lr: number }).lr === 2, 'the later key wins and is listed');
  const proto = parseText(left['a prototype key'], 'json');
  assert.ok(proto.ok && Object.hasOwn(proto.doc.data as object, '__proto__') && ({} as Record<string, unknown>).polluted === undefined);
});

test('a DeepSpeed config is read directly with its values, sources and positions', () => {
  const text = '{\n  "train_micro_batch_size_per_gpu": 4,\n  "scheduler": {\n    "type": "WarmupDecayLR",\n    "params": { "warmup_num_steps": 1E3, "total_num_steps": 10000, "warmup_max_lr": 3e-4 }\n  }\n}\n';
  assert.equal(jsonDirectDifference(text).difference, null);
  const parsed = parseText(text, 'json');
  assert.ok(parsed.ok);
  assert.deepEqual(parsed.doc.data, { train_micro_batch_size_per_gpu: 4, scheduler: { type: 'WarmupDecayLR', params: { warmup_num_steps: 1000, total_num_steps: 10000, warmup_max_lr: 3e-4 } } });
  const warmup = parsed.doc.nodes.get('/scheduler/params/warmup_num_steps')!;
  assert.deepEqual([warmup.keySpan, warmup.valueSpan, warmup.scalar], [{ line: 5, column: 17, endLine: 5, endColumn: 35 }, { line: 5, column: 37, endLine: 5, endColumn: 40 }, { source: '1E3', plain: true }]);
  assert.equal(parsed.doc.lineCount, 8);
});
