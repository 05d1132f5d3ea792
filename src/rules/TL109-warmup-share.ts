import { fixFrom, restoreBase } from './fix.ts';
import { percent, type Rule } from './rule.ts';

export const warmupShare: Rule = {
  id: 'TL109',
  name: 'warmup-share',
  defaultSeverity: 'info',
  summary: 'Warmup is a large share of the run (info above 10 %, warning above 25 %); states how the warmup steps were computed.',
  judgesRunLength: true,
  check(context) {
    const { head, doc } = context;
    const warmup = head?.plan.warmup;
    if (!head || !warmup) return [];
    const total = head.plan.schedule.totalSteps;
    const steps = warmup.steps.value;
    // TL103 covers a warmup as long as the run.
    if (steps >= total || steps <= 0.1 * total) return [];
    const share = percent(steps, total);
    // 5 % of the run, rounded down so that it stays under the 10 % this rule asks for; a run too short for one warmup
    // step (under 20 updates) gets no suggestion: removing the warmup is not the fix for a short debug run.
    const suggested = Math.floor(total * 0.05);
    const fix = fixFrom([
      restoreBase(warmupShare, context),
      suggested >= 1 && suggested < steps ? { edit: head.plan.fixes?.warmupTo?.(suggested), why: `(5 % of the run) if the long warmup is not intended` } : undefined,
    ], doc);
    return [
      {
        ...(warmup.steps.from[0] ? { at: warmup.steps.from[0] } : {}),
        severity: steps > 0.25 * total ? 'warning' : 'info',
        message: `warmup is ${steps} of ${total} steps (${share} %): ${warmup.steps.how}.`,
        data: { warmupSteps: steps, totalSteps: total, share: (100 * steps) / total },
        ...(fix ? { fix } : {}),
      },
    ];
  },
};
