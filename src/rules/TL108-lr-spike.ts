import { formatPair, formatValue } from '../core/access.ts';
import { negligibleLr, type Rule } from './rule.ts';

export const lrSpike: Rule = {
  id: 'TL108',
  name: 'lr-spike',
  defaultSeverity: 'error',
  summary: 'The simulated LR rises after warmup where the schedule declares no restart.',
  judgesRunLength: true,
  check({ head }) {
    if (!head) return [];
    const { schedule, decay } = head.plan;
    // A non-positive peak is TL106's; a decay toward a floor above the peak is TL105's.
    if (!(schedule.peakLr > 0) || (decay && decay.minLr.value > schedule.peakLr)) return [];
    const warmupEnd = schedule.phases.find((p) => p.kind === 'warmup')?.end ?? 0;
    const restarts = [...schedule.declaredRestarts].sort((a, b) => a - b);
    const total = schedule.totalSteps;
    // A scheduler built for exactly the run is stepped once more after the last update: the LR it then holds (k = total)
    // is what the framework logs at the end, and what any update past the planned ones would use.
    const afterRun = schedule.horizon !== undefined && schedule.horizon >= total && total > 0;
    const samples: Array<[number, number]> = afterRun ? [...head.curve.samples, [total, schedule.lrAt(total)]] : head.curve.samples;
    const tolerance = 1e-9 * schedule.peakLr;
    let next = 0;
    // A declared restart may take several updates (a cosine wave climbing back): its rise lasts until the LR falls again.
    let inDeclaredRise = false;
    for (let i = 1; i < samples.length; i++) {
      const [k0, lr0] = samples[i - 1]!;
      const [k1, lr1] = samples[i]!;
      while (next < restarts.length && restarts[next]! <= k0) next++;
      if (next < restarts.length && restarts[next]! <= k1) {
        inDeclaredRise = true;
        continue;
      }
      if (lr1 < lr0 - tolerance) inDeclaredRise = false;
      if (k0 < warmupEnd || inDeclaredRise || !(lr1 > lr0 + tolerance)) continue;
      const at = head.plan.decay?.style ? (head.plan.decay.steps.from[0] ?? head.plan.totalSteps.from[0]) : head.plan.totalSteps.from[0];
      const past = k1 >= total ? `: step ${k1} is where the scheduler stands after the last update (${total - 1}), the LR it logs at the end and the one any further update would use` : '';
      const advice = head.plan.fixes?.restartAt?.(k1);
      const [from, to] = formatPair(lr0, lr1);
      // A rise that goes on to the end (a cosine not clamped past its horizon) is told by how high it gets by the last update.
      const lastStep = total - 1;
      const lastLr = lastStep > k1 ? schedule.lrAt(lastStep) : lr1;
      const climbs = lastLr > lr1 + tolerance && !restarts.some((r) => r > k1 && r <= lastStep) && samples.every(([k, lr], j) => j === 0 || k <= k1 || k > lastStep || lr >= samples[j - 1]![1] - tolerance);
      const rise = climbs
        ? `rises from ${formatPair(lr0, lastLr)[0]} at step ${k0} and climbs to ${formatPair(lr0, lastLr)[1]} by the last update (step ${lastStep}, ${((100 * lastLr) / schedule.peakLr).toFixed(0)} % of peak)`
        : `rises from ${from} at step ${k0} to ${to} at step ${k1} (${((100 * lr1) / schedule.peakLr).toFixed(0)} % of peak)`;
      // Where the decay's end is set when that key is in no line of this file (another file of a merged config).
      const setIn = !at && head.plan.decay ? ` (the decay ends as ${head.plan.decay.steps.how})` : '';
      // A rise the run cannot feel (the highest LR it reaches stays within 1 % of the peak above where it started).
      const highest = samples.reduce((m, [k, lr]) => (k >= k0 && lr > m ? lr : m), lr1);
      const negligible = negligibleLr(highest - lr0, schedule.peakLr);
      return [
        {
          ...(at ? { at } : {}),
          ...(negligible ? { severity: 'info' as const } : {}),
          message: `after warmup the LR ${rise}, and the schedule declares no restart there${past}${setIn}${negligible ? `; it rises by at most ${formatValue(highest - lr0)}, under 1 % of the peak, so the run does not feel it` : ''}.`,
          data: { fromStep: k0, toStep: k1, fromLr: lr0, toLr: lr1 },
          ...(advice ? { fix: { description: advice.description, edits: advice.edit ? [advice.edit] : [] } } : {}),
        },
      ];
    }
    return [];
  },
};
