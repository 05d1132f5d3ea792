// The LR chart of one reviewed file: head (and base, when compared) with the markers a reviewer needs.
import { decayEnd } from '../core/milestones.ts';
import { formatEpochs } from '../core/plan.ts';
import type { FileReport } from '../core/report.ts';
import { compactNumber, renderChart, type ChartMarker, type ChartSeries } from './ascii-chart.ts';

export const HEAD_GLYPH = '█';
export const BASE_GLYPH = '·';

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
  const version = file.head;
  if (!version) return [];
  const { plan, curve } = version;
  const total = plan.schedule.totalSteps;
  const perEpoch = epochAxis(file);
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
function samplesOf(version: NonNullable<FileReport['head']>): Array<[number, number]> {
  const { schedule, horizon } = version.plan;
  const total = schedule.totalSteps;
  if (horizon?.value !== total || total <= 0) return version.curve.samples;
  const after = schedule.lrAt(total);
  return Number.isFinite(after) ? [...version.curve.samples, [total, after]] : version.curve.samples;
}

export function chartFor(file: FileReport, labels: ChartLabels, size: { width?: number; height?: number } = {}): string | null {
  if (!file.head || !Number.isFinite(file.head.plan.schedule.peakLr)) return null; // nothing to draw (TL106 says why)
  const series: ChartSeries[] = [];
  const head = samplesOf(file.head);
  const base = file.base ? samplesOf(file.base) : [];
  const lastStep = (samples: Array<[number, number]>) => (samples.length ? samples[samples.length - 1]![0] + 1 : 0);
  const total = Math.max(file.head.plan.schedule.totalSteps, file.base?.plan.schedule.totalSteps ?? 0, lastStep(head), lastStep(base));
  series.push({ label: labels.head, glyph: HEAD_GLYPH, samples: head });
  if (file.base) series.push({ label: labels.base, glyph: BASE_GLYPH, samples: base });
  const perEpoch = epochAxis(file);
  return renderChart(series, markersFor(file), { totalSteps: total, ...(perEpoch ? { epochLength: perEpoch } : {}), ...size });
}
