import { formatValue } from '../core/access.ts';
import type { Rule } from './rule.ts';

export const lrSpike: Rule = {
  id: 'TL108',
  name: 'lr-spike',
  defaultSeverity: 'error',
  summary: 'The simulated LR rises after warmup where the schedule declares no restart.',
  check({ head }) {
    if (!head) return [];
    const { schedule, decay } = head.plan;
    // A non-positive peak is TL106's; a decay toward a floor above the peak is TL105's.
    if (!(schedule.peakLr > 0) || (decay && decay.minLr.value > schedule.peakLr)) return [];
    const warmupEnd = schedule.phases.find((p) => p.kind === 'warmup')?.end ?? 0;
    const restarts = new Set(schedule.declaredRestarts);
    const samples = head.curve.samples;
    const tolerance = 1e-9 * schedule.peakLr;
    for (let i = 1; i < samples.length; i++) {
      const [k0, lr0] = samples[i - 1]!;
      const [k1, lr1] = samples[i]!;
      if (k0 < warmupEnd || !(lr1 > lr0 + tolerance)) continue;
      const declared = [...restarts].some((r) => r > k0 && r <= k1);
      if (declared) continue;
      const at = head.plan.decay?.style ? (head.plan.decay.steps.from[0] ?? head.plan.totalSteps.from[0]) : head.plan.totalSteps.from[0];
      return [
        {
          ...(at ? { at } : {}),
          message: `after warmup the LR rises from ${formatValue(lr0)} at step ${k0} to ${formatValue(lr1)} at step ${k1} (${((100 * lr1) / schedule.peakLr).toFixed(0)} % of peak), and the schedule declares no restart there.`,
          data: { fromStep: k0, toStep: k1, fromLr: lr0, toLr: lr1 },
        },
      ];
    }
    return [];
  },
};
