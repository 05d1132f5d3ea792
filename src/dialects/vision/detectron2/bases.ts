// A detectron2 YAML config with its `_BASE_` chain merged, read through the repository view. Follows
// facebookresearch/fvcore fvcore/common/config.py CfgNode.load_yaml_with_base @3378afe0: each file is loaded with
// yaml.safe_load; `_BASE_` (one path, or a list merged in order, later ones winning) is relative to the file's own
// folder unless it starts with `/`, `~`, `http://` or `https://`; the base is loaded first (recursively) and the file
// merged into it, a mapping merged key by key (a mapping over a non-mapping fails an assertion), anything else replacing.
// fvcore has no cycle guard (a cycle recurses until RecursionError); here a cycle is reported and the depth is bounded.
import { frameworkView, plainReadings, type LoaderModel } from '../../../core/loaders.ts';
import { escapePointerToken, parseText, type ParsedDoc } from '../../../core/parse.ts';
import type { RepoView } from '../../../core/plan.ts';
import { dirnameOf, joinPath, normalise } from '../../../resolve/repo-paths.ts';
import { isObject } from '../../shared.ts';

export const BASE_KEY = '_BASE_';
/** Bases deeper than this are not followed (detectron2's own chains are 2-3 deep). */
export const MAX_BASE_DEPTH = 16;

/** Where a merged value was written: the file and its pointer there. */
export interface Leaf {
  file: string;
  doc: ParsedDoc;
  pointer: string;
}

export interface MergedConfig {
  data: Record<string, unknown>;
  /** Pointer in the merged data -> where the winning value was written. */
  leaves: Map<string, Leaf>;
  /** Every file of the chain, the reviewed one first. */
  files: string[];
}

export type MergeResult = { ok: true; merged: MergedConfig } | { ok: false; kind: 'invalid' | 'not-simulated'; message: string; fromReviewed: boolean };

class Stop extends Error {
  constructor(
    readonly kind: 'invalid' | 'not-simulated',
    message: string,
    readonly fromReviewed: boolean,
  ) {
    super(message);
  }
}

function leavesOf(value: unknown, pointer: string, file: string, doc: ParsedDoc, into: Map<string, Leaf>): void {
  if (isObject(value)) {
    for (const [k, v] of Object.entries(value)) leavesOf(v, `${pointer}/${escapePointerToken(k)}`, file, doc, into);
    return;
  }
  into.set(pointer, { file, doc, pointer });
}

function dropUnder(leaves: Map<string, Leaf>, pointer: string): void {
  for (const key of [...leaves.keys()]) if (key === pointer || key.startsWith(`${pointer}/`)) leaves.delete(key);
}

/** merge_a_into_b of load_yaml_with_base, carrying where each value was written. */
function mergeInto(a: MergedConfig, b: MergedConfig, pointer = '', aNode = a.data, bNode = b.data): void {
  for (const [k, v] of Object.entries(aNode)) {
    const p = `${pointer}/${escapePointerToken(k)}`;
    if (isObject(v) && Object.prototype.hasOwnProperty.call(bNode, k)) {
      if (!isObject(bNode[k])) throw new Stop('invalid', `fvcore's load_yaml_with_base fails an assertion ("Cannot inherit key '${k}' from base!"): ${p.slice(1).replace(/\//g, '.')} is a mapping here and not one in its base`, false);
      mergeInto(a, b, p, v, bNode[k] as Record<string, unknown>);
    } else {
      bNode[k] = v;
      dropUnder(b.leaves, p);
      for (const [key, leaf] of a.leaves) if (key === p || key.startsWith(`${p}/`)) b.leaves.set(key, leaf);
    }
  }
}

function loadDoc(path: string, doc: ParsedDoc, loader: LoaderModel, repo: RepoView | undefined, chain: string[], reviewed: boolean): MergedConfig {
  const view = frameworkView(doc, plainReadings(doc, loader));
  if (!isObject(view)) throw new Stop('invalid', `${path} is not a mapping of config keys`, reviewed);
  const data = structuredClone(view);
  const own: MergedConfig = { data, leaves: new Map(), files: [path] };
  const baseValue = data[BASE_KEY];
  delete data[BASE_KEY];
  leavesOf(data, '', path, doc, own.leaves);
  if (baseValue === undefined) return own;
  const bases = typeof baseValue === 'string' ? [baseValue] : Array.isArray(baseValue) && baseValue.every((b) => typeof b === 'string') ? (baseValue as string[]) : undefined;
  if (!bases) throw new Stop('invalid', `${path}: ${BASE_KEY} must be a path or a list of paths (fvcore joins it with the file's folder)`, reviewed);
  const merged: MergedConfig = { data: {}, leaves: new Map(), files: [] };
  for (const base of bases) {
    const loaded = loadBase(path, base, loader, repo, chain, reviewed);
    mergeInto(loaded, merged);
    merged.files.push(...loaded.files);
  }
  mergeInto(own, merged);
  merged.files.unshift(path);
  return merged;
}

function loadBase(from: string, base: string, loader: LoaderModel, repo: RepoView | undefined, chain: string[], reviewed: boolean): MergedConfig {
  const named = `${BASE_KEY} "${base}" of ${from}`;
  if (/^https?:\/\//.test(base)) throw new Stop('not-simulated', `${named} is a URL: fvcore downloads it, trainlint does not, so the merged SOLVER values are unknown`, reviewed);
  if (!repo) throw new Stop('not-simulated', `${named} cannot be read here (no repository to read it from), so the merged SOLVER values are unknown`, reviewed);
  const absolute = base.startsWith('/') || base.startsWith('~');
  const path = absolute ? base : joinPath(dirnameOf(from), base);
  const key = normalise(path);
  if (key !== null && chain.includes(key)) throw new Stop('invalid', `${named} leads back to ${key} (${[...chain, key].join(' -> ')}): fvcore follows bases without a cycle check and recurses until RecursionError`, reviewed);
  if (chain.length >= MAX_BASE_DEPTH) throw new Stop('not-simulated', `${named} is more than ${MAX_BASE_DEPTH} bases deep; trainlint stops following the chain there`, reviewed);
  // The view itself refuses paths that leave the repository and records why (reported with the file).
  const text = repo.read(key ?? path);
  if (key === null || text === null) {
    throw new Stop('not-simulated', `${named} ${key === null ? 'lies outside the repository and is not followed' : `(${key}) is not in the repository`}, so the merged SOLVER values are unknown`, reviewed);
  }
  const parsed = parseText(text, 'yaml');
  if (!parsed.ok) throw new Stop('not-simulated', `${named} (${key}) does not parse as YAML (${parsed.problem.message})`, reviewed);
  return loadDoc(key, parsed.doc, loader, repo, [...chain, key], false);
}

/** The reviewed file merged over its `_BASE_` chain. */
export function mergeWithBases(path: string, doc: ParsedDoc, loader: LoaderModel, repo: RepoView | undefined): MergeResult {
  try {
    return { ok: true, merged: loadDoc(path, doc, loader, repo, [normalise(path) ?? path], true) };
  } catch (err) {
    if (err instanceof Stop) return { ok: false, kind: err.kind, message: err.message, fromReviewed: err.fromReviewed };
    throw err;
  }
}
