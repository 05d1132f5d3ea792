// kohya sd-scripts (kohya-ss/sd-scripts @48d368fa): the TOML files its training scripts read with `--config_file`,
// and the `accelerate launch ... train_network.py --flags` lines that run them. The arguments are read as argparse and
// read_config_from_file build them (./kohya/args.ts), the run length as train_network.py computes it (max_train_steps,
// default 1600, unless max_train_epochs: epochs x ceil(len(train_dataloader) / num_processes /
// gradient_accumulation_steps), train_network.py lines 799-802), the schedule as get_scheduler_fix builds it and
// accelerate steps it (./kohya/scheduler.ts), and the epoch length from the image folders (./kohya/dataset.ts).
import schema from '../../../schemas/kohya.schema.json' with { type: 'json' };
import { defaulted, formatNumber, type DocReader } from '../../core/access.ts';
import type { LoaderModel } from '../../core/loaders.ts';
import { focusLaunch, type LaunchDoc } from '../../core/parse-shell.ts';
import { parseToml } from '../../core/parse-toml.ts';
import type { ParsedDoc } from '../../core/parse.ts';
import { assumeEpochs, type Dialect, type FixEdit, type PlanContext, type PlanProblem, type PlanResult, type TrainingPlan } from '../../core/plan.ts';
import { makeSchedule } from '../../core/schedule.ts';
import type { Origin, Resolved } from '../../core/types.ts';
import { locate } from '../../resolve/repo-paths.ts';
import { readLaunch } from '../../resolve/world-size.ts';
import { findConfigLaunches } from '../../resolve/launch-lines.ts';
import { flattenToml, KohyaArgs, show, type KohyaArg } from './kohya/args.ts';
import { epochLength } from './kohya/dataset.ts';
import { buildKohyaSchedule, schedulerArgs } from './kohya/scheduler.ts';

export const KOHYA_COMMIT = '48d368fa';

const LOADER: LoaderModel = { yaml: 'yaml12', stringForNumber: 'passed-on', citation: `toml.load, then argparse parse_args(namespace=...) (kohya-ss/sd-scripts library/train_util.py read_config_from_file @${KOHYA_COMMIT})` };

/** Training scripts only sd-scripts has. */
const KOHYA_SCRIPT =
  /(?:^|\/)(?:train_network|sdxl_train_network|sd3_train_network|flux_train_network|lumina_train_network|anima_train_network|hunyuan_image_train_network|train_db|fine_tune|sdxl_train|sd3_train|flux_train|lumina_train|anima_train|train_textual_inversion_XTI|sdxl_train_textual_inversion|sdxl_train_control_net|sdxl_train_control_net_lllite|flux_train_control_net|train_control_net)\.py$/;
/** Script names diffusers' examples use too: sd-scripts' only with one of its own flags. */
const SHARED_SCRIPT = /(?:^|\/)(?:train_textual_inversion|train_controlnet)\.py$/;
const KOHYA_ONLY_FLAGS = ['--dataset_config', '--config_file', '--network_module', '--output_name', '--save_model_as', '--max_train_epochs'];
const KOHYA_FLAGS = ['--pretrained_model_name_or_path', '--config_file', '--dataset_config', '--train_data_dir', '--network_module'];
/** The TOML keys that make a file a sd-scripts training config: the model and what or how it trains. */
const TOML_WITH = ['network_module', 'output_name', 'train_data_dir', 'dataset_config'];

function kohyaLaunch(doc: ParsedDoc): LaunchDoc | undefined {
  if (doc.format !== 'shell') return undefined;
  return doc.shellLaunches?.find((l) => {
    if (l.launch.target.kind !== 'script') return false;
    const keys = Object.keys(l.data);
    const has = (flags: string[]) => flags.some((f) => keys.includes(f) || l.launch.unresolved.has(`/${f}`));
    if (KOHYA_SCRIPT.test(l.launch.target.name)) return has(KOHYA_FLAGS);
    return SHARED_SCRIPT.test(l.launch.target.name) && has(KOHYA_ONLY_FLAGS);
  });
}

function detect(doc: ParsedDoc): number {
  if (doc.format === 'shell') return kohyaLaunch(doc) ? 0.95 : 0;
  if (doc.format !== 'toml') return 0;
  const keys = flattenToml(doc.data);
  return keys.has('pretrained_model_name_or_path') && TOML_WITH.some((k) => keys.has(k)) ? 0.95 : 0;
}

function focus(doc: ParsedDoc): ParsedDoc {
  const launch = kohyaLaunch(doc);
  return launch ? focusLaunch(doc, launch) : doc;
}

type Problem = { ok: false; problem: PlanProblem };
const fail = (kind: PlanProblem['kind'], message: string, at?: Origin): Problem => ({ ok: false, problem: { kind, message, ...(at ? { at } : {}) } });

/** The namespace the script trains with: the reviewed TOML, or the launch's flags over its --config_file TOML. */
function readArgs(r: DocReader, context: PlanContext): KohyaArgs | Problem {
  const args = new KohyaArgs();
  if (r.doc.format !== 'shell') {
    args.addToml(r.doc, context.path, r);
    return args;
  }
  const written = r.raw(['--config_file']);
  if (typeof written === 'string') {
    // read_config_from_file: `.toml` is appended when the name does not end with it.
    const file = written.endsWith('.toml') ? written : `${written}.toml`;
    const found = context.repo ? locate(context.repo, context.path, file) : null;
    const text = found?.kind === 'file' ? context.repo!.read(found.path) : null;
    if (!found || text === null) return fail('needs-data', `--config_file ${file} is not in the repository: its settings fill every argument the command line leaves out, so the schedule cannot be known`, r.origin(['--config_file']));
    const parsed = parseToml(text);
    if (!parsed.ok) return fail('invalid', `--config_file ${found.path} is not valid TOML (${parsed.problem.message}): toml.load raises`, r.origin(['--config_file']));
    args.addToml(parsed.doc, found.path, null, r.origin(['--config_file']));
  }
  args.addFlags(r);
  return args;
}

const READS = ['learning_rate', 'lr_scheduler', 'lr_warmup_steps', 'lr_decay_steps', 'max_train_steps', 'max_train_epochs', 'gradient_accumulation_steps', 'lr_scheduler_num_cycles', 'lr_scheduler_min_lr_ratio', 'lr_scheduler_power', 'config_file', 'train_batch_size', 'dataset_config', 'train_data_dir'];

function numberArg(args: KohyaArgs, name: string, integer: boolean): Resolved | Problem | null {
  const a = args.get(name);
  const v = a.value;
  if (v.type === 'none') return null;
  const ok = integer ? v.type === 'int' || (v.type === 'bool') : v.type === 'int' || v.type === 'float';
  if (!ok || (v.type !== 'int' && v.type !== 'float' && v.type !== 'bool')) {
    return fail('invalid', `${a.where}: ${name} must be ${integer ? 'an int' : 'a number'}, and a TOML value is not converted (read_config_from_file passes it on as ${v.type === 'str' ? 'a string' : `a ${v.type}`}), so the run fails where it is used`, a.at);
  }
  const value = v.type === 'bool' ? Number(v.value) : v.value;
  return { value, how: a.source === 'default' ? `${name} unset: ${show(v)} (sd-scripts @${KOHYA_COMMIT} default)` : a.where, from: a.at && a.source !== 'default' ? [a.at] : [] };
}

function isProblem(x: unknown): x is Problem {
  return typeof x === 'object' && x !== null && (x as Problem).ok === false;
}

/** accelerator.num_processes: the launch's own launcher words, else what the repository's launch lines or settings say. */
function processes(r: DocReader, context: PlanContext, notes: string[]): Resolved {
  const shell = r.doc.shell;
  if (shell && context.repo) {
    const words = [...shell.launcher.map((f) => f.text), shell.target.name];
    const reading = readLaunch(context.repo, context.path, { file: context.path, line: shell.line, command: words.join(' '), words, variables: {}, sbatch: {} });
    if (reading?.ok) return defaulted(reading.world, `${reading.how} (line ${shell.line})`);
    if (reading && !reading.ok) notes.push(`${reading.why}: 1 process assumed; give \`world-size\` in .trainlint.yml`);
    else return defaulted(1, 'one process (no distributed launcher)');
  }
  if (context.worldSizeSource) return context.worldSizeSource;
  if (!shell) notes.push('the number of processes is not known from the repository: 1 assumed (an integer lr_warmup_steps then lasts 1/N as many updates on N GPUs); give `world-size` in .trainlint.yml');
  return defaulted(1, 'one process assumed');
}

/** .trainlint.yml's dataset size for this config, read as images x repeats of one dataset batched by train_batch_size. */
function givenLength(size: number, args: KohyaArgs, context: PlanContext) {
  const b = args.get('train_batch_size').value;
  const batch = b.type === 'int' && b.value >= 1 ? b.value : 1;
  const batches = Math.ceil(size / batch);
  return { ok: true as const, batches, how: `${context.datasetSource?.how ?? `${size} images x repeats`}: ceil(${size} / train_batch_size ${batch}) = ${batches} batches`, notes: [] };
}

/**
 * Launch lines elsewhere in the repository that run this TOML with flags of their own: those flags win over the file
 * (read_config_from_file parses the command line into the TOML's namespace). The review of the file follows the file;
 * the note names the flags, and the launch script's own review applies them.
 */
function overridingLaunches(context: PlanContext): string[] {
  if (!context.repo) return [];
  const notes: string[] = [];
  for (const launch of findConfigLaunches(context.repo, context.path)) {
    const at = launch.words.findIndex((w) => KOHYA_SCRIPT.test(w) || SHARED_SCRIPT.test(w));
    if (at < 0) continue;
    const flags = launch.words
      .slice(at + 1)
      .filter((w) => w.startsWith('--'))
      .map((w) => w.split('=')[0]!.slice(2).replace(/-/g, '_'))
      .filter((n) => READS.includes(n) && n !== 'config_file');
    if (flags.length) notes.push(`${launch.file}:${launch.line} runs this file with ${flags.map((f) => `--${f}`).join(', ')} on the command line, which win${flags.length === 1 ? 's' : ''} over the file's values: this review follows the file; the launch script's review applies them`);
  }
  return notes;
}

function plan(r: DocReader, context: PlanContext): PlanResult {
  const read = readArgs(r, context);
  if (isProblem(read)) return read;
  const args = read;
  const notes: string[] = r.doc.format === 'toml' ? overridingLaunches(context) : [];
  const first = args.errors[0];
  if (first) return fail('invalid', first.message, first.at);
  const unresolved = READS.map((n) => r.doc.shell?.unresolved.get(`/--${n}`)).find((u) => u !== undefined);
  if (unresolved) return fail('needs-data', `${unresolved.flag} ${unresolved.expression} (line ${unresolved.span.line}): the value is set outside the script, so the schedule cannot be known`, r.origin([unresolved.flag]));

  const lr = numberArg(args, 'learning_rate', false);
  if (isProblem(lr)) return lr;
  // The LoRA trainers give the U-Net's network parameters unet_lr when set, learning_rate otherwise
  // (kohya-ss/sd-scripts train_network.py -> networks/lora.py LoRANetwork.prepare_optimizer_params @48d368fa).
  const networkRun = args.get('network_module').value.type !== 'none' || /(?:^|\/)\w*train_network\.py$/.test(r.doc.shell?.target.name ?? '');
  const unet = networkRun ? numberArg(args, 'unet_lr', false) : null;
  if (isProblem(unet)) return unet;
  const peak = unet ? { ...unet, how: `${unet.how}: the U-Net's LoRA parameters train at unet_lr (learning_rate ${formatNumber(lr!.value)} applies only to parameters without an LR of their own)` } : lr!;
  const steps = numberArg(args, 'max_train_steps', true);
  if (isProblem(steps)) return steps;
  const epochs = numberArg(args, 'max_train_epochs', true);
  if (isProblem(epochs)) return epochs;
  const accum = numberArg(args, 'gradient_accumulation_steps', true);
  if (isProblem(accum)) return accum;
  const cycles = numberArg(args, 'lr_scheduler_num_cycles', true);
  if (isProblem(cycles)) return cycles;
  const power = numberArg(args, 'lr_scheduler_power', false);
  if (isProblem(power)) return power;
  const minRatio = numberArg(args, 'lr_scheduler_min_lr_ratio', false);
  if (isProblem(minRatio)) return minRatio;
  const timescale = numberArg(args, 'lr_scheduler_timescale', true);
  if (isProblem(timescale)) return timescale;
  const P = processes(r, context, notes);
  const A = accum!.value;
  if (A < 1) return fail('invalid', `${accum!.how}: gradient_accumulation_steps must be at least 1`, accum!.from[0]);

  // Run length (train_network.py): max_train_epochs overrides max_train_steps.
  let total: Resolved;
  let source: TrainingPlan['totalStepsSource'] = 'explicit';
  let assumed: TrainingPlan['assumedLength'];
  if (epochs) {
    source = 'derived';
    const E = epochs.value;
    const length = context.datasetSize !== undefined ? givenLength(context.datasetSize, args, context) : epochLength(args, context.repo, context.path);
    notes.push(...length.notes);
    if (length.ok) {
      const perEpoch = Math.ceil(length.batches / P.value / A);
      const value = E * perEpoch;
      total = { value, how: `max_train_epochs ${E} overrides max_train_steps: ${E} x ceil(${length.batches} batches / ${P.value} process${P.value === 1 ? '' : 'es'} / gradient_accumulation_steps ${A}) = ${E} x ${perEpoch} = ${value} (${length.how})`, from: [...epochs.from] };
    } else {
      const why = `max_train_epochs ${E} overrides max_train_steps, and an epoch's length needs the training images: ${length.why}`;
      const a = assumeEpochs(epochs, why, { path: context.path, settle: 'put the image folders in the repository, or give the images x repeats in .trainlint.yml (`datasets: { "PATH": N }`)' });
      total = a.total;
      assumed = a.assumed;
      notes.push(`${why}. ${a.note}`);
    }
  } else total = steps!;
  if (total.value < 1) return fail('invalid', `${total.how}: the run makes no optimizer update`, total.from[0]);

  // The scheduler (get_scheduler_fix).
  const name = args.get('lr_scheduler');
  const schedulerName = name.value.type === 'str' ? name.value.value : show(name.value);
  const custom = args.get('lr_scheduler_type');
  const optimizer = args.get('optimizer_type');
  const optimizerName: Resolved<string> =
    optimizer.value.type === 'str' && optimizer.value.value !== '' ? { value: optimizer.value.value, how: optimizer.where, from: optimizer.at ? [optimizer.at] : [] } : defaulted('AdamW', `optimizer_type unset: AdamW (sd-scripts default)`);
  const schedulerAt = name.at ?? r.origin([]);
  if (custom.value.type === 'str' && custom.value.value !== '') return fail('not-simulated', `${custom.where}: a scheduler class built from lr_scheduler_args, which trainlint does not simulate`, custom.at);
  if (schedulerName.startsWith('adafactor')) return fail('not-simulated', `${name.where}: the LR comes from the Adafactor optimizer's own step size (transformers AdafactorSchedule), which trainlint does not simulate`, schedulerAt);
  if (schedulerName === 'piecewise_constant') return fail('not-simulated', `${name.where}: diffusers' piecewise constant schedule follows the step_rules given in lr_scheduler_args, which trainlint does not simulate`, schedulerAt);
  if (['reduce_lr_on_plateau', 'cosine_warmup_with_min_lr', 'greedy'].includes(schedulerName)) return fail('not-simulated', `${name.where}: get_scheduler_fix passes this schedule arguments it was not written for (num_training_steps, num_decay_steps); trainlint does not simulate it`, schedulerAt);
  const extraWords = args.get('lr_scheduler_args').value;
  const extra = extraWords.type === 'list' ? schedulerArgs(extraWords.value) : {};
  if (typeof extra === 'string') return fail('not-simulated', extra, args.get('lr_scheduler_args').at);
  const scheduleFree = optimizerName.value.toLowerCase().endsWith('schedulefree');
  if (scheduleFree) notes.push(`${optimizerName.value} is schedule-free: get_scheduler_fix returns a dummy scheduler and the LR stays at learning_rate (the optimizer's own warmup, if any, is not simulated)`);
  if (schedulerName === 'cosine_with_min_lr' && !minRatio && extra.min_lr === undefined) {
    return fail('invalid', `${name.where} needs lr_scheduler_min_lr_ratio: get_scheduler_fix passes min_lr_rate=None and transformers raises "One of min_lr or min_lr_rate should be set"`, schedulerAt);
  }
  const warmupArg = args.get('lr_warmup_steps');
  const built = buildKohyaSchedule({
    name: scheduleFree ? 'constant' : schedulerName,
    lr: peak.value,
    processes: P.value,
    updates: total.value,
    warmup: scheduleFree ? { type: 'int', value: 0 } : warmupArg.value,
    decay: args.get('lr_decay_steps').value,
    cycles: cycles!.value,
    power: power!.value,
    timescale: timescale ? timescale.value : null,
    minLrRatio: minRatio ? minRatio.value : null,
    extra,
  });
  if (!built.ok) return fail(built.kind, built.message, built.message.startsWith('lr_scheduler constant') || built.message.startsWith('lr_warmup_steps') ? (warmupArg.at ?? schedulerAt) : schedulerAt);
  const s = built.schedule;
  notes.push(...s.notes);
  if (P.value > 1 || source === 'derived') notes.push(`processes: ${P.how}`);
  if (warmupArg.value.type === 'int' && warmupArg.value.value > 0 && P.value === 1) notes.push(`lr_warmup_steps ${warmupArg.value.value} is an int, which get_scheduler_fix does not multiply by the number of processes while it does multiply max_train_steps: on N GPUs the warmup lasts ceil(${warmupArg.value.value} / N) updates (kohya-ss/kohya_ss#1394); a float (a share of the run) keeps its share`);
  if (typeof warmupArg.value === 'object' && warmupArg.value.type === 'float' && warmupArg.value.value >= 1) notes.push(`${warmupArg.where} is a float of 1 or more: get_scheduler_fix multiplies it by num_training_steps (${s.trainingSteps}); write a share below 1, or an integer step count`);

  const warmupUpdates = Math.ceil(s.warmupSteps / P.value);
  const warmupFrom = warmupArg.at && warmupArg.source !== 'default' ? [warmupArg.at] : [];
  const editable = (a: KohyaArg) => a.editable && a.at !== undefined;
  const stepsArg = args.get('max_train_steps');
  const planned: TrainingPlan = {
    dialect: 'kohya',
    semantics: `kohya-sd-scripts@${KOHYA_COMMIT} (transformers 4.54.1 schedules)`,
    optimizer: { name: optimizerName, lr: peak },
    totalSteps: total,
    totalStepsSource: source,
    schedule: makeSchedule({ totalSteps: total.value, peakLr: peak.value, lrAt: s.lrAt, phases: s.phases, declaredRestarts: s.restarts }),
    assumptions: notes,
    fixes: {
      warmupTo: (n): FixEdit | undefined => {
        if (!editable(warmupArg) || warmupArg.value.type !== 'int') return undefined;
        return { at: warmupArg.at!, value: n * P.value };
      },
      totalStepsTo: (n): FixEdit | undefined => (epochs || !editable(stepsArg) ? undefined : { at: stepsArg.at!, value: n }),
    },
  };
  if (s.built.warmup && warmupUpdates > 0) {
    planned.warmup = { steps: { value: warmupUpdates, how: s.warmupHow, from: warmupFrom }, style: s.built.warmup.style, startLr: defaulted(0, 'linear warmup from 0') };
  }
  const d = s.built.decay;
  if (d) {
    const start = Math.ceil(d.start / P.value);
    const end = Math.ceil((d.start + d.steps) / P.value);
    const minLr = d.endFactor * peak.value;
    planned.decay = {
      style: d.style,
      start: { value: start, how: P.value === 1 ? (d.startHow ?? `decay starts when warmup ends (step ${d.start})`) : `decay starts at scheduler step ${d.start} = update ${start} (${P.value} scheduler steps per update)`, from: warmupFrom },
      steps: { value: end - start, how: `decay ends at scheduler step ${d.start + d.steps} of num_training_steps ${s.trainingSteps} = update ${end}`, from: [...(name.at ? [name.at] : []), ...total.from] },
      minLr: { value: minLr, how: minLr === 0 ? `decays to 0 (${d.style})` : `${formatNumber(Number(d.endFactor.toPrecision(6)))} x ${unet ? 'unet_lr' : 'learning_rate'} ${formatNumber(peak.value)} = ${formatNumber(minLr)}`, from: peak.from },
    };
  }
  if (assumed) planned.assumedLength = assumed;
  return { ok: true, plan: planned };
}

export const kohya: Dialect = {
  id: 'kohya',
  title: 'kohya sd-scripts',
  follows: `kohya-ss/sd-scripts @${KOHYA_COMMIT}: library/train_util.py (get_scheduler_fix, read_config_from_file, argparse flags), library/config_util.py, train_network.py; transformers 4.54.1 schedules; accelerate 1.6.0 AcceleratedScheduler`,
  schema,
  loader: LOADER,
  formats: ['toml', 'shell', 'markdown', 'notebook'],
  versionKeys: ['sd-scripts', 'kohya-sd-scripts'],
  detect,
  focus,
  plan,
};
