import { formatEpochs } from '../core/plan.ts';
import { fileOrigin } from './origin.ts';
import type { RuleHit } from '../core/types.ts';
import type { FileContext, Rule } from './rule.ts';

export const lengthNeedsData: Rule = {
  id: 'TL006',
  name: 'length-needs-data',
  defaultSeverity: 'info',
  summary:
    "The run's length depends on something outside the config (the dataset size): the curve is drawn over epochs of an assumed length, or not at all, and the checks against the run's length are skipped.",
  check({ planProblem, head, refusedPaths }) {
    // Files the config names beside it that lead outside the checkout are not read: what the run takes from them is unknown.
    const refused: RuleHit[] = (refusedPaths ?? []).map((r) => ({
      at: fileOrigin(),
      message:
        `\`${r.path}\` was not read: ${r.reason}. trainlint reads only files inside the repository, so what the run takes from it ` +
        '(samples to count, launch settings, an included config) is not known here; keep the data inside the repository or give its size in `.trainlint.yml` `datasets:`.',
      data: { path: r.path, reason: r.reason },
    }));
    return [...refused, ...lengthFindings(planProblem, head)];
  },
};

function lengthFindings(planProblem: FileContext['planProblem'], head: FileContext['head']): RuleHit[] {
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
}
