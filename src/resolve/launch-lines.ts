// Launch lines that run a training script with arguments (`python train_pretrain.py --learning_rate 0.1`,
// `torchrun --nproc_per_node 8 train.py config/train_gpt2.py --max_iters=1000`) in shell scripts and CI
// workflows beside it. The arguments they pass override the script's defaults, so the Python dialects
// read them through the RepoView (never the file system) and let them take precedence.
import type { RepoView } from '../core/plan.ts';
import { dirnameOf, joinPath } from './repo-paths.ts';

export interface LaunchLine {
  /** Repo-relative path of the shell script or workflow. */
  file: string;
  line: number;
  /** The command as written (continuation lines joined). */
  command: string;
  /** Tokens after the training script, up to the end of the command. */
  args: string[];
}

/** At most this many files are read per config, so a large repository stays cheap. */
const MAX_FILES = 60;
const LAUNCHER = /(?:^|\/)(?:python[\d.]*|torchrun|deepspeed|accelerate|uv|srun|mpirun|horovodrun|nohup|launch)$/;



/** Files that may hold launch lines: `*.sh` in the script's folder and every folder above it, in `scripts/`, and the CI workflows. */
export function launchFiles(repo: RepoView, scriptPath: string): string[] {
  const dirs: string[] = [];
  for (let dir = dirnameOf(scriptPath); ; dir = dirnameOf(dir)) {
    dirs.push(dir);
    if (dir === '') break;
  }
  dirs.push('scripts');
  const files: string[] = [];
  for (const dir of dirs) {
    for (const name of repo.list(dir) ?? []) if (name.endsWith('.sh')) files.push(joinPath(dir, name));
  }
  for (const name of repo.list('.github/workflows') ?? []) if (/\.ya?ml$/.test(name)) files.push(joinPath('.github/workflows', name));
  return [...new Set(files)].slice(0, MAX_FILES);
}

/** Shell words of one command (quotes and backslashes as sh reads them; `$VAR` is kept as written). */
export function shellWords(command: string): string[] {
  const words: string[] = [];
  let word = '';
  let inWord = false;
  for (let i = 0; i < command.length; i++) {
    const ch = command[i]!;
    if (ch === "'") {
      const end = command.indexOf("'", i + 1);
      word += command.slice(i + 1, end < 0 ? command.length : end);
      i = end < 0 ? command.length : end;
      inWord = true;
    } else if (ch === '"') {
      let j = i + 1;
      while (j < command.length && command[j] !== '"') {
        if (command[j] === '\\' && /["\\$`]/.test(command[j + 1] ?? '')) j++;
        word += command[j];
        j++;
      }
      i = j;
      inWord = true;
    } else if (ch === '\\') {
      word += command[++i] ?? '';
      inWord = true;
    } else if (/\s/.test(ch)) {
      if (inWord) words.push(word);
      word = '';
      inWord = false;
    } else if (ch === '#' && !inWord) break;
    else {
      word += ch;
      inWord = true;
    }
  }
  if (inWord) words.push(word);
  return words;
}

/** Splits a line at `&&`, `||`, `;` and `|` outside quotes. */
function commands(line: string): string[] {
  const out: string[] = [];
  let quote: string | null = null;
  let start = 0;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!;
    if (quote) {
      if (ch === quote) quote = null;
      else if (ch === '\\' && quote === '"') i++;
    } else if (ch === "'" || ch === '"') quote = ch;
    else if (ch === '\\') i++;
    else if (ch === ';' || ch === '|' || (ch === '&' && line[i + 1] === '&')) {
      out.push(line.slice(start, i));
      if (line[i + 1] === ch) i++;
      start = i + 1;
    }
  }
  out.push(line.slice(start));
  return out;
}

/** Logical lines (backslash-newline continuations joined) with the number of the line they start on. */
function logicalLines(text: string): Array<{ line: number; text: string }> {
  const out: Array<{ line: number; text: string }> = [];
  const physical = text.split(/\r?\n/);
  for (let i = 0; i < physical.length; i++) {
    const start = i + 1;
    let current = physical[i]!;
    while (/\\\s*$/.test(current) && i + 1 < physical.length) current = current.replace(/\\\s*$/, ' ') + physical[++i]!;
    out.push({ line: start, text: current });
  }
  return out;
}

/**
 * Every launch of the script at `scriptPath` found beside it, in path and line order. A command counts
 * when a launcher (python, torchrun, deepspeed, accelerate, ...) comes before a word naming the script
 * (its path, or its file name, as `cd trainer && python train_pretrain.py` does).
 */
export function findLaunchLines(repo: RepoView | undefined, scriptPath: string): LaunchLine[] {
  if (!repo) return [];
  const base = scriptPath.slice(scriptPath.lastIndexOf('/') + 1);
  const out: LaunchLine[] = [];
  for (const file of launchFiles(repo, scriptPath).sort()) {
    const text = repo.read(file);
    if (!text || !text.includes(base)) continue;
    for (const { line, text: logical } of logicalLines(text)) {
      if (!logical.includes(base)) continue;
      for (const command of commands(logical)) {
        const words = shellWords(command.replace(/^\s*(?:-\s+)?(?:run:\s*)?/, ''));
        const at = words.findIndex((w) => w === base || w.endsWith(`/${base}`) || w === scriptPath);
        if (at < 0 || !words.slice(0, at).some((w) => LAUNCHER.test(w))) continue;
        out.push({ file, line, command: command.trim(), args: words.slice(at + 1).filter((w) => !/^[<>]|^\d?>/.test(w)) });
      }
    }
  }
  return out;
}

/** `--name value` / `--name=value` / a bare `--flag` in launch arguments (the last one wins, as with argparse). */
export function flagValue(args: readonly string[], flag: string): string | true | undefined {
  let found: string | true | undefined;
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === flag) {
      const next = args[i + 1];
      found = next !== undefined && !next.startsWith('--') ? next : true;
    } else if (a.startsWith(`${flag}=`)) found = a.slice(flag.length + 1);
  }
  return found;
}

// ---------------------------------------------------------------------------------------------------------------
// Launch lines that name a config file (`accelerate launch --num_processes 8 train.py --config recipes/sft.yaml`,
// `FORCE_TORCHRUN=1 NPROC_PER_NODE=4 llamafactory-cli train examples/x.yaml`), for the world size they start.

export interface ConfigLaunch {
  file: string;
  line: number;
  command: string;
  /** Every shell word of the command, leading `VAR=value` assignments included. */
  words: string[];
  /** `VAR=value` assignments and exports in the file before this line (the last one wins), for `$VAR` in the words. */
  variables: Record<string, string>;
  /** `#SBATCH --name=value` directives of the file. */
  sbatch: Record<string, string>;
}

/** Files that may launch a config: shell scripts (config folder and above, scripts/), Makefiles, workflows, READMEs. */
export function configLaunchFiles(repo: RepoView, configPath: string): string[] {
  const files = launchFiles(repo, configPath);
  const dirs: string[] = [];
  for (let dir = dirnameOf(configPath); ; dir = dirnameOf(dir)) {
    dirs.push(dir);
    if (dir === '') break;
  }
  for (const dir of dirs) {
    for (const name of repo.list(dir) ?? []) {
      if (name === 'Makefile' || name === 'README.md' || /\.(?:slurm|sbatch)$/.test(name)) files.push(joinPath(dir, name));
    }
  }
  return [...new Set(files)].slice(0, MAX_FILES + 20);
}

/** The lines of a README that are inside fenced code blocks (others are prose), blank elsewhere to keep numbering. */
function codeBlockText(text: string): string {
  let inside = false;
  return text
    .split(/\r?\n/)
    .map((l) => {
      if (/^\s*(```|~~~)/.test(l)) {
        inside = !inside;
        return '';
      }
      return inside ? l : '';
    })
    .join('\n');
}

/** Every command in the repository's launch files that names `configPath` (by its path, or a path ending in it). */
export function findConfigLaunches(repo: RepoView | undefined, configPath: string): ConfigLaunch[] {
  if (!repo) return [];
  const base = configPath.slice(configPath.lastIndexOf('/') + 1);
  const out: ConfigLaunch[] = [];
  for (const file of configLaunchFiles(repo, configPath).sort()) {
    const raw = repo.read(file);
    if (!raw || !raw.includes(base)) continue;
    const text = file.endsWith('README.md') ? codeBlockText(raw) : raw;
    const variables: Record<string, string> = {};
    const sbatch: Record<string, string> = {};
    for (const m of text.matchAll(/^#SBATCH\s+--([\w-]+)(?:[= ](\S+))?/gm)) sbatch[m[1]!] = m[2] ?? '';
    for (const { line, text: logical } of logicalLines(text)) {
      const assignment = /^\s*(?:export\s+)?([A-Za-z_]\w*)=("[^"]*"|'[^']*'|[^\s;]*)\s*$/.exec(logical);
      if (assignment) variables[assignment[1]!] = assignment[2]!.replace(/^["']|["']$/g, '');
      if (!logical.includes(base)) continue;
      for (const command of commands(logical)) {
        const words = shellWords(command.replace(/^\s*(?:-\s+)?(?:run:\s*)?(?:\$\s+)?/, ''));
        const names = words.some((w) => {
          const clean = w.replace(/^--?[\w-]+=/, '').replace(/^\.\//, '');
          return clean === configPath || clean.endsWith(`/${configPath}`) || (clean.endsWith(`/${base}`) && configPath.endsWith(clean.replace(/^(?:\.\.\/)+/, ''))) || (clean === base && !configPath.includes('/'));
        });
        if (names) out.push({ file, line, command: command.trim(), words, variables: { ...variables }, sbatch });
      }
    }
  }
  return out;
}
