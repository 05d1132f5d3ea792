// LLaMA-Factory (hiyouga/LLaMA-Factory @ff6d4d12, after 0.9.5): a YAML of HfArgumentParser dataclasses
// (ModelArguments, DataArguments, TrainingArguments = transformers' Seq2SeqTrainingArguments, FinetuningArguments,
// GeneratingArguments). hparams/parser.py read_args: OmegaConf.load since a5a93597 (2025-07-01, first in 0.9.4), so
// `2e-5` is a float; 0.9.3 and earlier used yaml.safe_load (YAML 1.1), where `2e-5` is the string "2e-5" and
// parse_dict passes it on to a dataclass that does not convert it (the optimizer then fails: issue #4014).
// The scheduler is the Trainer's (train/sft/trainer.py create_scheduler), after train/trainer_utils.py
// create_custom_scheduler fills warmup_stable_decay's num_stable_steps / num_decay_steps (24afcedd, 0.9.3).
// v1 configs (src/llamafactory/v1, `model:` + `model_class:`): core/base_trainer.py runs max_steps (or
// num_train_epochs x batches) updates with a constant LambdaLR unless lr_scheduler_config names a plugin.
import schema from '../../../schemas/llama-factory.schema.json' with { type: 'json' };
import { defaulted, formatNumber, type DocReader } from '../../core/access.ts';
import { portableFloat, readPlainScalar } from '../../core/loaders.ts';
import { assumeEpochs, type AssumedLength, type Dialect, type PlanContext, type PlanResult } from '../../core/plan.ts';
import { scalars, type ParsedDoc } from '../../core/parse.ts';
import { makeSchedule } from '../../core/schedule.ts';
import type { Resolved } from '../../core/types.ts';
import { erasBetween, planTrainerConfig } from './hf-plan.ts';
import { atLeast, parseVersion, versionText, worldSize, type Triple } from './hf-steps.ts';
import { trainingArgumentsScore } from './hf-trainer.ts';
import { isObject } from '../shared.ts';
import { attachVersionNotes, type VersionNote } from '../version-notes.ts';

const HEAD = 'LLaMA-Factory @ff6d4d12';
/** First release that loads YAML with OmegaConf (a5a93597). */
const OMEGACONF_FROM: Triple = [0, 9, 4];

/** The transformers range each release's requirements allow (requirements.txt / pyproject.toml at the tags). */
const TRANSFORMERS_RANGE: Array<{ upTo: Triple; lo: Triple; hi: Triple }> = [
  { upTo: [0, 9, 0], lo: [4, 41, 2], hi: [4, 45, 0] },
  { upTo: [0, 9, 1], lo: [4, 41, 2], hi: [4, 46, 1] },
  { upTo: [0, 9, 2], lo: [4, 41, 2], hi: [4, 49, 0] },
  { upTo: [0, 9, 3], lo: [4, 45, 0], hi: [4, 52, 4] },
  { upTo: [0, 9, 4], lo: [4, 51, 0], hi: [4, 57, 1] },
  { upTo: [0, 9, 5], lo: [4, 55, 0], hi: [5, 6, 0] },
];
/** @ff6d4d12: transformers>=4.55.0,<=5.8.0. */
const HEAD_RANGE = { lo: [4, 55, 0] as Triple, hi: [5, 8, 0] as Triple };

const LF_KEYS = ['stage', 'finetuning_type', 'template'];

function isV1(d: Record<string, unknown>): boolean {
  return typeof d.model === 'string' && ('model_class' in d || 'train_dataset' in d || 'dist_config' in d || 'kernel_config' in d);
}

function detect(doc: ParsedDoc): number {
  const d = doc.data;
  if (!isObject(d)) return 0;
  if (isV1(d) && ('micro_batch_size' in d || 'learning_rate' in d || 'max_steps' in d)) return 0.95;
  const marks = LF_KEYS.filter((k) => typeof d[k] === 'string').length;
  if (marks >= 2 || (marks === 1 && typeof d.model_name_or_path === 'string')) return 1;
  if (marks === 1 && trainingArgumentsScore(d) > 0) return 0.95;
  return 0;
}

interface Versions {
  lf?: Triple;
  transformers?: Triple;
}

/** `0.9.3` pins LLaMA-Factory; `transformers 4.51` pins transformers (LLaMA-Factory then the newest). */
function versions(context: PlanContext): Versions {
  const text = context.frameworkVersion;
  if (!text) return {};
  const v = parseVersion(text);
  if (!v) return {};
  return /transformers/i.test(text) ? { transformers: v } : { lf: v };
}

function rangeFor(lf: Triple | undefined): { lo: Triple; hi: Triple } {
  if (!lf) return HEAD_RANGE;
  return TRANSFORMERS_RANGE.find((r) => atLeast(r.upTo, lf)) ?? HEAD_RANGE;
}

/** Plain scalars yaml.safe_load reads as strings where OmegaConf (and a reader) sees numbers: `2e-5`. */
function yaml11Strings(doc: ParsedDoc): Array<{ pointer: string; written: string; value: number }> {
  if (doc.format !== 'yaml') return [];
  const out: Array<{ pointer: string; written: string; value: number }> = [];
  for (const [pointer, info] of scalars(doc)) {
    const s = info.scalar;
    if (!s || !s.plain || s.tag) continue;
    const omega = readPlainScalar(s.source, 'omegaconf');
    if (typeof omega === 'number' && typeof readPlainScalar(s.source, 'pyyaml') === 'string') out.push({ pointer, written: s.source, value: omega });
  }
  return out;
}

function loaderNotes(r: DocReader, lf: Triple | undefined): { notes: VersionNote[]; refusal?: { at: ReturnType<DocReader['origin']>; message: string } } {
  const found = yaml11Strings(r.doc);
  if (found.length === 0) return { notes: [] };
  const path = (pointer: string) => pointer.split('/').slice(1).map((t) => t.replace(/~1/g, '/').replace(/~0/g, '~'));
  if (lf && !atLeast(lf, OMEGACONF_FROM)) {
    const first = found[0]!;
    return {
      notes: [],
      refusal: {
        at: r.origin(path(first.pointer)),
        message: `LLaMA-Factory ${versionText(lf)} loads the YAML with yaml.safe_load (YAML 1.1), which reads \`${first.written}\` as the string "${first.written}"; HfArgumentParser.parse_dict passes it on unconverted and training fails where the number is used (issue #4014): write \`${portableFloat(first.value)}\``,
      },
    };
  }
  const notes = found.map((f): VersionNote => {
    const fixed = portableFloat(f.value);
    const at = r.origin(path(f.pointer));
    return {
      at,
      message: `\`${at.key}: ${f.written}\` is the float ${formatNumber(f.value)} for LLaMA-Factory 0.9.4 and later (OmegaConf.load) but the string "${f.written}" for 0.9.3 and earlier (yaml.safe_load, YAML 1.1), which pass it on unconverted so that training fails (issue #4014). The plan follows ${lf ? `LLaMA-Factory ${versionText(lf)}` : HEAD}.`,
      assumed: lf ? `LLaMA-Factory ${versionText(lf)}` : HEAD,
      cause: 'loader',
      data: { key: at.key, written: f.written },
      fix: { description: `Write \`${fixed}\`: every YAML loader reads it as a float.`, edits: [{ at, value: fixed }] },
    };
  });
  return { notes };
}

/** create_custom_scheduler: warmup_stable_decay without num_stable_steps / num_decay_steps gets a third / two thirds. */
function wsdDefaults(type: string, kwargs: Record<string, unknown>, warmup: number, total: number): { kwargs: Record<string, unknown>; note?: string } {
  if (type !== 'warmup_stable_decay') return { kwargs };
  const remaining = total - warmup;
  const stable = Math.floor(remaining / 3);
  const filled: string[] = [];
  const out = { ...kwargs };
  if (out.num_stable_steps === undefined) {
    out.num_stable_steps = stable;
    filled.push(`num_stable_steps = (${total} - ${warmup}) // 3 = ${stable}`);
  }
  if (out.num_decay_steps === undefined) {
    out.num_decay_steps = remaining - stable;
    filled.push(`num_decay_steps = ${remaining} - ${stable} = ${remaining - stable}`);
  }
  return filled.length ? { kwargs: out, note: `LLaMA-Factory fills warmup_stable_decay's ${filled.join(' and ')} (train/trainer_utils.py create_custom_scheduler)` } : { kwargs: out };
}

/**
 * v1's epoch-based length (core/base_trainer.py): num_training_steps = num_train_epochs x len(train_batch_generator),
 * one update per batch. core/utils/batching.py: a StatefulDistributedSampler with drop_last over dp replicas
 * (floor(N / dp) samples each), batches of micro_batch_size x num_micro_batch = global_batch_size / dp (micro_batch_size
 * when global_batch_size is unset); normal and padding_free count floor(samples / batch) batches, the dynamic strategies
 * ceil (plugins/trainer_plugins/batching.py compute_length). dp = dp_size, else world size // cp_size
 * (accelerator/interface.py). Without a dataset size the epochs are drawn at an assumed length.
 */
function v1EpochRun(r: DocReader, context: PlanContext): { total: Resolved; assumed?: { length: AssumedLength; note: string }; worldAssumed: boolean } {
  const epochs = r.number(['num_train_epochs']) ?? defaulted(3, 'num_train_epochs unset: 3 (LLaMA-Factory v1 default)');
  const micro = r.number(['micro_batch_size'])?.value ?? 1;
  const global = r.raw(['global_batch_size']) === null ? undefined : r.number(['global_batch_size']);
  const dpGiven = r.raw(['dp_size']) === null ? undefined : r.number(['dp_size']);
  const world = worldSize(context);
  const cp = r.number(['cp_size'])?.value ?? 1;
  const dp = dpGiven ? dpGiven.value : Math.max(1, Math.floor(world.value / cp));
  const worldText = `world size ${world.value}${context.worldSize === undefined ? ' (assumed)' : ''}`;
  const dpText = dpGiven ? `dp_size ${dp}` : cp === 1 ? worldText : `dp ${dp} = ${worldText} // cp_size ${cp}`;
  const perReplica = global ? global.value / dp : micro;
  const batchText = global ? `global_batch_size ${global.value} / dp ${dp}` : `micro_batch_size ${micro}`;
  const strategy = r.string(['batching_strategy'])?.value ?? 'normal';
  const round = strategy === 'dynamic_batching' || strategy === 'dynamic_padding_free' ? 'ceil' : 'floor';
  const e = formatNumber(epochs.value);
  const n = context.datasetSize;
  if (n === undefined) {
    const why =
      `LLaMA-Factory v1 runs num_train_epochs ${e} x len(train_batch_generator) updates (core/base_trainer.py), ` +
      `with len = ${round}(floor(N samples / ${dpText}) / (${batchText})); the config does not give N: set it in .trainlint.yml (\`datasets: { "${context.path}": N }\`) or set max_steps`;
    const { total, assumed, note } = assumeEpochs(epochs, why, { path: context.path });
    return { total, assumed: { length: assumed, note }, worldAssumed: false };
  }
  const samples = Math.floor(n / dp);
  const batches = round === 'ceil' ? Math.ceil(samples / perReplica) : Math.floor(samples / perReplica);
  const value = Math.ceil(epochs.value * batches);
  return {
    total: {
      value,
      how: `num_train_epochs ${e} x ${batches} batches = ${value}; ${batches} = ${round}(floor(${n} samples / ${dpText}) / (${batchText}))`,
      from: [...epochs.from, ...(global ? global.from : []), ...(dpGiven ? dpGiven.from : [])],
    },
    worldAssumed: !dpGiven && context.worldSize === undefined,
  };
}

function planV1(r: DocReader, context: PlanContext): PlanResult {
  const lr = r.number(['learning_rate']) ?? defaulted(1e-4, 'learning_rate unset: 1e-4 (LLaMA-Factory v1 default)');
  const scheduler = r.raw(['lr_scheduler_config']);
  if (scheduler !== undefined && scheduler !== null) {
    return { ok: false, problem: { at: r.origin(['lr_scheduler_config']), message: 'lr_scheduler_config names a LLaMA-Factory v1 scheduler plugin, which trainlint does not model', kind: 'needs-data' } };
  }
  const maxSteps = r.number(['max_steps']);
  const explicit = maxSteps && maxSteps.value > 0 ? maxSteps : undefined;
  const run = explicit ? undefined : v1EpochRun(r, context);
  const total = explicit ?? run!.total;
  const assumptions = ['no lr_scheduler_config: LLaMA-Factory v1 keeps the LR constant (LambdaLR with factor 1.0)'];
  if (run?.assumed) assumptions.unshift(run.assumed.note);
  if (run?.worldAssumed) assumptions.push('world size 1 assumed (the launcher sets it): set `world-size` in .trainlint.yml for the data-parallel size');
  const optimizer = r.string(['optim_config', 'name']) ?? defaulted('adamw', 'optim_config unset: torch AdamW (base_trainer.py)');
  return {
    ok: true,
    plan: {
      dialect: 'llama-factory',
      semantics: `${HEAD} v1 (core/base_trainer.py)`,
      optimizer: { name: optimizer, lr },
      totalSteps: total,
      totalStepsSource: explicit ? 'explicit' : 'derived',
      schedule: makeSchedule({ totalSteps: total.value, peakLr: lr.value, lrAt: () => lr.value * 1.0, phases: [{ kind: 'constant', start: 0, end: Infinity, style: 'constant' }] }),
      assumptions,
      ...(run?.assumed ? { assumedLength: run.assumed.length } : {}),
      fixes: { totalStepsTo: (n) => (maxSteps?.from[0] ? { at: maxSteps.from[0], value: n } : undefined) },
    },
  };
}

function plan(r: DocReader, context: PlanContext): PlanResult {
  if (isObject(r.data) && isV1(r.data)) return planV1(r, context);
  // `llamafactory-cli train` trains only with do_train (TrainingArguments' default is False; tuner.py runs train() under
  // `if training_args.do_train`): chat, export, merge_lora and predict configs share the format and train nothing.
  if (r.raw(['do_train']) !== true) {
    const what = r.has(['do_predict']) || r.has(['do_eval']) ? 'an evaluation / prediction config' : r.has(['export_dir']) ? 'an export (merge) config' : 'an inference or export config';
    return { ok: false, problem: { at: r.origin(r.has(['do_train']) ? ['do_train'] : []), message: `${what}: do_train is not true, so LLaMA-Factory runs no optimizer update (TrainingArguments.do_train defaults to False)`, kind: 'not-training' } };
  }
  const v = versions(context);
  const loader = loaderNotes(r, v.lf);
  if (loader.refusal) return { ok: false, problem: { at: loader.refusal.at, message: loader.refusal.message, kind: 'invalid' } };
  const range = rangeFor(v.lf);
  const eras = v.transformers ? [{ label: versionText(v.transformers).replace(/\.0$/, ''), version: v.transformers }] : erasBetween(range.lo, range.hi);
  const lfLabel = v.lf ? `LLaMA-Factory ${versionText(v.lf)}` : HEAD;
  const assumptions: string[] = [];
  if (['tensor_model_parallel_size', 'pipeline_model_parallel_size', 'use_mca'].some((k) => r.has([k]))) {
    assumptions.push('Megatron parallelism keys: if LLaMA-Factory hands this run to Megatron (mcore_adapter or Megatron Bridge), Megatron builds the schedule from the same keys (megatron_bridge/config_builder.py); the curve shown is the Hugging Face Trainer one');
  }
  if (r.has(['deepspeed'])) assumptions.push('a DeepSpeed config file whose JSON has a scheduler block replaces this schedule (not read)');
  return planTrainerConfig(r, context, {
    dialect: 'llama-factory',
    readerLabel: lfLabel,
    eras,
    pinned: eras.length === 1,
    pinHint: '`frameworks: { llama-factory: "<LLaMA-Factory version>" }` or `"transformers <version>"`',
    defaults: { learningRate: 5e-5, epochs: 3, batch: 8, how: 'TrainingArguments default' },
    adjustKwargs: wsdDefaults,
    assumptions,
    notes: loader.notes,
  });
}

export const llamaFactory: Dialect = {
  id: 'llama-factory',
  title: 'LLaMA-Factory',
  follows: `${HEAD} (hparams/parser.py, train/trainer_utils.py, v1/core/base_trainer.py) with transformers 4.55 to 5.8; older releases by version pin`,
  schema,
  loader: { yaml: 'omegaconf', stringForNumber: 'passed-on', citation: 'OmegaConf.load + HfArgumentParser.parse_dict, LLaMA-Factory 0.9.4+ (@ff6d4d12)' },
  detect,
  plan,
};
