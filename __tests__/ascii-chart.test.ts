import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compactLr, compactNumber, renderChart, type ChartMarker, type ChartSeries } from '../src/render/ascii-chart.ts';

const TOTAL = 600_000;
const WIDTH = 64;
const HEIGHT = 10;

/** SmolLM-like nanotron schedule: linear warmup, flat, 1-sqrt decay to 0, then 0. */
function smolSamples(warmup: number, decayStart: number, decaySteps: number, total = TOTAL, peak = 3e-3): Array<[number, number]> {
  const lr = (s: number): number => {
    if (s < warmup) return (peak * s) / warmup;
    if (s < decayStart) return peak;
    if (s < decayStart + decaySteps) return peak * (1 - Math.sqrt((s - decayStart) / decaySteps));
    return 0;
  };
  const steps = new Set<number>();
  for (let i = 0; i < 2000; i++) steps.add(Math.round((i * (total - 1)) / 1999));
  for (const b of [warmup, decayStart, decayStart + decaySteps]) {
    for (const d of [-1, 0, 1]) if (b + d >= 0 && b + d < total) steps.add(b + d);
  }
  return [...steps].sort((a, b) => a - b).map((s) => [s, lr(s)]);
}

const head: ChartSeries = { label: 'this PR', glyph: '█', samples: smolSamples(2500, 250_000, 50_000) };
const base: ChartSeries = { label: 'base', glyph: '·', samples: smolSamples(5000, 500_000, 100_000) };
const markers: ChartMarker[] = [
  { step: 250_000, letter: 'D', label: 'decay start (250k)' },
  { step: 300_000, letter: 'E', label: 'LR reaches 0 (300k)' },
  { step: TOTAL, letter: '|', label: 'end of training (600k)' },
];

/** The column a step falls in, straight from the definition [floor(c*T/W), floor((c+1)*T/W)). */
function columnOf(step: number, total = TOTAL, width = WIDTH): number {
  for (let c = 0; c < width; c++) if (step < Math.floor(((c + 1) * total) / width)) return c;
  return width - 1;
}

interface Parsed {
  lines: string[];
  /** Plot rows top to bottom, each as an array of `width` cells. */
  rows: string[][];
  /** The marker row's cells (code points after the gutter). */
  markerRow: string[];
  xLabelRow: string;
  legend: string;
}

function parse(chart: string): Parsed {
  const lines = chart.split('\n');
  const plot = lines.filter((l) => l.includes('┤'));
  const start = [...plot[0]!].indexOf('┤') + 1;
  const rows = plot.map((l) => [...l].slice(start, -1));
  const axis = lines.findIndex((l) => l.includes('└'));
  return {
    lines,
    rows,
    markerRow: [...(lines[axis + 1] ?? '')].slice(start),
    xLabelRow: lines[axis + 2] ?? '',
    legend: lines.slice(axis + 3).join('\n'),
  };
}

/** Rows (0 = bottom) where `glyphs` appear in column c. */
function rowsAt(p: Parsed, c: number, glyphs: string[]): number[] {
  const out: number[] = [];
  p.rows.forEach((row, i) => {
    if (glyphs.includes(row[c] ?? ' ')) out.push(p.rows.length - 1 - i);
  });
  return out.sort((a, b) => a - b);
}

test('compactNumber and compactLr give the short forms used on the axes and in the legend', () => {
  assert.equal(compactNumber(600_000), '600k');
  assert.equal(compactNumber(300_000), '300k');
  assert.equal(compactNumber(1_500_000), '1.5M');
  assert.equal(compactNumber(1_200_000), '1.2M');
  assert.equal(compactNumber(476_838), '476.8k');
  assert.equal(compactNumber(135), '135');
  assert.equal(compactNumber(0), '0');
  assert.equal(compactNumber(999_999), '1M');
  assert.equal(compactLr(0.003), '3e-3');
  assert.equal(compactLr(0.0006), '6e-4');
  assert.equal(compactLr(0.00015), '1.5e-4');
  assert.equal(compactLr(0), '0');
  assert.equal(compactLr(1), '1');
});

test('SmolLM head: flat zero line across the right half, connected decay, visible end', () => {
  const p = parse(renderChart([head], markers, { totalSteps: TOTAL }));
  assert.equal(p.rows.length, HEIGHT);
  for (const row of p.rows) assert.equal(row.length, WIDTH);
  const bottom = p.rows[HEIGHT - 1]!;
  const top = p.rows[0]!;
  // LR is 0 from 300k to 600k: every column from there on has the glyph on the zero row only.
  for (let c = columnOf(300_001); c < WIDTH; c++) {
    assert.equal(bottom[c], '█', `column ${c} bottom`);
    assert.deepEqual(rowsAt(p, c, ['█']), [0], `column ${c} only on the zero row`);
  }
  assert.equal(bottom[WIDTH - 1], '█', 'end of training is visible at LR 0');
  // The flat peak sits on the top row.
  for (let c = 1; c < columnOf(250_000); c++) assert.equal(top[c], '█', `column ${c} top`);
  // The decay from 250k to 300k goes from the top row to the bottom row with no gaps:
  // each column is one contiguous run and neighbouring runs touch or overlap.
  const decayCols: number[] = [];
  for (let c = columnOf(250_000); c <= columnOf(300_000); c++) decayCols.push(c);
  const covered = new Set<number>();
  let prev: number[] | undefined;
  for (const c of decayCols) {
    const rs = rowsAt(p, c, ['█']);
    assert.ok(rs.length > 0, `column ${c} drawn`);
    assert.equal(rs[rs.length - 1]! - rs[0]! + 1, rs.length, `column ${c} contiguous: ${rs}`);
    if (prev) assert.ok(rs[rs.length - 1]! >= prev[0]! - 1, `column ${c} connects to the previous one`);
    rs.forEach((r) => covered.add(r));
    prev = rs;
  }
  for (let r = 0; r < HEIGHT; r++) assert.ok(covered.has(r), `decay passes row ${r}`);
  assert.ok(decayCols.some((c) => rowsAt(p, c, ['█']).length > 1), 'a vertical run, not single points');
});

test('a sudden drop to 0 and a restart are drawn as full vertical lines', () => {
  const samples: Array<[number, number]> = [
    [0, 1e-3], [499, 1e-3], [500, 0], [699, 0], [700, 1e-3], [999, 1e-3],
  ];
  const p = parse(renderChart([{ label: 'lr', glyph: '#', samples }], [], { totalSteps: 1000, width: 50, height: 6 }));
  const all = [0, 1, 2, 3, 4, 5];
  assert.deepEqual(rowsAt(p, columnOf(500, 1000, 50), ['#']), all, 'drop column');
  assert.deepEqual(rowsAt(p, columnOf(700, 1000, 50), ['#']), all, 'restart column');
  assert.deepEqual(rowsAt(p, columnOf(600, 1000, 50), ['#']), [0], 'LR 0 in between on the zero row');
});

test('two series: both-glyph where they overlap, own glyphs elsewhere, legend names both', () => {
  const chart = renderChart([head, base], markers, { totalSteps: TOTAL });
  const p = parse(chart);
  // Both flat at the peak until 250k.
  assert.equal(p.rows[0]![10], '▓');
  // At 400k the PR is at 0 and the base still at the peak.
  const c = columnOf(400_000);
  assert.equal(p.rows[0]![c], '·');
  assert.equal(p.rows[HEIGHT - 1]![c], '█');
  // At the very end both are (about) 0.
  assert.equal(p.rows[HEIGHT - 1]![WIDTH - 1], '▓');
  for (const s of ['█ this PR', '· base', '▓ both', 'D decay start (250k)', '| end of training (600k)']) {
    assert.ok(p.legend.includes(s), `legend has ${s}`);
  }
  // A custom both-glyph is honoured; a single series never shows it.
  assert.ok(renderChart([head, base], [], { totalSteps: TOTAL, bothGlyph: '%' }).includes('%'));
  const single = renderChart([head], [], { totalSteps: TOTAL });
  assert.ok(!single.includes('▓'));
  assert.ok(!single.includes('both'));
});

test('markers sit in the marker row at their columns; clashes move to the next free column', () => {
  const p = parse(renderChart([head], markers, { totalSteps: TOTAL }));
  assert.equal(p.markerRow[columnOf(250_000)], 'D');
  assert.equal(p.markerRow[columnOf(300_000)], 'E');
  assert.equal(p.markerRow[WIDTH - 1], '|', 'end of training in the last column');
  const clash = parse(renderChart([head], [
    { step: 2500, letter: 'W', label: 'warmup end' },
    { step: 3000, letter: 'X', label: 'other' },
  ], { totalSteps: TOTAL }));
  assert.equal(clash.markerRow[0], 'W');
  assert.equal(clash.markerRow[1], 'X');
});

test('axes: y labels top/middle/bottom in one gutter, x labels 0 / middle / total', () => {
  const p = parse(renderChart([head, base], markers, { totalSteps: TOTAL }));
  const plot = p.lines.filter((l) => l.includes('┤'));
  assert.match(plot[0]!, /^ *3e-3 ┤/);
  assert.match(plot[HEIGHT - 1]!, /^ *0 ┤/);
  assert.equal(plot.filter((l) => /^ *\S+ ┤/.test(l)).length, 3, 'three labelled rows');
  const gutter = plot[0]!.indexOf('┤');
  for (const l of p.lines.slice(0, HEIGHT)) assert.equal(l.indexOf('┤'), gutter);
  assert.match(p.xLabelRow, /^ +0 +300k +600k$/);
  assert.equal(p.xLabelRow.length, gutter + 1 + WIDTH, '600k ends at the last column');
});

test('monospace-safe: no tabs, no trailing spaces, allowed characters only, equal plot widths', () => {
  const chart = renderChart([head, base], markers, { totalSteps: TOTAL });
  const allowed = /^[\x20-\x7e┤└─│█·▓]*$/;
  for (const line of chart.split('\n')) {
    assert.equal(line, line.trimEnd(), `trailing space in ${JSON.stringify(line)}`);
    assert.ok(allowed.test(line), `unexpected character in ${JSON.stringify(line)}`);
  }
  const plotArea = chart.split('\n').filter((l) => l.includes('┤') || l.includes('└'));
  const widths = new Set(plotArea.map((l) => [...l].length));
  assert.equal(widths.size, 1, `plot widths ${[...widths]}`);
  // Labels from configs cannot break lines or smuggle in tabs.
  const odd = renderChart([{ label: 'a\nb\tc', glyph: '', samples: [[0, 1]] }], [], { totalSteps: 1 });
  assert.ok(!odd.includes('\t'));
  assert.ok(odd.includes('a b c'));
});

test('the legend wraps at about 100 characters', () => {
  const many = Array.from({ length: 8 }, (_, i) => ({ step: i * 1000, letter: String.fromCharCode(65 + i), label: `a fairly long marker label ${i}` }));
  const p = parse(renderChart([head, base], many, { totalSteps: TOTAL }));
  const legendLines = p.legend.split('\n');
  assert.ok(legendLines.length > 1);
  for (const l of legendLines) assert.ok(l.length <= 100, l);
  for (const m of many) assert.ok(p.legend.includes(`${m.letter} ${m.label}`));
});

test('degenerate inputs do not throw and still draw something sensible', () => {
  const lr = (samples: Array<[number, number]>): ChartSeries[] => [{ label: 'lr', glyph: '*', samples }];
  for (const totalSteps of [0, 1, NaN, -5]) {
    assert.doesNotThrow(() => renderChart(lr([[0, 1e-3]]), [{ step: 0, letter: '|', label: 'end' }], { totalSteps }));
  }
  assert.doesNotThrow(() => renderChart(lr([]), [], { totalSteps: 100 }));
  assert.doesNotThrow(() => renderChart([], [], { totalSteps: 100 }));
  // All-zero LR: everything on the bottom row, labelled 0.
  const zero = parse(renderChart(lr([[0, 0], [99, 0]]), [], { totalSteps: 100, width: 20 }));
  assert.deepEqual(zero.rows[zero.rows.length - 1], Array(20).fill('*'));
  for (const row of zero.rows.slice(0, -1)) assert.ok(row.every((ch) => ch === ' '));
  assert.match(zero.lines[zero.rows.length - 1]!, /^0 ┤/);
  // NaN / Infinity samples are skipped: same picture as without them.
  const clean: Array<[number, number]> = [[0, 1e-3], [50, 5e-4], [99, 0]];
  const dirty: Array<[number, number]> = [[0, 1e-3], [10, NaN], [20, Infinity], [NaN, 1], [50, 5e-4], [99, 0]];
  assert.equal(renderChart(lr(dirty), [], { totalSteps: 100 }), renderChart(lr(clean), [], { totalSteps: 100 }));
  // Tiny sizes are clamped to 10 columns and 3 rows.
  const tiny = parse(renderChart(lr(clean), [], { totalSteps: 100, width: 3, height: 1 }));
  assert.equal(tiny.rows.length, 3);
  assert.equal(tiny.rows[0]!.length, 10);
  // More columns than steps: each step spans several columns, the curve fills the width.
  const wide = parse(renderChart(lr([[0, 1e-3], [1, 1e-3], [2, 0]]), [], { totalSteps: 3, width: 30, height: 3 }));
  // Steps 0 and 1 (10 columns each) at the peak, plus the first column of step 2 where it drops.
  assert.equal(wide.rows[0]!.filter((ch) => ch === '*').length, 21);
  assert.deepEqual(wide.rows.map((row) => row[20]), ['*', '*', '*'], 'the drop is one vertical line');
  assert.deepEqual(wide.rows.map((row) => row[21]), [' ', ' ', '*'], '...drawn once, not repeated');
  assert.equal(wide.rows[2]![29], '*', 'the last step is drawn on the zero row');
});

test('an epoch axis: labels in epochs with the unit on the total, a tick at each epoch boundary while they stay readable', () => {
  const perEpoch = 1000;
  const samples: Array<[number, number]> = [];
  for (let s = 0; s < 3 * perEpoch; s += 10) samples.push([s, 1e-4 * (1 - s / (3 * perEpoch))]);
  const chart = renderChart([{ label: 'LR', glyph: '█', samples }], [], { totalSteps: 3 * perEpoch, width: WIDTH, height: HEIGHT, epochLength: perEpoch });
  const lines = chart.split('\n');
  const axis = lines.find((l) => l.includes('└'))!;
  const ticks = [...axis].map((c, i) => (c === '┴' ? i : -1)).filter((i) => i >= 0);
  const plotStart = axis.indexOf('└') + 1;
  // Epoch boundaries at steps 1000 and 2000: the columns covering them in a 64-column plot of 3000 steps.
  assert.deepEqual(ticks.map((i) => i - plotStart), [Math.floor(((1000 + 1) * WIDTH - 1) / 3000), Math.floor(((2000 + 1) * WIDTH - 1) / 3000)]);
  const xLabels = lines[lines.indexOf(axis) + 1]!.trim().split(/\s{2,}/);
  assert.deepEqual(xLabels, ['0', '1.5', '3 epochs']);
  // Forty epochs in 64 columns would be a comb: no ticks, still labelled in epochs.
  const many = renderChart([{ label: 'LR', glyph: '█', samples }], [], { totalSteps: 40 * perEpoch, width: WIDTH, height: HEIGHT, epochLength: perEpoch });
  assert.ok(!many.includes('┴'));
  assert.match(many, /\n\s+0\s+20\s+40 epochs\n/);
  // One epoch: singular.
  assert.match(renderChart([{ label: 'LR', glyph: '█', samples }], [], { totalSteps: perEpoch, width: WIDTH, epochLength: perEpoch }), / 1 epoch\n/);
});

test('values below zero: rows of their own under a 0 line, the lowest labelled; without negatives no 0 line', () => {
  // Linear from 1e-3 down through 0 at step 600 to -5e-4 at step 899.
  const samples: Array<[number, number]> = [];
  for (let s = 0; s < 900; s += 10) samples.push([s, 1e-3 * (1 - s / 600)]);
  samples.push([899, 1e-3 * (1 - 899 / 600)]);
  const chart = renderChart([{ label: 'lr', glyph: '#', samples }], [], { totalSteps: 900, width: 60, height: 10, notes: ['300 steps at LR ≤ 0'] });
  const plot = chart.split('\n').filter((l) => /[┤┼]/.test(l));
  assert.equal(plot.length, 10);
  const zero = plot.findIndex((l) => /^ *0 ┼/.test(l));
  assert.ok(zero > 0 && zero < 9, chart);
  assert.match(plot[9]!, /^ *-5e-4 ┤/, 'the lowest row carries the lowest LR');
  assert.match(plot[0]!, /^ *1e-3 ┤#/);
  // The 0 line is drawn where the curve is not, and the curve passes under it at the right end.
  assert.ok(plot[zero]!.includes('╌'));
  assert.ok(plot.slice(zero + 1).every((l) => l.includes('#')));
  assert.ok(plot[9]!.trimEnd().endsWith('#│'), 'the last step is on the lowest row');
  assert.match(chart, /300 steps at LR ≤ 0/, 'a note in the legend');
  // A curve that stays at or above 0 keeps 0 on the bottom row with no 0 line.
  const plain = renderChart([{ label: 'lr', glyph: '#', samples: [[0, 1e-3], [899, 0]] }], [], { totalSteps: 900 });
  assert.ok(!plain.includes('┼') && !plain.includes('╌'));
});

test('a y range to cover: charts drawn apart keep one LR scale', () => {
  const chart = renderChart([{ label: 'lr', glyph: '#', samples: [[0, 1e-4], [39, 1e-4]] }], [], { totalSteps: 40, width: 20, height: 5, yMax: 3e-4 });
  const plot = chart.split('\n').filter((l) => l.includes('┤'));
  assert.match(plot[0]!, /^ *3e-4 ┤ +│$/, 'the top row is the shared peak, empty');
  assert.ok(plot.some((l) => l.includes('#')));
});
