// Property-based fuzzing of what a config reads beside it (issue 17: every file of a PR is untrusted input). A case is a
// repository held in memory: either the repository's own examples/ tree (configs of every dialect with their data
// folders, dataset_info.json files, launch scripts and concept folders) or a small project whose config names a local
// data file of each format `datasets` counts (torchtune, LLaMA-Factory, litgpt, verl, axolotl), or OLMo token files counted by size. The files beside the config are then
// damaged: data files replaced by hostile bytes (forged Parquet footers, unbalanced JSON, deep nesting, garbage), side
// files mutated like configs (support/fuzz-harness.ts), folders fanned out to thousands of entries or nested hundreds
// deep, files deleted. The config itself may be mutated too. Every case holds the invariants of
// support/fuzz-harness.ts (assertReportInvariants), and no count read from the repository is ever negative.
// Used by __tests__/fuzz.test.ts (fixed seed) and scripts/fuzz.ts (`npm run fuzz`).
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import fc from 'fast-check';
import type { Report } from '../../src/core/report.ts';
import { review } from '../../src/pipeline/review.ts';
import { renderText } from '../../src/render/text.ts';
import { assertReportInvariants, formatOfPath, mutationArb } from './fuzz-harness.ts';
import { memoryRepo } from './memory-repo.ts';
import { parquetFile } from './parquet-file.ts';
import { torchtuneLora } from './reviewed-plan.ts';
import { REPO_ROOT } from './shared-data.ts';

type Files = Record<string, string | Uint8Array>;

export interface Project {
  /** Repository-relative paths of the configs a case may review. */
  entries: string[];
  files: Files;
}

const CONFIG = /\.(ya?ml|json|toml|py|sh)$/;
const DATA_FOLDER = /(^|\/)(data|dataset)\//;

/** The repository's examples/ tree, as the CLI sees it from the repository root. */
export function examplesProject(): Project {
  const files: Files = {};
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else files[relative(REPO_ROOT, path).split('\\').join('/')] = new Uint8Array(readFileSync(path));
    }
  };
  walk(join(REPO_ROOT, 'examples'));
  const entries = Object.keys(files).filter((p) => CONFIG.test(p) && !DATA_FOLDER.test(p)).sort();
  return { entries, files };
}

const rows = (n: number) => JSON.stringify(Array.from({ length: n }, (_, i) => ({ instruction: `q${i}`, output: `a${i}` })));

/** `n` records in the format of `ext`, as a healthy file holds them. */
function dataOf(ext: string, n: number): string | Uint8Array {
  if (ext === 'parquet') return parquetFile(n);
  if (ext === 'csv') return `instruction,output\n${Array.from({ length: n }, (_, i) => `q${i},a${i}\n`).join('')}`;
  if (ext === 'txt' || ext === 'jsonl') return Array.from({ length: n }, (_, i) => (ext === 'txt' ? `line ${i}\n` : `{"text": "${i}"}\n`)).join('');
  return rows(n);
}

/** Small projects whose config counts a local data file: the data file's path is `data/train.<ext>`. */
export const TEMPLATES: Record<string, (ext: string) => Files> = {
  torchtune: (ext) => {
    const source = ext === 'jsonl' ? 'json' : ext === 'txt' ? 'text' : ext;
    return { 'configs/lora.yaml': torchtuneLora(`dataset:\n  _component_: torchtune.datasets.instruct_dataset\n  source: ${source}\n  data_files: data/train.${ext}`), [`data/train.${ext}`]: dataOf(ext, 203) };
  },
  'llama-factory': (ext) => ({
    'train.yaml': 'model_name_or_path: Qwen/Qwen3-0.6B\nstage: sft\ndo_train: true\nfinetuning_type: lora\ndataset: mine\ndataset_dir: data\ntemplate: qwen3\nper_device_train_batch_size: 4\ngradient_accumulation_steps: 2\nlearning_rate: 1.0e-4\nnum_train_epochs: 3.0\nlr_scheduler_type: cosine\nwarmup_steps: 5\nmax_samples: 100000\nval_size: 0.1\n',
    'data/dataset_info.json': JSON.stringify({ mine: { file_name: `train.${ext}` } }),
    [`data/train.${ext}`]: dataOf(ext, 500),
  }),
  // verl: a main_ppo launch whose train file is counted (1000 rows // train_batch_size 128 per epoch).
  verl: (ext) => ({
    'scripts/run.sh': ['#!/bin/bash', 'python3 -m verl.trainer.main_ppo \\', `    data.train_files=data/train.${ext} \\`, '    data.train_batch_size=128 \\', '    actor_rollout_ref.actor.ppo_mini_batch_size=64 \\', '    trainer.total_epochs=3 \\', '    trainer.logger=console', ''].join('\n'),
    [`data/train.${ext}`]: dataOf(ext, 1000),
  }),
  // axolotl: a local file concatenated with a folder of files; length filtering keeps the size an upper bound.
  axolotl: (ext) => ({
    'examples/qlora.yml': `base_model: org/model\nsequence_len: 1024\ndatasets:\n  - path: data/train.${ext}\n    type: alpaca\n  - path: data/more\n    data_files: [data/more/x.${ext}]\n    type: alpaca\nval_set_size: 0.05\nmicro_batch_size: 2\ngradient_accumulation_steps: 4\nnum_epochs: 3\noptimizer: adamw_torch\nlr_scheduler: cosine\nlearning_rate: 0.0002\nwarmup_ratio: 0.1\n`,
    [`data/train.${ext}`]: dataOf(ext, 300),
    [`data/more/x.${ext}`]: dataOf(ext, 50),
  }),
  // OLMo: token files counted by their byte size alone (the extension does not matter to it).
  olmo: () => ({
    'configs/tiny.yaml': 'run_name: tiny\nmodel:\n  d_model: 256\n  n_heads: 4\n  n_layers: 2\n  max_sequence_length: 128\noptimizer:\n  name: adamw\n  learning_rate: 4.0e-4\nscheduler:\n  name: cosine_with_warmup\n  t_warmup: 5\nmax_duration: 2ep\nglobal_train_batch_size: 8\ndevice_train_microbatch_size: 8\ndata:\n  paths:\n    - data/a.npy\n    - data/b.npy\n',
    'data/a.npy': new Uint8Array(256 * 40 + 100),
    'data/b.npy': new Uint8Array(256 * 25),
  }),
  litgpt: (ext) => ({
    'config_hub/finetune/lora.yaml': `checkpoint_dir: checkpoints/org/model\nout_dir: out/lora\nprecision: bf16-true\ndevices: 1\nnum_nodes: 1\nlora_r: 8\ndata:\n  class_path: litgpt.data.JSON\n  init_args:\n    json_path: data/train.${ext}\ntrain:\n  global_batch_size: 4\n  micro_batch_size: 2\n  lr_warmup_steps: 10\n  epochs: 3\n  min_lr: 6.0e-05\noptimizer:\n  class_path: torch.optim.AdamW\n  init_args:\n    lr: 0.0002\n`,
    [`data/train.${ext}`]: dataOf(ext, 1001),
  }),
};

const DATA_EXTENSIONS = ['json', 'jsonl', 'csv', 'txt', 'parquet'];

const MAGIC = [0x50, 0x41, 0x52, 0x31];
const EDGE_ROWS = [-1n, -(2n ** 63n), 0n, 1n, 2n ** 31n, 2n ** 53n - 1n, 2n ** 53n, 2n ** 53n + 1n, 2n ** 63n - 1n];

const bytesArb = fc.uint8Array({ maxLength: 256 });

/** Bytes a data file may hold, built when the case is (large ones are not kept in the arbitrary). */
type Blob = () => string | Uint8Array;

/** Bytes a hostile or damaged data file may hold, in the shapes the readers of each format meet. */
const blobArb: fc.Arbitrary<Blob> = fc.oneof(
  bytesArb.map((b): Blob => () => b),
  fc.constant<Blob>(() => ''),
  fc.integer({ min: 0, max: 5000 }).map((n): Blob => () => rows(n)),
  fc.integer({ min: 0, max: 20_000 }).map((n): Blob => () => '{"text": "x"}\n'.repeat(n)),
  fc.integer({ min: 1, max: 50_000 }).map((n): Blob => () => `${'['.repeat(n)}${']'.repeat(n)}`),
  fc.integer({ min: 1, max: 50_000 }).map((n): Blob => () => `[${'{"a": "\\"[{'.repeat(n)}`),
  fc.integer({ min: 0, max: 5000 }).map((n): Blob => () => `a,b\n${'"x\n,y",1\n'.repeat(n)}"unterminated`),
  fc.integer({ min: 0, max: 20_000 }).map((n): Blob => () => '\r'.repeat(n)),
  fc.constant<Blob>(() => '\ufeff[{"a": 1}, {"a": 2}]'),
  fc.constant<Blob>(() => '{"a": [1, 2], "b": [3, 4]}'),
  // Parquet: forged row counts, junk footers, a footer length that does not fit. Written as Parquet whatever the name.
  fc.constantFrom(...EDGE_ROWS).map((n): Blob => () => parquetFile(n)),
  fc.tuple(bytesArb, fc.nat()).map(([junk, length]): Blob => () => Uint8Array.from([...MAGIC, ...junk, length & 0xff, (length >> 8) & 0xff, (length >> 16) & 0xff, length >>> 24, ...MAGIC])),
  fc.constant<Blob>(() => Uint8Array.from([...MAGIC, ...MAGIC])),
);

/** A path as configs and launch scripts write them: with a folder, or a data file's name. */
const PATH_TOKEN = /[\w.$~{}*-]*\/[\w.$~{}*\/-]*|[\w.-]+\.(?:jsonl?|csv|txt|parquet|arrow|npy)\b/g;

const HOSTILE_PATHS = ['../../../../etc/passwd', '/etc/passwd', '..', '.', '', '/', '$CONFIG', 'data', 'data/', '*', '**', '**/*', '**/**/**/**/*.json', 'data/*.jsonl', '*/*/*/*/*/*', '[a-z]*/**/*.{json,csv}', '~/data', '${HOME}/x.json', '%(x)s', 'a'.repeat(5000), 'd/'.repeat(300)];

/** One change to the repository around the config; `keys` are the files it holds, sorted. */
type RepoMutation = (files: Files, keys: readonly string[], config: string) => void;

const textOf = (value: string | Uint8Array): string => (typeof value === 'string' ? value : new TextDecoder().decode(value));
const pick = <T>(items: readonly T[], n: number): T | undefined => (items.length ? items[n % items.length] : undefined);
const folderOf = (path: string) => path.slice(0, path.lastIndexOf('/') + 1);

const repoMutationArb: fc.Arbitrary<RepoMutation> = fc.oneof(
  // A file beside the config replaced by hostile bytes: any file, or a data file.
  fc.tuple(fc.nat(), fc.boolean(), blobArb).map(([n, dataOnly, blob]): RepoMutation => (files, keys, config) => {
    const target = pick(keys.filter((k) => k !== config && (!dataOnly || /\.(jsonl?|csv|txt|parquet|npy)$/.test(k))), n);
    if (target) files[target] = blob();
  }),
  // A text file beside the config (a launch script, dataset_info.json, a base config) mutated as configs are.
  fc.tuple(fc.nat(), fc.array(mutationArb, { minLength: 1, maxLength: 3 })).map(([n, mutations]): RepoMutation => (files, keys, config) => {
    const target = pick(keys.filter((k) => k !== config && /\.(ya?ml|json|toml|py|sh|md)$/.test(k)), n);
    if (!target) return;
    const text = textOf(files[target]!);
    files[target] = mutations.reduce((t, m) => m(t, formatOfPath(target)), text);
  }),
  // A path written in a file (the config or one beside it) pointed somewhere hostile: out of the repository, at the
  // root, at the config itself, at a folder, or a glob that matches a great many files.
  fc.tuple(fc.nat(), fc.nat(), fc.constantFrom(...HOSTILE_PATHS)).map(([n, m, hostile]): RepoMutation => (files, keys, config) => {
    const target = pick(keys.filter((k) => /\.(ya?ml|json|toml|py|sh)$/.test(k)), n);
    if (!target) return;
    const text = textOf(files[target]!);
    const paths = [...text.matchAll(PATH_TOKEN)];
    const at = pick(paths, m);
    if (at) files[target] = text.slice(0, at.index) + hostile.replace('$CONFIG', config) + text.slice(at.index! + at[0].length);
  }),
  // A folder fanned out to thousands of files, or a chain of folders hundreds deep.
  fc.tuple(fc.nat(), fc.integer({ min: 1, max: 3000 }), fc.constantFrom('png', 'txt', 'json', 'jpg', 'parquet')).map(([n, count, ext]): RepoMutation => (files, keys) => {
    const folder = folderOf(pick(keys, n) ?? '');
    for (let i = 0; i < count; i++) files[`${folder}fan-${i}.${ext}`] = ext === 'json' ? '[1]' : 'x';
  }),
  fc.tuple(fc.nat(), fc.integer({ min: 1, max: 300 })).map(([n, depth]): RepoMutation => (files, keys) => {
    const folder = folderOf(pick(keys, n) ?? '');
    files[`${folder}${'d/'.repeat(depth)}deep.txt`] = 'x';
  }),
  // A file the config names, gone.
  fc.nat().map((n): RepoMutation => (files, keys, config) => {
    const target = pick(keys.filter((k) => k !== config), n);
    if (target) delete files[target];
  }),
);

export interface RepoCase {
  files: Files;
  config: string;
  text: string;
}

export function repoCaseArb(examples: Project): fc.Arbitrary<RepoCase> {
  const fromExamples = fc.constantFrom(...examples.entries).map((config) => ({ files: { ...examples.files }, config }));
  const fromTemplate = fc.tuple(fc.constantFrom(...Object.keys(TEMPLATES)), fc.constantFrom(...DATA_EXTENSIONS)).map(([name, ext]) => {
    const files = TEMPLATES[name]!(ext);
    return { files, config: Object.keys(files)[0]! };
  });
  return fc
    .tuple(fc.oneof(fromExamples, fromTemplate), fc.array(repoMutationArb, { minLength: 1, maxLength: 3 }), fc.array(mutationArb, { maxLength: 2 }))
    .map(([{ files, config }, repoMutations, configMutations]) => {
      const keys = Object.keys(files).sort();
      for (const m of repoMutations) m(files, keys, config);
      const text = configMutations.reduce((t, m) => m(t, formatOfPath(config)), textOf(files[config]!));
      files[config] = text;
      return { files, config, text };
    });
}

/** Reviews the config against its damaged repository and asserts the invariants. */
export function checkRepoCase(c: RepoCase): Report {
  const report = review([{ path: c.config, text: c.text, explicit: true }], { repo: memoryRepo(c.files) });
  assertReportInvariants(report, c.config, c.text);
  const said = renderText(report, { color: false, curves: 'all' });
  const negative = /(?<![\w.^e-])-\d[\d,]* (records|rows|lines|images|instances|files)\b/.exec(said);
  assert.equal(negative, null, `no negative count read from the repository: ${negative?.[0]}`);
  return report;
}
