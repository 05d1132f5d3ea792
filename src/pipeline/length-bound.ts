// Runs whose dataset size is only bounded (sample packing, a length filter: the unpacked record count is an upper bound
// on what the framework trains on). The plan drawn at the bound is judged only by rules whose verdict holds for every
// shorter run, and only when the warmup does not change with the run's length (a warmup ratio shrinks with the run).
import { DocReader } from '../core/access.ts';
import type { Dialect, PlanContext, TrainingPlan } from '../core/plan.ts';
import type { ParsedDoc } from '../core/parse.ts';
import { curveStats } from '../core/schedule.ts';
import type { ReviewedVersion } from '../rules/rule.ts';

function planWithSize(dialect: Dialect, doc: ParsedDoc, data: unknown, context: PlanContext, size: number): TrainingPlan | undefined {
  const { datasetUpperBound: _bound, datasetSource: _source, ...rest } = context;
  try {
    const result = dialect.plan(new DocReader(doc, data), { ...rest, datasetSize: size });
    return result.ok && !result.plan.assumedLength ? result.plan : undefined;
  } catch {
    return undefined;
  }
}

/** The head at the upper bound of its dataset size, or undefined when there is no bound or the warmup depends on it. */
export function headAtUpperBound(dialect: Dialect, doc: ParsedDoc, data: unknown, context: PlanContext): ReviewedVersion | undefined {
  const bound = context.datasetUpperBound;
  if (!bound || !Number.isSafeInteger(bound.value) || bound.value < 2) return undefined;
  const atBound = planWithSize(dialect, doc, data, context, bound.value);
  const atHalf = planWithSize(dialect, doc, data, context, Math.floor(bound.value / 2));
  if (!atBound?.warmup || !atHalf?.warmup) return undefined;
  // The warmup must be the same number of updates whatever the length (an absolute count, not a share of the run).
  if (atBound.warmup.steps.value !== atHalf.warmup.steps.value) return undefined;
  if (atHalf.schedule.totalSteps > atBound.schedule.totalSteps) return undefined;
  const plan: TrainingPlan = { ...atBound, lengthBound: { kind: 'upper', how: bound.how } };
  return { plan, curve: curveStats(plan.schedule) };
}
