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
 */
export function sampleSchedule(schedule: Schedule, count = 2000): Array<[number, number]> {
  const total = schedule.totalSteps;
  if (total <= 0) return [];
  if (total <= 10_000) {
    // Every step: the boundaries are steps of the run already, unless one is fractional (merged in then).
    const extra = boundarySteps(schedule).filter((k) => !Number.isInteger(k));
    const out: Array<[number, number]> = [];
    if (extra.length === 0) {
      for (let k = 0; k < total; k++) out.push([k, schedule.lrAt(k)]);
      return out;
    }
    const all = [...Array.from({ length: total }, (_, k) => k), ...extra].sort((a, b) => a - b);
    return all.map((k) => [k, schedule.lrAt(k)]);
  }
  const steps = new Set<number>(boundarySteps(schedule));
  for (let i = 0; i <= count; i++) steps.add(Math.min(total - 1, Math.round((i * (total - 1)) / count)));
  return [...steps].sort((a, b) => a - b).map((k) => [k, schedule.lrAt(k)]);
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

export function curveStats(schedule: Schedule): CurveStats {
  const samples = sampleSchedule(schedule);
  const total = schedule.totalSteps;
  const finalLr = total > 0 ? schedule.lrAt(total - 1) : NaN;
  let maxUsedLr = -Infinity;
  for (const [, lr] of samples) maxUsedLr = Math.max(maxUsedLr, lr);
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
