// Fix edits for a Megatron-LM launch: the flags (or the variables holding them) that move the decay end, the run
// length, the warmup or the WSD anneal. Lengths are written in the run's unit: iterations, or samples (update x global
// batch) in a run counted with --train-samples. The pipeline reviews each fix again before showing it.
import type { FixEdit, PlanFixes } from '../../core/plan.ts';
import type { Resolved } from '../../core/types.ts';

export interface MegatronWritten {
  iterations: boolean;
  /** Samples per update. */
  g: number;
  total: Resolved;
  decayLength: Resolved;
  decayGiven: Resolved | undefined;
  fraction: Resolved | undefined;
  warmupGiven: Resolved | undefined;
  wsdGiven: Resolved | undefined;
  trainLength: Resolved;
}

function edit(v: Resolved | undefined, value: number): FixEdit | undefined {
  const at = v?.from[0];
  return at && Number.isFinite(value) && value > 0 ? { at, value } : undefined;
}

export function megatronFixes(w: MegatronWritten): PlanFixes {
  const inUnit = (updates: number) => (w.iterations ? updates : updates * w.g);
  const decayEndUpdates = w.iterations ? w.decayLength.value : w.decayLength.value / w.g;
  return {
    // The decay reaches --min-lr at --lr-decay-iters (or -samples); unset, it follows the run's length, so only a given
    // flag can be moved.
    decayEndAt: (step) => edit(w.decayGiven, inUnit(step)),
    // A longer or shorter run leaves the decay where it is only when its horizon is written apart from the run.
    totalStepsTo: (n) => (w.decayGiven ? edit(w.trainLength, inUnit(n)) : undefined),
    warmupTo: (n) => {
      if (w.warmupGiven) return edit(w.warmupGiven, inUnit(n));
      // A fraction of the decay horizon: n updates of it.
      if (w.fraction) return edit(w.fraction, Number((n / decayEndUpdates).toPrecision(6)));
      return undefined;
    },
    // WSD: the anneal lasts --lr-wsd-decay-iters up to the decay horizon.
    decayStartAt: (step) => (w.wsdGiven ? edit(w.wsdGiven, inUnit(Math.max(0, Math.round(decayEndUpdates - step)))) : undefined),
  };
}
