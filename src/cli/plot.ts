// `trainlint plot FILE`: the LR curve only, as a chart or as JSON points.
import { review } from '../pipeline/review.ts';
import { chartFor } from '../render/file-chart.ts';
import { readAtRef, readCapped } from './files.ts';
import { loadSettings, parseOptions, UsageError, type Io } from './command.ts';
import { noteReview } from './review-ran.ts';
import { workTreeView } from './repo-view.ts';
import { resolve } from 'node:path';

function positiveInt(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw new UsageError(`--${name} ${value}: expected a positive integer`);
  return n;
}

export function plotCommand(argv: string[], io: Io): number {
  const parsed = parseOptions(argv, {
    base: { type: 'string' },
    width: { type: 'string' },
    height: { type: 'string' },
    format: { type: 'string', default: 'text' },
    at: { type: 'string' },
    config: { type: 'string' },
});
  const { values, positionals } = parsed;
  const path = positionals[0];
  if (!path || positionals.length > 1) throw new UsageError('plot needs exactly one FILE');
  let text: string;
  let baseText: string | null | undefined;
  try {
    text = readCapped(resolve(io.cwd, path));
    baseText = values.base ? readAtRef(values.base, path, io.cwd) : undefined;
  } catch (err) {
    throw new UsageError(`${path}: ${err instanceof Error ? err.message.replace(/^[A-Z]+: /, '') : String(err)}`);
  }
  // The same settings and repository view as `check`, so dataset sizes and pinned versions apply here too.
  const settings = loadSettings(values.config, io.cwd);
  noteReview(1);
  const report = review([{ path, text, explicit: true, ...(baseText !== undefined ? { baseText } : {}) }], { settings, repo: workTreeView(io.cwd) });
  const file = report.files[0];
  if (!file?.head) {
    const reason = file?.note ?? file?.status ?? 'not reviewed';
    throw new UsageError(`${path}: no LR curve (${reason})`);
  }
  const schedule = file.head.plan.schedule;
  if (values.format === 'json') {
    let points: Array<[number, number]>;
    if (values.at !== undefined) {
      const steps = values.at.split(',').map((s) => Number(s.trim()));
      const bad = steps.find((k) => !Number.isInteger(k) || k < 0);
      if (bad !== undefined) throw new UsageError(`--at: ${bad} is not a step (0-based optimizer update)`);
      points = steps.map((k) => [k, schedule.lrAt(k)]);
    } else {
      points = file.head.curve.samples;
    }
    io.stdout(`${JSON.stringify({ path: file.path, dialect: file.dialect, semantics: file.semantics, totalSteps: schedule.totalSteps, points })}\n`);
    return 0;
  }
  if (values.format !== 'text') throw new UsageError(`plot --format ${values.format}: expected text or json`);
  const size: { width?: number; height?: number } = {};
  const width = positiveInt('width', values.width);
  const height = positiveInt('height', values.height);
  if (width) size.width = width;
  if (height) size.height = height;
  io.stdout(`${chartFor(file, { head: baseText !== undefined ? 'this version' : 'LR', base: `at ${values.base}` }, size)}\n`);
  return 0;
}
