import { countOf } from '../core/access.ts';
import { fixFrom, restoreBase } from './fix.ts';
import type { Rule } from './rule.ts';

export const warmupOverlapsDecay: Rule = {
  id: 'TL104',
  name: 'warmup-overlaps-decay',
  defaultSeverity: 'error',
  summary: 'The decay starts before the warmup ends.',
  check(context) {
    const { head, doc } = context;
    const warmup = head?.plan.warmup;
    const decay = head?.plan.decay;
    if (!head || !warmup || !decay) return [];
    if (decay.start.value >= warmup.steps.value) return [];
    const at = decay.start.from[0] ?? warmup.steps.from[0];
    const fix = fixFrom([
      restoreBase(warmupOverlapsDecay, context),
      { edit: head.plan.fixes?.decayStartAt?.(warmup.steps.value), why: 'so that the decay starts where warmup ends' },
      // A decay from the first update leaves no room for a warmup: shortening it to nothing is not offered.
      decay.start.value >= 1 ? { edit: head.plan.fixes?.warmupTo?.(decay.start.value), why: 'so that warmup ends where the decay starts' } : undefined,
    ], doc);
    return [
      {
        ...(at ? { at } : {}),
        message: `the decay starts at step ${decay.start.value} (${decay.start.how}) but warmup runs until step ${warmup.steps.value}: after warmup the LR jumps to the middle of the decay, ${countOf(warmup.steps.value - decay.start.value, 'step')} of decay ${warmup.steps.value - decay.start.value === 1 ? 'is' : 'are'} skipped.`,
        data: { decayStart: decay.start.value, warmupSteps: warmup.steps.value },
        ...(fix ? { fix } : {}),
      },
    ];
  },
};
