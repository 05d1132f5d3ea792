import { formatValue } from '../core/access.ts';
import type { Rule } from './rule.ts';

export const minLrAbovePeak: Rule = {
  id: 'TL105',
  name: 'min-lr-above-peak',
  defaultSeverity: 'error',
  summary: 'The floor / final LR is above the peak LR, so the schedule rises where it should decay.',
  check({ head }) {
    const decay = head?.plan.decay;
    if (!head || !decay) return [];
    const peak = head.plan.schedule.peakLr;
    if (!(peak > 0) || !(decay.minLr.value > peak)) return []; // a non-positive peak is TL106's
    const at = decay.minLr.from[0];
    return [
      {
        ...(at ? { at } : {}),
        message: `the decay's end value ${formatValue(decay.minLr.value)} (${decay.minLr.how}) is above the peak LR ${formatValue(peak)}: the "decay" raises the LR ${percent2(decay.minLr.value / peak)} over the run.`,
        data: { minLr: decay.minLr.value, peakLr: peak },
        fix: { description: `Set the final LR below ${formatValue(peak)}, e.g. ${formatValue(peak / 10)} (10 % of peak).`, edits: [] },
      },
    ];
  },
};

function percent2(ratio: number): string {
  return `${ratio.toFixed(ratio < 10 ? 2 : 0)}x`;
}
