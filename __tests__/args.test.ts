// The CLI's option parser (src/cli/args.ts) stands in for node:util parseArgs (strict, positionals allowed): for any
// command line it gives the same options and files, and refuses exactly what parseArgs refuses.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseArgs } from 'node:util';
import fc from 'fast-check';
import { parseCommandLine, type OptionSpec } from '../src/cli/args.ts';

// The shapes the CLI declares: strings with and without defaults, booleans with short names and defaults.
const OPTIONS = {
  format: { type: 'string' },
  'fail-on': { type: 'string' },
  width: { type: 'string', short: 'w' },
  plotformat: { type: 'string', default: 'text' },
  quiet: { type: 'boolean', short: 'q', default: false },
  'ignore-unknown': { type: 'boolean', short: 'u', default: false },
  version: { type: 'boolean', short: 'V' },
  'no-color': { type: 'boolean', default: false },
} satisfies Record<string, OptionSpec>;

type Outcome = { values: Record<string, unknown>; positionals: string[] } | 'refused';

function viaNode(args: string[]): Outcome {
  try {
    const r = parseArgs({ args, options: OPTIONS, allowPositionals: true, strict: true });
    return { values: { ...r.values }, positionals: r.positionals };
  } catch {
    return 'refused';
  }
}

function viaOurs(args: string[]): Outcome {
  try {
    const r = parseCommandLine(args, OPTIONS);
    return { values: { ...r.values }, positionals: r.positionals };
  } catch {
    return 'refused';
  }
}

const word = fc.oneof(
  fc.constantFrom('--format', '--format=json', '--format=', '--fail-on', '--fail-on=error', '--width', '-w', '-w80', '--plotformat', '--quiet', '--quiet=yes', '-q', '-u', '-V', '-qu', '-quV', '-qw', '-qw5', '-uq', '--no-color', '--ignore-unknown'),
  fc.constantFrom('--', '-', '--frobnicate', '-x', '-qx', '--=x', '-1', '--constructor', '--__proto__', '-q=1', 'json', 'error', 'configs/a.yaml', '.', 'a b', '-json'),
  fc.string({ maxLength: 6 }),
);

test('parseCommandLine gives what node:util parseArgs gives, and refuses what it refuses', () => {
  fc.assert(
    fc.property(fc.array(word, { maxLength: 8 }), (args) => {
      assert.deepEqual(viaOurs(args), viaNode(args), JSON.stringify(args));
    }),
    { numRuns: 5000, seed: 17 },
  );
});

test('parseCommandLine explains a refusal with the option as the user wrote it', () => {
  assert.throws(() => parseCommandLine(['--frobnicate'], OPTIONS), /unknown option --frobnicate/);
  assert.throws(() => parseCommandLine(['check', '--format'], OPTIONS), /option --format needs a value/);
  assert.throws(() => parseCommandLine(['--format', '--quiet'], OPTIONS), /"--quiet" looks like an option: write --format=--quiet/);
  assert.throws(() => parseCommandLine(['--quiet=yes'], OPTIONS), /option --quiet takes no value/);
  assert.throws(() => parseCommandLine(['-qz'], OPTIONS), /unknown option -z/);
});
