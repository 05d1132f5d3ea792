// Property-based fuzzing of the pipeline (see support/fuzz-harness.ts for the invariants). The default run does a
// few thousand cases under a fixed seed so the suite stays deterministic; `npm run fuzz` runs 100,000+ with a random
// seed. FUZZ_RUNS and FUZZ_SEED override both here.
import { test } from 'node:test';
import fc from 'fast-check';
import { caseArb, checkCase, loadSeeds } from './support/fuzz-harness.ts';

const RUNS = Number(process.env.FUZZ_RUNS ?? 3000);
const SEED = Number(process.env.FUZZ_SEED ?? 17);

test(`fuzz: ${RUNS} mutated configs of every dialect through the whole pipeline (seed ${SEED})`, () => {
  const seeds = loadSeeds();
  fc.assert(
    fc.property(caseArb(seeds), (c) => {
      checkCase(c);
    }),
    { numRuns: RUNS, seed: SEED, endOnFailure: false },
  );
});
