// Which launch of a shell script runs a diffusers example script, which script that is (read from the repository, else
// known by name), and how many processes the launcher starts.
import type { ParsedDoc } from '../../../core/parse.ts';
import type { LaunchDoc, ShellLaunch } from '../../../core/parse-shell.ts';
import { parsePythonModule } from '../../../core/parse-python.ts';
import type { PlanContext, RepoView } from '../../../core/plan.ts';
import { locate } from '../../../resolve/repo-paths.ts';
import { readLaunch } from '../../../resolve/world-size.ts';
import { DIFFUSERS_COMMIT, knownScript } from './known-scripts.ts';
import { readScript, type ScriptFacts } from './script-facts.ts';

/** Flags only kohya sd-scripts' trainers take: a launch with one of them is not a diffusers example script. */
const KOHYA_FLAGS = ['--network_module', '--network_dim', '--dataset_config', '--optimizer_type', '--save_model_as', '--output_name', '--lr_scheduler_num_cycles', '--lr_scheduler_power', '--max_train_epochs', '--in_json', '--conditioning_data_dir'];
/** kohya sd-scripts' trainer names (a name diffusers shares, like train_controlnet.py, needs a diffusers-only flag). */
const KOHYA_NAMES = /^(?:train_network|train_db|fine_tune|train_textual_inversion(?:_XTI)?|(?:sdxl|sd3|flux|lumina|hunyuan_image)_train\w*|train_controlnet|train_leco|sdxl_train_control_net\w*)\.py$/;
const SCHEDULE_FLAGS = ['--learning_rate', '--lr_scheduler', '--lr_warmup_steps', '--max_train_steps', '--num_train_epochs'];
/** Flags every diffusers example script defines (parse_args) and kohya's trainers do not. */
const DIFFUSERS_ONLY_FLAGS = ['--instance_data_dir', '--dataset_name', '--instance_prompt', '--validation_prompt', '--checkpointing_steps', '--report_to', '--lr_num_cycles', '--lr_power', '--scale_lr'];

function scriptName(launch: ShellLaunch): string {
  return launch.target.name.split('/').pop() ?? launch.target.name;
}

/** How sure it is that this launch runs a diffusers example script: 0 to 1. */
export function launchScore(launch: LaunchDoc): number {
  const { launch: l, data } = launch;
  if (l.target.kind !== 'script') return 0;
  const name = scriptName(l);
  const has = (flag: string) => flag in data || l.unresolved.has(`/${flag}`);
  if (KOHYA_FLAGS.some(has)) return 0;
  const known = knownScript(name) !== undefined;
  if (known && !KOHYA_NAMES.test(name)) return 0.9;
  if (known && DIFFUSERS_ONLY_FLAGS.some(has)) return 0.9;
  // A copy under another name (LoRA trainer repositories rename them): an accelerate launch with diffusers' model flag,
  // a flag only diffusers' scripts define and a schedule flag. The plan reads the script from the repository.
  const accelerate = l.launcher.some((w) => /(?:^|\/)accelerate$/.test(w.text));
  if (accelerate && has('--pretrained_model_name_or_path') && DIFFUSERS_ONLY_FLAGS.some(has) && SCHEDULE_FLAGS.some(has)) return 0.6;
  return 0;
}

/** The first launch of a diffusers example script in the document, and how many there are. */
export function diffusersLaunches(doc: ParsedDoc): LaunchDoc[] {
  if (doc.format !== 'shell') return [];
  return (doc.shellLaunches ?? []).filter((l) => launchScore(l) > 0);
}

export interface ScriptChoice {
  facts: ScriptFacts;
  /** Where the facts come from, for the plan's notes. */
  source: string;
  /** The script was read from the repository (its argparse defaults are its own). */
  read: boolean;
}

export type ScriptResolution = { ok: true; script: ScriptChoice } | { ok: false; why: string };

/** The launched script: the file in the repository when it is there, else diffusers' example of that name. */
export function resolveScript(launch: ShellLaunch, context: PlanContext): ScriptResolution {
  const name = scriptName(launch);
  const repo = context.repo;
  const found = repo ? locate(repo, context.path, launch.target.name) ?? locateByName(repo, context.path, name) : null;
  if (found && found.kind === 'file') {
    const text = repo!.read(found.path);
    if (text !== null) {
      const module = parsePythonModule(text);
      const reading = readScript(text, 'evaluation' in module ? module.evaluation : undefined);
      if (!reading.ok) return { ok: false, why: `${found.path}: ${reading.why}` };
      return { ok: true, script: { facts: reading.facts, source: `${found.path} (read from the repository; get_scheduler at line ${reading.facts.schedulerLine})`, read: true } };
    }
  }
  const known = knownScript(name);
  if (!known) return { ok: false, why: `${name} is not in the repository and is not one of diffusers' example scripts @${DIFFUSERS_COMMIT}` };
  return {
    ok: true,
    script: {
      facts: known,
      source: `${name} is not in the repository: huggingface/diffusers ${known.path} @${DIFFUSERS_COMMIT} is assumed (its defaults and its get_scheduler call at line ${known.schedulerLine}); an older or edited copy may scale the warmup and the run differently`,
      read: false,
    },
  };
}

/** A script launched as `train.py` from a shell script in another folder: the same name next to the shell script. */
function locateByName(repo: RepoView, path: string, name: string) {
  const dir = path.includes('/') ? path.slice(0, path.lastIndexOf('/')) : '';
  return locate(repo, path, dir ? `${dir}/${name}` : name);
}

const NO_REPO: RepoView = { list: () => null, read: () => null };

export interface Processes {
  count: number;
  how: string;
  /** Set when the count is assumed, with why. */
  assumed?: string;
}

/** Processes the launcher starts: accelerate launch / torchrun flags, the accelerate config, else the settings or 1. */
export function processCount(launch: ShellLaunch, context: PlanContext): Processes {
  const words = launch.launcher.map((f) => f.text);
  const reading = words.length ? readLaunch(context.repo ?? NO_REPO, context.path, { file: context.path, line: launch.line, command: words.join(' '), words, variables: {}, sbatch: {} }) : null;
  if (reading?.ok) return { count: reading.world, how: `${reading.world} process${reading.world === 1 ? '' : 'es'} (${reading.how}, line ${launch.line})` };
  if (context.worldSize !== undefined) return { count: context.worldSize, how: `${context.worldSize} process${context.worldSize === 1 ? '' : 'es'} (${context.worldSizeSource?.how ?? 'world-size setting'})` };
  if (!reading) {
    const accelerate = words.some((w) => /(?:^|\/)accelerate$/.test(w));
    if (!accelerate) return { count: 1, how: `1 process (the script runs without a distributed launcher, line ${launch.line})` };
  }
  const why = reading && !reading.ok ? reading.why : 'the launcher does not say how many processes it starts';
  return { count: 1, how: '1 process (assumed)', assumed: `${why}: 1 process is assumed (give \`world-size\` in .trainlint.yml)` };
}
