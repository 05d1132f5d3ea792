// The LR chart of one reviewed file: head (and base, when compared) with the markers a reviewer needs.
import { percentText } from '../core/access.ts';
import { decayEnd } from '../core/milestones.ts';
import { formatEpochs } from '../core/plan.ts';
import type { FileReport } from '../core/report.ts';
import { compactLr, compactNumber, renderChart, type ChartMarker, type ChartSeries } from './ascii-chart.ts';
import { negativeLrSteps, nonPositiveLrSteps } from './curve-change.ts';

export const HEAD_GLYPH = '█';
/** A shade, not a dot: the base curve stays a visible line where it overlaps nothing. */
export const BASE_GLYPH = '░';
/** Base and head apart by more than this in run length, or by this much in peak LR, get a chart each. */
const LENGTH_RATIO = 2;
const PEAK_RATIO = 10;

type Version = NonNullable<FileReport['head']>;

export interface ChartLabels {
  head: string;
  base: string;
}

/**
 * Steps per epoch when the chart reads in epochs: the run's length was assumed (no dataset size), on both sides when
 * comparing, with the same epoch length. Otherwise undefined (steps).
 */
export function epochAxis(file: FileReport): number | undefined {
  const head = file.head?.plan.assumedLength;
  if (!head) return undefined;
  if (file.base && file.base.plan.assumedLength?.updatesPerEpoch !== head.updatesPerEpoch) return undefined;
  return head.updatesPerEpoch;
}

/** A step as the chart's x axis reads: `600k`, or `1.5 epochs` on an epoch axis. */
function stepText(step: number, perEpoch: number | undefined): string {
  // Formatted as the table's epoch equivalents (milestones.ts), so a marker and its row agree.
  return perEpoch === undefined ? compactNumber(step) : formatEpochs(step / perEpoch);
}

/** Markers for the head version: warmup end, decay start, decay end (or LR reaching 0), horizon, end of training. */
export function markersFor(file: FileReport): ChartMarker[] {
  return file.head ? versionMarkers(file.head, epochAxis(file)) : [];
}

function versionMarkers(version: Version, perEpoch: number | undefined): ChartMarker[] {
  const { plan, curve } = version;
  const total = plan.schedule.totalSteps;
  const compactNumber = (step: number) => stepText(step, perEpoch);
  const markers: ChartMarker[] = [];
  const warmup = plan.warmup?.steps.value ?? 0;
  if (warmup > 0 && warmup < total) markers.push({ step: warmup, letter: 'W', label: `warmup end (${compactNumber(warmup)})` });
  if (plan.decay) {
    const start = plan.decay.start.value;
    const end = decayEnd(plan) ?? start + plan.decay.steps.value; // the number the table and TL101/TL102 show
    if (start > warmup && start < total) markers.push({ step: start, letter: 'D', label: `decay start (${compactNumber(start)})` });
    // A decay that reaches its end value at the last update ends with the run: no marker of its own.
    if (end < total - 1) {
      const zero = curve.finalLr === 0;
      markers.push({ step: end, letter: 'E', label: `${zero ? 'LR reaches 0' : 'decay end'} (${compactNumber(end)})` });
    } else if (end > total) {
      markers.push({ step: total - 1, letter: '>', label: `decay would end at ${compactNumber(end)}, past the run` });
    }
  }
  const horizon = plan.horizon?.value;
  if (horizon !== undefined && horizon !== total && horizon < total) {
    markers.push({ step: horizon, letter: 'H', label: `scheduler horizon (${compactNumber(horizon)})` });
  }
  markers.push({ step: total - 1, letter: '|', label: `end of training (${compactNumber(total)})` });
  if (horizon !== undefined && horizon === total) {
    markers.push({ step: total, letter: 'H', label: `scheduler horizon (${compactNumber(horizon)}): the LR it holds after the last update` });
  }
  return markers;
}

/**
 * A scheduler built for exactly the run is stepped once more after the last update; that value (step = total) is what
 * the framework logs at the end, so it is drawn one step past the run, where a restart at the horizon shows.
 */
function samplesOf(version: Version): Array<[number, number]> {
  const { schedule, horizon } = version.plan;
  const total = schedule.totalSteps;
  if (horizon?.value !== total || total <= 0) return version.curve.samples;
  const after = schedule.lrAt(total);
  return Number.isFinite(after) ? [...version.curve.samples, [total, after]] : version.curve.samples;
}

/** `1000 steps at LR ≤ 0 (33.3 % of the run)`: said under a chart whose curve goes below 0, with the count the table shows. */
function belowZeroNote(version: Version, label: string | undefined): string[] {
  if (!negativeLrSteps(version)) return [];
  const n = nonPositiveLrSteps(version);
  const total = version.plan.schedule.totalSteps;
  const share = total > 0 ? ` (${percentText(n, total)} % of the run)` : '';
  return [`${label ? `${label}: ` : ''}${n} step${n === 1 ? '' : 's'} at LR ≤ 0${share}`];
}

function peakOf(version: Version): number {
  let peak = 0;
  for (const [, v] of version.curve.samples) if (Math.abs(v) > peak) peak = Math.abs(v);
  return peak;
}

/** Why base and head get a chart each, or undefined when one shared chart reads well. */
export function separateReason(file: FileReport): { axis: 'x' | 'y'; text: string } | undefined {
  if (!file.head || !file.base) return undefined;
  const a = file.base.plan.schedule.totalSteps;
  const b = file.head.plan.schedule.totalSteps;
  if (a > 0 && b > 0 && Math.max(a, b) > LENGTH_RATIO * Math.min(a, b)) {
    return { axis: 'x', text: `the runs differ in length (${compactNumber(a)} → ${compactNumber(b)} steps), so each has its own chart and x axis (one LR scale)` };
  }
  const pa = peakOf(file.base);
  const pb = peakOf(file.head);
  if (pa > 0 && pb > 0 && Math.max(pa, pb) >= PEAK_RATIO * Math.min(pa, pb)) {
    const by = Math.max(pa, pb) / Math.min(pa, pb) >= 100 ? '100x or more' : '10x or more';
    return { axis: 'y', text: `the peak LR changes by ${by} (${compactLr(pa)} → ${compactLr(pb)}), so each has its own chart and LR scale` };
  }
  return undefined;
}

/**
 * The chart(s) of a file as one text block: one chart with both curves, or, when they would not read on shared axes
 * (see separateReason), the base's and this PR's charts one under the other, each with its title line.
 */
export function chartFor(file: FileReport, labels: ChartLabels, size: { width?: number; height?: number } = {}): string | null {
  if (!file.head || !Number.isFinite(file.head.plan.schedule.peakLr)) return null; // nothing to draw (TL106 says why)
  const perEpoch = epochAxis(file);
  const epoch = perEpoch ? { epochLength: perEpoch } : {};
  const why = file.base ? separateReason(file) : undefined;
  if (file.base && why && Number.isFinite(file.base.plan.schedule.peakLr)) {
    // Runs of different lengths keep one LR scale, so the heights compare; a 10x peak change gets a scale each.
    const range = (v: Version) => v.curve.samples.reduce(([lo, hi], [, lr]) => [Math.min(lo, lr), Math.max(hi, lr)], [0, 0]);
    const [bLo, bHi] = range(file.base);
    const [hLo, hHi] = range(file.head);
    const shared = why.axis === 'x' ? { yMin: Math.min(bLo, hLo), yMax: Math.max(bHi, hHi) } : {};
    const one = (version: Version, label: string, glyph: string): string => {
      const samples = samplesOf(version);
      const total = Math.max(version.plan.schedule.totalSteps, lastStep(samples));
      const chart = renderChart([{ label, glyph, samples }], versionMarkers(version, perEpoch), { totalSteps: total, ...epoch, ...size, ...shared, notes: belowZeroNote(version, undefined) });
      return `${label} (${compactNumber(version.plan.schedule.totalSteps)} steps):\n${chart}`;
    };
    return [one(file.base, labels.base, BASE_GLYPH), one(file.head, labels.head, HEAD_GLYPH)].join('\n\n');
  }
  const series: ChartSeries[] = [];
  const head = samplesOf(file.head);
  const base = file.base ? samplesOf(file.base) : [];
  const total = Math.max(file.head.plan.schedule.totalSteps, file.base?.plan.schedule.totalSteps ?? 0, lastStep(head), lastStep(base));
  series.push({ label: labels.head, glyph: HEAD_GLYPH, samples: head });
  if (file.base) series.push({ label: labels.base, glyph: BASE_GLYPH, samples: base });
  const notes = [...belowZeroNote(file.head, file.base ? labels.head : undefined), ...(file.base ? belowZeroNote(file.base, labels.base) : [])];
  return renderChart(series, markersFor(file), { totalSteps: total, ...epoch, ...size, notes });
}

function lastStep(samples: Array<[number, number]>): number {
  return samples.length ? samples[samples.length - 1]![0] + 1 : 0;
}
