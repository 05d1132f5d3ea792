// `npm run bench`: performance as ratios measured against a baseline in the same run (never in tests).
//  1. files reviewed per second: the corpus (or examples/) repeated to 1,000 files, one review() call;
//     and a generated sweep of 1,000 configs (one PR of a hyper-parameter sweep): files/s, and the cost of a file in
//     the sweep relative to reviewing one file alone (below 1: schedules shared by configs are simulated once);
//  2. simulate + render a 1,000,000-step run / a 1,000-step run (target < 2: the cost must not grow with the run);
//  1c. review cost against a bare parse: every YAML file of the corpus parsed with the `yaml` package (parseDocument
//     with a LineCounter, so every node has its position: the least a linter that reports file:line must do), then the
//     full review of the same files (parse, detect, plan, simulate, rules, fix verification); the ratio of the two
//     (goal <= 1.2);
//  3. cold start against `node -e 0`, for the CLI (the `trainlint` bin, `node dist/trainlint.cjs FILE`, goal <= 1.5;
//     its code cache written by a first run, as a user's first run writes it; and without the cache, as a first run
//     starts) and for the action (dist/index.js as a runner starts it, on a push event with an empty checkout and no
//     token: no network).
// TRAINLINT_DIST=DIR measures another build (`node scripts/build.mjs DIR`); BENCH_ONLY=cold-start runs 3 alone.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { LineCounter, parseDocument } from 'yaml';
import { review, type ReviewInput } from '../src/pipeline/review.ts';
import { SimulationMemo } from '../src/core/simulation-memo.ts';
import { readPlainSubset } from '../src/core/yaml-plain-subset.ts';
import { renderMarkdown } from '../src/render/markdown.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
const corpus = resolve(process.env.TRAINLINT_CORPUS ?? join(root, '..', 'shared', 'corpus'));

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

function time(fn: () => void, repeats: number): number {
  const runs: number[] = [];
  for (let i = 0; i < repeats; i++) {
    const t0 = performance.now();
    fn();
    runs.push(performance.now() - t0);
  }
  return median(runs);
}

function listFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...listFiles(p));
    else if (/\.(ya?ml|json|toml|py)$/.test(name)) out.push(p);
  }
  return out;
}

const only = process.env.BENCH_ONLY ?? '';
if (only === '' || only === 'throughput') {
// 1. Throughput.
const source = existsSync(corpus) ? corpus : join(root, 'examples');
const files = listFiles(source).map((p) => ({ path: p.slice(source.length + 1), text: readFileSync(p, 'utf8') }));
const inputs: ReviewInput[] = Array.from({ length: 1000 }, (_, i) => ({ ...files[i % files.length]!, path: `${i}/${files[i % files.length]!.path}`, explicit: true }));
review(inputs.slice(0, 50)); // warm up the JIT and the schema compilation
const reviewMs = time(() => review(inputs), 3);
console.log(`throughput: ${(1000 / (reviewMs / 1000)).toFixed(0)} files/s (${files.length} distinct files from ${existsSync(corpus) ? 'the corpus' : 'examples/'}, repeated to 1000; ${reviewMs.toFixed(0)} ms)`);

// 1b. A generated sweep: 1,000 configs, 5 learning rates x 4 run lengths x 50 seeds (20 distinct schedules).
const sweepConfig = (i: number) => `# sweep run ${i}: seed ${i % 50}
general:
  project: sweep
  seed: ${i % 50}
optimizer:
  learning_rate_scheduler:
    learning_rate: ${[1e-4, 3e-4, 1e-3, 3e-3, 1e-2][i % 5]}
    lr_warmup_steps: 1000
    lr_warmup_style: linear
    lr_decay_style: cosine
    lr_decay_starting_step: 2000
    lr_decay_steps: ${[8000, 18_000, 48_000, 98_000][Math.floor(i / 5) % 4]}
    min_decay_lr: 0
tokens:
  train_steps: ${[10_000, 20_000, 50_000, 100_000][Math.floor(i / 5) % 4]}
`;
const sweep: ReviewInput[] = Array.from({ length: 1000 }, (_, i) => ({ path: `configs/sweep/run-${String(i).padStart(4, '0')}.yaml`, text: sweepConfig(i), explicit: true }));
review(sweep.slice(0, 50));
const memo = new SimulationMemo();
const sweepMs = time(() => review(sweep, { memo: (memo.hits = 0, memo) }), 3);
// A file alone: each of the 20 distinct schedules reviewed by itself (one review() call each), averaged.
const singleMs = time(() => sweep.slice(0, 20).forEach((input) => review([input])), 11) / 20;
console.log(
  `1,000-config sweep: ${(1000 / (sweepMs / 1000)).toFixed(0)} files/s (${sweepMs.toFixed(0)} ms, ${memo.size} distinct schedules simulated); ` +
    `a file in the sweep / a file alone: ${(sweepMs / 1000 / singleMs).toFixed(2)} (${(sweepMs / 1000).toFixed(2)} ms vs ${singleMs.toFixed(2)} ms)`,
);

// 1c. Review cost against a bare YAML parse with positions, on the same files (the corpus's YAML files, once each).
const yamlFiles = files.filter((f) => /\.ya?ml$/.test(f.path));
const parseAll = () => {
  for (const f of yamlFiles) parseDocument(f.text, { lineCounter: new LineCounter() });
};
const reviewAll = () => {
  review(yamlFiles.map((f) => ({ ...f, explicit: true })));
};
for (let i = 0; i < 5; i++) { parseAll(); reviewAll(); }
const parseMs = time(parseAll, 15);
const reviewYamlMs = time(reviewAll, 15);
console.log(`review / bare yaml parse with positions, ${yamlFiles.length} YAML files: ${(reviewYamlMs / parseMs).toFixed(2)} (goal <= 1.2; ${reviewYamlMs.toFixed(1)} ms vs ${parseMs.toFixed(1)} ms)`);
// The same ratio for each of the two YAML readers' files: the plain block style (src/core/yaml-plain-subset.ts, no
// `yaml` package) and the rest (read through the `yaml` package, as every file was before).
{
  const plain = yamlFiles.filter((f) => readPlainSubset(f.text, () => ({ line: 1, column: 1, endLine: 1, endColumn: 1 })) !== null);
  const rest = yamlFiles.filter((f) => !plain.includes(f));
  const ratio = (group: typeof yamlFiles) => {
    const p = time(() => group.forEach((f) => parseDocument(f.text, { lineCounter: new LineCounter() })), 15);
    const r = time(() => review(group.map((f) => ({ ...f, explicit: true }))), 15);
    return `${(r / p).toFixed(2)} (${r.toFixed(1)} ms vs ${p.toFixed(1)} ms)`;
  };
  console.log(`  of which ${plain.length} in the plain block style: ${ratio(plain)}; the other ${rest.length}, read through the yaml package: ${rest.length ? ratio(rest) : '-'}`);
}

// 2. Cost of a long run relative to a short one: simulate, sample, check and render.
const nanotron = (steps: number) => `optimizer:
  learning_rate_scheduler:
    learning_rate: 0.003
    lr_warmup_steps: ${steps / 100}
    lr_warmup_style: linear
    lr_decay_style: cosine
    min_decay_lr: 0
tokens:
  train_steps: ${steps}
`;
const simulateAndRender = (steps: number) => () => {
  const report = review([{ path: 'run.yaml', text: nanotron(steps), explicit: true }]);
  renderMarkdown(report);
};
for (let i = 0; i < 20; i++) { simulateAndRender(1000)(); simulateAndRender(1_000_000)(); }
const short = time(simulateAndRender(1000), 41);
const long = time(simulateAndRender(1_000_000), 41);
console.log(`1,000,000-step run / 1,000-step run: ${(long / short).toFixed(2)} (target < 2; ${long.toFixed(2)} ms vs ${short.toFixed(2)} ms)`);

}

// 3. Cold start of the bundle against bare node: the CLI on one file, and the action on an event it finishes offline.
const dist = resolve(process.env.TRAINLINT_DIST ?? join(root, 'dist'));
const bundle = join(dist, 'index.js');
const bin = join(dist, 'trainlint.cjs');
const example = join(root, 'examples', 'nanotron', 'pretrain-135m-good.yaml');
const spawnMs = (args: string[], options: { env?: NodeJS.ProcessEnv; cwd?: string } = {}) => () => {
  execFileSync(process.execPath, args, { stdio: 'ignore', ...options });
};
// The action as the runner starts it: every input set (action.yml gives each a default), a push event, an empty
// checkout and no token, so it reviews nothing, writes its outputs and summary, and exits without a network call.
const runner = mkdtempSync(join(tmpdir(), 'trainlint-bench-action-'));
const workspace = join(runner, 'workspace');
mkdirSync(workspace);
writeFileSync(join(runner, 'event.json'), JSON.stringify({ ref: 'refs/heads/main', repository: { full_name: 'bench/bench' } }));
const actionEnv = (): NodeJS.ProcessEnv => {
  for (const f of ['output', 'summary']) writeFileSync(join(runner, f), '');
  return {
    PATH: process.env.PATH ?? '',
    HOME: runner,
    CI: 'true',
    GITHUB_ACTIONS: 'true',
    GITHUB_EVENT_NAME: 'push',
    GITHUB_EVENT_PATH: join(runner, 'event.json'),
    GITHUB_REPOSITORY: 'bench/bench',
    GITHUB_WORKSPACE: workspace,
    GITHUB_OUTPUT: join(runner, 'output'),
    GITHUB_STEP_SUMMARY: join(runner, 'summary'),
    RUNNER_TEMP: runner,
    'INPUT_GITHUB-TOKEN': '',
    INPUT_PATHS: '',
    INPUT_CONFIG: '',
    'INPUT_FAIL-ON': 'never',
    INPUT_COMMENT: 'update',
    INPUT_BASELINE: '',
    INPUT_SUGGESTIONS: 'true',
  };
};
try {
  spawnMs([bundle], { env: actionEnv(), cwd: workspace })(); // fails loudly if the action cannot finish offline
  // Interleaved (bare, CLI, action, bare, ...) so that a change in the machine's load shifts the three alike; medians.
  const runs = { bare: [] as number[], cli: [] as number[], uncached: [] as number[], action: [] as number[] };
  const timed = (into: number[], fn: () => void) => {
    const t0 = performance.now();
    fn();
    into.push(performance.now() - t0);
  };
  const noCache = { ...process.env, NODE_DISABLE_COMPILE_CACHE: '1' };
  // The CLI's code cache in a temp folder of the bench's own: a cache this build wrote earlier (a test run's first
  // review, of another file) would hold other functions than this review's, and the figure would depend on it.
  const cliTmp = join(runner, 'cli-tmp');
  mkdirSync(cliTmp);
  const cliEnv = { ...process.env, TMPDIR: cliTmp };
  spawnMs([bin, example, '--format', 'json'], { env: cliEnv })(); // a first CLI run writes the CLI bundle's V8 code cache (src/cli/code-cache.ts), as a user's first review does
  for (let i = 0; i < 21; i++) {
    timed(runs.bare, spawnMs(['-e', '0']));
    timed(runs.cli, spawnMs([bin, example, '--format', 'json'], { env: cliEnv }));
    timed(runs.uncached, spawnMs([bin, example, '--format', 'json'], { env: noCache }));
    timed(runs.action, () => spawnMs([bundle], { env: actionEnv(), cwd: workspace })());
  }
  const [bare, cli, uncached, action] = [median(runs.bare), median(runs.cli), median(runs.uncached), median(runs.action)];
  console.log(`cold start, CLI: trainlint FILE (node dist/trainlint.cjs) / node -e 0: ${(cli / bare).toFixed(2)} (goal <= 1.5; ${cli.toFixed(0)} ms vs ${bare.toFixed(0)} ms; Node ${process.versions.node})`);
  console.log(`cold start, CLI without its code cache (a first run; NODE_DISABLE_COMPILE_CACHE=1) / node -e 0: ${(uncached / bare).toFixed(2)} (${uncached.toFixed(0)} ms)`);
  console.log(`cold start, action: push event, empty checkout, no network / node -e 0: ${(action / bare).toFixed(2)} (${action.toFixed(0)} ms vs ${bare.toFixed(0)} ms)`);
} finally {
  rmSync(runner, { recursive: true, force: true });
}
