// Simulating a schedule (curveStats: up to 10,000 reads of lrAt, plus the extremes) once per distinct schedule in a
// review: a PR that touches 1,000 generated configs of a sweep has a handful of distinct schedules, not 1,000.
import type { TrainingPlan } from './plan.ts';
import { boundarySteps, curveStats, type CurveStats } from './schedule.ts';
import type { Schedule } from './types.ts';

/** Evenly spaced reads of lrAt that enter the key besides every boundary (cheap next to a simulation). */
const PROBES = 33;

/**
 * What the curve follows from: the framework and its semantics, the schedule's length, peak, phases (kind, style and
 * bounds), declared restarts and horizon, and its exact LR at every phase boundary +-1 and at PROBES steps across the
 * run. A schedule is a closure, so two plans whose summaries agree but whose formulas differ (a cosine's cycle count,
 * a polynomial's power) must still get different keys: the reads of lrAt tell them apart.
 */
export function scheduleKey(plan: Pick<TrainingPlan, 'dialect' | 'semantics'> & { schedule: Schedule }, boundaries: readonly number[] = boundarySteps(plan.schedule)): string {
  const s = plan.schedule;
  const steps = new Set(boundaries);
  for (let i = 0; i < PROBES && s.totalSteps > 0; i++) steps.add(Math.round((i * (s.totalSteps - 1)) / (PROBES - 1)));
  const reads = [...steps].sort((a, b) => a - b).map((k) => [k, s.lrAt(k)]);
  return JSON.stringify([plan.dialect, plan.semantics, s.totalSteps, s.peakLr, s.horizon ?? null, s.declaredRestarts, s.phases.map((p) => [p.kind, p.style, p.start, p.end]), reads]);
}

/** curveStats, computed once per scheduleKey. One memo per review: nothing outlives the call. */
export class SimulationMemo {
  private readonly curves = new Map<string, CurveStats>();
  hits = 0;

  simulate(plan: Pick<TrainingPlan, 'dialect' | 'semantics'> & { schedule: Schedule }): CurveStats {
    // The boundaries enter both the key and the samples: found once.
    const boundaries = boundarySteps(plan.schedule);
    const key = scheduleKey(plan, boundaries);
    const known = this.curves.get(key);
    if (known) {
      this.hits++;
      return known;
    }
    const curve = curveStats(plan.schedule, boundaries);
    this.curves.set(key, curve);
    return curve;
  }

  get size(): number {
    return this.curves.size;
  }
}
