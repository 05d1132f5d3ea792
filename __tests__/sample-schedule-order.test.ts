// sampleSchedule merges the evenly spaced steps of a long run with its boundaries instead of collecting both in a set
// and sorting, and fills a short run's samples in place: the steps, their order and their LRs must be exactly those of
// the set-and-sort (the oracle below), for whole and fractional boundaries, restarts and horizons.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { boundarySteps, curveStats, makeSchedule, sampleSchedule } from '../src/core/schedule.ts';
import type { Phase, Schedule } from '../src/core/types.ts';

/** Every distinct step once, ascending, as a Set and a sort give them. */
function oracle(schedule: Schedule, count = 2000): Array<[number, number]> {
  const total = schedule.totalSteps;
  if (total <= 0) return [];
  const steps = new Set<number>(boundarySteps(schedule));
  if (total <= 10_000) for (let k = 0; k < total; k++) steps.add(k);
  else for (let i = 0; i <= count; i++) steps.add(Math.min(total - 1, Math.round((i * (total - 1)) / count)));
  return [...steps].sort((a, b) => a - b).map((k) => [k, schedule.lrAt(k)]);
}

function schedule(totalSteps: number, phases: Phase[], extra: { declaredRestarts?: number[]; horizon?: number } = {}): Schedule {
  const lrAt = (k: number) => 1e-3 * (1 + Math.cos((Math.PI * k) / Math.max(1, totalSteps))) / 2 + 1e-7 * (k % 7);
  return makeSchedule({ totalSteps, peakLr: 1e-3, lrAt, phases, ...extra });
}

const cases: Array<[string, Schedule]> = [
  ['short, whole boundaries', schedule(950, [{ kind: 'warmup', start: 0, end: 19, style: 'linear' }, { kind: 'decay', start: 19, end: 948, style: 'cosine' }])],
  ['short, fractional boundary', schedule(400, [{ kind: 'warmup', start: 0, end: 12.5, style: 'linear' }, { kind: 'decay', start: 12.5, end: 400, style: 'cosine' }])],
  ['long, boundaries off the even grid', schedule(1_234_567, [{ kind: 'warmup', start: 0, end: 2001, style: 'linear' }, { kind: 'decay', start: 2001, end: 1_000_003, style: 'cosine' }, { kind: 'floor', start: 1_000_003, end: Infinity, style: 'constant' }], { declaredRestarts: [617, 500_000], horizon: 1_234_000 })],
  ['long, boundaries on the even grid and past the end', schedule(20_001, [{ kind: 'warmup', start: 0, end: 10, style: 'linear' }, { kind: 'decay', start: 10, end: 30_000, style: 'cosine' }], { horizon: 20_001 })],
  ['long, fractional boundaries', schedule(50_000, [{ kind: 'warmup', start: 0, end: 1250.5, style: 'linear' }, { kind: 'decay', start: 1250.5, end: 50_000, style: 'cosine' }])],
  ['long, many boundaries', schedule(100_000, Array.from({ length: 300 }, (_, i): Phase => ({ kind: 'cycle', start: i * 333, end: (i + 1) * 333, style: 'cosine' })))],
];

for (const [name, s] of cases) {
  test(`sampleSchedule: ${name}`, () => {
    assert.deepEqual(sampleSchedule(s), oracle(s));
    assert.deepEqual(sampleSchedule(s, 37), oracle(s, 37));
    assert.deepEqual(curveStats(s).samples, oracle(s));
  });
}
