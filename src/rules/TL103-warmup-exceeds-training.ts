import { countOf, formatValue } from '../core/access.ts';
import { fixFrom, restoreBase } from './fix.ts';
import type { Rule } from './rule.ts';

export const warmupExceedsTraining: Rule = {
  id: 'TL103',
  name: 'warmup-exceeds-training',
  defaultSeverity: 'error',
  summary: 'Warmup lasts as long as the whole run or longer, so the peak LR is never reached.',
  judgesRunLength: true,
  holdsAtUpperBound: true,
  check(context) {
    const { head, doc } = context;
    const warmup = head?.plan.warmup;
    if (!head || !warmup) return [];
    const total = head.plan.schedule.totalSteps;
    if (warmup.steps.value < total) return [];
    const bound = head.plan.lengthBound;
    if (bound) {
      // Only the longest possible run is known: the verdict holds, a warmup count that fits the real run does not follow.
      return [
        {
          ...(warmup.steps.from[0] ? { at: warmup.steps.from[0] } : {}),
          message: `warmup lasts ${countOf(warmup.steps.value, 'step')} (${warmup.steps.how}) but training runs at most ${total} (${bound.how}; packing or filtering only shortens it): the LR is still rising at the last update and never reaches ${formatValue(head.plan.schedule.peakLr)}.`,
          data: { warmupSteps: warmup.steps.value, totalStepsAtMost: total },
        },
      ];
    }
    const suggested = Math.max(1, Math.round(total * 0.05));
    const fix = fixFrom([
      restoreBase(warmupExceedsTraining, context),
      // A run of one update has no room for a warmup: no count fixes that, only a longer run.
      suggested < total ? { edit: head.plan.fixes?.warmupTo?.(suggested), why: `(5 % of the ${total}-step run)` } : undefined,
    ], doc);
    // A framework that fits the warmup into the run on purpose starts it: the LR never peaks, which is worth a warning.
    const clamped = warmup.clampedBy;
    return [
      {
        ...(warmup.steps.from[0] ? { at: warmup.steps.from[0] } : {}),
        ...(clamped ? { severity: 'warning' as const } : {}),
        message: `warmup lasts ${countOf(warmup.steps.value, 'step')} (${warmup.steps.how}) but training runs only ${total}: the LR is still rising at the last update and peaks at ${formatValue(head.curve.maxUsedLr)} instead of ${formatValue(head.plan.schedule.peakLr)}${clamped ? `. ${clamped}, so the run starts, but it never trains at the LR it was tuned for` : ''}.`,
        data: { warmupSteps: warmup.steps.value, totalSteps: total, maxUsedLr: head.curve.maxUsedLr },
        ...(fix ? { fix } : {}),
      },
    ];
  },
};
