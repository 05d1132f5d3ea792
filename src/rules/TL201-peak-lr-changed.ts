import { formatNumber } from '../core/access.ts';
import type { Rule } from './rule.ts';

export const peakLrChanged: Rule = {
  id: 'TL201',
  name: 'peak-lr-changed',
  defaultSeverity: 'info',
  summary: 'The change modifies the peak LR (warning at a change of 3x or more).',
  check({ head, base }) {
    if (!head || !base) return [];
    const before = base.plan.optimizer.lr.value;
    const after = head.plan.optimizer.lr.value;
    if (before === after) return [];
    const ratio = before > 0 && after > 0 ? Math.max(after / before, before / after) : Infinity;
    const at = head.plan.optimizer.lr.from[0];
    return [
      {
        ...(at ? { at } : {}),
        severity: ratio >= 3 ? 'warning' : 'info',
        message: `peak LR changes from ${formatNumber(before)} to ${formatNumber(after)}${Number.isFinite(ratio) ? ` (${after >= before ? 'x' : '/'}${formatNumber(Number(ratio.toFixed(ratio < 10 ? 2 : 0)))})` : ''}.`,
        data: { before, after, ratio: Number.isFinite(ratio) ? ratio : null },
      },
    ];
  },
};
