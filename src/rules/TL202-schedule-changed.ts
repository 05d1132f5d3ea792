import { formatNumber } from '../core/access.ts';
import { milestones } from '../core/milestones.ts';
import type { Rule } from './rule.ts';

export const scheduleChanged: Rule = {
  id: 'TL202',
  name: 'schedule-changed',
  defaultSeverity: 'info',
  summary: 'The change modifies the LR curve: says where and by how much.',
  judgesRunLength: true,
  check({ head, base }) {
    if (!head || !base) return [];
    const after = milestones(head.plan, head.curve);
    const before = milestones(base.plan, base.curve);
    // Peak LR has its own rule (TL201).
    // LR values are compared relative to each version's peak: a peak change alone (TL201) scales them all.
    const relative = (ms: typeof after, id: string) => {
      const value = ms.find((m) => m.id === id)?.value ?? null;
      const peak = ms.find((m) => m.id === 'peakLr')?.value ?? 0;
      return value === null || !peak ? value : value / peak;
    };
    const isLr = (id: string) => id === 'minLr' || id === 'finalLr';
    const differs = (id: string) => {
      const a = isLr(id) ? relative(after, id) : after.find((m) => m.id === id)?.value;
      const b = isLr(id) ? relative(before, id) : before.find((m) => m.id === id)?.value;
      if (a === null || b === null || a === undefined || b === undefined) return a !== b;
      return Math.abs(a - b) > 1e-9 * Math.max(Math.abs(a), Math.abs(b));
    };
    const changes = after.filter((m) => m.id !== 'peakLr' && differs(m.id));
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
