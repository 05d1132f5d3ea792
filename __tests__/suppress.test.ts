// Inline suppression only where a person wrote it: real comments of the file's format, never a string value, and
// never for TL001 / TL003 (a file cannot hide that it was not reviewed).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { review } from '../src/pipeline/review.ts';
import { suppressedRules } from '../src/core/suppress.ts';
import { REPO_ROOT } from './support/shared-data.ts';

const TL103 = { id: 'TL103', name: 'warmup-exceeds-training' };

test('a directive inside a YAML string value suppresses nothing', () => {
  const text = ['note: "# trainlint-disable TL103"', "other: '# trainlint-disable'", 'block: |', '  # trainlint-disable TL103', 'x: 1'].join('\n');
  const s = suppressedRules(text, 'yaml');
  for (let line = 1; line <= 5; line++) assert.equal(s(TL103, line), false, `line ${line}`);
});

test('a YAML comment, a TOML comment and a Python comment do suppress', () => {
  assert.equal(suppressedRules('a: 1  # trainlint-disable TL103\nb: 2', 'yaml')(TL103, 2), true);
  assert.equal(suppressedRules('# trainlint-disable-next-line TL103\nwarmup = 5', 'toml')(TL103, 2), true);
  assert.equal(suppressedRules('x = "# trainlint-disable TL103"\n# trainlint-disable-next-line TL103\nwarmup_iters = 5', 'python')(TL103, 3), true);
  assert.equal(suppressedRules('x = "# trainlint-disable TL103"\nwarmup_iters = 5', 'python')(TL103, 2), false);
});

test('JSON has no comments: nothing in it suppresses', () => {
  const text = '{\n  "note": "# trainlint-disable TL103",\n  "lr": 1\n}';
  assert.equal(suppressedRules(text, 'json')(TL103, 3), false);
});

test('TL001 and TL003 cannot be suppressed inline', () => {
  const s = suppressedRules('# trainlint-disable\n# trainlint-disable TL001 TL003 parse-error\nx: [', 'yaml');
  assert.equal(s({ id: 'TL001', name: 'parse-error' }, 3), false);
  assert.equal(s({ id: 'TL003', name: 'unsafe-input' }, 1), false);
  assert.equal(s(TL103, 3), true);
});

test('a JSON string value does not remove a real finding; a broken JSON file keeps its TL001', () => {
  const base = JSON.parse(readFileSync(join(REPO_ROOT, 'examples/deepspeed/warmup-cosine-warmup-too-long.json'), 'utf8'));
  const plain = review([{ path: 'ds_config.json', text: JSON.stringify(base, null, 2), explicit: true }]);
  const withNote = review([{ path: 'ds_config.json', text: JSON.stringify({ note: '# trainlint-disable', ...base }, null, 2), explicit: true }]);
  const ids = (r: typeof plain) => r.findings.map((f) => f.ruleId).sort();
  assert.ok(plain.findings.length > 0);
  assert.deepEqual(ids(withNote), ids(plain));
  const broken = review([{ path: 'ds_config.json', text: '{\n# trainlint-disable\n"optimizer": {"type": "AdamW", "params": {"lr": 1e-4}},\n"scheduler": 1\n', explicit: true }]);
  assert.deepEqual(broken.findings.map((f) => f.ruleId), ['TL001']);
});
