// Which documents are timm training configs, and a launch line read as one: `./distributed_train.sh N --flags`
// (distributed_train.sh @aa4b5850: NUM_PROC=$1, then `torchrun --nproc_per_node=$NUM_PROC train.py "$@"`) or
// `python|torchrun ... train.py --flags`, its flags turned into train.py's dests so a launch reads like a config YAML.
import { focusLaunch, type LaunchDoc } from '../../../core/parse-shell.ts';
import type { NodeInfo, ParsedDoc } from '../../../core/parse.ts';
import { isObject } from '../../shared.ts';
import { destOfFlag, TIMM_DESTS } from './args.ts';

const DISTRIBUTED_TRAIN = /(?:^|\/)distributed_train\.sh$/;
const TRAIN_PY = /(?:^|\/)train\.py$/;
/** Names only timm's train.py (among the frameworks trainlint reads) gives together with `model`. */
const DISTINCT = ['sched', 'warmup_epochs', 'cooldown_epochs', 'lr_base', 'sched_on_updates', 'decay_epochs', 'decay_milestones', 'lr_cycle_limit', 'lr_noise', 'model_ema', 'reprob', 'remode', 'aa', 'opt', 'warmup_prefix', 'drop_path'];

function flagsOf(launch: LaunchDoc): string[] {
  return Object.keys(launch.data).filter((k) => k.startsWith('-'));
}

/** How sure a launch is a timm train.py run: 0.9 for distributed_train.sh with flags, 0.7 for a train.py of timm's flags. */
export function launchScore(launch: LaunchDoc): number {
  const flags = flagsOf(launch);
  if (flags.length === 0) return 0;
  const dests = flags.map(destOfFlag);
  const known = dests.filter((d): d is string => d !== undefined);
  const mostlyTimm = known.length / flags.length >= 0.8;
  const target = launch.launch.target.name;
  if (launch.launch.target.kind === 'command' && DISTRIBUTED_TRAIN.test(target)) return mostlyTimm && known.length >= 2 ? 0.9 : 0;
  if (launch.launch.target.kind !== 'script' || !TRAIN_PY.test(target)) return 0;
  const distinct = known.filter((d) => DISTINCT.includes(d)).length;
  return mostlyTimm && known.length >= 3 && (known.includes('model') || known.includes('config')) && distinct >= 2 ? 0.7 : 0;
}

export function timmLaunch(doc: ParsedDoc): LaunchDoc | undefined {
  let best: LaunchDoc | undefined;
  let bestScore = 0;
  for (const launch of doc.shellLaunches ?? []) {
    const score = launchScore(launch);
    if (score > bestScore) [best, bestScore] = [launch, score];
  }
  return best;
}

/** A YAML of train.py's argument names: the args.yaml train.py writes (every dest) or a hand-written `--config` file. */
export function yamlScore(data: unknown): number {
  if (!isObject(data)) return 0;
  const keys = Object.keys(data);
  if (keys.length < 2) return 0;
  const known = keys.filter((k) => TIMM_DESTS.has(k));
  const share = known.length / keys.length;
  if (known.length >= 20 && share >= 0.9 && 'sched' in data && 'model' in data) return 0.95;
  const distinct = known.filter((k) => DISTINCT.includes(k)).length;
  if (typeof data.sched === 'string' && share >= 0.8 && known.length >= 3 && (known.includes('model') || distinct >= 3)) return 0.85;
  return 0;
}

/** The launch as a document keyed by train.py's dests (`--warmup-epochs 3` is `warmup_epochs: 3`), positions kept. */
export function focusTimmLaunch(doc: ParsedDoc, launch: LaunchDoc): ParsedDoc {
  const focused = focusLaunch(doc, launch);
  const data: Record<string, unknown> = {};
  const nodes = new Map<string, NodeInfo>();
  nodes.set('', focused.nodes.get('')!);
  for (const [flag, value] of Object.entries(launch.data)) {
    const dest = flag.startsWith('-') ? destOfFlag(flag) : undefined;
    const key = dest ?? flag;
    data[key] = value; // argparse: a flag given twice keeps the last value
    const node = launch.nodes.get(`/${flag}`);
    if (node) nodes.set(`/${key}`, node);
  }
  return { ...focused, data, nodes };
}

/** The launch's process count: distributed_train.sh's first word, torchrun's --nproc_per_node x --nnodes, or one python process. */
export function launchProcesses(launch: LaunchDoc): { value: number; how: string } | { unknown: string } | undefined {
  const target = launch.launch.target;
  if (target.kind === 'command' && DISTRIBUTED_TRAIN.test(target.name)) {
    const first = launch.launch.positionals[0]?.text;
    if (first !== undefined && /^\d+$/.test(first)) return { value: Number(first), how: `distributed_train.sh ${first} (NUM_PROC: torchrun --nproc_per_node=${first})` };
    return { unknown: `distributed_train.sh's NUM_PROC ${first ?? '(missing)'} is not a number trainlint can read` };
  }
  const words = launch.launch.launcher.map((f) => f.text);
  const value = (name: string): string | undefined => {
    for (let i = 0; i < words.length; i++) {
      const w = words[i]!;
      if (w === name) return words[i + 1];
      if (w.startsWith(`${name}=`)) return w.slice(name.length + 1);
    }
    return undefined;
  };
  const distributed = words.some((w) => /(?:^|\/)torchrun$/.test(w) || /^torch\.distributed\.(?:run|launch)$/.test(w));
  if (!distributed) return words.some((w) => /(?:^|\/)python[\d.]*$/.test(w)) ? { value: 1, how: 'one python process' } : undefined;
  const nproc = value('--nproc_per_node') ?? value('--nproc-per-node') ?? '1';
  const nnodes = value('--nnodes') ?? '1';
  if (!/^\d+$/.test(nproc) || !/^\d+$/.test(nnodes)) return { unknown: `torchrun --nproc_per_node ${nproc} --nnodes ${nnodes} cannot be read as numbers` };
  const n = Number(nproc) * Number(nnodes);
  return { value: n, how: `torchrun --nproc_per_node ${nproc}${nnodes === '1' ? '' : ` x --nnodes ${nnodes}`} = ${n} processes` };
}
