// Megatron-Bridge (NVIDIA-NeMo/Megatron-Bridge): YAML configs of a ConfigContainer, the `train`, `optimizer` and
// `scheduler` sections that set megatron.core's OptimizerParamScheduler. Sources @067f987d:
// src/megatron/bridge/training/config.py (SchedulerConfig.finalize, TrainingConfig.finalize, ConfigContainer
// _validate_training_scheduler_compatibility and _calculate_scheduler_steps), training/optim.py _get_scheduler,
// training/train.py (scheduler.step(increment = global batch) after each successful update), and
// training/utils/omegaconf_utils.py process_config_with_overrides (a YAML file is merged onto the recipe's config).
// Defaults of SchedulerConfig / TrainingConfig come from megatron.training.config (Megatron-LM @d98e8a64) and
// OptimizerConfig from megatron.core.optimizer (lr and min_lr default None).
import schema from '../../../schemas/megatron-bridge.schema.json' with { type: 'json' };
import { defaulted, type DocReader } from '../../core/access.ts';
import type { LoaderModel } from '../../core/loaders.ts';
import type { Dialect, PlanContext, PlanResult } from '../../core/plan.ts';
import type { ParsedDoc } from '../../core/parse.ts';
import type { Resolved } from '../../core/types.ts';
import { isObject } from '../shared.ts';
import { planMegatron, stop, type MegatronInputs, type MegatronNames } from './megatron-plan.ts';
import type { MegatronDecayStyle, MegatronWsdStyle } from '../../schedules/megatron.ts';

export const BRIDGE_VERSION = 'Megatron-Bridge@067f987d';
const DECAY_STYLES = ['constant', 'linear', 'cosine', 'inverse-square-root', 'WSD'] as const;
const WSD_STYLES = ['exponential', 'linear', 'cosine', 'minus_sqrt'] as const;
const SCHEDULER_KEYS = ['lr_decay_style', 'lr_warmup_iters', 'lr_warmup_fraction', 'lr_warmup_samples', 'lr_decay_iters', 'lr_decay_samples', 'lr_warmup_init', 'lr_wsd_decay_style', 'lr_wsd_decay_iters', 'max_steps', 'override_opt_param_scheduler'];
const TRAIN_KEYS = ['train_iters', 'train_samples', 'num_epochs', 'global_batch_size', 'micro_batch_size'];

// OmegaConf reads the file; process_config_with_overrides applies it onto the dataclasses with their types.
const LOADER: LoaderModel = { yaml: 'omegaconf', stringForNumber: 'converted', interpolation: 'omegaconf', citation: `OmegaConf 2.3 loader, ${BRIDGE_VERSION} training/utils/omegaconf_utils.py` };

const NAMES: MegatronNames = {
  lr: 'optimizer.lr',
  minLr: 'optimizer.min_lr',
  decayStyle: 'scheduler.lr_decay_style',
  warmupInit: 'scheduler.lr_warmup_init',
  fraction: 'scheduler.lr_warmup_fraction',
  warmupIters: 'scheduler.lr_warmup_iters',
  warmupSamples: 'scheduler.lr_warmup_samples',
  decayIters: 'scheduler.lr_decay_iters',
  decaySamples: 'scheduler.lr_decay_samples',
  wsdIters: 'scheduler.lr_wsd_decay_iters',
  wsdSamples: 'scheduler.lr_wsd_decay_samples',
  trainIters: 'train.train_iters',
  trainSamples: 'train.train_samples',
  gbs: 'train.global_batch_size',
};

function section(d: Record<string, unknown>, name: string): Record<string, unknown> | undefined {
  const s = d[name];
  return isObject(s) ? s : undefined;
}

function detect(doc: ParsedDoc): number {
  const d = doc.data;
  if (!isObject(d)) return 0;
  const scheduler = section(d, 'scheduler');
  const train = section(d, 'train');
  const optimizer = section(d, 'optimizer');
  const target = [scheduler, train, optimizer].some((s) => typeof s?._target_ === 'string' && s._target_.startsWith('megatron.'));
  if (target) return 0.95;
  const schedulerKeys = scheduler ? SCHEDULER_KEYS.filter((k) => k in scheduler).length : 0;
  const trainKeys = train ? TRAIN_KEYS.filter((k) => k in train).length : 0;
  // Megatron's own key names inside the ConfigContainer sections (OLMo's `scheduler` has `t_warmup`, torchtune's
  // `optimizer` a `_component_`, NeMo 1's `trainer`/`model.optim`: none has these).
  if (schedulerKeys >= 1 && (trainKeys >= 1 || schedulerKeys >= 2)) return 0.85;
  if (trainKeys >= 2 && optimizer && ('lr' in optimizer || 'min_lr' in optimizer) && !('_component_' in optimizer)) return 0.7;
  return 0;
}

/** A value written in the file (null counts as written: `lr_decay_iters: null` asks for the default). */
function written(r: DocReader, path: readonly string[]): boolean {
  return r.raw(path) !== undefined;
}

function plan(r: DocReader, context: PlanContext): PlanResult {
  const assumptions: string[] = [];
  const num = (path: string[]): Resolved | undefined => r.number(path);
  const choice = <T extends string>(path: string[], allowed: readonly T[]): Resolved<T> | undefined | 'invalid' => {
    const s = r.string(path);
    if (!s) return undefined;
    return (allowed as readonly string[]).includes(s.value) ? (s as Resolved<T>) : 'invalid';
  };
  const decayStyle = choice<MegatronDecayStyle>(['scheduler', 'lr_decay_style'], DECAY_STYLES);
  if (decayStyle === 'invalid') return stop('invalid', `scheduler.lr_decay_style ${String(r.raw(['scheduler', 'lr_decay_style']))} is not one of ${DECAY_STYLES.join(', ')}: OptimizerParamScheduler raises 'unknown learning rate decay style'`, r.origin(['scheduler', 'lr_decay_style']));
  const wsdStyle = choice<MegatronWsdStyle>(['scheduler', 'lr_wsd_decay_style'], WSD_STYLES);
  if (wsdStyle === 'invalid') return stop('invalid', `scheduler.lr_wsd_decay_style ${String(r.raw(['scheduler', 'lr_wsd_decay_style']))} is not one of ${WSD_STYLES.join(', ')}`, r.origin(['scheduler', 'lr_wsd_decay_style']));

  // A saved run_config.yaml or a file with `_target_`s is a whole ConfigContainer: what it leaves out takes the
  // dataclass defaults. Any other YAML is merged onto the recipe the launching script builds, which sets these.
  const whole = ['scheduler', 'train', 'optimizer'].some((s) => typeof r.raw([s, '_target_']) === 'string');
  if (!whole) {
    const missing: string[] = [];
    if (!written(r, ['optimizer', 'lr'])) missing.push('optimizer.lr');
    if (!written(r, ['optimizer', 'min_lr'])) missing.push('optimizer.min_lr');
    if (!written(r, ['scheduler', 'lr_decay_style'])) missing.push('scheduler.lr_decay_style');
    if (!['lr_warmup_iters', 'lr_warmup_samples', 'lr_warmup_fraction'].some((k) => written(r, ['scheduler', k]))) missing.push('scheduler.lr_warmup_iters');
    if (!['lr_decay_iters', 'lr_decay_samples', 'max_steps'].some((k) => written(r, ['scheduler', k]))) missing.push('scheduler.lr_decay_iters');
    if (!['train_iters', 'train_samples', 'num_epochs'].some((k) => written(r, ['train', k]))) missing.push('train.train_iters');
    if (missing.length) {
      return stop('not-simulated', `a Megatron-Bridge config that is merged onto a recipe (process_config_with_overrides, ${BRIDGE_VERSION}): the recipe the launching script builds sets ${missing.join(', ')}, which this file leaves to it, and trainlint does not evaluate recipes; write ${missing.length === 1 ? 'it' : 'them'} here (\`null\` for Megatron's default) to have the schedule reviewed`, r.origin(missing[0]!.split('.')));
    }
    assumptions.push(`every schedule value is written in this file, so the recipe it is merged onto does not change the schedule (${BRIDGE_VERSION} process_config_with_overrides)`);
  }

  const trainIters = num(['train', 'train_iters']);
  const trainSamples = num(['train', 'train_samples']);
  const epochs = num(['train', 'num_epochs']);
  const gbs = num(['train', 'global_batch_size']);
  // TrainingConfig.finalize: exactly one way of giving the run's length.
  const modes = [trainIters, trainSamples, epochs].filter((x) => x !== undefined);
  if (modes.length > 1) return stop('invalid', `${[trainIters && 'train.train_iters', trainSamples && 'train.train_samples', epochs && 'train.num_epochs'].filter(Boolean).join(' and ')} are all given: TrainingConfig.finalize asserts 'Cannot specify more than one of train_iters, train_samples, or num_epochs' and the run does not start`, modes[1]!.from[0]);
  let iters = trainIters;
  if (epochs) {
    if (!gbs) return stop('invalid', 'train.num_epochs without train.global_batch_size: TrainingConfig.finalize asserts that global_batch_size is set for epoch-based training', epochs.from[0]);
    if (context.datasetSize === undefined) return stop('needs-data', `train.num_epochs ${epochs.value}: Megatron-Bridge sets train_iters = ceil(num_epochs x ceil(train samples / global_batch_size ${gbs.value})) once the dataset is built (_resolve_num_epochs), and the dataset's size is not in the config: give it in .trainlint.yml (\`datasets: { "${context.path}": N }\`)`, epochs.from[0]);
    const perEpoch = Math.ceil(context.datasetSize / gbs.value);
    const value = Math.ceil(epochs.value * perEpoch);
    iters = { value, how: `ceil(train.num_epochs ${epochs.value} x ceil(${context.datasetSize} samples / global_batch_size ${gbs.value}) = ${perEpoch}) = ${value} (_resolve_num_epochs)`, from: [...epochs.from, ...gbs.from] };
  }
  if (r.raw(['train', 'rampup_batch_size']) != null) assumptions.push('train.rampup_batch_size: the global batch ramps up at the start of the run, so the scheduler counts fewer samples per early update than this curve assumes');
  if (r.raw(['scheduler', 'use_checkpoint_opt_param_scheduler']) === true) assumptions.push('scheduler.use_checkpoint_opt_param_scheduler: a resumed run takes the scheduler values from the checkpoint, not from this file');

  const inputs: MegatronInputs = {
    lr: num(['optimizer', 'lr']),
    minLr: num(['optimizer', 'min_lr']),
    decayStyle,
    wsdStyle,
    warmupInit: num(['scheduler', 'lr_warmup_init']),
    fraction: num(['scheduler', 'lr_warmup_fraction']),
    warmupIters: num(['scheduler', 'lr_warmup_iters']),
    warmupSamples: num(['scheduler', 'lr_warmup_samples']),
    decayIters: num(['scheduler', 'lr_decay_iters']),
    decaySamples: num(['scheduler', 'lr_decay_samples']),
    wsdIters: num(['scheduler', 'lr_wsd_decay_iters']),
    wsdSamples: num(['scheduler', 'lr_wsd_decay_samples']),
    trainIters: iters,
    trainSamples,
    gbs,
  };
  return planMegatron(inputs, {
    dialect: 'megatron-bridge',
    semantics: BRIDGE_VERSION,
    where: 'the config',
    names: NAMES,
    assertsIn: "Megatron-Bridge's config validation",
    optimizerName: r.string(['optimizer', 'optimizer']) ?? defaulted('adam', 'optimizer.optimizer: adam (OptimizerConfig default)'),
    origin: (name) => r.origin(name.split('.')),
    missing: () => undefined,
    assumptions,
    bridge: { maxSteps: num(['scheduler', 'max_steps']), maxStepsName: 'scheduler.max_steps' },
  });
}

export const megatronBridge: Dialect = {
  id: 'megatron-bridge',
  title: 'Megatron-Bridge',
  follows: 'NVIDIA-NeMo/Megatron-Bridge @067f987d (src/megatron/bridge/training/config.py, optim.py, train.py) on megatron.core OptimizerParamScheduler (Megatron-LM @d98e8a64)',
  schema,
  loader: LOADER,
  versionKeys: ['megatron-bridge', 'nemo'],
  detect,
  plan,
};
