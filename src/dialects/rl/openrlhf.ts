// OpenRLHF (OpenRLHF/OpenRLHF): the schedule of an `openrlhf.cli.train_*` launch in a shell script (`deepspeed --module
// $training_commands` after `read -r -d '' training_commands <<EOF`, `python -m ...`, `ray job submit -- python3 -m ...`),
// read from its flags and simulated with transformers' get_scheduler (schedules/transformers.ts, optimization.py
// @005edacb). DeepSpeed steps the scheduler after each optimizer update, so update k uses lambda(k), as in the Trainer.
// Flags, defaults and formulas per release: rl/openrlhf/flags.ts.
import schema from '../../../schemas/openrlhf.schema.json' with { type: 'json' };
import { defaulted, formatNumber, type DocReader } from '../../core/access.ts';
import { focusLaunch, type LaunchDoc } from '../../core/parse-shell.ts';
import type { ParsedDoc } from '../../core/parse.ts';
import { assumeEpochs, type Dialect, type PlanContext, type PlanResult } from '../../core/plan.ts';
import type { Origin, Resolved } from '../../core/types.ts';
import { buildHfSchedule, HF_SCHEDULER_TYPES, IGNORES_KWARGS, type HfSchedulerType } from '../../schedules/transformers.ts';
import { assemblePlan } from '../../schedules/transformers-plan.ts';
import { LaunchFlags, type FlagRead } from '../../core/launch-flags.ts';
import {
  DEFAULT_BATCH,
  DEFAULT_MIN_LR_RATIO,
  DEFAULT_MUON_LR,
  DEFAULT_SCHEDULER,
  DEFAULT_WARMUP_RATIO,
  DEFAULTS,
  eraOf,
  FLAGS,
  scriptOf,
  SIMULATED,
  type Era,
  type ScriptName,
} from './openrlhf/flags.ts';

export const OPENRLHF_HEAD = 'OpenRLHF@3c3be623';
const FLAT_LAST = 'OpenRLHF@c1ba971c';
const MIN_LR_TYPES: ReadonlySet<string> = new Set(['cosine_with_min_lr', 'cosine_warmup_with_min_lr']);

function launchOf(doc: ParsedDoc): LaunchDoc | undefined {
  if (doc.format !== 'shell') return undefined;
  return (doc.shellLaunches ?? []).find((l) => l.launch.target.kind !== 'command' && scriptOf(l.launch.target.name) !== null);
}

function detect(doc: ParsedDoc): number {
  return launchOf(doc) ? 0.95 : 0;
}

function focus(doc: ParsedDoc): ParsedDoc {
  const launch = launchOf(doc);
  return launch ? focusLaunch(doc, launch) : doc;
}

type Stop = Extract<PlanResult, { ok: false }>;
function stop(kind: Stop['problem']['kind'], message: string, at?: Origin): Stop {
  return { ok: false, problem: { kind, message, ...(at ? { at } : {}) } };
}

function plan(r: DocReader, context: PlanContext): PlanResult {
  const f = new LaunchFlags(r);
  const launch = f.launch;
  const script = scriptOf(launch.target.name)!;
  const where = `the launch of openrlhf.cli.train_${script} at line ${launch.line}`;
  if (script === 'ppo_ray' || script === 'ppo') {
    // train_ppo_ray: the scheduler is built for len(prompts) x n_samples_per_prompt // train batch x num_episodes x
    // max_epochs steps (openrlhf/trainer/ppo_trainer.py @3c3be623 prepare_datasets), but the actor and critic step once per
    // update of each rollout's replay buffer, whose size depends on generation, filtering and dynamic sampling.
    return stop('not-simulated', `${where}: PPO-style training (train_${script}) steps the actor and critic schedulers once per optimizer update over each rollout's experience, whose count depends on generation and sample filtering; trainlint does not model it, so no curve is drawn`);
  }
  if (!(SIMULATED as readonly string[]).includes(script)) return stop('not-simulated', `${where}: openrlhf.cli.train_${script} is not a script whose scheduler trainlint models (train_sft, train_rm, train_dpo, train_kto, train_prm, train_kd)`);
  const written = [...Object.keys(r.doc.data as Record<string, unknown>), ...[...launch.unresolved.values()].map((u) => u.flag)];
  const found = eraOf(written);
  if (found === 'mixed') return stop('not-simulated', `${where} mixes the flat flags of OpenRLHF up to ${FLAT_LAST} (--learning_rate, --train_batch_size) with the dotted flags of later releases (--adam.lr, --train.batch_size); no release takes both, so the schedule is not simulated`);
  const name = script as ScriptName;
  const era: Era = found === 'unknown' ? (DEFAULTS.dotted[name] ? 'dotted' : 'flat') : found;
  const names = FLAGS[era];
  const assumptions: string[] = [];
  if (found === 'unknown') assumptions.push(`the launch sets none of the flags that tell OpenRLHF's releases apart: read as ${era === 'dotted' ? `the dotted flags of ${OPENRLHF_HEAD}` : `the flat flags of ${FLAT_LAST}`}`);
  const optimRaw = era === 'dotted' ? r.raw(['--optim']) : undefined;
  const muon = optimRaw === 'muon';
  const lrFlag = muon ? '--muon.lr' : names.lr;
  const scheduleFlags = [lrFlag, names.batch, names.epochs, names.maxSamples, '--lr_scheduler', '--lr_warmup_ratio', '--min_lr_ratio', '--optim'];
  for (const flag of scheduleFlags) {
    const u = launch.unresolved.get(`/${flag}`);
    if (u) return stop('not-simulated', `${flag} ${u.expression} (line ${u.span.line}) in ${where} cannot be resolved from the script (its value is set outside it, by a command's output, or differently under a condition), so the schedule is not simulated`, f.origin(flag));
  }
  const open = launch.open.map((o) => `${o.expression.length > 60 ? `${o.expression.slice(0, 57)}...` : o.expression} (line ${o.line})`);
  if (open.length) assumptions.push(`${where} passes ${open.join(', ')}, which trainlint cannot expand: flags they may add are taken at OpenRLHF's defaults`);
  if (launch.launches > 1) assumptions.push(`the file launches openrlhf.cli.train_${script} ${launch.launches} times; the first (line ${launch.line}) is reviewed`);
  if (launch.conditional) assumptions.push(`the launch at line ${launch.line} runs under a condition of the script`);

  const reads: Array<FlagRead<unknown>> = [];
  const take = <T>(read: FlagRead<T>): Resolved<T> | undefined => {
    reads.push(read as FlagRead<unknown>);
    if (read.state !== 'value') return undefined;
    if (read.environment) assumptions.push(`${read.value.how.split(':')[0]} takes the default of \${${read.environment}:-...}; the environment may set ${read.environment}`);
    return read.value;
  };
  const lrRead = take(f.float(lrFlag));
  const batchRead = take(f.int(names.batch));
  const epochsRead = take(f.int(names.epochs));
  const maxSamplesRead = take(f.int(names.maxSamples));
  const ratioRead = take(f.float('--lr_warmup_ratio'));
  const minRatioRead = take(f.float('--min_lr_ratio'));
  const bad = reads.find((x): x is Extract<FlagRead<unknown>, { state: 'invalid' }> => x.state === 'invalid');
  if (bad) return stop('invalid', bad.message, bad.at);

  const source = era === 'dotted' ? `openrlhf/cli/train_${script}.py @3c3be623` : `openrlhf/cli/train_${script}.py @${script === 'kto' || script === 'prm' || script === 'kd' ? '6a981c8c~1' : 'c1ba971c'}`;
  const d = DEFAULTS[era][name]!;
  const lr = lrRead ?? defaulted(muon ? DEFAULT_MUON_LR : d.lr, `${lrFlag} unset: ${formatNumber(muon ? DEFAULT_MUON_LR : d.lr)} (${source} default)`);
  if (muon) assumptions.push(`--optim muon: the Muon group starts at --muon.lr ${formatNumber(lr.value)} and the auxiliary Adam group at --adam.lr; one LambdaLR scales both by the same factor, so the curve is shown for the Muon group`);
  const batch = batchRead ?? defaulted(DEFAULT_BATCH, `${names.batch} unset: ${DEFAULT_BATCH} (${source} default)`);
  const epochs = epochsRead ?? defaulted(d.epochs, `${names.epochs} unset: ${d.epochs} (${source} default)`);
  const ratio = ratioRead ?? defaulted(DEFAULT_WARMUP_RATIO, `--lr_warmup_ratio unset: ${DEFAULT_WARMUP_RATIO} (${source} default)`);
  const minRatio = minRatioRead ?? defaulted(DEFAULT_MIN_LR_RATIO, `--min_lr_ratio unset: ${DEFAULT_MIN_LR_RATIO} (${source} default)`);
  if (!(batch.value > 0)) return stop('invalid', `${names.batch} ${batch.value}: len(train_dataset) // ${names.batch} divides by it (ZeroDivisionError)`, batch.from[0]);

  // --lr_scheduler (type=str, handed to get_scheduler as written).
  const typeRaw = r.raw(['--lr_scheduler']);
  if (typeRaw === true) return stop('invalid', `argument --lr_scheduler: expected one argument (argparse stops the launch)`, f.origin('--lr_scheduler'));
  const typeText = typeRaw === undefined ? DEFAULT_SCHEDULER : String(typeRaw);
  if (!(HF_SCHEDULER_TYPES as readonly string[]).includes(typeText)) return stop('not-simulated', `--lr_scheduler ${typeText} is not a scheduler type of the transformers releases trainlint follows (${HF_SCHEDULER_TYPES.join(', ')}), so the schedule is not simulated`, f.origin('--lr_scheduler'));
  const type = typeText as HfSchedulerType;
  const typeFrom: Origin[] = typeRaw === undefined ? [] : [f.origin('--lr_scheduler')];

  // scheduler_specific_kwargs as each release passes them.
  let kwargs: Record<string, unknown> = {};
  let kwargsHow: string;
  if (era === 'flat') {
    const factor = script === 'dpo' ? minRatio.value : 0.1;
    kwargs = { min_lr: lr.value * factor };
    kwargsHow = `scheduler_specific_kwargs={"min_lr": ${names.lr} x ${script === 'dpo' ? '--min_lr_ratio ' : ''}${formatNumber(factor)} = ${formatNumber(lr.value * factor)}} (${source})`;
    if (script !== 'dpo' && minRatioRead) assumptions.push(`--min_lr_ratio is not read by train_${script} of the flat releases: the floor is 0.1 x ${names.lr} (${source})`);
    // transformers before 5.4 calls inverse_sqrt without the kwargs (schedules/transformers.ts); the flat releases ran on 4.x.
    if (type === 'inverse_sqrt') kwargs = {};
  } else {
    kwargs = MIN_LR_TYPES.has(type) ? { min_lr_rate: minRatio.value } : {};
    kwargsHow = MIN_LR_TYPES.has(type) ? `min_lr_rate = --min_lr_ratio ${formatNumber(minRatio.value)} (openrlhf/utils/deepspeed/deepspeed.py @3c3be623)` : `no scheduler kwargs for ${type} (openrlhf/utils/deepspeed/deepspeed.py @3c3be623 passes min_lr_rate only to the cosine-with-min-lr schedules)`;
  }
  assumptions.push(kwargsHow);

  // Run length: len(train_dataset) // train_batch_size updates per epoch, ceil(max_epochs x that) in all.
  const maxSamples = maxSamplesRead?.value ?? 1000000;
  let total: Resolved;
  let assumed: ReturnType<typeof assumeEpochs> | undefined;
  if (context.datasetSize !== undefined) {
    const n = Math.min(maxSamples, context.datasetSize);
    const perEpoch = Math.floor(n / batch.value);
    const value = Math.ceil(epochs.value * perEpoch);
    const capped = n < context.datasetSize ? ` capped by ${names.maxSamples} ${maxSamples}${maxSamplesRead ? '' : ' (default)'}` : '';
    if (capped && !maxSamplesRead) assumptions.push(`${names.maxSamples} unset: 1000000 (${source} default; some earlier releases defaulted to 1e8, which would not cap ${context.datasetSize} samples)`);
    total = { value, how: `ceil(${names.epochs} ${epochs.value} x (${n} samples${capped} // ${names.batch} ${batch.value} = ${perEpoch})) = ${value}`, from: [...epochs.from, ...batch.from, ...(maxSamplesRead && capped ? maxSamplesRead.from : [])] };
    assumptions.push(`the ${n} samples are counted before OpenRLHF's dataset drops those whose prompt reaches --max_len after tokenising; each dropped sample can only shorten the run`);
    if (value <= 0) return stop('invalid', `${total.how}: the run has no optimizer update, and the trainer's fit raises "num_update_steps_per_epoch must be positive" (openrlhf/trainer/${script === 'dpo' ? 'dpo' : script === 'rm' ? 'rm' : 'sft'}_trainer.py @3c3be623). Lower ${names.batch} below the sample count`, batch.from[0] ?? epochs.from[0]);
  } else {
    // The default cap differs by release (1000000 or 1e8): only a written --max_samples bounds the run.
    const bound = maxSamplesRead ? Math.ceil(epochs.value * Math.floor(maxSamples / batch.value)) : undefined;
    const data = r.raw([names.dataset]);
    const why = `OpenRLHF runs ceil(${names.epochs} x (len(train_dataset) // ${names.batch} ${batch.value})) updates, and the size of ${typeof data === 'string' ? `${names.dataset} ${data}` : 'the dataset'} is not known${bound === undefined ? '' : `; ${names.maxSamples} ${maxSamples} caps it, so the run is at most ${bound} updates`}`;
    assumed = assumeEpochs(epochs, why, { path: context.path });
    total = assumed.total;
    assumptions.push(assumed.note);
    if (bound !== undefined) assumptions.push(`at most ${bound} updates: ${names.maxSamples} ${maxSamples} // ${names.batch} ${batch.value} x ${epochs.value} epoch${epochs.value === 1 ? '' : 's'}`);
  }
  const warmupValue = Math.ceil(total.value * ratio.value);
  const warmup: Resolved = { value: warmupValue, how: `ceil(${total.value} x --lr_warmup_ratio ${formatNumber(ratio.value)}) = ${warmupValue}`, from: [...ratio.from, ...total.from] };

  const built = buildHfSchedule({ type, lr: lr.value, warmup: warmupValue, total: total.value, kwargs });
  if (!built.ok) {
    if (built.kind === 'metric-driven') return stop('not-simulated', built.message.replace('lr_scheduler_type', '--lr_scheduler'), typeFrom[0]);
    if (era === 'flat' && 'min_lr' in kwargs && !MIN_LR_TYPES.has(type) && !IGNORES_KWARGS.has(type)) {
      return stop('invalid', `--lr_scheduler ${type}: OpenRLHF's flat-flag releases (to ${FLAT_LAST}) call get_scheduler with scheduler_specific_kwargs={"min_lr": ...} for every scheduler (${source}), and transformers passes it on to the ${type} schedule, which takes no min_lr: the launch stops with TypeError (fixed only in the dotted releases, c3188af3). Use --lr_scheduler cosine_with_min_lr or constant_with_warmup, or a release with the dotted flags`, typeFrom[0]);
    }
    return stop('invalid', `--lr_scheduler ${type}: ${built.message.replace(/lr_scheduler_kwargs/g, 'the scheduler kwargs OpenRLHF passes')}`, typeFrom[0]);
  }
  if (IGNORES_KWARGS.has(type) && era === 'flat') assumptions.push(`${type}: get_scheduler does not pass the min_lr kwarg on`);
  const plan = assemblePlan({
    dialect: 'openrlhf',
    semantics: `${era === 'dotted' ? OPENRLHF_HEAD : FLAT_LAST} + transformers optimization.py @005edacb`,
    lr,
    optimizer: defaulted(muon ? 'muon' : 'adamw', muon ? '--optim muon (DeepSpeed Muon with an auxiliary Adam group)' : 'AdamW (DeepSpeed FusedAdam / DeepSpeedCPUAdam)'),
    total,
    totalSource: 'derived',
    warmup,
    built: built.schedule,
    kwargsOrigin: undefined,
    assumptions: [...assumptions, ...built.schedule.notes],
  });
  plan.batchSize = batch;
  if (assumed) plan.assumedLength = assumed.assumed;
  return { ok: true, plan };
}

export const openrlhf: Dialect = {
  id: 'openrlhf',
  title: 'OpenRLHF',
  follows: 'OpenRLHF/OpenRLHF @3c3be623 (dotted flags; flat flags @c1ba971c), transformers optimization.py @005edacb',
  schema,
  // argparse converts each flag with its type (openrlhf/cli/train_*.py): `--train_batch_size 1e2` stops the launch.
  loader: { yaml: 'yaml12', stringForNumber: 'fails', citation: 'argparse type=int/float conversions, OpenRLHF openrlhf/cli/train_*.py @3c3be623' },
  formats: ['shell', 'markdown', 'notebook'],
  detect,
  focus,
  plan,
};
