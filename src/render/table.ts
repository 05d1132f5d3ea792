// The resolved numbers of a file, before -> after, as rows any renderer can lay out.
import { milestones } from '../core/milestones.ts';
import type { FileReport } from '../core/report.ts';

export interface MilestoneRow {
  label: string;
  before: string;
  after: string;
  changed: boolean;
  /** A row worth bolding: LR-0 steps or a changed value. */
  alarming: boolean;
}

export function milestoneRows(file: FileReport): MilestoneRow[] {
  if (!file.head) return [];
  const after = milestones(file.head.plan, file.head.curve);
  const before = file.base ? milestones(file.base.plan, file.base.curve) : [];
  return after.map((m) => {
    const old = before.find((b) => b.id === m.id);
    return {
      label: m.label,
      before: old ? old.text : file.baseStatus === 'added' ? '(new file)' : '-',
      after: m.text,
      changed: old !== undefined && old.value !== m.value,
      alarming: m.id === 'zeroLrSteps' && (m.value ?? 0) > 0,
    };
  });
}
