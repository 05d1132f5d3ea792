// What a reviewer reads about a file before its section: the one-line change of its curve
// (`decay end 600k → 300k`), the steps it runs at LR <= 0, and the headline of a finding for the verdict line.
import { formatValue, percentText } from '../core/access.ts';
import { milestones, type Milestone } from '../core/milestones.ts';
import type { TrainingPlan } from '../core/plan.ts';
import type { FileReport } from '../core/report.ts';
import type { CurveStats } from '../core/schedule.ts';
import type { Finding } from '../core/types.ts';
import { compactLr, compactNumber } from './ascii-chart.ts';

type Version = { plan: TrainingPlan; curve: CurveStats };

/**
 * Updates after the first whose LR passes `test` (below 0; at or below 0). Exact: the samples hold every phase boundary
 * and the LR is monotone between two samples, so where the test flips between them is found by bisection.
 */
function countSteps(version: Version, test: (lr: number) => boolean): number {
  const { schedule } = version.plan;
  const total = schedule.totalSteps;
  const pts = version.curve.samples;
  let count = 0;
  for (let i = 0; i < pts.length; i++) {
    const from = Math.max(1, pts[i]![0]);
    const to = i + 1 < pts.length ? pts[i + 1]![0] : Math.min(total, pts[i]![0] + 1); // the last sample stands for itself
    if (to <= from) continue;
    const atStart = test(schedule.lrAt(from));
    if (atStart === test(schedule.lrAt(to - 1))) {
      if (atStart) count += to - from;
      continue;
    }
    let lo = from; // passes as the start does
    let hi = to - 1; // does not; the first step that flips lies in (lo, hi]
    while (hi - lo > 1) {
      const mid = (lo + hi) >> 1;
      if (test(schedule.lrAt(mid)) === atStart) lo = mid;
      else hi = mid;
    }
    count += atStart ? hi - from : to - hi;
  }
  return count;
}

/** Updates after the first whose LR is below 0 (a linear decay stepped past its horizon). */
export function negativeLrSteps(version: Version): number {
  return version.curve.samples.some(([, v]) => v < 0) ? countSteps(version, (lr) => lr < 0) : 0;
}

/** Updates after the first whose LR is 0 or below: what a curve that goes below 0 shows as `steps at LR ≤ 0`. */
export function nonPositiveLrSteps(version: Version): number {
  return countSteps(version, (lr) => lr <= 0);
}

const ORDER: Array<Milestone['id']> = ['totalSteps', 'decayEnd', 'peakLr', 'warmup', 'decayStart', 'minLr', 'finalLr', 'zeroLrSteps'];
const SHORT: Record<Milestone['id'], string> = {
  totalSteps: 'run',
  decayEnd: 'decay end',
  peakLr: 'peak LR',
  warmup: 'warmup',
  decayStart: 'decay start',
  minLr: 'min LR',
  finalLr: 'final LR',
  zeroLrSteps: 'steps at LR 0',
};
const IS_LR = new Set<Milestone['id']>(['peakLr', 'minLr', 'finalLr']);

function short(id: Milestone['id'], value: number | null): string {
  if (value === null) return 'none';
  return IS_LR.has(id) ? compactLr(value) : compactNumber(value);
}

/** `600k steps, peak 3e-3`: the curve in a few words, for a file with nothing to compare against. */
function describe(version: Version): string {
  return `${compactNumber(version.plan.schedule.totalSteps)} steps, peak ${compactLr(version.plan.schedule.peakLr)}`;
}

/**
 * The change of a file's curve in one line: the two most telling milestones that moved, in the order a reviewer weighs
 * them (run length, decay end, peak), then how many more. `unchanged` when none moved; for a file without a base, what
 * its curve is. Null for a file without a curve.
 */
export function curveChange(file: FileReport): { text: string; changed: boolean } | null {
  if (!file.head) return null;
  if (!file.base) {
    const what = describe(file.head);
    return file.baseStatus === 'added' ? { text: `new: ${what}`, changed: true } : { text: what, changed: false };
  }
  const after = milestones(file.head.plan, file.head.curve);
  const before = milestones(file.base.plan, file.base.curve);
  const moved: string[] = [];
  for (const id of ORDER) {
    const a = after.find((m) => m.id === id);
    const b = before.find((m) => m.id === id);
    if (!a || !b || a.value === b.value) continue;
    const text = `${SHORT[id]} ${short(id, b.value)} → ${short(id, a.value)}`;
    // Two values that only differ past the compact form's precision still changed: say it with exact numbers.
    moved.push(short(id, b.value) === short(id, a.value) ? `${SHORT[id]} ${formatValue(b.value ?? 0)} → ${formatValue(a.value ?? 0)}` : text);
  }
  // The final LR and the steps at 0 follow from the rest: named only when nothing else moved.
  const causes = moved.filter((m) => !m.startsWith('final LR') && !m.startsWith('steps at LR 0'));
  const shown = causes.length ? causes : moved;
  if (!shown.length) return { text: 'unchanged', changed: false };
  const more = shown.length > 2 ? ` (+${shown.length - 2} more)` : '';
  return { text: shown.slice(0, 2).join(', ') + more, changed: true };
}

/** 300000 -> `300,000`: integers in a headline are read, not copied. */
export function groupDigits(n: number): string {
  return Number.isInteger(n) && Math.abs(n) >= 10_000 ? n.toLocaleString('en-US') : formatValue(n);
}

function num(data: Finding['data'], key: string): number | undefined {
  const v = data[key];
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}

/** The first sentence of a message, cut at a word near `max` characters. */
function firstSentence(message: string, max = 160): string {
  const end = message.search(/\.(\s|$)/);
  const sentence = end > 0 ? message.slice(0, end) : message;
  if (sentence.length <= max) return sentence;
  const cut = sentence.lastIndexOf(' ', max);
  return `${sentence.slice(0, cut > 40 ? cut : max)} …`;
}

/** What a finding means for the run, in one line (`LR reaches 0 at step 300,000 of 600,000 (50 % of the run learns nothing)`). */
export function headline(f: Finding): string {
  const total = num(f.data, 'totalSteps');
  if (f.ruleId === 'TL101') {
    const end = num(f.data, 'decayEnd');
    const rest = num(f.data, 'stepsAtFinalLr');
    const finalLr = num(f.data, 'finalLr');
    if (end !== undefined && total !== undefined && rest !== undefined && finalLr !== undefined) {
      const share = `${percentText(rest, total)} % of the run`;
      const what = finalLr === 0 ? `${share} learns nothing` : `${share} stays at the floor LR ${formatValue(finalLr)}`;
      return `LR reaches ${formatValue(finalLr)} at step ${groupDigits(end)} of ${groupDigits(total)} (${what})`;
    }
  }
  if (f.ruleId === 'TL107') {
    const horizon = num(f.data, 'horizon');
    // The rule's last clause says what the mismatch does to the run.
    const clauses = f.message.replace(/\.$/, '').split(': ');
    if (horizon !== undefined && total !== undefined && clauses.length > 1) {
      return `scheduler built for ${groupDigits(horizon)} of ${groupDigits(total)} steps: ${clauses[clauses.length - 1]}`;
    }
  }
  return firstSentence(f.message);
}
