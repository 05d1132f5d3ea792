// Property-based fuzzing of the pipeline (see support/fuzz-harness.ts for the invariants): mutated configs, and configs
// reviewed against a damaged repository (support/repo-fuzz-harness.ts). The default run does a few thousand cases under
// a fixed seed so the suite stays deterministic; `npm run fuzz` runs 100,000+ with a random seed. FUZZ_RUNS,
// FUZZ_REPO_RUNS and FUZZ_SEED override them here.
import { test } from 'node:test';
import fc from 'fast-check';
import { caseArb, checkCase, loadSeeds } from './support/fuzz-harness.ts';
import { checkRepoCase, examplesProject, repoCaseArb } from './support/repo-fuzz-harness.ts';

const RUNS = Number(process.env.FUZZ_RUNS ?? 3000);
const REPO_RUNS = Number(process.env.FUZZ_REPO_RUNS ?? 1000);
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

test(`fuzz: ${REPO_RUNS} configs reviewed against a damaged repository: hostile data files, mutated launch scripts, fanned-out folders, paths out of it (seed ${SEED})`, () => {
  fc.assert(
    fc.property(repoCaseArb(examplesProject()), (c) => {
      checkRepoCase(c);
    }),
    { numRuns: REPO_RUNS, seed: SEED, endOnFailure: false },
  );
});

test('reproducer (seed 795270067): a key of three backticks written twice is escaped as \\` in the verdict line, which GFM shows literally; a commit citation in a code span is no @-mention', () => {
  const mutated = 'note: "<!-- trainlint:comment -->"\nmodel_name_or_path: Qwen/Qwen3-4B-Instruct-2507\n"```": 1\n"```": 1\nstage: sft\ndo_train: true\nfinetuning_type: lora\ntemplate: qwen3_nothink\nper_device_train_batch_size: 1\ngradient_accumulation_steps: 8\nlearning_rate: 1.0e-4\nmax_steps: 500\nlr_scheduler_type: cosine\nwarmup_ratio: 0.3\n';
  checkCase({ seed: { path: '__tests__/fixtures/TL109/llama-factory-warmup-ratio-0.3.yaml', text: mutated }, mutated, withBase: false });
});
