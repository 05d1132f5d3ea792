// World size from the launch lines that run a config (shell scripts, Makefiles, workflows, README code blocks), read
// the way each launcher reads its arguments:
//   torchrun / python -m torch.distributed.run: nproc_per_node (default 1) x nnodes (default 1) (torch/distributed/run.py).
//   accelerate launch: --num_processes is the total over all machines; else the --config_file YAML's num_processes
//     (accelerate commands/launch.py; distributed_type NO is one process); with neither, the machine's default config.
//   deepspeed: --num_gpus per node x --num_nodes, or the devices of --include (deepspeed/launcher/runner.py); with
//     neither, every GPU of the hosts.
//   tune run: --nproc_per_node / --nnodes go to torchrun; without them the recipe runs as one process (torchtune _cli/run.py).
//   llamafactory-cli train: torchrun with NPROC_PER_NODE (default: the visible device count) x NNODES (default 1) when
//     FORCE_TORCHRUN is set or more than one device is visible (LLaMA-Factory src/llamafactory/launcher.py @ff6d4d12).
import { defaulted } from '../core/access.ts';
import type { RepoView } from '../core/plan.ts';
import { parseText } from '../core/parse.ts';
import type { Resolved } from '../core/types.ts';
import { findConfigLaunches, flagValue, type ConfigLaunch } from './launch-lines.ts';
import { locate } from './repo-paths.ts';

type Reading = { ok: true; world: number; how: string } | { ok: false; why: string } | null;

const SLURM: Record<string, string> = {
  SLURM_NNODES: 'nodes',
  SLURM_JOB_NUM_NODES: 'nodes',
  SLURM_GPUS_ON_NODE: 'gpus-per-node',
  SLURM_GPUS_PER_NODE: 'gpus-per-node',
};

function expand(word: string, env: Record<string, string>, launch: ConfigLaunch): string {
  return word.replace(/\$\{?([A-Za-z_]\w*)\}?|\$\(([A-Za-z_]\w*)\)/g, (all, a: string | undefined, b: string | undefined) => {
    const name = (a ?? b)!;
    if (env[name] !== undefined) return env[name]!;
    if (launch.variables[name] !== undefined) return launch.variables[name]!;
    const directive = SLURM[name];
    if (directive && launch.sbatch[directive] !== undefined) return launch.sbatch[directive]!.replace(/^\w+:/, '');
    return all;
  });
}

function int(text: string | true | undefined): number | null {
  if (typeof text !== 'string' || !/^\d+$/.test(text)) return null;
  return Number(text);
}

function flag(args: string[], ...names: string[]): string | true | undefined {
  for (const n of names) {
    const v = flagValue(args, n);
    if (v !== undefined) return v;
  }
  return undefined;
}

function product(nproc: string | true | undefined, nnodes: string | true | undefined, names: [string, string], defaults: [number, number]): Reading {
  const p = nproc === undefined ? defaults[0] : int(nproc);
  const n = nnodes === undefined ? defaults[1] : int(nnodes);
  if (p === null) return { ok: false, why: `${names[0]} ${String(nproc)} is not a number trainlint can read` };
  if (n === null) return { ok: false, why: `${names[1]} ${String(nnodes)} is not a number trainlint can read` };
  const parts = [`${names[0]} ${p}${nproc === undefined ? ' (default)' : ''}`, `${names[1]} ${n}${nnodes === undefined ? ' (default)' : ''}`];
  return { ok: true, world: p * n, how: n === 1 && nnodes === undefined ? `${names[0]} ${p}${nproc === undefined ? ' (default)' : ''}` : `${parts.join(' x ')} = ${p * n}` };
}

function acceleratePrefix(repo: RepoView, configPath: string, args: string[]): Reading {
  const total = flag(args, '--num_processes', '--num-processes');
  if (total !== undefined) {
    const n = int(total);
    return n === null ? { ok: false, why: `--num_processes ${String(total)} is not a number trainlint can read` } : { ok: true, world: n, how: `accelerate --num_processes ${n}` };
  }
  const file = flag(args, '--config_file', '--config-file');
  if (typeof file !== 'string') return { ok: false, why: "accelerate launch without --num_processes or --config_file uses the machine's default accelerate config" };
  const found = locate(repo, configPath, file);
  if (!found || found.kind !== 'file') return { ok: false, why: `the accelerate config ${file} is not in the repository` };
  const parsed = parseText(repo.read(found.path) ?? '', 'yaml');
  const data = parsed.ok ? (parsed.doc.data as Record<string, unknown> | null) : null;
  if (!data || typeof data !== 'object') return { ok: false, why: `the accelerate config ${found.path} cannot be read` };
  if (data.distributed_type === 'NO') return { ok: true, world: 1, how: `${found.path}: distributed_type NO (one process)` };
  const n = typeof data.num_processes === 'number' && Number.isInteger(data.num_processes) ? data.num_processes : null;
  if (n === null) return { ok: false, why: `the accelerate config ${found.path} does not give num_processes` };
  const machines = typeof data.num_machines === 'number' ? data.num_machines : 1;
  return { ok: true, world: n, how: `${found.path}: num_processes ${n} (accelerate's total over ${machines} machine${machines === 1 ? '' : 's'})` };
}

/** The world size one launch line starts, or why it cannot be read, or null when the line states nothing about it. */
export function readLaunch(repo: RepoView, configPath: string, launch: ConfigLaunch): Reading {
  const env: Record<string, string> = {};
  let i = 0;
  for (; i < launch.words.length; i++) {
    const m = /^([A-Za-z_]\w*)=(.*)$/.exec(launch.words[i]!);
    if (!m) break;
    env[m[1]!] = m[2]!;
  }
  const words = launch.words.map((w) => expand(w, env, launch));
  const envOf = (name: string) => (env[name] !== undefined ? env[name] : launch.variables[name]);
  const at = (name: RegExp) => words.findIndex((w, j) => j >= i && name.test(w));
  const torchrun = at(/(?:^|\/)torchrun$/);
  const moduleRun = words.findIndex((w, j) => w === '-m' && /^torch\.distributed\.(?:run|launch)$/.test(words[j + 1] ?? ''));
  if (torchrun >= 0 || moduleRun >= 0) {
    const args = words.slice((torchrun >= 0 ? torchrun : moduleRun + 1) + 1);
    const r = product(flag(args, '--nproc_per_node', '--nproc-per-node'), flag(args, '--nnodes'), ['--nproc_per_node', '--nnodes'], [1, 1]);
    return r && r.ok ? { ...r, how: `torchrun ${r.how}` } : r;
  }
  const accelerate = words.findIndex((w, j) => /(?:^|\/)accelerate$/.test(w) && words[j + 1] === 'launch');
  if (accelerate >= 0) return acceleratePrefix(repo, configPath, words.slice(accelerate + 2));
  const deepspeed = at(/(?:^|\/)deepspeed$/);
  if (deepspeed >= 0) {
    const args = words.slice(deepspeed + 1);
    const include = flag(args, '--include');
    if (typeof include === 'string' && /^[\w.-]+:[\d,]+$/.test(include)) {
      const n = include.split(':')[1]!.split(',').length;
      return { ok: true, world: n, how: `deepspeed --include ${include} (${n} devices)` };
    }
    const gpus = flag(args, '--num_gpus', '--num-gpus');
    if (gpus === undefined) return { ok: false, why: 'deepspeed without --num_gpus runs on every GPU of the hosts' };
    const r = product(gpus, flag(args, '--num_nodes', '--num-nodes'), ['--num_gpus', '--num_nodes'], [1, 1]);
    return r && r.ok ? { ...r, how: `deepspeed ${r.how}` } : r;
  }
  const tune = words.findIndex((w, j) => /(?:^|\/)tune$/.test(w) && words[j + 1] === 'run');
  if (tune >= 0) {
    const args = words.slice(tune + 2);
    const r = product(flag(args, '--nproc_per_node', '--nproc-per-node'), flag(args, '--nnodes'), ['--nproc_per_node', '--nnodes'], [1, 1]);
    return r && r.ok ? { ...r, how: `tune run ${r.how}` } : r;
  }
  const lf = words.findIndex((w, j) => /(?:^|\/)(?:llamafactory-cli|lmf)$/.test(w) && words[j + 1] === 'train');
  if (lf >= 0) {
    const nproc = envOf('NPROC_PER_NODE');
    const nnodes = envOf('NNODES');
    const visible = envOf('CUDA_VISIBLE_DEVICES') ?? envOf('ASCEND_RT_VISIBLE_DEVICES');
    const count = visible !== undefined && /^\d+(?:,\d+)*$/.test(visible) ? visible.split(',').length : undefined;
    const forced = ['1', 'true', 'y'].includes((envOf('FORCE_TORCHRUN') ?? '').toLowerCase());
    if (nproc === undefined && count === undefined) return { ok: false, why: 'llamafactory-cli train without NPROC_PER_NODE or CUDA_VISIBLE_DEVICES uses every visible device' };
    if (nproc === undefined && count === 1 && !forced) return { ok: true, world: 1, how: `llamafactory-cli train with CUDA_VISIBLE_DEVICES=${visible} (one device: no torchrun)` };
    const r = product(nproc ?? String(count), nnodes, [nproc !== undefined ? 'NPROC_PER_NODE' : `CUDA_VISIBLE_DEVICES=${visible}: devices`, 'NNODES'], [1, 1]);
    return r && r.ok ? { ...r, how: `llamafactory-cli train: ${r.how}` } : r;
  }
  return null;
}

export function launchWorldSize(repo: RepoView, path: string): { size?: Resolved; notes: string[] } {
  const launches = findConfigLaunches(repo, path);
  const known: Array<{ launch: ConfigLaunch; world: number; how: string }> = [];
  const unknown: string[] = [];
  for (const launch of launches) {
    const r = readLaunch(repo, path, launch);
    if (!r) continue;
    if (r.ok) known.push({ launch, world: r.world, how: r.how });
    else unknown.push(`${launch.file}:${launch.line} (${r.why})`);
  }
  const notes: string[] = [];
  if (known.length === 0) {
    if (unknown.length) notes.push(`the launch line${unknown.length === 1 ? '' : 's'} ${unknown.join('; ')} do${unknown.length === 1 ? 'es' : ''} not say how many processes run: world size 1 is assumed`);
    return { notes };
  }
  // The most common world size among the launch lines, the first one in path order on a tie.
  const tally = new Map<number, number>();
  for (const k of known) tally.set(k.world, (tally.get(k.world) ?? 0) + 1);
  const best = Math.max(...tally.values());
  const chosen = known.find((k) => tally.get(k.world) === best)!;
  const others = known.filter((k) => k.world !== chosen.world);
  const size = defaulted(chosen.world, `world size ${chosen.world}: ${chosen.how} (${chosen.launch.file}:${chosen.launch.line})`);
  if (others.length) notes.push(`launch lines disagree on the world size: ${chosen.world} was followed (${chosen.launch.file}:${chosen.launch.line}); ${others.map((o) => `${o.launch.file}:${o.launch.line} gives ${o.world}`).join(', ')}`);
  if (unknown.length) notes.push(`also launched by ${unknown.join('; ')}`);
  return { size, notes };
}
