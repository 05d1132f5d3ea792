import { formatValue } from '../core/access.ts';
import type { Rule } from './rule.ts';

export const schedulerHorizonMismatch: Rule = {
  id: 'TL107',
  name: 'scheduler-horizon-mismatch',
  defaultSeverity: 'error',
  summary: 'The step count the scheduler was built for differs from the optimizer updates the run makes.',
  check({ head }) {
    const horizon = head?.plan.horizon;
    if (!head || !horizon) return [];
    const { schedule, totalSteps } = head.plan;
    const total = schedule.totalSteps;
    if (horizon.value === total) return [];
    let behaviour: string;
    if (horizon.value > total) {
      behaviour = `the run stops ${horizon.value - total} updates before the schedule ends, at LR ${formatValue(schedule.lrAt(total - 1))}`;
    } else {
      const before = schedule.lrAt(horizon.value - 1);
      const after = schedule.lrAt(horizon.value);
      const lastLr = schedule.lrAt(total - 1);
      if (after < 0 || lastLr < 0) behaviour = `past the horizon the LR goes negative (${formatValue(Math.min(after, lastLr))})`;
      else if (after > before) behaviour = `past the horizon the LR jumps from ${formatValue(before)} to ${formatValue(after)} at update ${horizon.value}`;
      else if (lastLr > after) behaviour = `past the horizon the LR climbs back to ${formatValue(lastLr)} by the last update`;
      else behaviour = `the last ${total - horizon.value} updates stay at ${formatValue(after)}`;
    }
    const at = horizon.from[0] ?? totalSteps.from[0];
    return [
      {
        ...(at ? { at } : {}),
        message: `the scheduler is built for ${horizon.value} steps (${horizon.how}) but the run makes ${total} optimizer updates (${totalSteps.how}): ${behaviour}.`,
        data: { horizon: horizon.value, totalSteps: total },
      },
    ];
  },
};
