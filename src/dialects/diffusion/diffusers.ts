// diffusers example training scripts (huggingface/diffusers examples/*/train_*.py @58eb52c0) launched from a shell
// script: `accelerate launch [--num_processes N] train_text_to_image.py --learning_rate 1e-4 ...`. The flags override
// the script's argparse defaults; the script's own main() turns them into get_scheduler's arguments (convention per
// script: diffusers/script-facts.ts), and accelerate's prepared scheduler steps num_processes times per optimizer update
// (huggingface/accelerate src/accelerate/scheduler.py @16cb6eb8). Update k therefore uses lr x lambda(k x num_processes).
import schema from '../../../schemas/diffusers.schema.json' with { type: 'json' };
import { countOf, defaulted, formatNumber, type DocReader } from '../../core/access.ts';
import type { LoaderModel } from '../../core/loaders.ts';
import { assumeEpochs, type Dialect, type FixEdit, type PlanContext, type PlanResult, type PlanProblem } from '../../core/plan.ts';
import type { ParsedDoc } from '../../core/parse.ts';
import { focusLaunch } from '../../core/parse-shell.ts';
import { makeSchedule } from '../../core/schedule.ts';
import type { Origin, Phase, Resolved } from '../../core/types.ts';
import { DIFFUSERS_SCHEDULES, diffusersLambda, type DiffusersScheduleName } from '../../schedules/diffusers.ts';
import { LaunchFlags, type FlagRead } from '../../core/launch-flags.ts';
import { diffusersLaunches, processCount, resolveScript } from './diffusers/launch.ts';
import { DIFFUSERS_COMMIT } from './diffusers/known-scripts.ts';
import { runShape } from './diffusers/run.ts';
import type { DefaultValue, ScheduleDest } from './diffusers/script-facts.ts';

const SEMANTICS = `diffusers@${DIFFUSERS_COMMIT} + accelerate@16cb6eb8`;
const LOADER: LoaderModel = { yaml: 'yaml12', stringForNumber: 'fails', citation: 'argparse type=int/float conversions of the diffusers example scripts (parse_args) @58eb52c0' };
/** Schedules whose LambdaLR reads num_training_steps (the others ignore the run's length). */
const USES_TOTAL: readonly DiffusersScheduleName[] = ['linear', 'cosine', 'cosine_with_restarts', 'polynomial'];

function detect(doc: ParsedDoc): number {
  return diffusersLaunches(doc).length > 0 ? 0.9 : 0;
}

function focus(doc: ParsedDoc): ParsedDoc {
  const first = diffusersLaunches(doc)[0];
  return first ? focusLaunch(doc, first) : doc;
}

type Stop = { ok: false; problem: PlanProblem };
const stop = (kind: PlanProblem['kind'], message: string, at?: Origin): Stop => ({ ok: false, problem: { kind, message, ...(at ? { at } : {}) } });

function plan(r: DocReader, context: PlanContext): PlanResult {
  const f = new LaunchFlags(r);
  const launch = f.launch;
  const name = launch.target.name.split('/').pop()!;
  const where = `the launch of ${name} at line ${launch.line}`;
  const assumptions: string[] = [];
  const script = resolveScript(launch, context);
  if (!script.ok) return stop('not-simulated', `${where}: ${script.why}, so how it scales --lr_warmup_steps and the run for get_scheduler is unknown: the schedule is not simulated`);
  const { facts } = script.script;
  assumptions.push(`script: ${script.script.source}; convention '${facts.convention}'`);
  const others = diffusersLaunches(r.doc).length;
  if (launch.launches > 1 || others > 1) assumptions.push(`the file launches diffusers scripts more than once; the first (line ${launch.line}) is reviewed`);
  if (launch.conditional) assumptions.push(`the launch at line ${launch.line} runs under a condition of the script`);
  const open = launch.open.map((o) => `${o.expression} (line ${o.line})`);
  if (open.length) assumptions.push(`${where} passes ${open.join(', ')}, which trainlint cannot expand: flags they may add are taken at the script's defaults`);

  // A flag given on the line wins; else the script's argparse default.
  const reads: Array<FlagRead<unknown>> = [];
  const valueOf = <T>(dest: ScheduleDest, read: FlagRead<T>): Resolved<T | DefaultValue> | undefined => {
    reads.push(read as FlagRead<unknown>);
    if (read.state === 'value') return read.value;
    if (read.state !== 'absent') return undefined;
    const d = facts.defaults[dest];
    if (d === undefined) return undefined;
    return defaulted(d, `--${dest} unset: default ${typeof d === 'number' ? formatNumber(d) : String(d)} (${name} parse_args)`);
  };
  const flag = (dest: ScheduleDest) => `--${dest}`;
  for (const dest of ['learning_rate', 'lr_scheduler', 'lr_warmup_steps', 'max_train_steps', 'num_train_epochs', 'num_epochs', 'gradient_accumulation_steps', 'train_batch_size', 'lr_num_cycles', 'lr_power'] as const) {
    const u = launch.unresolved.get(`/${flag(dest)}`);
    if (u) return stop('not-simulated', `${flag(dest)} ${u.expression} (line ${u.span.line}) in ${where} cannot be resolved from the script (set outside it or by a command's output), so the schedule is not simulated`, f.origin(flag(dest)));
  }
  const lrRead = valueOf('learning_rate', f.float('--learning_rate'));
  const nameRead = valueOf('lr_scheduler', f.choice('--lr_scheduler', DIFFUSERS_SCHEDULES));
  const warmupRead = valueOf('lr_warmup_steps', f.int('--lr_warmup_steps'));
  const maxRead = facts.convention === 'loader-epochs' ? undefined : valueOf('max_train_steps', f.int('--max_train_steps'));
  // train_unconditional.py counts its run in --num_epochs and has no --max_train_steps.
  const epochsDest = facts.convention === 'loader-epochs' ? 'num_epochs' : 'num_train_epochs';
  const epochsRead = valueOf(epochsDest, f.int(`--${epochsDest}`));
  const accumRead = valueOf('gradient_accumulation_steps', f.int('--gradient_accumulation_steps'));
  const batchRead = valueOf('train_batch_size', f.int('--train_batch_size'));
  const cyclesRead = valueOf('lr_num_cycles', f.float('--lr_num_cycles'));
  const powerRead = valueOf('lr_power', f.float('--lr_power'));
  const bad = reads.find((x): x is Extract<FlagRead<unknown>, { state: 'invalid' }> => x.state === 'invalid');
  if (bad) {
    const invalidName = bad.message.includes('--lr_scheduler') ? `${bad.message.replace(' (argparse stops the launch)', '')}: diffusers' SchedulerType raises ValueError when get_scheduler is called` : bad.message;
    return stop('invalid', invalidName, bad.at);
  }
  const numeric = (v: Resolved<unknown> | undefined) => (typeof v?.value === 'number' ? (v as Resolved<number>) : undefined);
  const lr0 = numeric(lrRead);
  // A script without a --learning_rate flag sets its LRs from other flags (train_realfill.py: --unet_learning_rate).
  if (!lr0) return stop('not-simulated', `${where} gives no --learning_rate and ${script.script.read ? `${name} defines no such flag` : `${name}'s default is not known`}: its optimizer's LR comes from flags trainlint does not model, so the schedule is not simulated`, f.origin('--learning_rate'));
  const schedName = (typeof nameRead?.value === 'string' ? nameRead.value : 'constant') as DiffusersScheduleName;
  if (!nameRead) assumptions.push(`--lr_scheduler unset and ${name}'s default unknown: constant (the default of every diffusers example script)`);
  const need = (v: Resolved<unknown> | undefined, dest: ScheduleDest) => numeric(v) ?? (facts.defaults[dest] === undefined ? undefined : null);
  const accum = need(accumRead, 'gradient_accumulation_steps')?.value ?? 1;
  const batch = need(batchRead, 'train_batch_size')?.value;
  const warmupFlag = numeric(warmupRead)?.value ?? 0;
  const max = numeric(maxRead);
  const epochs = numeric(epochsRead);

  const np = processCount(launch, context);
  if (np.assumed) assumptions.push(np.assumed);

  // --scale_lr (store_true): lr x gradient_accumulation_steps x train_batch_size x num_processes, before the optimizer.
  let lr: Resolved = lr0;
  if (f.has('--scale_lr') || facts.defaults.scale_lr === true) {
    if (batch === undefined) return stop('not-simulated', `${where} sets --scale_lr but gives no --train_batch_size, and ${name}'s default is not known`, f.origin('--scale_lr'));
    const scaled = lr0.value * accum * batch * np.count;
    lr = { value: scaled, how: `--scale_lr: ${formatNumber(lr0.value)} x gradient_accumulation_steps ${accum} x train_batch_size ${batch} x num_processes ${np.count} = ${formatNumber(scaled)}`, from: lr0.from };
  }

  if (!max && (!epochs || batch === undefined)) return stop('not-simulated', `${where} gives no --max_train_steps and the epoch count or batch size is not known, so the run's length is unknown`, f.origin('--max_train_steps'));
  const samples = context.datasetSize;
  const inputs = { convention: facts.convention, warmupFlag, maxTrainSteps: max?.value ?? null, epochs: epochs?.value ?? 1, accumulation: accum, batch: batch ?? 1, processes: np.count, dropLast: facts.dropLast };
  let shape = runShape(samples === undefined ? inputs : { ...inputs, samples });
  let assumedLength;
  if (!shape) {
    // Epochs of an unknown dataset: the curve is drawn over nominal epochs; the checks on the run's length wait.
    const assumed = assumeEpochs(epochs!, `${name} runs ${countOf(epochs!.value, 'epoch')} of ${np.count === 1 ? `ceil(ceil(len(dataset) / ${batch ?? 1}) / ${accum})` : `ceil(ceil(ceil(len(dataset) / ${batch ?? 1}) / ${np.count}) / ${accum})`} updates, and the dataset size is unknown (give it in .trainlint.yml \`datasets:\`)`, { path: context.path });
    const perEpoch = assumed.total.value / epochs!.value;
    shape = runShape({ ...inputs, maxTrainSteps: null, samples: perEpoch * accum * np.count * (batch ?? 1) })!;
    shape = { ...shape, updates: assumed.total.value, updatesHow: assumed.total.how };
    assumptions.push(assumed.note);
    assumedLength = assumed.assumed;
  }
  if (context.datasetSource && !max) assumptions.push(`dataset: ${context.datasetSource.how}`);
  if (facts.dropLast && !max) assumptions.push(`${name}'s DataLoader drops the last partial batch (drop_last=True)`);
  if ((facts.convention === 'accumulation' || facts.convention === 'loader-epochs') && accum > 1) assumptions.push(`${name} multiplies the warmup and the run by gradient_accumulation_steps for get_scheduler, written for accelerate < 0.16, which stepped the scheduler on every micro-batch; accelerate @16cb6eb8 steps it once per update (x num_processes), so the schedule lasts gradient_accumulation_steps / num_processes = ${formatNumber(accum / np.count)} times its length in updates`);

  const s = np.count; // scheduler steps per optimizer update (AcceleratedScheduler, split_batches off)
  const lambda = diffusersLambda({
    name: schedName,
    warmup: shape.schedulerWarmup,
    total: shape.schedulerTotal,
    ...(facts.passesCycles && numeric(cyclesRead) ? { numCycles: numeric(cyclesRead)!.value } : {}),
    ...(facts.passesPower && numeric(powerRead) ? { power: numeric(powerRead)!.value } : {}),
    lrInit: lr.value,
  });
  if (!lambda.ok) return stop('invalid', `${where}: ${lambda.message}`, f.origin('--lr_scheduler'));
  if (facts.passesCycles === false && f.has('--lr_num_cycles') && schedName === 'cosine_with_restarts') assumptions.push(`${name} does not pass --lr_num_cycles to get_scheduler: cosine_with_restarts runs 1 cycle`);
  if (facts.passesPower === false && f.has('--lr_power') && schedName === 'polynomial') assumptions.push(`${name} does not pass --lr_power to get_scheduler: polynomial uses power 1.0`);
  if (s > 1) assumptions.push(`accelerate's prepared scheduler steps ${s} times per optimizer update (${np.how}): update k uses lambda(${s}k)`);

  const total = shape.updates;
  const factor = lambda.factor;
  const warmupFrom = numeric(warmupRead)?.from ?? [];
  const hasWarmup = schedName !== 'constant' && schedName !== 'piecewise_constant' && shape.schedulerWarmup > 0;
  const warmupUpdates = Math.ceil(shape.schedulerWarmup / s);
  const perUpdate = (how: string) => (s === 1 ? how : `${how} scheduler steps / ${s} per update, rounded up`);
  const warmup = hasWarmup ? { steps: { value: warmupUpdates, how: s === 1 ? shape.warmupHow : `${perUpdate(shape.warmupHow)} = ${warmupUpdates}`, from: warmupFrom }, style: 'linear' } : undefined;
  const usesTotal = USES_TOTAL.includes(schedName);
  const horizonUpdates = Math.ceil(shape.schedulerTotal / s);
  const horizonFrom = max?.from ?? epochs?.from ?? [];
  const horizon = usesTotal ? { value: horizonUpdates, how: `get_scheduler num_training_steps ${perUpdate(shape.totalHow)}${s === 1 ? '' : ` = ${horizonUpdates}`}`, from: horizonFrom } : undefined;

  const phases: Phase[] = [];
  const start = hasWarmup ? Math.min(warmupUpdates, total) : 0;
  if (start > 0) phases.push({ kind: 'warmup', start: 0, end: start, style: 'linear' });
  if (usesTotal) {
    const end = Math.min(Math.max(horizonUpdates, start), total);
    phases.push({ kind: 'decay', start, end, style: schedName === 'cosine_with_restarts' ? 'cosine' : schedName });
    // Past num_training_steps diffusers' cosine (half a cycle) climbs again; the others hold their end value.
    if (end < total) phases.push(schedName === 'cosine' ? { kind: 'cycle', start: end, end: total, style: 'cosine past num_training_steps' } : { kind: 'floor', start: end, end: total, style: 'constant' });
  } else phases.push({ kind: 'constant', start, end: total, style: 'constant' });
  const restarts: number[] = [];
  if (schedName === 'cosine_with_restarts') {
    const cycles = facts.passesCycles ? numeric(cyclesRead)?.value ?? 1 : 1;
    const length = (shape.schedulerTotal - shape.schedulerWarmup) / cycles;
    for (let i = 1; i < cycles && i < 10_000; i++) restarts.push(Math.ceil((shape.schedulerWarmup + i * length) / s));
  }
  const schedule = makeSchedule({ totalSteps: total, peakLr: lr.value, lrAt: (k) => lr.value * factor(k * s), phases, declaredRestarts: restarts });

  const fixes = {
    // The scripts that scale the warmup by num_processes take the flag in updates; the others need it rescaled.
    warmupTo: (steps: number): FixEdit | undefined => {
      const read = f.int('--lr_warmup_steps');
      if (read.state !== 'value') return undefined;
      const perFlag = facts.convention === 'accumulation' ? accum / s : facts.convention === 'plain' ? 1 / s : 1;
      const value = steps / perFlag;
      return Number.isInteger(value) ? { at: read.edit, value } : undefined;
    },
    totalStepsTo: (steps: number): FixEdit | undefined => {
      const read = f.int('--max_train_steps');
      return read.state === 'value' ? { at: read.edit, value: steps } : undefined;
    },
  };

  return {
    ok: true,
    plan: {
      dialect: 'diffusers',
      semantics: SEMANTICS,
      optimizer: { name: optimizerName(r), lr },
      totalSteps: { value: total, how: shape.updatesHow, from: max?.from ?? epochs?.from ?? [] },
      totalStepsSource: max ? 'explicit' : 'derived',
      ...(batch !== undefined ? { batchSize: defaulted(batch * accum * np.count, `train_batch_size ${batch} x gradient_accumulation_steps ${accum} x ${np.how}`) } : {}),
      ...(warmup ? { warmup } : {}),
      ...(horizon ? { horizon } : {}),
      schedule,
      assumptions,
      ...(assumedLength ? { assumedLength } : {}),
      fixes,
    },
  };
}

/** `--optimizer prodigy` in the scripts that offer a choice (e.g. train_dreambooth_lora_sdxl.py), else AdamW. */
function optimizerName(r: DocReader): Resolved<string> {
  const given = r.raw(['--optimizer']);
  if (typeof given === 'string') return { value: given.toLowerCase(), how: `--optimizer ${given}`, from: [r.origin(['--optimizer'])] };
  return defaulted('adamw', "torch.optim.AdamW (the example scripts' default optimizer)");
}

export const diffusers: Dialect = {
  id: 'diffusers',
  title: 'diffusers training scripts',
  follows: 'huggingface/diffusers @58eb52c0 (src/diffusers/optimization.py, examples/*/train_*.py) with huggingface/accelerate @16cb6eb8 (scheduler.py, data_loader.py)',
  schema,
  loader: LOADER,
  formats: ['shell', 'markdown', 'notebook'],
  detect,
  focus,
  plan,
};
