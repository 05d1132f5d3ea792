import { formatValue } from '../core/access.ts';
import { fixFrom, restoreBase } from './fix.ts';
import { negligibleLr, percent, type Rule } from './rule.ts';

/**
 * Frameworks that build the scheduler for a step count computed apart from the run (epochs x an epoch length the
 * scheduler measured or was told, a separate total_steps key, ...) set plan.horizon; the run's own updates are
 * plan.totalSteps. When they differ, this says both, how each came about, and what the LR does where they part.
 */
export const schedulerHorizonMismatch: Rule = {
  id: 'TL107',
  name: 'scheduler-horizon-mismatch',
  defaultSeverity: 'error',
  summary: 'The step count the scheduler was built for differs from the optimizer updates the run makes.',
  judgesRunLength: true,
  check(context) {
    const { head, doc } = context;
    const horizon = head?.plan.horizon;
    if (!head || !horizon) return [];
    const { plan, curve } = head;
    const { schedule, totalSteps } = plan;
    const total = schedule.totalSteps;
    const h = horizon.value;
    if (h === total || total <= 0) return [];
    const peak = schedule.peakLr;
    const share = (lr: number) => (peak > 0 ? ` (${percent(lr, peak)} % of peak)` : '');
    let behaviour: string;
    // How far the LR the run uses strays from the schedule it was meant to follow, at most.
    let stray: number;
    if (h > total) {
      const last = schedule.lrAt(total - 1);
      stray = last - schedule.lrAt(h - 1);
      behaviour = `the run stops ${h - total} updates before the schedule ends: its last update uses LR ${formatValue(last)}${share(last)}, where the schedule would go on to ${formatValue(schedule.lrAt(h - 1))}`;
    } else {
      const before = h > 0 ? schedule.lrAt(h - 1) : NaN;
      const after = schedule.lrAt(h);
      const past = curve.samples.filter(([k]) => k >= h);
      const tolerance = 1e-9 * Math.abs(peak);
      const lowest = past.reduce((m, s) => (s[1] < m[1] ? s : m), [h, after] as [number, number]);
      const highest = past.reduce((m, s) => (s[1] > m[1] ? s : m), [h, after] as [number, number]);
      const rest = `the last ${total - h} of ${total} updates`;
      const end = h > 0 ? before : after;
      stray = Math.max(Math.abs(lowest[1] - end), Math.abs(highest[1] - end), Math.abs(after - end));
      if (lowest[1] < 0) behaviour = `past the horizon the LR goes negative, down to ${formatValue(lowest[1])} at update ${lowest[0]}: ${rest} move the weights against the gradient`;
      else if (after > before + tolerance) behaviour = `past the horizon the LR restarts: it jumps from ${formatValue(before)} at update ${h - 1} to ${formatValue(after)}${share(after)} at update ${h}, and ${rest} run on a new cycle`;
      else if (highest[1] > after + tolerance) behaviour = `past the horizon the LR climbs back from ${formatValue(after)} to ${formatValue(highest[1])}${share(highest[1])} by update ${highest[0]}`;
      else behaviour = `${rest} stay at the schedule's end value ${formatValue(after)}${share(after)}`;
    }
    const fix = fixFrom([
      restoreBase(schedulerHorizonMismatch, context),
      { edit: plan.fixes?.decayEndAt?.(total), why: `so that the scheduler is built for the run's ${total} updates` },
      { edit: plan.fixes?.totalStepsTo?.(h), why: `to make the run as long as the scheduler (${h} updates)` },
    ], doc);
    const at = horizon.from[0] ?? totalSteps.from[0];
    const negligible = negligibleLr(stray, peak);
    return [
      {
        ...(at ? { at } : {}),
        ...(negligible ? { severity: 'info' as const } : {}),
        message: `the scheduler is built for ${h} steps (${horizon.how}) but the run makes ${total} optimizer updates (${totalSteps.how}): ${behaviour}${negligible ? `; the LR differs from the schedule's by at most ${formatValue(Math.abs(stray))}, under 1 % of the peak, so the run does not feel it` : ''}.`,
        data: { horizon: h, totalSteps: total },
        ...(fix ? { fix } : {}),
      },
    ];
  },
};
