// The resolved numbers of a file, before -> after, as rows any renderer can lay out.
import { percentText } from '../core/access.ts';
import { milestones, type Milestone } from '../core/milestones.ts';
import type { FileReport } from '../core/report.ts';
import { negativeLrSteps, nonPositiveLrSteps } from './curve-change.ts';

export interface MilestoneRow {
  label: string;
  before: string;
  after: string;
  changed: boolean;
  /** A row worth bolding: LR-0 steps or a changed value. */
  alarming: boolean;
}

type Version = NonNullable<FileReport['head']>;

/**
 * A curve that goes below 0 counts its negative steps with those at 0 (`steps at LR ≤ 0`): a negative LR moves the
 * weights against the gradient, worse than learning nothing, and a flat 0 on the chart would hide it.
 */
function withNegatives(list: Milestone[], version: Version, negatives: number): Milestone[] {
  if (!negatives) return list;
  const total = version.plan.schedule.totalSteps;
  return list.map((m) => {
    if (m.id !== 'zeroLrSteps') return m;
    const n = nonPositiveLrSteps(version);
    return { ...m, value: n, text: `${n} (${percentText(n, total)} %), ${negatives} of them below 0` };
  });
}

export function milestoneRows(file: FileReport): MilestoneRow[] {
  if (!file.head) return [];
  const headNegatives = negativeLrSteps(file.head);
  const baseNegatives = file.base ? negativeLrSteps(file.base) : 0;
  const after = withNegatives(milestones(file.head.plan, file.head.curve), file.head, headNegatives);
  const before = file.base ? withNegatives(milestones(file.base.plan, file.base.curve), file.base, baseNegatives) : [];
  const belowZero = headNegatives > 0 || baseNegatives > 0;
  return after.map((m) => {
    const old = before.find((b) => b.id === m.id);
    return {
      label: m.id === 'zeroLrSteps' && belowZero ? 'steps at LR ≤ 0' : m.label,
      before: old ? old.text : file.baseStatus === 'added' ? '(new file)' : '-',
      after: m.text,
      changed: old !== undefined && (old.value !== m.value || old.text !== m.text),
      alarming: m.id === 'zeroLrSteps' && (m.value ?? 0) > 0,
    };
  });
}
