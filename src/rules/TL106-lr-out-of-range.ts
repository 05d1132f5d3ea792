import { formatValue } from '../core/access.ts';
import type { RuleHit, Severity } from '../core/types.ts';
import { lrBandFor, UNKNOWN_OPTIMIZER_NOTE_ABOVE, type OptimizerBand } from './lr-ranges.ts';
import type { FileContext, Rule } from './rule.ts';

/**
 * OneTrainer builds Adafactor with lr=None when `optimizer.relative_step` is true (modules/util/create.py @23df3832):
 * the optimizer then computes its own relative step and the configured LR is never used.
 */
function lrUnused(context: FileContext, band: OptimizerBand | undefined): boolean {
  if (context.dialectId !== 'onetrainer' || band?.id !== 'adafactor') return false;
  const data = context.doc?.data as { optimizer?: unknown } | null | undefined;
  const optimizer = typeof data === 'object' && data !== null ? data.optimizer : undefined;
  return typeof optimizer === 'object' && optimizer !== null && (optimizer as { relative_step?: unknown }).relative_step === true;
}

/**
 * A floor written as an absolute LR (nanotron's min_decay_lr, DeepSpeed's warmup_min_lr...) stays where it is when the
 * peak is lowered, and may end above it: the fix scales it by the same factor. A floor given as a share of the peak
 * (OLMo's alpha_f, a min_lr_ratio) follows the peak by itself and needs no edit.
 */
function scaledFloor(context: FileContext, factor: number): { at: NonNullable<RuleHit['at']>; value: number } | undefined {
  const minLr = context.head?.plan.decay?.minLr;
  const at = minLr?.from.length === 1 ? minLr.from[0] : undefined;
  if (!minLr || !at || !(minLr.value > 0)) return undefined;
  const written = valueAt(context.doc?.data, at.pointer);
  if (typeof written !== 'number' || written !== minLr.value) return undefined;
  return { at, value: Number((minLr.value * factor).toPrecision(3)) };
}

function valueAt(data: unknown, pointer: string): unknown {
  let node = data;
  for (const token of pointer.split('/').slice(1)) {
    const key = token.replace(/~1/g, '/').replace(/~0/g, '~');
    if (typeof node !== 'object' || node === null) return undefined;
    node = (node as Record<string, unknown>)[key];
  }
  return node;
}

function batchWords(band: OptimizerBand): { at: string; even: string } {
  if (!band.batch) return { at: '', even: '' };
  if (!band.batch.assumed) return { at: ` at a batch of ${band.batch.size} samples`, even: '' };
  return { at: '', even: ` even at a batch of ${band.batch.size} samples (the batch size is not known here; ${band.batch.size} is the largest the cited recipes ran)` };
}

export const lrOutOfRange: Rule = {
  id: 'TL106',
  name: 'lr-out-of-range',
  defaultSeverity: 'warning',
  summary: 'The peak LR is outside the usual range for the optimizer family (at the batch size, where the family scales with it), or not a positive finite number.',
  check(context) {
    const { head } = context;
    // A peak LR that is not a finite number stops the plan (nothing is simulated from it): the error is still this rule's.
    const stopped = context.planProblem;
    if (!head && stopped?.reportedBy === 'TL106') return [{ ...(stopped.at ? { at: stopped.at } : {}), severity: 'error', data: {}, message: `${stopped.message}.` }];
    const ignored = head ? head.plan.optimizer.ignoredLr : stopped?.ignoredLr;
    if (!head && !ignored) return [];
    if (ignored) return [{ at: ignored.at, severity: ignored.severity, data: { lr: head?.plan.optimizer.lr.value ?? null, optimizer: head?.plan.optimizer.name.value ?? null, ignored: true }, message: ignored.message, fix: { description: ignored.fix, edits: [] } }];
    if (!head) return [];
    const { optimizer, batchSize } = head.plan;
    const name = optimizer.name.value;
    const lr = optimizer.lr.value;
    const band = lrBandFor(name, batchSize?.value);
    if (lrUnused(context, band)) return [];
    const at = optimizer.lr.from[0];
    const where = at ? { at } : {};
    if (!Number.isFinite(lr) || lr <= 0) {
      return [{ ...where, severity: 'error', data: { lr, optimizer: name }, message: `peak LR is ${formatValue(lr)}: it must be a positive finite number, or no update changes the weights.` }];
    }
    if (!band) {
      // An optimizer outside the table may legitimately run at any LR: mention a high one, never judge it.
      if (lr <= UNKNOWN_OPTIMIZER_NOTE_ABOVE) return [];
      const named = optimizer.name.from.length === 0 ? `${name} (${optimizer.name.how})` : name;
      return [
        {
          ...where,
          severity: 'info',
          data: { lr, optimizer: name, family: null },
          message: `peak LR ${formatValue(lr)} for ${named} was not checked: trainlint knows no usual LR range for this optimizer (for an Adam-family optimizer it would be above ${formatValue(UNKNOWN_OPTIMIZER_NOTE_ABOVE)}, unusually high).`,
        },
      ];
    }
    if (lr <= band.warnAbove) return [];
    const severity: Severity = lr >= band.errorAt ? 'error' : 'warning';
    const words = batchWords(band);
    // A project default in range (minimind's 5e-4 for pretraining) is the fix to suggest; the message then also
    // says where the LR came from, since it may be a launch line in another file that overrides that default.
    const shipped = optimizer.defaultLr;
    const useShipped = shipped !== undefined && shipped.value > 0 && shipped.value <= band.warnAbove;
    const suggestion = useShipped ? shipped.value : band.suggest;
    const origin = shipped ? ` The LR comes from ${optimizer.lr.how}${useShipped ? `; the project's default is ${formatValue(shipped.value)}` : ''}.` : '';
    const hit: RuleHit = {
      ...where,
      severity,
      data: {
        lr,
        optimizer: name,
        family: band.family,
        warnAbove: band.warnAbove,
        errorAt: Number.isFinite(band.errorAt) ? band.errorAt : null,
        batchSize: band.batch?.size ?? null,
        batchAssumed: band.batch?.assumed ?? null,
      },
      message:
        `peak LR ${formatValue(lr)} for ${name} (${band.family})${words.at} is ${severity === 'error' ? `at or above ${formatValue(band.errorAt)}, where training diverges` : `above ${formatValue(band.warnAbove)}, unusually high`}${words.even}; ` +
        `typical peak LRs for ${band.family} are ${band.typical}.${origin}`,
      fix: {
        description: useShipped ? `Use the project's default LR ${formatValue(suggestion)} (${shipped.how}).` : `Lower the LR to the usual range for ${band.family}, e.g. ${formatValue(suggestion)} (${band.suggestWhy}).`,
        // When the default sits at the very key the LR is read from, the LR comes from elsewhere (a launch
        // line overriding it): an edit here would change nothing.
        edits: at && !(useShipped && shipped.from[0]?.pointer === at.pointer && shipped.from[0]?.span.line === at.span.line) ? [{ at, value: suggestion }] : [],
      },
    };
    const floor = scaledFloor(context, suggestion / lr);
    if (floor && hit.fix && hit.fix.edits.length > 0) {
      hit.fix.edits.push({ at: floor.at, value: floor.value });
      hit.fix.description += ` Lower \`${floor.at.key.split('.').pop()}\` with it to ${formatValue(floor.value)}, so the floor keeps its share of the peak and stays below it.`;
    }
    return [hit];
  },
};
