// `npm run fuzz`: the property-based fuzzers of __tests__/support/ at scale, under FUZZ_SEED (default: random):
//  - FUZZ_RUNS (default 100,000) mutated configs of every dialect (fuzz-harness.ts);
//  - FUZZ_REPO_RUNS (default 20,000) configs reviewed against a damaged repository: hostile data files, mutated launch
//    scripts and dataset_info.json files, fanned-out and deep folders, paths out of the repository (repo-fuzz-harness.ts);
//  - FUZZ_PLAIN_RUNS (default 200,000) YAML texts in and around the plain block style that src/core/yaml-plain-subset.ts
//    reads without the `yaml` package: both YAML readers must give the same document (plain-yaml-arb.ts).
// Prints each count, the seed and the duration; on a failure, the seed and fast-check's path to replay it
// (e.g. FUZZ_SEED=<seed> FUZZ_RUNS=<n> node scripts/run-tests.mjs fuzz.test) and the shrunk counterexample (add it to the
// fixtures).
import fc from 'fast-check';
import { caseArb, checkCase, loadSeeds } from '../__tests__/support/fuzz-harness.ts';
import { checkRepoCase, examplesProject, repoCaseArb, TEMPLATES } from '../__tests__/support/repo-fuzz-harness.ts';
import { plainSubsetDifference } from '../__tests__/support/plain-subset-compare.ts';
import { plainYamlArb } from '../__tests__/support/plain-yaml-arb.ts';

const seed = process.env.FUZZ_SEED !== undefined ? Number(process.env.FUZZ_SEED) : Math.floor(Math.random() * 2 ** 31);

/** `replay`: the variable giving the test `replayTest` its number of runs. */
function fuzz<T>(what: string, runs: number, arb: fc.Arbitrary<T>, check: (c: T) => unknown, replay: string, replayTest = 'fuzz.test'): boolean {
  const start = performance.now();
  let done = 0;
  console.log(`fuzz: ${runs} ${what}, seed ${seed}`);
  const details = fc.check(
    fc.property(arb, (c) => {
      check(c);
      done++;
      if (done % 5000 === 0) console.log(`  ${done} cases, ${((performance.now() - start) / 1000).toFixed(0)} s`);
    }),
    { numRuns: runs, seed },
  );
  const seconds = ((performance.now() - start) / 1000).toFixed(1);
  if (details.failed) {
    console.log(`fuzz: FAILED after ${details.numRuns} ${what} in ${seconds} s; seed ${seed}, path ${details.counterexamplePath}`);
    console.log(`  replay: FUZZ_SEED=${seed} ${replay}=${details.numRuns} node scripts/run-tests.mjs ${replayTest}`);
    console.log(`  error: ${String((details.errorInstance as Error | undefined)?.message ?? 'unknown error').split('\n').slice(0, 3).join('\n  ')}`);
    console.log(`  counterexample: ${JSON.stringify(details.counterexample).slice(0, 20_000)}`);
    return false;
  }
  console.log(`fuzz: ${details.numRuns} ${what} passed in ${seconds} s (seed ${seed})`);
  return true;
}

const configs = fuzz('cases from ' + loadSeeds().length + ' seed configs', Number(process.env.FUZZ_RUNS ?? 100_000), caseArb(loadSeeds()), checkCase, 'FUZZ_RUNS');
const project = examplesProject();
const repos = fuzz(`configs against a damaged repository (${project.entries.length} example configs, ${Object.keys(TEMPLATES).length} data projects)`, Number(process.env.FUZZ_REPO_RUNS ?? 20_000), repoCaseArb(project), checkRepoCase, 'FUZZ_REPO_RUNS');
const plain = fuzz(
  'YAML texts in and around the plain block style, read by both YAML readers',
  Number(process.env.FUZZ_PLAIN_RUNS ?? 200_000),
  plainYamlArb(true),
  (text) => {
    const { difference } = plainSubsetDifference(text);
    if (difference) throw new Error(`the two YAML readers differ: ${difference}`);
  },
  'PLAIN_YAML_RUNS',
  'yaml-plain-subset.test',
);
if (!configs || !repos || !plain) process.exit(1);
