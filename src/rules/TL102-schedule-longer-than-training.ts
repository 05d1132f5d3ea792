import { countOf, formatValue } from '../core/access.ts';
import { decayEnd } from '../core/milestones.ts';
import { fixFrom, restoreBase } from './fix.ts';
import { percent, type Rule } from './rule.ts';

/** Share of the decay range still ahead at the last step below which stopping early is immaterial. */
const UNFINISHED_TOLERANCE = 0.01;

export const scheduleLongerThanTraining: Rule = {
  id: 'TL102',
  name: 'schedule-longer-than-training',
  defaultSeverity: 'warning',
  summary: "The decay (or cycle) horizon extends past the end of training, so training stops above the schedule's end value.",
  judgesRunLength: true,
  check(context) {
    const { head, doc } = context;
    const decay = head?.plan.decay;
    if (!head || !decay) return [];
    const { plan, curve } = head;
    const total = plan.schedule.totalSteps;
    const decayPhases = plan.schedule.phases.filter((p) => p.kind === 'decay' && Number.isFinite(p.end));
    const last = decayPhases[decayPhases.length - 1];
    if (!last || last.end <= total) return [];
    const endLr = decay.minLr.value;
    const range = plan.schedule.peakLr - endLr;
    const unfinished = range > 0 ? (curve.finalLr - endLr) / range : 0;
    if (!(unfinished > UNFINISHED_TOLERANCE)) return []; // also when the LR is not a number (TL106 reports that)
    const neverStarts = last.start >= total;
    // A warmup as long as the run already keeps the decay out of it: that is TL103's finding, not a second one.
    if (neverStarts && (plan.warmup?.steps.value ?? 0) >= total) return [];
    // The decay end the table and the chart show (the same number, from one place).
    const end = decayEnd(plan) ?? last.end;
    const restore = restoreBase(scheduleLongerThanTraining, context);
    if (neverStarts) {
      // Not a decay cut short: there is none in the run at all.
      const at = decay.start.from[0] ?? plan.totalSteps.from[0];
      const length = end - last.start;
      const fix = fixFrom([
        restore,
        { edit: plan.fixes?.decayStartAt?.(Math.max(0, total - length)), why: `so that the ${length}-step decay ends with the run` },
        { edit: plan.fixes?.totalStepsTo?.(end), why: 'to train until the decay ends' },
      ], doc);
      return [
        {
          ...(at ? { at } : {}),
          severity: 'error',
          message: `the decay starts at step ${last.start} (${decay.start.how}) but training stops after ${countOf(total, 'step')}: the LR never decays and the run ends at ${formatValue(curve.finalLr)} (${percent(curve.finalLr, plan.schedule.peakLr)} % of peak).`,
          data: { decayStart: last.start, decayEnd: end, totalSteps: total, finalLr: curve.finalLr, endLr },
          ...(fix ? { fix } : {}),
        },
      ];
    }
    const at = decay.steps.from[0] ?? plan.totalSteps.from[0];
    const fix = fixFrom([
      restore,
      { edit: plan.fixes?.decayEndAt?.(total), why: `so that the decay ends at the last step (${total})` },
      { edit: plan.fixes?.totalStepsTo?.(end), why: 'to train until the decay ends' },
    ], doc);
    const early = end - total;
    return [
      {
        ...(at ? { at } : {}),
        message:
          `the decay is built to end at step ${end} but training stops after ${countOf(total, 'step')}, ${countOf(early, 'step')} early: ` +
          `the last update uses LR ${formatValue(curve.finalLr)} (${percent(curve.finalLr, plan.schedule.peakLr)} % of peak) instead of the schedule's end value ${formatValue(endLr)}.`,
        data: { decayEnd: end, totalSteps: total, finalLr: curve.finalLr, endLr },
        ...(fix ? { fix } : {}),
      },
    ];
  },
};
