// GPT-NeoX (EleutherAI/gpt-neox) YAML configs. Keys are read as NeoXArgs.from_ymls reads them
// (megatron/neox_arguments/arguments.py @ea7aefd8): top-level `-` becomes `_`, and a key spelled as an earlier key was
// stored raises ValueError; the schedule follows megatron/training.py get_learning_rate_scheduler / update_iterations and
// megatron/learning_rates.py AnnealingLR (neox-scheduler.ts); defaults from neox_args.py and OPT_PARAMS_DEFAULTS.
import schema from '../../../schemas/gpt-neox.schema.json' with { type: 'json' };
import { defaulted, formatNumber, type DocReader } from '../../core/access.ts';
import type { Dialect, PlanContext, PlanFixes, PlanResult } from '../../core/plan.ts';
import type { ParsedDoc } from '../../core/parse.ts';
import { makeSchedule } from '../../core/schedule.ts';
import type { Origin, Resolved } from '../../core/types.ts';
import { isObject } from '../shared.ts';
import { neoxLr, neoxPhases, type NeoxDecayStyle, type NeoxSchedulerArgs } from './neox-scheduler.ts';
import { mergedLaunch } from './neox-launch.ts';
import { MergedNeoxReader } from './neox-merge.ts';

const HEAD = 'gpt-neox@ea7aefd8';
const BEFORE_FIX = 'gpt-neox@6203ac67';
const FIX_DATE = '2026-05-19';
const STYLES = ['constant', 'linear', 'cosine', 'exponential'] as const;
/** Top-level NeoX keys (normalised) that mark a file as a NeoX config. */
const NEOX_KEYS = ['pipe_parallel_size', 'model_parallel_size', 'num_layers', 'hidden_size', 'num_attention_heads', 'seq_length', 'train_iters', 'train_epochs', 'lr_decay_style', 'lr_decay_iters', 'lr_decay_fraction', 'min_lr', 'warmup', 'train_micro_batch_size_per_gpu', 'data_impl', 'norm', 'pos_emb', 'tokenizer_type'];

function normalisedKeys(data: Record<string, unknown>): Set<string> {
  return new Set(Object.keys(data).map((k) => k.replace(/-/g, '_')));
}

function detect(doc: ParsedDoc): number {
  const d = doc.data;
  if (!isObject(d)) return 0;
  const keys = normalisedKeys(d);
  const neox = NEOX_KEYS.filter((k) => keys.has(k)).length;
  const optimizer = isObject(d.optimizer) && isObject(d.optimizer.params);
  const schedule = ['lr_decay_style', 'lr_decay_iters', 'lr_decay_fraction', 'train_iters', 'train_epochs'].some((k) => keys.has(k));
  if (optimizer && schedule && neox >= 2) return 1;
  if (schedule && neox >= 4 && (keys.has('pipe_parallel_size') || keys.has('model_parallel_size'))) return 0.9;
  return 0;
}

/** Which AnnealingLR a `frameworks: { gpt-neox: ... }` pin means: a commit, a date, or a release tag (all before the fix). */
export function neoxVersion(pin: string | undefined): { fix: boolean; label: string; note?: string } {
  if (pin === undefined) return { fix: true, label: HEAD };
  const v = pin.trim().toLowerCase();
  if (/^\d{4}-\d{2}-\d{2}$/.test(v)) return v >= FIX_DATE ? { fix: true, label: `${HEAD} (pinned ${v})` } : { fix: false, label: `${BEFORE_FIX} (pinned ${v})` };
  if (/^[0-9a-f]{7,40}$/.test(v)) {
    if (['19f294d5', 'ea7aefd8'].some((c) => v.startsWith(c) || c.startsWith(v))) return { fix: true, label: HEAD };
    if (['6203ac67'].some((c) => v.startsWith(c) || c.startsWith(v))) return { fix: false, label: BEFORE_FIX };
    return { fix: true, label: HEAD, note: `commit ${pin} is not one trainlint knows; the current AnnealingLR (${HEAD}) is assumed` };
  }
  if (/^v?\d+(\.\d+)*$/.test(v)) return { fix: false, label: `${BEFORE_FIX} (release ${pin}, before 19f294d5)` };
  return { fix: true, label: HEAD, note: `version ${pin} is not one trainlint knows; the current AnnealingLR (${HEAD}) is assumed` };
}

// yaml.load(..., Loader=yaml.FullLoader) (arguments.py from_ymls @ea7aefd8); NeoXArgs.validate_types refuses a value of
// the wrong type (a string where a float is declared) and the launch stops.
const LOADER = { yaml: 'pyyaml', stringForNumber: 'fails', citation: 'PyYAML FullLoader + NeoXArgs.validate_types, gpt-neox @ea7aefd8' } as const;

type Stop = Extract<PlanResult, { ok: false }>;
const stop = (kind: Stop['problem']['kind'], message: string, at?: Origin): Stop => ({ ok: false, problem: { kind, message, ...(at ? { at } : {}) } });

function plan(alone: DocReader, context: PlanContext): PlanResult {
  // A file deepy.py loads with others is reviewed as the merged config (neox-launch.ts).
  const launch = mergedLaunch(alone, context, { detect, loader: LOADER });
  if (launch && 'stop' in launch) return { ok: false, problem: launch.stop };
  const r = launch?.reader ?? alone;
  const where = (key: string | undefined) => (key !== undefined && r instanceof MergedNeoxReader ? r.where(key) : '');
  const data = r.data as Record<string, unknown>;
  // from_ymls: keys in file order, `-` -> `_`; a key whose spelling as written is already stored raises ValueError.
  const rawOf = new Map<string, string>();
  for (const raw of Object.keys(data)) {
    if (rawOf.has(raw)) return stop('invalid', `\`${raw}\` repeats \`${rawOf.get(raw)}\` (NeoX reads - as _): NeoXArgs.from_ymls raises ValueError "duplicate keys"`, r.origin([raw]));
    rawOf.set(raw.replace(/-/g, '_'), raw);
  }
  const path = (name: string) => [rawOf.get(name) ?? name];
  const num = (name: string): Resolved | undefined => (r.raw(path(name)) === null ? undefined : r.number(path(name)));
  const assumptions: string[] = launch ? [...launch.notes] : [];
  // deepy.py --autotuning hands the config to DeepSpeed's autotuner, which runs short throughput experiments.
  if (isObject(data.autotuning) || isObject(data.autotuning_config) || isObject(data['autotuning-config'])) return stop('not-simulated', 'an autotuning config: DeepSpeed\'s autotuner runs short throughput experiments with it (deepy.py --autotuning), not the training schedule', r.origin([rawOf.has('autotuning') ? 'autotuning' : (rawOf.get('autotuning_config') ?? 'autotuning')]));

  const optimizer = data.optimizer;
  let lr: Resolved;
  if (optimizer === undefined || optimizer === null) lr = defaulted(0.001, `optimizer unset: Adam with lr 0.001 (OPT_PARAMS_DEFAULTS, arguments.py @ea7aefd8)`);
  else if (!isObject(optimizer) || !isObject(optimizer.params)) return stop('invalid', 'optimizer has no params mapping: NeoXArgs reads optimizer["params"] and raises KeyError', r.origin(['optimizer']));
  else {
    const type = String(optimizer.type ?? 'Adam').toLowerCase();
    if (type === 'onebitadam') return stop('not-simulated', 'optimizer type OneBitAdam: NeoX lets DeepSpeed build a WarmupDecayLR scheduler instead of AnnealingLR, which this dialect does not simulate', r.origin(['optimizer', 'type']));
    lr = r.number(['optimizer', 'params', 'lr']) ?? defaulted(0.001, 'optimizer.params.lr unset: 0.001 (OPT_PARAMS_DEFAULTS, arguments.py @ea7aefd8)', [r.origin(['optimizer', 'params'])]);
  }
  const minLr = num('min_lr') ?? defaulted(0, 'min_lr unset: 0 (neox_args.py default)');
  const styleRaw = r.raw(path('lr_decay_style'));
  const style = (typeof styleRaw === 'string' ? styleRaw : 'linear') as NeoxDecayStyle;
  if (!(STYLES as readonly string[]).includes(style)) return stop('invalid', `lr_decay_style ${String(styleRaw)}${where(path('lr_decay_style')[0])} is not one of ${STYLES.join(', ')} (NeoXArgs refuses it)`, r.origin(path('lr_decay_style')));
  const warmup = num('warmup') ?? defaulted(0.01, 'warmup unset: 0.01 (neox_args.py default)');

  // Run length: train_iters, else update_iterations: len(train_dataloader) x train_epochs // gradient_accumulation_steps.
  let trainIters = num('train_iters');
  if (!trainIters) {
    const epochs = num('train_epochs');
    if (!epochs) return stop('not-simulated', launch ? `neither train_iters nor train_epochs is in the files ${launch.files} merged by ${launch.at}` : 'neither train_iters nor train_epochs is in this file: deepy.py merges the config files it is given (NeoXArgs.from_ymls), so the run length is in another of them', r.origin([]));
    const gas = num('gradient_accumulation_steps') ?? defaulted(1, 'gradient_accumulation_steps unset: 1');
    if (context.datasetSize === undefined) return stop('needs-data', `train_epochs ${epochs.value} without train_iters: NeoX sets train_iters = len(train_dataloader) x train_epochs // gradient_accumulation_steps (update_iterations), and the train dataloader's length (micro-batches per epoch) is not in the config: give it in .trainlint.yml \`datasets\``, epochs.from[0]);
    const value = Math.floor((context.datasetSize * epochs.value) / gas.value);
    trainIters = { value, how: `len(train_dataloader) ${context.datasetSize} x train_epochs ${epochs.value} // gradient_accumulation_steps ${gas.value} = ${value} (update_iterations)`, from: [...epochs.from, ...gas.from] };
  }
  const decayIters = num('lr_decay_iters');
  const decayFraction = num('lr_decay_fraction');
  let horizon: Resolved;
  if (decayIters) {
    horizon = { ...decayIters, how: decayFraction ? `${decayIters.how} (lr_decay_fraction ${formatNumber(decayFraction.value)} is ignored: get_learning_rate_scheduler checks lr_decay_iters first, although neox_args.py says the fraction overrides it)` : decayIters.how };
  } else if (decayFraction) {
    const value = Math.floor(trainIters.value * decayFraction.value);
    horizon = { value, how: `floor(train_iters ${trainIters.value} x lr_decay_fraction ${formatNumber(decayFraction.value)}) = ${value}`, from: [...decayFraction.from, ...trainIters.from] };
  } else horizon = { value: trainIters.value, how: `lr_decay_iters unset: = train_iters ${trainIters.value}`, from: trainIters.from };
  const endIter = Math.max(1, horizon.value);
  const warmupIter = warmup.value * endIter;
  const version = neoxVersion(context.frameworkVersion);
  if (version.note) assumptions.push(version.note);
  if (warmupIter > 0 && endIter - warmupIter === 0 && style !== 'constant' && trainIters.value - 1 > warmupIter) {
    return stop('invalid', `warmup ${formatNumber(warmup.value)} x ${endIter} = the whole decay horizon: after update ${formatNumber(warmupIter)} AnnealingLR divides by end_iter - warmup_iter = 0 (ZeroDivisionError)`, warmup.from[0]);
  }
  const args: NeoxSchedulerArgs = { startLr: lr.value, minLr: minLr.value, warmupIter, endIter, style, firstUpdateFix: version.fix };
  const { phases, warmupEnd, decayEnd, climbsBackAt } = neoxPhases(args);
  // 19f294d5 changed only update 0; said with the plan rather than as a finding, since one update is at stake.
  if (warmupIter > 0 && context.frameworkVersion === undefined) {
    assumptions.push(`update 0 runs at ${formatNumber(neoxLr(args, 0))} like update 1, as AnnealingLR does since 19f294d5 (2026-05-19, #1379); a checkout before it runs update 0 at LR 0 (pin \`frameworks: { gpt-neox: <commit or date> }\`)`);
  }
  const warmupSteps: Resolved = { value: warmupEnd, how: `warmup ${formatNumber(warmup.value)} x ${decayIters ? 'lr_decay_iters' : decayFraction ? 'the decay horizon' : 'train_iters'} ${endIter} = ${formatNumber(warmupIter)} iterations${horizon.value !== trainIters.value ? ` (a fraction of the decay horizon ${endIter}, not of train_iters ${trainIters.value})` : ''}`, from: [...warmup.from, ...horizon.from] };
  const fixes: PlanFixes = neoxFixes(r, path, where, { decayIters, decayFraction, trainIters, warmup, endIter });
  return {
    ok: true,
    plan: {
      dialect: 'gpt-neox',
      semantics: version.label,
      optimizer: { name: defaulted(String(isObject(optimizer) ? (optimizer.type ?? 'Adam') : 'Adam'), 'optimizer.type'), lr },
      totalSteps: trainIters,
      totalStepsSource: num('train_iters') ? 'explicit' : 'derived',
      warmup: { steps: warmupSteps, style: 'linear' },
      ...(decayEnd !== null || style === 'exponential'
        ? {
            decay: {
              style,
              start: { value: warmupEnd, how: `the end of warmup: update ${warmupEnd}`, from: warmupSteps.from },
              steps: { value: (decayEnd ?? endIter) - warmupEnd, how: style === 'cosine' ? horizon.how : `${horizon.how}; ${style} decays toward ${style === 'linear' ? '0' : 'half of lr at the horizon'} and min_lr ${formatNumber(minLr.value)} is a floor (max(lr, min_lr))`, from: horizon.from },
              minLr,
            },
          }
        : {}),
      schedule: makeSchedule({ totalSteps: trainIters.value, peakLr: lr.value, lrAt: (k) => neoxLr(args, k), phases }),
      assumptions: climbsBackAt !== null && climbsBackAt < trainIters.value ? [...assumptions, `AnnealingLR does not clamp the cosine: past update ${climbsBackAt} (the decay horizon) the LR climbs back toward ${formatNumber(lr.value)}`] : assumptions,
      fixes,
    },
  };
}

interface NeoxWritten {
  decayIters: Resolved | undefined;
  decayFraction: Resolved | undefined;
  trainIters: Resolved;
  warmup: Resolved;
  endIter: number;
}

function neoxFixes(r: DocReader, path: (name: string) => string[], where: (key: string | undefined) => string, w: NeoxWritten): PlanFixes {
  const at = (name: string) => r.origin(path(name));
  // Only keys of this file are edited; a key another merged file sets is named in words (restartAt).
  const here = (name: string) => r.has(path(name));
  const horizonTo = (step: number) =>
    w.decayIters ? (here('lr_decay_iters') ? { at: at('lr_decay_iters'), value: step } : undefined) : w.decayFraction && w.trainIters.from[0] && here('lr_decay_fraction') ? { at: at('lr_decay_fraction'), value: Number((step / w.trainIters.value).toPrecision(6)) } : undefined;
  return {
    decayEndAt: (step) => horizonTo(step),
    totalStepsTo: (n) => (w.decayIters && w.trainIters.from[0] && r.has(path('train_iters')) ? { at: at('train_iters'), value: n } : undefined),
    warmupTo: (n) => (r.has(path('warmup')) ? { at: at('warmup'), value: Number((n / w.endIter).toPrecision(6)) } : undefined),
    restartAt: () => {
      const edit = horizonTo(w.trainIters.value);
      const elsewhere = w.decayIters && !edit ? where(path('lr_decay_iters')[0]) : '';
      return {
        description: `AnnealingLR's cosine is not clamped past its horizon (${w.endIter}): let it end with the run (${w.trainIters.value} iterations)${edit ? `: set \`${edit.at.key.split('.').pop()}: ${formatNumber(edit.value)}\`` : elsewhere ? `: set \`lr_decay_iters: ${w.trainIters.value}\`${elsewhere}` : ''}.`,
        ...(edit ? { edit } : {}),
      };
    },
  };
}

export const gptNeox: Dialect = {
  id: 'gpt-neox',
  title: 'GPT-NeoX',
  follows: 'EleutherAI/gpt-neox @ea7aefd8 (megatron/learning_rates.py AnnealingLR after 19f294d5, megatron/training.py, neox_arguments/) ; before 19f294d5 by pin',
  schema,
  loader: LOADER,
  versionKeys: ['neox', 'gpt_neox'],
  detect,
  plan,
};
