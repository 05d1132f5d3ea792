// YAML as PyYAML reads it: text PyYAML (yaml.safe_load, OmegaConf, jsonargparse) loads is not a parse
// error, with PyYAML's values and the keys at the lines and columns written in the file; text PyYAML
// refuses stays refused. Expectations follow PyYAML 6.0.x (lib/yaml/scanner.py): quoted scalars and flow
// collections ignore indentation, a comment may touch a closing quote or bracket, tabs only in scalars.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { LIMITS, parseText, type ParsedDoc } from '../src/core/parse.ts';
import { frameworkView, plainReadings } from '../src/core/loaders.ts';
import { review } from '../src/pipeline/review.ts';
import { REPO_ROOT } from './support/shared-data.ts';

function parsed(text: string): ParsedDoc {
  const result = parseText(text, 'yaml');
  assert.ok(result.ok, `expected the text to parse, got ${result.ok ? '' : `${result.problem.line}:${result.problem.column} ${result.problem.message}`}`);
  return result.doc;
}

function keyAt(doc: ParsedDoc, pointer: string): [number, number] {
  const span = doc.nodes.get(pointer)?.keySpan;
  assert.ok(span, `no key at ${pointer}`);
  return [span.line, span.column];
}

describe('text PyYAML loads parses, with its values and positions', () => {
  test('a single-quoted scalar whose continuation lines sit at its key\'s indentation', () => {
    const doc = parsed(['data:', "    special_tokens: '[<img>,", '    <row_1>,', "    ]'", '    seed: 7', ''].join('\n'));
    assert.deepEqual(doc.data, { data: { special_tokens: '[<img>, <row_1>, ]', seed: 7 } });
    assert.deepEqual(keyAt(doc, '/data/special_tokens'), [2, 5]);
    assert.deepEqual(keyAt(doc, '/data/seed'), [5, 5]);
    // The value runs from its opening quote to just past its closing quote, in the file as written.
    const value = doc.nodes.get('/data/special_tokens')!.valueSpan;
    assert.deepEqual([value.line, value.column, value.endLine, value.endColumn], [2, 21, 4, 7]);
  });

  test('a double-quoted scalar continued at column 0, with an escaped line break and an empty line', () => {
    const doc = parsed(['run:', '  name: "first', 'second\\', 'third', '', 'fourth"', '  steps: 10', ''].join('\n'));
    assert.deepEqual(doc.data, { run: { name: 'first secondthird\nfourth', steps: 10 } });
    assert.deepEqual(keyAt(doc, '/run/steps'), [7, 3]);
  });

  test('flow collections whose lines sit left of their key, down to column 0', () => {
    const text = ['model:', '  layers: [1,', '2,', '  3', ']', '  heads: {q: 4,', 'kv: 2}', '  dim: 64', ''].join('\n');
    const doc = parsed(text);
    assert.deepEqual(doc.data, { model: { layers: [1, 2, 3], heads: { q: 4, kv: 2 }, dim: 64 } });
    assert.deepEqual(keyAt(doc, '/model/heads/kv'), [7, 1]);
    assert.deepEqual(keyAt(doc, '/model/dim'), [8, 3]);
    assert.deepEqual([doc.nodes.get('/model/layers/1')!.valueSpan.line, doc.nodes.get('/model/layers/1')!.valueSpan.column], [3, 1]);
  });

  test('a flow list in a block list, and quoted scalars inside flow collections, continued at column 0', () => {
    const doc = parsed(['stages:', '  - [warmup,', 'decay]', "  - {name: 'long", "name'}", 'after: yes', ''].join('\n'));
    assert.deepEqual(doc.data, { stages: [['warmup', 'decay'], { name: 'long name' }], after: 'yes' });
    assert.deepEqual(keyAt(doc, '/after'), [6, 1]);
  });

  test('a comment right after a closing quote or bracket', () => {
    const doc = parsed(["name: 'sft'# the run", 'steps: [100, 200]#milestones', 'betas: {b1: 0.9}#adam', 'lr: 0.1', ''].join('\n'));
    assert.deepEqual(doc.data, { name: 'sft', steps: [100, 200], betas: { b1: 0.9 }, lr: 0.1 });
    assert.deepEqual(keyAt(doc, '/lr'), [4, 1]);
  });

  test('a lone `-` in a flow collection is the string "-" (the yaml package alone takes it for a block list)', () => {
    const doc = parsed(['tokenizer:', '  separators: [-, _, -]  # split on these', '  keep: {dash: -}', 'lr: 1e-4', ''].join('\n'));
    assert.deepEqual(doc.data, { tokenizer: { separators: ['-', '_', '-'], keep: { dash: '-' } }, lr: 1e-4 });
    assert.deepEqual(doc.nodes.get('/tokenizer/separators/2')?.valueSpan, { line: 2, column: 22, endLine: 2, endColumn: 23 });
    assert.deepEqual(keyAt(doc, '/lr'), [4, 1]);
    // `- ` followed by a blank is a block entry to PyYAML too, which refuses it inside brackets.
    assert.equal(parseText('x: [ - ]\n', 'yaml').ok, false);
  });

  test('whitespace-only lines (tabs too) inside a quoted scalar are line breaks', () => {
    const doc = parsed(['a:', "  b: 'one", '', '\t', "  two'", '  c: 1', ''].join('\n'));
    assert.deepEqual(doc.data, { a: { b: 'one\n\ntwo', c: 1 } });
    assert.deepEqual(keyAt(doc, '/a/c'), [6, 3]);
  });

  test('a training config with such a value is reviewed, its findings at the lines written', () => {
    const bad = readFileSync(join(REPO_ROOT, 'examples/nanotron/pretrain-135m-decay-too-early.yaml'), 'utf8');
    const text = bad.replace('  project: example\n', "  project: 'an\nexample'\n");
    assert.notEqual(text, bad);
    const report = review([{ path: 'cfg.yaml', text }]);
    assert.equal(report.files[0]?.status, 'reviewed');
    assert.ok(!report.findings.some((f) => f.ruleId === 'TL001'), report.findings.map((f) => f.ruleId).join());
    // The example's TL101 sits at 25:5 (lr_decay_steps); the value above it now spans one more line.
    assert.ok(report.findings.some((f) => f.ruleId === 'TL101' && f.line === 26 && f.column === 5));
  });
});

describe('text PyYAML refuses stays a parse error', () => {
  const refused: Array<[string, string, number?]> = [
    ['a tab-indented mapping', 'a:\n\tb: 1\n'],
    ['a quote never closed', "a: 'x\n  y\nb: 1\n"],
    ['a document separator inside a quoted scalar', "a: 'x\n---\ny'\n"],
    ['a document end marker inside a flow list', 'a: [1,\n...\n]\n'],
    ['a bracket never closed', 'a: [1,\n2\n'],
    ['a quoted key spanning two lines', "a:\n  b: 1\n  'c\nd': 2\n"],
    ['a tab starting a line inside a flow list', 'a: [1,\n\t2]\n', 2],
    ['a tab on an otherwise empty line inside a block scalar', 'a: |\n  x\n\t\n  y\n'],
    ['a `:` with no key, indented under `?`', "? a\n  : 'b\n  c'\n"],
  ];
  for (const [name, text, line] of refused) {
    test(name, () => {
      const result = parseText(text, 'yaml');
      assert.equal(result.ok, false, `${name}: parsed as ${result.ok ? JSON.stringify(result.doc.data) : ''}`);
      if (!result.ok && line !== undefined) assert.equal(result.problem.line, line, result.problem.message);
    });
  }
});

describe('what only PyYAML refuses is recorded for PyYAML dialects', () => {
  const cases: Array<[string, string, number, RegExp]> = [
    ['a tab after a colon', 'lr:\t0.1\n', 1, /tab/],
    ['a trailing tab', 'a: 1\nlr: 0.1\t\n', 2, /tab/],
    ['a tab inside a flow list', 'a: [1,\t2]\n', 1, /tab/],
    ['a duplicate anchor', 'a: &x 1\nb: &x 2\nc: *x\n', 2, /duplicate anchor &x \(first on line 1\)/],
    ['a list used as a key', 'a: 1\n[b, c]: 2\n', 2, /unhashable key/],
    ['a tag followed by a tab', 'a: !!str\t1\n', 1, /expected ' '/],
  ];
  for (const [name, text, line, message] of cases) {
    test(name, () => {
      const refusal = parsed(text).pyyamlRefusal;
      assert.ok(refusal, `${name}: no refusal recorded`);
      assert.equal(refusal.line, line, refusal.message);
      assert.match(refusal.message, message);
    });
  }

  test('nothing is recorded for the examples', () => {
    for (const name of ['pretrain-135m-good.yaml', 'pretrain-135m-decay-too-early.yaml']) {
      assert.equal(parsed(readFileSync(join(REPO_ROOT, 'examples/nanotron', name), 'utf8')).pyyamlRefusal, undefined, name);
    }
  });
});

describe('hostile input stays cheap', () => {
  test('continuation lines far left of a quote far right do not blow up the re-indented copy', () => {
    const quoteColumn = 400_000;
    const lines = Math.floor((LIMITS.maxBytes - quoteColumn) / 3);
    const text = `k:${' '.repeat(quoteColumn)}'x${'\ny'.repeat(lines)}'\n`;
    const result = parseText(text, 'yaml');
    // Re-indenting would add ~quoteColumn x lines characters: the copy is not made, the file is not reviewed (TL003).
    assert.equal(result.ok ? 'parsed' : result.problem.kind, 'unsafe');
  });

  test('many short multi-line quoted values are all re-indented', () => {
    const entries = Array.from({ length: 5_000 }, (_, i) => `  k${i}: 'a\nb'`).join('\n');
    const doc = parsed(`m:\n${entries}\n`);
    assert.equal((doc.data as { m: Record<string, string> }).m.k4999, 'a b');
    assert.deepEqual(keyAt(doc, '/m/k4999'), [2 + 4999 * 2, 3]);
  });
});

// Found by __tests__/pyyaml-differential.test.ts (PyYAML 6.0.x constructor.py, run on generated configs).
describe('core tags are constructed as PyYAML constructs them', () => {
  const view = (text: string) => {
    const doc = parsed(text);
    return frameworkView(doc, plainReadings(doc, { yaml: 'pyyaml', stringForNumber: 'fails', citation: 'test' })) as Record<string, unknown>;
  };

  test('!!float of an integer or with underscores is a float; !!int with a leading 0 is octal; !!bool takes yes/on', () => {
    assert.deepEqual(view('a: !!float 1\nb: !!float 1_000\nc: !!float 3e-4\nd: !!int 017\ne: !!int 0x1F\nf: !!bool yes\ng: !!bool Off\nh: !!str 1\ni: !!float 1:30\n'), {
      a: 1,
      b: 1000,
      c: 0.0003,
      d: 15,
      e: 31,
      f: true,
      g: false,
      h: '1',
      i: 90,
    });
  });

  test('a value the constructor cannot build stops yaml.safe_load: a PyYAML refusal at the value, also where a later duplicate key replaces it', () => {
    for (const [text, line, words] of [
      ['lr: !!float abc\n', 1, /!!float abc: Python's float\(\) cannot read "abc" \(ValueError\)/],
      ['steps: !!int 1.5\n', 1, /!!int 1\.5: Python's int\(\) cannot read "1\.5"/],
      ['flag: !!bool maybe\n', 1, /!!bool maybe: PyYAML knows yes\/no, true\/false and on\/off only \(KeyError\)/],
      ['a:\n  lr: !!float abc\na: 1\n', 2, /!!float abc/],
    ] as const) {
      const refusal = parsed(text).pyyamlRefusal;
      assert.ok(refusal, text);
      assert.equal(refusal.line, line);
      assert.match(refusal.message, words);
      assert.match(refusal.message, /yaml\.safe_load \(and OmegaConf\) raise and the run does not start/);
    }
  });

  test('a duplicate key that replaces a list or mapping leaves no positions of what it replaced (no phantom keys in the view)', () => {
    const doc = parsed('optimizer:\n  - 1e-4\n  - yes\noptimizer:\n  lr: 3e-4\n');
    assert.deepEqual([...doc.nodes.keys()].filter((p) => p.startsWith('/optimizer')), ['/optimizer', '/optimizer/lr']);
    // (3e-4 stays the number the author meant in the view: TL004 reports that PyYAML reads it as a string.)
    assert.deepEqual(view('optimizer:\n  - 1e-4\n  - yes\noptimizer:\n  lr: 3e-4\n'), { optimizer: { lr: 0.0003 } });
    const merged = parsed('base: &b\n  sched: [1, 2]\nrun:\n  <<: *b\n  sched:\n    name: cosine\n');
    assert.deepEqual([...merged.nodes.keys()].filter((p) => p.startsWith('/run')), ['/run', '/run/sched', '/run/sched/name']);
  });
});
