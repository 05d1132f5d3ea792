// `npm run fuzz`: the property-based fuzzer of __tests__/support/fuzz-harness.ts at scale. Runs FUZZ_RUNS cases
// (default 100,000) under FUZZ_SEED (default: random) and prints the count, the seed and the duration; on a failure,
// the seed and fast-check's path to replay it (FUZZ_SEED=<seed> FUZZ_RUNS=<n> node --import tsx --test __tests__/fuzz.test.ts)
// and the shrunk counterexample (add it to the fixtures).
import fc from 'fast-check';
import { caseArb, checkCase, loadSeeds } from '../__tests__/support/fuzz-harness.ts';

const runs = Number(process.env.FUZZ_RUNS ?? 100_000);
const seed = process.env.FUZZ_SEED !== undefined ? Number(process.env.FUZZ_SEED) : Math.floor(Math.random() * 2 ** 31);
const seeds = loadSeeds();
const start = performance.now();
let done = 0;
console.log(`fuzz: ${runs} cases from ${seeds.length} seed configs, seed ${seed}`);
const details = fc.check(
  fc.property(caseArb(seeds), (c) => {
    checkCase(c);
    done++;
    if (done % 5000 === 0) console.log(`  ${done} cases, ${((performance.now() - start) / 1000).toFixed(0)} s`);
  }),
  { numRuns: runs, seed },
);
const seconds = ((performance.now() - start) / 1000).toFixed(1);
if (details.failed) {
  console.log(`fuzz: FAILED after ${details.numRuns} cases in ${seconds} s; seed ${seed}, path ${details.counterexamplePath}`);
  console.log(`  replay: FUZZ_SEED=${seed} FUZZ_RUNS=${details.numRuns} node scripts/run-tests.mjs fuzz.test`);
  console.log(`  error: ${String((details.errorInstance as Error | undefined)?.message ?? 'unknown error').split('\n').slice(0, 3).join('\n  ')}`);
  console.log(`  counterexample: ${JSON.stringify(details.counterexample)}`);
  process.exit(1);
}
console.log(`fuzz: ${details.numRuns} cases passed in ${seconds} s (seed ${seed})`);
