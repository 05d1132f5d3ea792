// The shell reader against bash itself (the framework's own code decides: for launch scripts, that is bash). Generated
// command lines (quotes, escapes, ANSI-C quoting, variables and defaults, arrays, arithmetic, continuations, comments,
// whitespace bash does and does not split at) are read by core/shell.ts and run by bash (`bash -s`, no profile, empty
// environment, globbing off) through a function that prints its arguments; the words must be the same. Words the reader
// leaves unresolved are not compared. Skipped where bash is not installed. Fixed seed; FUZZ_SEED / BASH_RUNS override.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { test } from 'node:test';
import fc from 'fast-check';
import { readShellScript } from '../src/core/shell.ts';

const HAS_BASH = spawnSync('bash', ['--version']).status === 0;
const RUNS = Number(process.env.BASH_RUNS ?? 1500);
const SEED = Number(process.env.FUZZ_SEED ?? 17);

/** Variables both readers know before each line. */
const PREAMBLE = 'A=1\nB="x y"\nC=\'q  r\'\nD=\nARR=(p "q r" s)\nLR=3e-4\n';

const atom = fc.oneof(
  fc.constantFrom('a', 'b', 'Z', '0', '9', '-', '--', '=', '.', '/', ':', ',', '@', '%', '+', '_'),
  fc.constantFrom('$A', '${A}', '$B', '${B}', '"$B"', '$C', '"$C"', '$D', '"$D"', '$LR', '$ARR', '"$ARR"', '${ARR}', '${ARR[0]}', '${ARR[1]}'),
  fc.constantFrom('${E:-def}', '${E:-"d e"}', '${E:-a" b"}', '${E:-""}', '"${E:-x y}"', '${E-x}', '${A:-z}', '${D:-dd}', '${D-dd}', '${A:+alt}', '${E:+alt}', '${E=set}', '${#A}'),
  fc.constantFrom('${ARR[@]}', '"${ARR[@]}"', '${ARR[*]}', '"${ARR[*]}"', '$((A+2))', '$((3*4))', '$((A*(2+3)))'),
  fc.constantFrom("'s q'", "''", '""', '"d q"', '"a\\"b"', "'a\\b'", '\\ ', '\\"', "\\'", '\\\\', '"\\$A"', "'$A'", '"${A}x"', '"a\'b"', "$'x\\ty'", "$'it\\'s'", "$'\\x41\\101'"),
  fc.constantFrom(' ', '  ', '\t', '\v', '\f', '\u00a0', ' \\\n  ', ' #c'),
);
const lineArb = fc.array(atom, { minLength: 1, maxLength: 12 }).map((atoms) => atoms.join(''));

/** What bash passes to a command for each line: one bash process for all of them. */
function bashArguments(lines: string[]): string[][] {
  // An empty line after each case ends a trailing backslash-newline there, as the reader sees each case alone.
  const script = `set -f\nprintargs() { printf '%d\\x1f' $#; [ $# -gt 0 ] && printf '%s\\x1f' "$@"; printf '\\x1e'; }\n${PREAMBLE}${lines.map((l) => `unset E; printargs ${l}\n`).join('\n')}`;
  // The script on standard input: as one argument it would pass the kernel's limit for a single argument (128 KiB).
  const r = spawnSync('bash', ['--norc', '--noprofile', '-s'], { input: script, encoding: 'utf8', env: {}, maxBuffer: 64 * 1024 * 1024 });
  assert.equal(r.error, undefined, String(r.error));
  return r.stdout.split('\x1e').slice(0, lines.length).map((out) => {
    const parts = out.split('\x1f');
    return parts.slice(1, 1 + Number(parts[0]));
  });
}

test(`the shell reader splits, unquotes and expands ${RUNS} generated command lines as bash does (seed ${SEED})`, { skip: HAS_BASH ? false : 'bash is not installed' }, () => {
  const lines = fc.sample(lineArb, { numRuns: RUNS, seed: SEED });
  const expected = bashArguments(lines);
  assert.equal(expected.length, lines.length, 'bash ran every line');
  let compared = 0;
  const differ: string[] = [];
  lines.forEach((line, i) => {
    const command = readShellScript(`${PREAMBLE}unset E; printargs ${line}\n`).commands.find((c) => c.fields[0]?.text === 'printargs');
    const fields = command?.fields.slice(1) ?? [];
    if (fields.some((f) => f.unresolved?.length || f.open)) return;
    compared++;
    const words = fields.map((f) => f.text);
    if (JSON.stringify(words) !== JSON.stringify(expected[i])) differ.push(`${JSON.stringify(line)}\n  bash ${JSON.stringify(expected[i])}\n  read ${JSON.stringify(words)}`);
  });
  assert.ok(compared > RUNS / 2, `most lines are compared (${compared} of ${RUNS})`);
  assert.deepEqual(differ.slice(0, 10), [], `${differ.length} of ${compared} lines read differently from bash`);
});
