import { formatValue } from '../core/access.ts';
import { fixFrom } from './fix.ts';
import { percent, type Rule } from './rule.ts';

export const decayEndsBeforeTraining: Rule = {
  id: 'TL101',
  name: 'decay-ends-before-training',
  defaultSeverity: 'error',
  summary: 'The schedule reaches its final LR before the last optimizer step.',
  judgesRunLength: true,
  check({ head, doc }) {
    if (!head) return [];
    const { plan, curve } = head;
    const total = plan.schedule.totalSteps;
    const settles = curve.settlesAt;
    // Reaching the final LR at the last update is how most schedules end; only updates before it are wasted.
    if (settles === null || settles >= total - 1 - (plan.finalTailSteps ?? 0) || !plan.decay) return [];
    const floorPhase = plan.schedule.phases.find((p) => p.start === settles && p.kind === 'floor');
    if (!floorPhase) return [];
    const rest = total - settles;
    const zero = curve.finalLr === 0;
    const decay = plan.decay;
    const at = decay.steps.from[0] ?? decay.start.from[0] ?? plan.totalSteps.from[0];
    const fix = fixFrom([
      { edit: plan.fixes?.decayEndAt?.(total), why: `so that the decay ends at the last step (${total})` },
      { edit: plan.fixes?.totalStepsTo?.(settles), why: 'to stop training where the decay ends' },
    ], doc?.format);
    const hit = {
      message:
        `LR reaches ${formatValue(curve.finalLr)} at step ${settles} (decay starts at ${decay.start.value} and lasts ${decay.steps.value}) ` +
        `but training runs ${total} steps: ${rest} steps (${percent(rest, total)} %) ${zero ? 'learn nothing' : `stay at the floor LR ${formatValue(curve.finalLr)}`}.`,
      data: { decayEnd: settles, totalSteps: total, stepsAtFinalLr: rest, finalLr: curve.finalLr },
      severity: zero ? ('error' as const) : ('warning' as const),
      ...(at ? { at } : {}),
      ...(fix ? { fix } : {}),
    };
    return [hit];
  },
};
