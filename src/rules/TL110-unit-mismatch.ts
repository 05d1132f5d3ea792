import { countOf, formatNumber } from '../core/access.ts';
import type { RuleHit } from '../core/types.ts';
import type { Rule } from './rule.ts';

export const unitMismatch: Rule = {
  id: 'TL110',
  name: 'unit-mismatch',
  defaultSeverity: 'error',
  summary: 'A schedule length is given in one unit (tokens, samples, epochs) but reads as another (steps).',
  judgesRunLength: true,
  check({ head }) {
    const hits: RuleHit[] = [];
    for (const c of head?.plan.unitChecks ?? []) {
      if (c.unit !== 'steps' && c.value > 0 && c.value < c.unitsPerStep) {
        hits.push({
          at: c.at,
          message: `${c.name} ${formatNumber(c.value)} is counted in ${c.unit}, less than one batch (${c.unitsPerStep} ${c.unit}): it lasts ${countOf(c.steps, 'step')}. If ${countOf(c.value, 'step')} ${c.value === 1 ? 'was' : 'were'} meant, that is ${formatNumber(c.value * c.unitsPerStep)} ${c.unit}.`,
          data: { key: c.at.key, value: c.value, unit: c.unit, unitsPerStep: c.unitsPerStep },
          fix: { description: `Set ${c.name} to ${formatNumber(c.value * c.unitsPerStep)} (${countOf(c.value, 'step')} in ${c.unit}).`, edits: [{ at: c.at, value: c.value * c.unitsPerStep }] },
        });
      } else if (c.unit === 'steps' && c.value > 1e6 && c.value > 100 * c.totalSteps) {
        hits.push({
          at: c.at,
          message: `${c.name} ${formatNumber(c.value)} is counted in steps, ${formatNumber(Math.round(c.value / c.totalSteps))}x the run's ${c.totalSteps} steps: it reads like a ${c.otherUnit ? `count of ${c.otherUnit.split(' ')[0]}` : 'token count'}.`,
          data: { key: c.at.key, value: c.value, unit: c.unit, totalSteps: c.totalSteps },
          fix: { description: c.otherUnit ? `If ${formatNumber(c.value)} is ${c.otherUnit.split(' ')[0]}, give it as ${c.otherUnit}; otherwise give ${c.name} in optimizer steps.` : `If ${formatNumber(c.value)} is tokens, set \`units: tokens\`; otherwise give ${c.name} in optimizer steps.`, edits: [] },
        });
      }
    }
    return hits;
  },
};
