// Building and sampling schedules. A schedule is an exact O(1) function plus its phases; sampling reads
// the function at the chart's columns and at every phase boundary +-1, so its cost does not grow with the run.
import type { Phase, Schedule } from './types.ts';

export function makeSchedule(parts: {
  totalSteps: number;
  peakLr: number;
  lrAt: (k: number) => number;
  phases: Phase[];
  declaredRestarts?: number[];
  horizon?: number;
}): Schedule {
  const phases = parts.phases.filter((p) => p.end > p.start);
  const schedule: Schedule = {
    totalSteps: parts.totalSteps,
    peakLr: parts.peakLr,
    lrAt: parts.lrAt,
    phases,
    declaredRestarts: parts.declaredRestarts ?? [],
  };
  if (parts.horizon !== undefined) schedule.horizon = parts.horizon;
  return schedule;
}

/** Every step where the formula may change, plus its neighbours, inside [0, totalSteps). */
export function boundarySteps(schedule: Schedule): number[] {
  const last = schedule.totalSteps - 1;
  const set = new Set<number>([0, last]);
  const marks = [...schedule.phases.flatMap((p) => [p.start, p.end]), ...schedule.declaredRestarts];
  if (schedule.horizon !== undefined) marks.push(schedule.horizon);
  for (const m of marks) if (Number.isFinite(m)) for (const k of [m - 1, m, m + 1]) if (k >= 0 && k <= last) set.add(k);
  return [...set].sort((a, b) => a - b);
}

/**
 * (step, lr) samples: every step for short runs, else about `count` evenly spaced steps plus every boundary.
 * Enough to draw the curve and to find its extremes between boundaries (each phase is monotone or smooth).
 * `boundaries` is boundarySteps(schedule), when the caller has it already.
 */
export function sampleSchedule(schedule: Schedule, count = 2000, boundaries: readonly number[] = boundarySteps(schedule)): Array<[number, number]> {
  const total = schedule.totalSteps;
  if (total <= 0) return [];
  const { lrAt } = schedule;
  if (total <= 10_000) {
    // Every step: the boundaries are steps of the run already, unless one is fractional (merged in then).
    const extra = boundaries.filter((k) => !Number.isInteger(k));
    if (extra.length === 0) {
      // Filled in place (no growth) when the run is a whole number of steps; one read per step either way.
      const out: Array<[number, number]> = Number.isInteger(total) ? new Array(total) : [];
      for (let k = 0; k < total; k++) out[k] = [k, lrAt(k)];
      return out;
    }
    const all = [...Array.from({ length: total }, (_, k) => k), ...extra].sort((a, b) => a - b);
    return all.map((k) => [k, lrAt(k)]);
  }
  if (Number.isSafeInteger(total) && Number.isSafeInteger(count) && count > 0) return mergedSamples(lrAt, total, count, boundaries);
  const steps = new Set<number>(boundaries);
  for (let i = 0; i <= count; i++) steps.add(Math.min(total - 1, Math.round((i * (total - 1)) / count)));
  return [...steps].sort((a, b) => a - b).map((k) => [k, lrAt(k)]);
}

/**
 * The same steps as the set-and-sort above (each once, ascending) without sorting: the evenly spaced steps rise with
 * i and the boundaries are sorted already, so one merge of the two lists gives them in order.
 */
function mergedSamples(lrAt: (k: number) => number, total: number, count: number, boundaries: readonly number[]): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  let last = NaN;
  const take = (k: number) => {
    if (k !== last) out.push([k, lrAt(k)]);
    last = k;
  };
  let b = 0;
  for (let i = 0; i <= count; i++) {
    const even = Math.min(total - 1, Math.round((i * (total - 1)) / count));
    while (b < boundaries.length && boundaries[b]! <= even) take(boundaries[b++]!);
    take(even);
  }
  while (b < boundaries.length) take(boundaries[b++]!);
  return out;
}

/**
 * At most about `max` (step, lr) points for a published curve (the JSON report): every step when the run has no more
 * than `max`, else `max` evenly spaced steps; always every phase boundary +-1, each with its exact LR, so the shape
 * between two points is one phase's (monotone or smooth) and nothing a rule reasons about falls between samples.
 * Values are exact (lrAt); the interior of a flat stretch is left out (its ends carry it).
 */
export function cappedSamples(schedule: Schedule, max: number): Array<[number, number]> {
  const total = schedule.totalSteps;
  if (total <= 0) return [];
  const steps = new Set<number>(boundarySteps(schedule));
  if (total <= max) for (let k = 0; k < total; k++) steps.add(k);
  else for (let i = 0; i < max; i++) steps.add(Math.round((i * (total - 1)) / (max - 1)));
  const boundaries = new Set(boundarySteps(schedule));
  const points = [...steps].sort((a, b) => a - b).map((k): [number, number] => [k, schedule.lrAt(k)]);
  // Inside a flat stretch a point says nothing its neighbours do not: kept only at boundaries.
  return points.filter(([k, lr], i) => boundaries.has(k) || points[i - 1]?.[1] !== lr || points[i + 1]?.[1] !== lr);
}

/** Figures every rule and renderer reads from a schedule, computed once. */
export interface CurveStats {
  peakLr: number;
  /** Highest LR any update actually uses. */
  maxUsedLr: number;
  finalLr: number;
  /** Updates (after the first) that use LR 0. */
  zeroLrSteps: number;
  /** First step from which the LR stays at its final value to the end (the floor), or null when it never settles. */
  settlesAt: number | null;
  samples: Array<[number, number]>;
}

export function curveStats(schedule: Schedule, boundaries: readonly number[] = boundarySteps(schedule)): CurveStats {
  const samples = sampleSchedule(schedule, 2000, boundaries);
  const total = schedule.totalSteps;
  const finalLr = total > 0 ? schedule.lrAt(total - 1) : NaN;
  let maxUsedLr = -Infinity;
  for (let i = 0; i < samples.length; i++) maxUsedLr = Math.max(maxUsedLr, samples[i]![1]);
  // The floor: the last phase, when flat, covers [start, total); the LR settles at its start.
  let settlesAt: number | null = null;
  const floor = [...schedule.phases].reverse().find((p) => p.start < total && p.end >= total);
  if (floor && (floor.kind === 'floor' || floor.kind === 'constant') && schedule.lrAt(floor.start) === finalLr) {
    settlesAt = floor.start;
  }
  let zeroLrSteps = 0;
  for (const p of schedule.phases) {
    const start = Math.max(1, p.start);
    const end = Math.min(total, p.end);
    if (end > start && (p.kind === 'floor' || p.kind === 'idle' || p.kind === 'constant') && schedule.lrAt(start) === 0) {
      zeroLrSteps += end - start;
    }
  }
  return { peakLr: schedule.peakLr, maxUsedLr, finalLr, zeroLrSteps, settlesAt, samples };
}
