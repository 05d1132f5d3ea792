// GPT-NeoX runs from several YAML files merged in the order a `deepy.py` launch names them. What is read here follows
// EleutherAI/gpt-neox @ea7aefd8: megatron/neox_arguments/arguments.py consume_deepy_args (the first positional is the
// user script, the rest are config files; `-d/--conf_dir` is joined in front of each; a name not ending in .yml/.json
// gets `.yml`) and from_ymls (files read in order with yaml FullLoader; a key whose spelling as written equals a key
// stored from an earlier file raises ValueError "duplicate keys"; otherwise the key is stored with `-` turned into `_`,
// so `min-lr` in a later file replaces an earlier `min_lr`; two files with the same base name fail an assertion).
import { DocReader, formatNumber } from '../../core/access.ts';
import { frameworkView, plainReadings } from '../../core/loaders.ts';
import type { LoaderModel } from '../../core/loaders.ts';
import { parseText, type ParsedDoc } from '../../core/parse.ts';
import type { RepoView } from '../../core/plan.ts';
import type { Origin, Resolved } from '../../core/types.ts';
import { findConfigLaunches } from '../../resolve/launch-lines.ts';
import { isObject } from '../shared.ts';
import { dirnameOf, joinPath, normalise } from '../../resolve/repo-paths.ts';

/** deepy.py options that take one value (consume_deepy_args @ea7aefd8); `--eval_tasks` takes one or more. */
const ONE_VALUE = new Set(['-d', '--conf_dir', '--wandb_group', '--wandb_run_name', '--wandb_team', '--iteration', '--eval_results_prefix', '-H', '--hostfile', '-i', '--sample_input_file', '-o', '--sample_output_file', '--autotuning']);

/** The config files a `deepy.py` command loads, in order, as written (relative to where it runs), or undefined. */
export function deepyConfigFiles(words: readonly string[]): string[] | undefined {
  const at = words.findIndex((w) => w === 'deepy.py' || w.endsWith('/deepy.py'));
  if (at < 0) return undefined;
  const positional: string[] = [];
  let confDir: string | undefined;
  for (let i = at + 1; i < words.length; i++) {
    const w = words[i]!;
    if (/^[|;&<>]|^\d?>/.test(w)) break;
    const eq = w.indexOf('=');
    const name = w.startsWith('-') && eq > 0 ? w.slice(0, eq) : w;
    if (ONE_VALUE.has(name)) {
      const value = eq > 0 && name !== w ? w.slice(eq + 1) : words[++i];
      if (name === '-d' || name === '--conf_dir') confDir = value;
      continue;
    }
    if (name === '--eval_tasks') {
      while (i + 1 < words.length && !words[i + 1]!.startsWith('-')) i++;
      continue;
    }
    if (w.startsWith('-')) continue;
    positional.push(w);
  }
  if (positional.length < 2) return undefined;
  return positional.slice(1).map((f) => {
    const named = f.endsWith('.yml') || f.endsWith('.json') ? f : `${f}.yml`;
    return confDir ? `${confDir.replace(/\/+$/, '')}/${named}` : named;
  });
}

export interface NeoxSource {
  path: string;
  doc: ParsedDoc;
  /** The file's top-level data as the NeoX loader reads it. */
  data: Record<string, unknown>;
}

export interface NeoxLaunch {
  /** The launch script (or README, Makefile) and the line of the command. */
  file: string;
  line: number;
  command: string;
  sources: NeoxSource[];
}

/** `$VAR` / `${VAR}` replaced from the script's plain assignments; undefined when one is unknown. */
function substitute(word: string, variables: Record<string, string>): string | undefined {
  let unknown = false;
  const out = word.replace(/\$\{(\w+)\}|\$(\w+)/g, (_m, a: string | undefined, b: string | undefined) => {
    const v = variables[(a ?? b)!];
    if (v === undefined) unknown = true;
    return v ?? '';
  });
  return unknown ? undefined : out;
}

/**
 * The deepy.py launches that load `configPath` together with other files, with every file of each launch read and
 * parsed (a launch naming a file the repository does not hold, or one that does not parse, is left out).
 */
export function neoxLaunches(repo: RepoView | undefined, configPath: string, reviewed: ParsedDoc, loader: LoaderModel): NeoxLaunch[] {
  if (!repo) return [];
  const out: NeoxLaunch[] = [];
  // `deepy.py train.py -d configs a.yml b.yml` names the file by its base name alone: look for that too.
  const base = configPath.slice(configPath.lastIndexOf('/') + 1);
  const found = [...findConfigLaunches(repo, configPath), ...(base !== configPath ? findConfigLaunches(repo, base) : [])];
  const seen = new Set<string>();
  for (const launch of found) {
    const id = `${launch.file}:${launch.line}:${launch.command}`;
    if (seen.has(id)) continue;
    seen.add(id);
    const words = launch.words.map((w) => substitute(w, launch.variables));
    if (words.some((w) => w === undefined)) continue;
    const files = deepyConfigFiles(words as string[]);
    if (!files || files.length < 2) continue;
    const dir = dirnameOf(launch.file);
    // deepy.py opens the paths relative to where it runs: the repository root, or the script's folder; a path that
    // leaves the repository (or is absolute) names no file trainlint can read.
    const resolved = [files.map((f) => normalise(f)), files.map((f) => normalise(joinPath(dir, f)))].find((paths): paths is string[] => paths.includes(configPath) && paths.every((p) => p !== null));
    if (!resolved) continue;
    const sources: NeoxSource[] = [];
    for (const path of resolved) {
      if (path === configPath) {
        sources.push({ path, doc: reviewed, data: frameworkView(reviewed, plainReadings(reviewed, loader)) as Record<string, unknown> });
        continue;
      }
      const text = repo.read(path);
      const parsed = text === null ? undefined : parseText(text, 'yaml');
      if (!parsed?.ok || !isObject(parsed.doc.data)) break;
      sources.push({ path, doc: parsed.doc, data: frameworkView(parsed.doc, plainReadings(parsed.doc, loader)) as Record<string, unknown> });
    }
    if (sources.length === resolved.length) out.push({ file: launch.file, line: launch.line, command: launch.command, sources });
  }
  return out;
}

export interface MergedConfig {
  /** Top-level keys as the winning file spells them, with their values. */
  data: Record<string, unknown>;
  /** For each key of `data`: the file it came from. */
  sourceOf: Map<string, NeoxSource>;
  /** from_ymls raises ValueError on this key of this file. */
  duplicate?: { key: string; file: string; line: number; earlier: string };
  /** Two files share a base name: from_ymls's assertion fails. */
  sameName?: [string, string];
}

export function lineOf(doc: ParsedDoc, key: string): number {
  const info = doc.nodes.get(`/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`);
  return (info?.keySpan ?? info?.valueSpan)?.line ?? 1;
}

/** The files merged as from_ymls merges them. */
export function mergeNeox(sources: readonly NeoxSource[]): MergedConfig {
  const stored = new Map<string, { raw: string; source: NeoxSource }>();
  const names = new Map<string, string>();
  const merged: MergedConfig = { data: {}, sourceOf: new Map() };
  for (const source of sources) {
    const base = source.path.slice(source.path.lastIndexOf('/') + 1);
    if (names.has(base) && !merged.sameName) merged.sameName = [names.get(base)!, source.path];
    names.set(base, source.path);
    for (const raw of Object.keys(source.data)) {
      const earlier = stored.get(raw);
      if (earlier && earlier.source !== source && !merged.duplicate) {
        merged.duplicate = { key: raw, file: source.path, line: lineOf(source.doc, raw), earlier: earlier.source.path };
      }
      stored.set(raw.replace(/-/g, '_'), { raw, source });
    }
  }
  for (const { raw, source } of stored.values()) {
    merged.data[raw] = source.data[raw];
    merged.sourceOf.set(raw, source);
  }
  return merged;
}

/**
 * Reads the merged config. Keys of the reviewed file keep their origin in it; a key from another file resolves with no
 * origin in the reviewed file (a finding on it must not point at a line that says something else) and names its file
 * and line in its derivation instead.
 */
export class MergedNeoxReader extends DocReader {
  constructor(
    doc: ParsedDoc,
    data: Record<string, unknown>,
    private readonly sourceOf: Map<string, NeoxSource>,
    private readonly reviewedPath: string,
  ) {
    super(doc, data);
  }

  /** The other file a top-level key comes from, or undefined when it is in the reviewed file. */
  elsewhere(key: string | undefined): NeoxSource | undefined {
    const source = key === undefined ? undefined : this.sourceOf.get(key);
    return source && source.path !== this.reviewedPath ? source : undefined;
  }

  /** ` (in other.yml line 3)` for a key of another file, else ''. */
  where(key: string): string {
    const source = this.elsewhere(key);
    return source ? ` (in ${source.path} line ${lineOf(source.doc, key)})` : '';
  }

  override has(path: readonly string[]): boolean {
    return super.has(path) && !this.elsewhere(path[0]);
  }

  override origin(path: readonly string[]): Origin {
    return this.elsewhere(path[0]) ? super.origin([]) : super.origin(path);
  }

  override number(path: readonly string[]): Resolved | undefined {
    const value = this.raw(path);
    if (typeof value !== 'number' || !this.elsewhere(path[0])) return super.number(path);
    return { value, how: `${path.join('.')}: ${formatNumber(value)}${this.where(path[0]!)}`, from: [] };
  }

  override string(path: readonly string[]): Resolved<string> | undefined {
    const value = this.raw(path);
    if (typeof value !== 'string' || !this.elsewhere(path[0])) return super.string(path);
    return { value, how: `${path.join('.')}: ${value}${this.where(path[0]!)}`, from: [] };
  }
}
