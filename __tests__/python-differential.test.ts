// The Python config reader's arithmetic against CPython itself (nanoGPT, minimind and LLMs-from-scratch configs are
// Python: `lr_decay_iters = max_iters`, `warmup_iters = int(0.02 * max_iters)`). Generated scripts assign one
// expression per name (literals of every spelling, earlier names, + - * / // % **, unary minus, int float abs round
// bool min max math.ceil/floor/sqrt/log, conditional expressions) and run in CPython one assignment at a time
// (support/python-exec.py). Wherever trainlint's evaluator gives a value, it must be CPython's: same type, the same
// integer, the same float within 4 ulp (V8's Math.pow and libm's pow may differ in the last bit), and no value where
// CPython raises. Values the evaluator leaves unknown are not compared (it says why instead). Skipped without python3.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { parsePythonModule } from '../src/core/parse-python.ts';
import type { PyValue } from '../src/core/python-values.ts';
import { askPython, pythonHas } from './support/python-oracle.ts';

const RUNS = Number(process.env.PYTHON_RUNS ?? 1000);
const SEED = Number(process.env.FUZZ_SEED ?? 17);
const HAS_PYTHON = pythonHas('math');

const LITERALS = ['0', '1', '2', '3', '7', '10', '-1', '600000', '6e-4', '1e5', '0.1', '0.5', '2.5', '3.0', '1e-8', '1_000', '0x10', '0o17', '0b101', '1.', '.5', '1e308', '9007199254740993', 'True', 'False', '-0.0'];
// Exponents and ndigits stay small literals: CPython computes any power of an int exactly (a 10**600000-digit one
// takes minutes), which is not what this compares.
const EXPONENTS = ['-2', '-1', '0', '1', '2', '3', '0.5', '-0.5', '2.0'];

function expressionArb(names: string[]): fc.Arbitrary<string> {
  const leaf = names.length ? fc.oneof(fc.constantFrom(...LITERALS), fc.constantFrom(...names)) : fc.constantFrom(...LITERALS);
  return fc.letrec((tie) => {
    const e = tie('e') as fc.Arbitrary<string>;
    return {
      e: fc.oneof({ depthSize: 'small', withCrossShrink: true }, leaf, tie('binary'), tie('negative'), tie('power'), tie('round'), tie('call'), tie('extreme'), tie('conditional')),
      binary: fc.tuple(e, fc.constantFrom('+', '-', '*', '/', '//', '%'), e).map(([a, op, b]) => `(${a} ${op} ${b})`),
      negative: e.map((a) => `-${a}`),
      power: fc.tuple(e, fc.constantFrom(...EXPONENTS), fc.constantFrom('**', 'pow', 'math.pow')).map(([a, k, f]) => (f === '**' ? `(${a} ** ${k})` : `${f}(${a}, ${k})`)),
      round: fc.tuple(e, fc.constantFrom('0', '1', '2', '-1', '-2')).map(([a, k]) => `round(${a}, ${k})`),
      call: fc.tuple(fc.constantFrom('int', 'float', 'abs', 'round', 'bool', 'math.ceil', 'math.floor', 'math.sqrt', 'math.log'), e).map(([f, a]) => `${f}(${a})`),
      extreme: fc.tuple(fc.constantFrom('min', 'max'), e, e).map(([f, a, b]) => `${f}(${a}, ${b})`),
      conditional: fc.tuple(e, e, e, fc.constantFrom('<', '>', '==', '<=')).map(([a, b, c, cmp]) => `(${a} if ${b} ${cmp} ${c} else ${c})`),
    };
  }).e as fc.Arbitrary<string>;
}

const scriptArb = fc
  .integer({ min: 1, max: 6 })
  .chain((n) => fc.tuple(...Array.from({ length: n }, (_, i) => expressionArb(Array.from({ length: i }, (__, j) => `v${j}`)).map((e) => `v${i} = ${e}`))));

type Typed = { int: string } | { float: string } | { bool: boolean } | { none: true } | { str: string } | { error: string } | { other: string };

function typed(v: PyValue): Typed {
  switch (v.t) {
    case 'int':
      // The exact integer a double holds (int(1e308) is exact in both: the double's own value).
      return { int: Number.isInteger(v.v) ? BigInt(v.v).toString() : String(v.v) };
    case 'float':
      return { float: String(v.v) };
    case 'bool':
      return { bool: v.v };
    case 'none':
      return { none: true };
    case 'str':
      return { str: v.v };
    default:
      return { other: v.t };
  }
}

function same(cpython: Typed, ours: Typed): boolean {
  if ('float' in cpython && 'float' in ours) {
    const [a, b] = [Number(cpython.float.replace('inf', 'Infinity')), Number(ours.float)];
    return Object.is(a, b) || (Number.isFinite(a) && Math.abs(a - b) <= 4 * Number.EPSILON * Math.abs(a));
  }
  return JSON.stringify(cpython) === JSON.stringify(ours);
}

test(`the Python reader's arithmetic gives CPython's values on ${RUNS} generated scripts, or none (seed ${SEED})`, { skip: HAS_PYTHON ? false : 'python3 is not installed' }, () => {
  const scripts = fc.sample(scriptArb, { numRuns: RUNS, seed: SEED });
  const cpython = askPython<Record<string, Typed>>('python-exec.py', scripts);
  const differ: string[] = [];
  let compared = 0;
  scripts.forEach((lines, i) => {
    const module = parsePythonModule(`import math\n${lines.join('\n')}\n`);
    assert.ok(!('problem' in module), lines.join('\n'));
    for (const line of lines) {
      const name = line.slice(0, line.indexOf(' ='));
      const result = module.evaluation.bindings.get(name)?.result;
      if (!result?.ok) continue;
      compared++;
      const theirs = cpython[i]![name]!;
      const ours = typed(result.value);
      if (!same(theirs, ours)) differ.push(`${lines.join('\n')}\n  ${name}: CPython ${JSON.stringify(theirs)}, trainlint ${JSON.stringify(ours)} (${result.shown})`);
    }
  });
  assert.ok(compared > RUNS / 2, `values compared: ${compared}`);
  assert.deepEqual(differ.slice(0, 5), [], `${differ.length} of ${compared} values differ from CPython`);
});
