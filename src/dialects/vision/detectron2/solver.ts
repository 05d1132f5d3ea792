// The SOLVER values detectron2 trains with: the merged YAML chain over config/defaults.py, coerced as yacs merges them,
// then (DefaultTrainer only) auto-scaled to the world size. Sources @02b5c4e2 of facebookresearch/detectron2:
// detectron2/config/defaults.py (_C.SOLVER), detectron2/engine/defaults.py DefaultTrainer.auto_scale_workers.
import { formatNumber, type DocReader } from '../../../core/access.ts';
import { roundHalfEven } from '../../../core/python-numbers.ts';
import type { Origin, Resolved } from '../../../core/types.ts';
import type { Leaf, MergedConfig } from './bases.ts';
import { coerce, decode, pythonValue, pyText, type DefaultType, type PyValue } from './yacs.ts';

/** auto_scale_workers rounds with Python's round(). */
export { roundHalfEven as pyRound };

/** config/defaults.py @02b5c4e2: the SOLVER keys the schedule depends on, with their defaults and Python types. */
export const SOLVER_DEFAULTS = {
  LR_SCHEDULER_NAME: { type: 'str', value: { type: 'str', value: 'WarmupMultiStepLR' } },
  MAX_ITER: { type: 'int', value: { type: 'int', value: 40000 } },
  BASE_LR: { type: 'float', value: { type: 'float', value: 0.001 } },
  BASE_LR_END: { type: 'float', value: { type: 'float', value: 0.0 } },
  GAMMA: { type: 'float', value: { type: 'float', value: 0.1 } },
  STEPS: { type: 'tuple', value: { type: 'tuple', items: [{ type: 'int', value: 30000 }] } },
  NUM_DECAYS: { type: 'int', value: { type: 'int', value: 3 } },
  WARMUP_FACTOR: { type: 'float', value: { type: 'float', value: 1.0 / 1000 } },
  WARMUP_ITERS: { type: 'int', value: { type: 'int', value: 1000 } },
  WARMUP_METHOD: { type: 'str', value: { type: 'str', value: 'linear' } },
  RESCALE_INTERVAL: { type: 'bool', value: { type: 'bool', value: false } },
  IMS_PER_BATCH: { type: 'int', value: { type: 'int', value: 16 } },
  REFERENCE_WORLD_SIZE: { type: 'int', value: { type: 'int', value: 0 } },
} as const satisfies Record<string, { type: DefaultType; value: PyValue }>;

export type SolverKey = keyof typeof SOLVER_DEFAULTS;

export interface SolverValue {
  value: PyValue;
  /** Written somewhere in the chain (false: config/defaults.py). */
  written: boolean;
  /** The key in the reviewed file, when it is written there. */
  at?: Origin;
  /** `SOLVER.MAX_ITER: 90000 (configs/Base-RCNN-FPN.yaml line 40)` or `default (config/defaults.py): 40000`. */
  how: string;
}

export type SolverValues = Record<SolverKey, SolverValue>;

export const DEFAULTS_CITATION = 'detectron2 config/defaults.py @02b5c4e2';

function lineOf(leaf: Leaf): number {
  const info = leaf.doc.nodes.get(leaf.pointer);
  return (info?.keySpan ?? info?.valueSpan)?.line ?? 1;
}

function shown(v: PyValue): string {
  if (v.type === 'int' || v.type === 'float') return formatNumber(v.value);
  if (v.type === 'str') return v.value;
  return pyText(v);
}

/** Reads the SOLVER keys from the merged chain; the first yacs error, if any, instead. */
/** The key's line holds a `!!python/...` tag: yaml.unsafe_load evaluates it (e.g. apply:eval), trainlint does not. */
function pythonTagged(leaf: Leaf): boolean {
  const line = leaf.doc.text.split('\n')[lineOf(leaf) - 1] ?? '';
  return /!!python\//.test(line);
}

export function readSolver(merged: MergedConfig, reviewed: DocReader, reviewedPath: string): { ok: true; values: SolverValues } | { ok: false; kind: 'invalid' | 'not-simulated'; message: string; at?: Origin } {
  const solver = merged.data.SOLVER;
  const out: Partial<SolverValues> = {};
  for (const [key, def] of Object.entries(SOLVER_DEFAULTS) as Array<[SolverKey, (typeof SOLVER_DEFAULTS)[SolverKey]]>) {
    const pointer = `/SOLVER/${key}`;
    const present = solver !== null && typeof solver === 'object' && Object.prototype.hasOwnProperty.call(solver, key);
    if (!present) {
      out[key] = { value: def.value, written: false, how: `SOLVER.${key} unset: ${shown(def.value)} (${DEFAULTS_CITATION})` };
      continue;
    }
    const leaf = merged.leaves.get(pointer);
    const inReviewed = leaf?.file === reviewedPath;
    const scalar = leaf?.doc.nodes.get(pointer)?.scalar;
    const loaded = pythonValue((solver as Record<string, unknown>)[key], scalar?.plain ? scalar.source : undefined);
    const coerced = coerce(decode(loaded), def.type, `SOLVER.${key}`);
    const where = leaf && !inReviewed ? ` (${leaf.file} line ${lineOf(leaf)})` : '';
    const at = inReviewed ? reviewed.origin(['SOLVER', key]) : undefined;
    if (leaf && pythonTagged(leaf)) {
      return { ok: false, kind: 'not-simulated', message: `SOLVER.${key}${where} is a \`!!python/...\` tag: detectron2 loads it with yaml.unsafe_load (merge_from_file, allow_unsafe=True), which runs Python to build the value; trainlint does not run it, so the value and the curve are unknown`, ...(at ? { at } : {}) };
    }
    if (!coerced.ok) return { ok: false, kind: 'invalid', message: `${coerced.message}${where}`, ...(at ? { at } : {}) };
    out[key] = { value: coerced.value, written: true, ...(at ? { at } : {}), how: `SOLVER.${key}: ${shown(coerced.value)}${where}` };
  }
  return { ok: true, values: out as SolverValues };
}

export function num(v: SolverValue): number {
  return v.value.type === 'int' || v.value.type === 'float' ? v.value.value : v.value.type === 'bool' ? Number(v.value.value) : NaN;
}

export function str(v: SolverValue): string {
  return v.value.type === 'str' ? v.value.value : pyText(v.value);
}

export function steps(v: SolverValue): number[] {
  return v.value.type === 'tuple' || v.value.type === 'list' ? v.value.items.map((i) => (i.type === 'int' || i.type === 'float' ? i.value : i.type === 'bool' ? Number(i.value) : NaN)) : [];
}

export function resolved(v: SolverValue, value = num(v), how = v.how): Resolved {
  return { value, how, from: v.at ? [v.at] : [] };
}

export interface Scaled {
  baseLr: number;
  maxIter: number;
  warmupIters: number;
  steps: number[];
  imsPerBatch: number;
  /** How each scaled number came about, or undefined when nothing was scaled. */
  how?: { scale: string; baseLr: string; maxIter: string; warmupIters: string; steps: string; imsPerBatch: string };
}

/**
 * DefaultTrainer.auto_scale_workers: with REFERENCE_WORLD_SIZE r set (not 0) and a world size n != r, scale = n / r;
 * IMS_PER_BATCH and BASE_LR times scale, MAX_ITER, WARMUP_ITERS and every STEPS entry divided by it, each count rounded
 * with Python's round(). An IMS_PER_BATCH not divisible by r fails its assertion.
 */
export function autoScale(values: SolverValues, worldSize: number | undefined): { ok: true; scaled: Scaled } | { ok: false; message: string } {
  const reference = num(values.REFERENCE_WORLD_SIZE);
  const plain: Scaled = { baseLr: num(values.BASE_LR), maxIter: num(values.MAX_ITER), warmupIters: num(values.WARMUP_ITERS), steps: steps(values.STEPS), imsPerBatch: num(values.IMS_PER_BATCH) };
  if (reference === 0 || worldSize === undefined || worldSize === reference) return { ok: true, scaled: plain };
  if (plain.imsPerBatch % reference !== 0) {
    return { ok: false, message: `SOLVER.IMS_PER_BATCH ${plain.imsPerBatch} is not divisible by SOLVER.REFERENCE_WORLD_SIZE ${reference}: DefaultTrainer.auto_scale_workers fails its assertion "Invalid REFERENCE_WORLD_SIZE in config!" on ${worldSize} processes` };
  }
  const scale = worldSize / reference;
  const s = `${worldSize} processes / REFERENCE_WORLD_SIZE ${reference}`;
  const scaled: Scaled = {
    imsPerBatch: roundHalfEven(plain.imsPerBatch * scale),
    baseLr: plain.baseLr * scale,
    maxIter: roundHalfEven(plain.maxIter / scale),
    warmupIters: roundHalfEven(plain.warmupIters / scale),
    steps: plain.steps.map((x) => roundHalfEven(x / scale)),
  };
  const factor = formatNumber(scale);
  scaled.how = {
    scale: s,
    imsPerBatch: `round(${plain.imsPerBatch} x ${factor}) = ${scaled.imsPerBatch}`,
    baseLr: `${formatNumber(plain.baseLr)} x ${factor} = ${formatNumber(scaled.baseLr)}`,
    maxIter: `round(${plain.maxIter} / ${factor}) = ${scaled.maxIter}`,
    warmupIters: `round(${plain.warmupIters} / ${factor}) = ${scaled.warmupIters}`,
    steps: `(${plain.steps.join(', ')}) / ${factor} = (${scaled.steps.join(', ')})`,
  };
  return { ok: true, scaled };
}
