// Every rule, in id order. Adding a rule: one file here, its docs page, its fixtures.
import type { Rule } from './rule.ts';
import { parseError } from './TL001-parse-error.ts';
import { schemaViolation } from './TL002-schema-violation.ts';
import { unsafeInput } from './TL003-unsafe-input.ts';
import { loaderMismatch } from './TL004-loader-mismatch.ts';
import { versionSemantics } from './TL005-version-semantics.ts';
import { lengthNeedsData } from './TL006-length-needs-data.ts';
import { decayEndsBeforeTraining } from './TL101-decay-ends-before-training.ts';
import { scheduleLongerThanTraining } from './TL102-schedule-longer-than-training.ts';
import { warmupExceedsTraining } from './TL103-warmup-exceeds-training.ts';
import { warmupOverlapsDecay } from './TL104-warmup-overlaps-decay.ts';
import { minLrAbovePeak } from './TL105-min-lr-above-peak.ts';
import { lrOutOfRange } from './TL106-lr-out-of-range.ts';
import { schedulerHorizonMismatch } from './TL107-scheduler-horizon-mismatch.ts';
import { lrSpike } from './TL108-lr-spike.ts';
import { warmupShare } from './TL109-warmup-share.ts';
import { unitMismatch } from './TL110-unit-mismatch.ts';
import { peakLrChanged } from './TL201-peak-lr-changed.ts';
import { scheduleChanged } from './TL202-schedule-changed.ts';

export const RULES: readonly Rule[] = [
  parseError,
  schemaViolation,
  unsafeInput,
  loaderMismatch,
  versionSemantics,
  lengthNeedsData,
  decayEndsBeforeTraining,
  scheduleLongerThanTraining,
  warmupExceedsTraining,
  warmupOverlapsDecay,
  minLrAbovePeak,
  lrOutOfRange,
  schedulerHorizonMismatch,
  lrSpike,
  warmupShare,
  unitMismatch,
  peakLrChanged,
  scheduleChanged,
];

export function findRule(idOrName: string): Rule | undefined {
  const wanted = idOrName.trim().toLowerCase();
  return RULES.find((r) => r.id.toLowerCase() === wanted || r.name === wanted);
}

export type { Rule };
