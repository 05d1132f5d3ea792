import { fixFrom } from './fix.ts';
import type { Rule } from './rule.ts';

export const warmupOverlapsDecay: Rule = {
  id: 'TL104',
  name: 'warmup-overlaps-decay',
  defaultSeverity: 'error',
  summary: 'The decay starts before the warmup ends.',
  check({ head, doc }) {
    const warmup = head?.plan.warmup;
    const decay = head?.plan.decay;
    if (!head || !warmup || !decay) return [];
    if (decay.start.value >= warmup.steps.value) return [];
    const at = decay.start.from[0] ?? warmup.steps.from[0];
    const fix = fixFrom([{ edit: head.plan.fixes?.decayStartAt?.(warmup.steps.value), why: 'so that the decay starts where warmup ends' }], doc?.format);
    return [
      {
        ...(at ? { at } : {}),
        message: `the decay starts at step ${decay.start.value} (${decay.start.how}) but warmup runs until step ${warmup.steps.value}: after warmup the LR jumps to the middle of the decay, ${warmup.steps.value - decay.start.value} steps of decay are skipped.`,
        data: { decayStart: decay.start.value, warmupSteps: warmup.steps.value },
        ...(fix ? { fix } : {}),
      },
    ];
  },
};
