// Megatron-LM (NVIDIA/Megatron-LM): the schedule of a `pretrain_*.py` launch in a shell or SLURM script, read from its
// flags (core/parse-shell.ts) and simulated with megatron.core's sample-counting OptimizerParamScheduler.
// Sources @d98e8a64: megatron/training/arguments.py (flags, validate_args), megatron/training/config/training_config.py
// (SchedulerConfig / TrainingConfig defaults), megatron/training/training.py (get_optimizer_param_scheduler,
// update_train_iters, train_step), megatron/core/optimizer_param_scheduler.py (get_lr).
import schema from '../../../schemas/megatron-lm.schema.json' with { type: 'json' };
import { defaulted, type DocReader } from '../../core/access.ts';
import type { Dialect, PlanContext, PlanResult } from '../../core/plan.ts';
import type { ParsedDoc } from '../../core/parse.ts';
import type { Resolved } from '../../core/types.ts';
import { LaunchFlags, type FlagRead } from '../../core/launch-flags.ts';
import { LAUNCH_FLAG_NAMES, MEGATRON_VERSION, planMegatron, stop } from './megatron-plan.ts';
import type { MegatronDecayStyle, MegatronWsdStyle } from '../../schedules/megatron.ts';

export { MEGATRON_VERSION };
const DECAY_STYLES = ['constant', 'linear', 'cosine', 'inverse-square-root', 'WSD'] as const;
const WSD_STYLES = ['exponential', 'linear', 'cosine', 'minus_sqrt'] as const;

/** Flags whose value the schedule depends on: one that cannot be read stops the simulation. */
const SCHEDULE_FLAGS = [
  '--lr', '--min-lr', '--lr-decay-style', '--lr-wsd-decay-style', '--lr-warmup-init', '--lr-warmup-fraction', '--lr-warmup-iters', '--lr-warmup-samples',
  '--lr-decay-iters', '--lr-decay-samples', '--lr-wsd-decay-iters', '--lr-wsd-decay-samples', '--train-iters', '--train-samples', '--global-batch-size',
];

function detect(doc: ParsedDoc): number {
  const launch = doc.shell;
  if (doc.format !== 'shell' || !launch) return 0;
  if (/(?:^|\/)pretrain_\w+\.py$/.test(launch.script)) return 0.95;
  const d = doc.data as Record<string, unknown>;
  const has = (f: string) => f in d || launch.unresolved.has(`/${f}`);
  return (has('--train-iters') || has('--train-samples')) && has('--lr') && (has('--global-batch-size') || has('--micro-batch-size')) ? 0.8 : 0;
}

function plan(r: DocReader, context: PlanContext): PlanResult {
  const f = new LaunchFlags(r);
  const launch = f.launch;
  const where = `the launch of ${launch.script.split('/').pop()} at line ${launch.line}`;
  const assumptions: string[] = [];
  for (const flag of SCHEDULE_FLAGS) {
    const u = launch.unresolved.get(`/${flag}`);
    if (u) return stop('not-simulated', `${flag} ${u.expression} (line ${u.span.line}) in ${where} cannot be resolved from the script (its value is set outside it, by a command's output, or differently under a condition), so the schedule is not simulated (the other flags were read)`, f.origin(flag));
  }
  const openArgs = launch.open.map((o) => `${o.expression.length > 60 ? `${o.expression.slice(0, 57)}...` : o.expression} (line ${o.line})`);
  const missingMayBeOpen = (flag: string) => (openArgs.length ? stop('not-simulated', `${where} gives no ${flag}, and its arguments include ${openArgs.join(', ')}, which trainlint cannot expand and which may give it: the schedule is not simulated`) : undefined);
  if (openArgs.length) assumptions.push(`${where} passes ${openArgs.join(', ')}, which trainlint cannot expand: flags they may add are taken at Megatron's defaults`);
  if (launch.launches > 1) assumptions.push(`the file launches ${launch.launches} training runs; the first (line ${launch.line}) is reviewed`);
  if (launch.conditional) assumptions.push(`the launch at line ${launch.line} runs under a condition of the script`);

  // Every read either gives a value, nothing (the default), or stops the plan.
  const reads: Array<FlagRead<unknown>> = [];
  const take = <T>(read: FlagRead<T>): Resolved<T> | undefined => {
    reads.push(read as FlagRead<unknown>);
    if (read.state === 'value') {
      if (read.environment) assumptions.push(`${read.value.how.split(':')[0]} takes the default of \${${read.environment}:-...}; the environment may set ${read.environment}`);
      return read.value;
    }
    return undefined;
  };
  const lr = take(f.float('--lr'));
  const minLrRead = take(f.float('--min-lr'));
  const decayStyleRead = take(f.choice('--lr-decay-style', DECAY_STYLES));
  const wsdStyleRead = take(f.choice('--lr-wsd-decay-style', WSD_STYLES));
  const warmupInit = take(f.float('--lr-warmup-init'));
  const fraction = take(f.float('--lr-warmup-fraction'));
  const warmupIters = take(f.int('--lr-warmup-iters'));
  const warmupSamples = take(f.int('--lr-warmup-samples'));
  const decayIters = take(f.int('--lr-decay-iters'));
  const decaySamples = take(f.int('--lr-decay-samples'));
  const wsdIters = take(f.int('--lr-wsd-decay-iters'));
  const wsdSamples = take(f.int('--lr-wsd-decay-samples'));
  const trainIters = take(f.int('--train-iters'));
  const trainSamples = take(f.int('--train-samples'));
  const gbsRead = take(f.int('--global-batch-size'));
  const mbs = take(f.int('--micro-batch-size'));
  const bad = reads.find((x): x is Extract<FlagRead<unknown>, { state: 'invalid' }> => x.state === 'invalid');
  if (bad) return stop('invalid', bad.message, bad.at);

  if (f.has('--step-batch-size-schedule')) return stop('not-simulated', `${where} sets --step-batch-size-schedule: the global batch, and with it the samples the scheduler counts per update, changes during the run, which trainlint does not model`, f.origin('--step-batch-size-schedule'));
  if (f.has('--rampup-batch-size')) assumptions.push('--rampup-batch-size is deprecated and ignored since Megatron-LM 532ad926 (2026-04-21: the batch stays --global-batch-size); releases before it ramped the batch, so the scheduler counted fewer samples per early update than this curve assumes');
  if (f.has('--use-checkpoint-opt_param-scheduler') || f.has('--use-checkpoint-opt-param-scheduler')) assumptions.push('--use-checkpoint-opt_param-scheduler: a resumed run takes the scheduler values from the checkpoint, not from these flags');

  // Global batch: --global-batch-size, else micro batch x data-parallel size (validate_args, arguments.py @d98e8a64).
  let gbs: Resolved | undefined = gbsRead;
  if (!gbs && mbs && context.worldSize) {
    const parallel = ['--tensor-model-parallel-size', '--pipeline-model-parallel-size', '--context-parallel-size'].map((fl) => {
      const v = f.int(fl);
      return v.state === 'value' ? v.value.value : 1;
    });
    const dp = Math.floor(context.worldSize / parallel.reduce((a, b) => a * b, 1));
    if (dp >= 1) gbs = { value: mbs.value * dp, how: `--global-batch-size unset: --micro-batch-size ${mbs.value} x data-parallel size ${dp} (world-size ${context.worldSize} / (TP x PP x CP ${parallel.join(' x ')})) = ${mbs.value * dp}`, from: mbs.from };
  }

  return planMegatron(
    { lr, minLr: minLrRead, decayStyle: decayStyleRead, wsdStyle: wsdStyleRead, warmupInit, fraction, warmupIters, warmupSamples, decayIters, decaySamples, wsdIters, wsdSamples, trainIters, trainSamples, gbs },
    {
      dialect: 'megatron-lm',
      semantics: MEGATRON_VERSION,
      where,
      names: LAUNCH_FLAG_NAMES,
      assertsIn: 'validate_args',
      optimizerName: defaulted('adam', `--optimizer: ${String(r.raw(['--optimizer']) ?? 'adam (default)')}`),
      origin: (name) => f.origin(name),
      missing: missingMayBeOpen,
      assumptions,
    },
  );
}

export const megatronLm: Dialect = {
  id: 'megatron-lm',
  title: 'Megatron-LM',
  follows: 'NVIDIA/Megatron-LM @d98e8a64 (megatron/core/optimizer_param_scheduler.py, megatron/training/training.py, arguments.py)',
  schema,
  // argparse converts each flag with its type (arguments.py / argument_utils.py @d98e8a64): `--train-iters 5e5` stops the launch.
  loader: { yaml: 'yaml12', stringForNumber: 'fails', citation: 'argparse type=int/float conversions, Megatron-LM arguments.py @d98e8a64' },
  formats: ['shell', 'markdown', 'notebook'],
  versionKeys: ['megatron', 'megatron-core'],
  detect,
  plan,
};
