import { formatEpochs } from '../core/plan.ts';
import { fileOrigin } from './origin.ts';
import type { Rule } from './rule.ts';

export const lengthNeedsData: Rule = {
  id: 'TL006',
  name: 'length-needs-data',
  defaultSeverity: 'info',
  summary:
    "The run's length depends on something outside the config (the dataset size): the curve is drawn over epochs of an assumed length, or not at all, and the checks against the run's length are skipped.",
  check({ planProblem, head }) {
    const assumed = head?.plan.assumedLength;
    if (assumed) {
      const at = head.plan.totalSteps.from[0] ?? fileOrigin();
      return [
        {
          at,
          message:
            `${assumed.why}. The curve is drawn over ${formatEpochs(assumed.epochs, 6)} at an assumed ${assumed.updatesPerEpoch} updates per epoch; ` +
            "the checks that compare step counts with the run's length were skipped.",
          data: { epochs: assumed.epochs, assumedUpdatesPerEpoch: assumed.updatesPerEpoch },
        },
      ];
    }
    if (!planProblem || planProblem.kind !== 'needs-data') return [];
    return [{ at: planProblem.at ?? fileOrigin(), message: `${planProblem.message}.`, data: {} }];
  },
};
