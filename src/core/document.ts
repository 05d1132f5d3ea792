// The document every reader produces (YAML, JSON, TOML, Python, shell launches): the data, a position for every
// key, and what the reader refused; the limits that make hostile input a finding. Types and small helpers only, below
// every reader, so that parse.ts (which dispatches to the readers) and the readers never import each other in a circle.
import type { Field, WordSource } from './shell-words.ts';
import type { Span } from './types.ts';

export const LIMITS = {
  /** Training configs are kilobytes; anything past this is not reviewed (TL003). */
  maxBytes: 2 * 1024 * 1024,
  /** Deepest nesting of maps and lists a config may have. */
  maxDepth: 64,
  /** Nodes after expanding aliases: stops "billion laughs" documents. */
  maxNodes: 200_000,
  maxAliases: 1_000,
} as const;

/**
 * `shell`: a launch script, read as the flags it passes (core/parse-shell.ts). `markdown` / `notebook`: a README's shell
 * blocks, a notebook's `!` lines and `%%bash` cells, read as a launch script (core/parse-launch-blocks.ts).
 */
export type Format = 'yaml' | 'json' | 'toml' | 'python' | 'shell' | 'markdown' | 'notebook';

export interface ScalarInfo {
  /** The scalar exactly as written (for YAML: without quotes), used to re-read it the way another loader would. */
  source: string;
  /** Unquoted plain scalar (YAML) - the only kind a loader's implicit typing applies to. */
  plain: boolean;
  /** Explicit tag such as `!!float`, when present. */
  tag?: string;
}

export interface NodeInfo {
  keySpan?: Span;
  valueSpan: Span;
  scalar?: ScalarInfo;
}

export interface ParsedDoc {
  format: Format;
  /** The data as a YAML 1.2 / JSON reader sees it. Objects have own properties only (`__proto__` is a plain key). */
  data: unknown;
  /** JSON pointer -> where the key and value are. `''` is the root. */
  nodes: Map<string, NodeInfo>;
  /** Keys written twice in one mapping (the later one wins, as in PyYAML); pointer of the later one. */
  duplicateKeys: string[];
  lineCount: number;
  /**
   * YAML only: the first thing in the file that PyYAML (yaml.safe_load, OmegaConf, jsonargparse) refuses
   * although the YAML 1.2 reader took it: a tab where PyYAML wants a space, a duplicate anchor, a list or
   * mapping as a key... For a dialect whose loader is PyYAML it is a parse error; other readers may accept.
   */
  pyyamlRefusal?: ParseProblem;
  /** YAML only: the first refusal yaml.unsafe_load makes too (every one but a `!!python/...` tag). */
  pyyamlUnsafeRefusal?: ParseProblem;
  /** Shell scripts: the launch whose flags are the data (core/parse-shell.ts). */
  shell?: ShellLaunch;
  /** Shell scripts: every launch of the file, each readable as its own document (core/parse-shell.ts focusLaunch). */
  shellLaunches?: LaunchDoc[];
  /**
   * Set when the shell document was read out of a README's code blocks or a notebook's cells: positions are the
   * file's, the text is the extracted shell text. Dialects opt in to such files through `formats`.
   */
  container?: 'markdown' | 'notebook';
  text: string;
}

export interface ParseProblem {
  kind: 'syntax' | 'unsafe';
  /** The file is plainly not a single config (several YAML documents: PyYAML's safe_load refuses them). */
  notASingleConfig?: boolean;
  message: string;
  line: number;
  column: number;
}

export type ParseResult = { ok: true; doc: ParsedDoc } | { ok: false; problem: ParseProblem };

export function escapePointerToken(token: string): string {
  // Most keys hold neither character: skip the two replaces (one per key of every document).
  if (!token.includes('~') && !token.includes('/')) return token;
  return token.replace(/~/g, '~0').replace(/\//g, '~1');
}

export function pointerToKey(pointer: string): string {
  return pointer
    .split('/')
    .slice(1)
    .map((t) => t.replace(/~1/g, '/').replace(/~0/g, '~'))
    .join('.');
}

export function unsafe(message: string, line: number, column: number): ParseResult {
  return { ok: false, problem: { kind: 'unsafe', message, line, column } };
}

export function lineColumnAt(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lastBreak = -1;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lastBreak = i;
    }
  }
  return { line, column: offset - lastBreak };
}

/** What a launch runs: a Python script (`train.py`), a module (`python -m verl.trainer.main_ppo`, `deepspeed --module
 * openrlhf.cli.train_sft`) or a program (`yolo train ...`, `./distributed_train.sh 8 ...`). */
export interface LaunchTarget {
  kind: 'script' | 'module' | 'command';
  /** As written after expansion: `${MEGATRON}/pretrain_gpt.py` may read `$MEGATRON/pretrain_gpt.py`. */
  name: string;
}

/** A `key=value` word among a launch's arguments (Hydra / Ultralytics / OmegaConf overrides). */
export interface LaunchOverride {
  key: string;
  /** Hydra's `+` (add), `++` (add or override) or `~` (delete), as written before the key. */
  prefix: '' | '+' | '++' | '~';
  line: number;
}

/** What the reader knows about the launch a shell document stands for. */
export interface ShellLaunch {
  /** The launch target's name (kept as `script` for the dialects that read `pretrain_*.py` launches). */
  script: string;
  target: LaunchTarget;
  line: number;
  /** Launches of training scripts in the file (the first is the one read). */
  launches: number;
  /** The launch sits inside an if / loop / function body. */
  conditional: boolean;
  /** Flags whose value bash cannot know from the file, by pointer, with the expression. */
  unresolved: Map<string, { flag: string; expression: string; span: Span }>;
  /** Expansions among the arguments that may add flags nobody can list (`$EXTRA_ARGS` unset, `"$@"`). */
  open: Array<{ expression: string; line: number }>;
  /** Where each flag's value was written (the text a fix edits), by pointer. */
  values: Map<string, WordSource>;
  /** `key=value` words, in order; their values are data keys named `key` (flags keep their dashes: `--lr`). */
  overrides: LaunchOverride[];
  /** Words that are neither a flag, a flag's value nor an override (detectron2's `SOLVER.BASE_LR 0.01` pairs). */
  positionals: Field[];
  /** The words before the target (the launcher and its options: `accelerate launch --num_processes 8`). */
  launcher: Field[];
}

/** One launch of the file read as a document of its own (its flags and overrides as keys). */
export interface LaunchDoc {
  launch: ShellLaunch;
  data: Record<string, unknown>;
  nodes: Map<string, NodeInfo>;
}

