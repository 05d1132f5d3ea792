// trainlint's TOML reading against Python's tomllib: generated TOML (integers in every base, floats with exponents,
// inf and nan, basic / literal / multi-line strings, arrays, inline tables, dotted and quoted keys, tables and arrays
// of tables), some damaged by the fuzzer's mutations, must give tomllib's refusals and values (numbers by value: a
// JavaScript number does not say 3 from 3.0). Texts trainlint declines as unsafe (nesting over its limit) are left
// out. Skipped without python3 3.11+ (tomllib). Fixed seed; FUZZ_SEED / TOML_RUNS override.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { parseToml } from '../src/core/parse-toml.ts';
import { mutationArb } from './support/fuzz-harness.ts';
import { askPython, pythonHas } from './support/python-oracle.ts';

const RUNS = Number(process.env.TOML_RUNS ?? 1000);
const SEED = Number(process.env.FUZZ_SEED ?? 17);
const HAS_TOMLLIB = pythonHas('tomllib');

const VALUES = ['1e-4', '1.0e-4', '1E5', '1_000', '0x1F', '0o17', '0b101', 'inf', '-inf', 'nan', '+1.5', '-0.0', '3.0', '600000', '1e308', '1.5e400', 'true', 'false', '"s"', "'lit'", '"a\\tb"', '"""\nmulti\nline"""', "'''\nraw\n'''", '[1, 2]', '[1, "a"]', '[]', '{ a = 1, b = "x" }', '01', '1__0', '1.', '.5', '1e', '"unterminated', 'bare'];
const KEYS = ['lr', 'max_steps', 'a.b', '"quoted key"', 'optimizer.lr', 'x'];
const pairs = fc.array(fc.tuple(fc.constantFrom(...KEYS), fc.constantFrom(...VALUES)), { maxLength: 5 });
const textArb = fc
  .tuple(pairs, fc.array(fc.tuple(fc.constantFrom('[train]', '[optimizer]', '[[runs]]', '[train.sub]', '[a]'), pairs), { maxLength: 3 }), fc.array(mutationArb, { maxLength: 2 }))
  .map(([top, tables, mutations]) => {
    const lines = [...top.map(([k, v]) => `${k} = ${v}`), ...tables.flatMap(([header, kv]) => [header, ...kv.map(([k, v]) => `${k} = ${v}`)])];
    return `${mutations.reduce((t, m) => m(t, 'toml'), lines.join('\n'))}\n`;
  });

/** Numbers by value (NaN as a word) and booleans plain, on both sides. */
function byValue(v: unknown): unknown {
  if (typeof v === 'number') return Number.isNaN(v) ? 'NaN' : v;
  if (typeof v === 'bigint') return Number(v);
  if (Array.isArray(v)) return v.map(byValue);
  if (v !== null && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    const keys = Object.keys(o);
    if (keys.length === 1 && typeof o.bool === 'boolean') return o.bool;
    if (keys.length === 1 && typeof o.int === 'string') return Number(o.int);
    if (keys.length === 1 && typeof o.float === 'string') return o.float === 'nan' ? 'NaN' : Number(o.float.replace('inf', 'Infinity'));
    return Object.fromEntries(keys.map((k) => [k, byValue(o[k])]));
  }
  return v;
}

test(`${RUNS} generated TOML files read as tomllib reads them (seed ${SEED})`, { skip: HAS_TOMLLIB ? false : 'python3 with tomllib (3.11+) is not installed' }, () => {
  const texts = fc.sample(textArb, { numRuns: RUNS, seed: SEED });
  const tomllib = askPython<{ ok?: unknown; error?: string; crash?: string }>('toml-load.py', texts);
  const differ: string[] = [];
  let compared = 0;
  texts.forEach((text, i) => {
    const theirs = tomllib[i]!;
    const ours = parseToml(text);
    if (theirs.crash !== undefined || (!ours.ok && ours.problem.kind === 'unsafe')) return;
    compared++;
    const show = (what: string) => differ.push(`${what}\n${text}  tomllib:   ${JSON.stringify(theirs).slice(0, 300)}\n  trainlint: ${ours.ok ? JSON.stringify(byValue(ours.doc.data)).slice(0, 300) : ours.problem.message}`);
    if (theirs.error !== undefined) {
      if (ours.ok) show('tomllib refuses it, trainlint reads it');
    } else if (!ours.ok) show('tomllib reads it, trainlint refuses it');
    else if (JSON.stringify(byValue(ours.doc.data)) !== JSON.stringify(byValue(theirs.ok))) show('the values differ');
  });
  assert.ok(compared > RUNS / 2, `most texts are compared (${compared} of ${RUNS})`);
  assert.deepEqual(differ.slice(0, 5), [], `${differ.length} of ${compared} texts read differently from tomllib`);
});
