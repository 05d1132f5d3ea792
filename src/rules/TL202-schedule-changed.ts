import { formatNumber } from '../core/access.ts';
import { milestones } from '../core/milestones.ts';
import type { Rule } from './rule.ts';

export const scheduleChanged: Rule = {
  id: 'TL202',
  name: 'schedule-changed',
  defaultSeverity: 'info',
  summary: 'The change modifies the LR curve: says where and by how much.',
  check({ head, base }) {
    if (!head || !base) return [];
    const after = milestones(head.plan, head.curve);
    const before = milestones(base.plan, base.curve);
    // Peak LR has its own rule (TL201).
    const changes = after.filter((m, i) => m.id !== 'peakLr' && m.value !== before[i]?.value);
    if (changes.length === 0) return [];
    const words = changes.map((m) => {
      const old = before.find((b) => b.id === m.id)?.value;
      return `${m.label}: ${show(old)} -> ${show(m.value)}`;
    });
    const at = changes.find((c) => c.at)?.at;
    return [
      {
        ...(at ? { at } : {}),
        message: `the LR curve changes: ${words.join('; ')}.`,
        data: Object.fromEntries(changes.map((m) => [m.id, m.value])),
      },
    ];
  },
};

function show(value: number | null | undefined): string {
  return value === null || value === undefined ? 'none' : formatNumber(Number(value.toPrecision(4)));
}
