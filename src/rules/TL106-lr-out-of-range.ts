import { formatValue } from '../core/access.ts';
import type { Severity } from '../core/types.ts';
import type { Rule } from './rule.ts';

/**
 * Peak-LR ranges by optimizer family. Above `warn` is unusual; at or above `error` adaptive optimizers
 * diverge in practice (the minimind report: AdamW at 0.1 went to NaN). Sign-based optimizers (Lion)
 * take updates of fixed size, so their usual LRs are 3-10x below AdamW's. Learning-rate-free optimizers
 * (Prodigy, D-Adaptation) are run at lr 1 by design.
 */
const RANGES: Array<{ match: RegExp; family: string; typical: string; warn: number; error: number }> = [
  { match: /lion/i, family: 'Lion', typical: '1e-5 to 3e-4', warn: 1e-3, error: 1e-2 },
  { match: /sgd|momentum/i, family: 'SGD', typical: '1e-3 to 1', warn: 2, error: 10 },
  { match: /muon/i, family: 'Muon', typical: '1e-3 to 5e-2', warn: 0.1, error: 1 },
  // Learning-rate-free optimizers estimate the step size themselves; their `lr` is a multiplier, 1 by default.
  { match: /prodigy|d_?-?adapt/i, family: 'learning-rate-free (Prodigy, D-Adaptation)', typical: '0.1 to 1 (a multiplier of the estimated step size)', warn: 10, error: 100 },
  { match: /adafactor/i, family: 'Adafactor', typical: '1e-5 to 1e-2', warn: 3e-2, error: 1e-1 },
  { match: /adam|lamb|.*/i, family: 'Adam-family', typical: '1e-6 to 1e-3', warn: 1e-2, error: 1e-1 },
];

export const lrOutOfRange: Rule = {
  id: 'TL106',
  name: 'lr-out-of-range',
  defaultSeverity: 'warning',
  summary: 'The peak LR is outside the usual range for the optimizer, or not a positive finite number.',
  check({ head }) {
    if (!head) return [];
    const { optimizer } = head.plan;
    const lr = optimizer.lr.value;
    const range = RANGES.find((r) => r.match.test(optimizer.name.value)) ?? RANGES[RANGES.length - 1]!;
    const at = optimizer.lr.from[0];
    const base = { ...(at ? { at } : {}), data: { lr, optimizer: optimizer.name.value, warnAbove: range.warn, errorAt: range.error } };
    if (!Number.isFinite(lr) || lr <= 0) {
      return [{ ...base, severity: 'error', message: `peak LR is ${formatValue(lr)}: it must be a positive finite number, or no update changes the weights.` }];
    }
    if (lr <= range.warn) return [];
    const severity: Severity = lr >= range.error ? 'error' : 'warning';
    // A project default in range (minimind's 5e-4 for pretraining) is the fix to suggest; the message then also
    // says where the LR came from, since it may be a launch line in another file that overrides that default.
    const shipped = optimizer.defaultLr;
    const useShipped = shipped !== undefined && shipped.value > 0 && shipped.value <= range.warn;
    const suggestion = useShipped ? shipped.value : Math.min(range.warn / 10, 1e-3);
    const origin = shipped ? ` The LR comes from ${optimizer.lr.how}${useShipped ? `; the project's default is ${formatValue(shipped.value)}` : ''}.` : '';
    return [
      {
        ...base,
        severity,
        message:
          `peak LR ${formatValue(lr)} for ${optimizer.name.value} (${range.family}) is ${severity === 'error' ? `at or above ${formatValue(range.error)}, where training diverges` : `above ${formatValue(range.warn)}, unusually high`}; ` +
          `typical peak LRs for this optimizer are ${range.typical}.${origin}`,
        fix: {
          description: useShipped ? `Use the project's default LR ${formatValue(suggestion)} (${shipped.how}).` : `Lower the LR to the usual range, e.g. ${formatValue(suggestion)}.`,
          // When the default sits at the very key the LR is read from, the LR comes from elsewhere (a launch
          // line overriding it): an edit here would change nothing.
          edits: at && !(useShipped && shipped.from[0]?.pointer === at.pointer && shipped.from[0]?.span.line === at.span.line) ? [{ at, value: suggestion }] : [],
        },
      },
    ];
  },
};
