// Draws learning-rate curves as monospace text for a PR comment's ``` block.
// Pure: no fs, env or network. Only box-drawing chars (┤ └ ─ ┴ │), the caller's
// glyphs and printable ASCII, so it lines up in any monospace font.

export interface ChartSeries {
  label: string;
  glyph: string;
  /** (step, lr) points, sorted by step; monotone between consecutive samples. */
  samples: Array<[number, number]>;
}

export interface ChartMarker {
  step: number;
  letter: string;
  label: string;
}

export interface ChartOptions {
  /** Plot columns, default 64 (minimum 10). */
  width?: number;
  /** Plot rows, default 10 (minimum 3). */
  height?: number;
  totalSteps: number;
  /** Drawn where two series share a cell, default '▓'. */
  bothGlyph?: string;
  /** Steps per epoch: when set, the x axis reads in epochs and each epoch boundary gets a tick. */
  epochLength?: number;
  /** A y range to cover at least (charts drawn side by side on one scale); the data widens it. */
  yMax?: number;
  yMin?: number;
  /** Extra legend items, after the markers (e.g. how many steps run at LR <= 0). */
  notes?: string[];
}

const LEGEND_WRAP = 100;
/** The 0 line of a chart with values below 0. */
const ZERO_LINE = '╌';
const LEGEND_SEP = '   ';

/** Steps in compact form: 600000 -> "600k", 1500000 -> "1.5M", 135 -> "135". */
export function compactNumber(n: number): string {
  if (!Number.isFinite(n)) return Number.isNaN(n) ? 'nan' : n > 0 ? 'inf' : '-inf';
  const round1 = (x: number): number => Math.round(x * 10) / 10;
  const units = ['', 'k', 'M', 'B', 'T'];
  let v = Math.abs(n);
  let i = 0;
  // Re-check after rounding so 999999 becomes "1M", not "1000k".
  while (i < units.length - 1 && round1(v) >= 1000) {
    v /= 1000;
    i++;
  }
  return `${n < 0 ? '-' : ''}${round1(v)}${units[i]}`;
}

/** LR in compact form: 0.003 -> "3e-3", 0.00015 -> "1.5e-4", 0 -> "0", 1 -> "1". */
export function compactLr(x: number): string {
  if (x === 0) return '0';
  if (!Number.isFinite(x)) return Number.isNaN(x) ? 'nan' : x > 0 ? 'inf' : '-inf';
  const sign = x < 0 ? '-' : '';
  const a = Math.abs(x);
  const [mant = '', exp = '0'] = a.toExponential(1).split('e');
  const m = mant.replace(/\.0$/, '');
  const e = Number(exp);
  const expForm = e === 0 ? m : `${m}e${e}`;
  const plain = String(Number(a.toPrecision(2)));
  // Whichever is shorter; ties go to e-notation, the usual way to write LRs.
  return sign + (plain.length < expForm.length ? plain : expForm);
}

/** First code point only, so one glyph always takes exactly one column. */
function oneChar(s: string, fallback: string): string {
  const c = [...clean(s)][0];
  return c === undefined || c === ' ' ? fallback : c;
}

/** Labels go inside a code block: no tabs, newlines or control characters. */
function clean(s: string): string {
  return String(s).replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g, ' ').replace(/\s+/g, ' ').trim();
}

function clampInt(v: number | undefined, def: number, min: number, max: number): number {
  const n = v === undefined || !Number.isFinite(v) ? def : Math.floor(v);
  return Math.min(max, Math.max(min, n));
}

/** Linear interpolation between the samples around `step`; undefined outside them. */
function valueAt(pts: Array<[number, number]>, step: number): number | undefined {
  const first = pts[0];
  const last = pts[pts.length - 1];
  if (!first || !last || step < first[0] || step > last[0]) return undefined;
  let lo = 0;
  let hi = pts.length - 1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (pts[mid]![0] <= step) lo = mid;
    else hi = mid;
  }
  const [s0, v0] = pts[lo]!;
  const [s1, v1] = pts[hi]!;
  if (step === s0 || s1 === s0) return v0;
  if (step === s1) return v1;
  return v0 + ((v1 - v0) * (step - s0)) / (s1 - s0);
}

export function renderChart(series: ChartSeries[], markers: ChartMarker[], options: ChartOptions): string {
  const width = clampInt(options.width, 64, 10, 500);
  const height = clampInt(options.height, 10, 3, 100);
  const total = Number.isFinite(options.totalSteps) ? Math.max(0, Math.floor(options.totalSteps)) : 0;
  const span = Math.max(1, total); // steps mapped onto the x axis; at least step 0
  const both = oneChar(options.bothGlyph ?? '▓', '▓');

  // Column c covers steps [a, b); with more columns than steps several columns show one step.
  const colStart = (c: number): number => Math.floor((c * span) / width);
  const colEnd = (c: number): number => Math.max(colStart(c) + 1, Math.floor(((c + 1) * span) / width));
  // The last column whose range starts at or before `step` (inverse of colStart).
  const colOf = (step: number): number =>
    Math.min(width - 1, Math.max(0, Math.floor(((Math.floor(step) + 1) * width - 1) / span)));

  const cleanSeries = series.map((s) => ({
    label: clean(s.label),
    glyph: oneChar(s.glyph, '*'),
    pts: (s.samples ?? []).filter(([st, v]) => Number.isFinite(st) && Number.isFinite(v)),
  }));
  // A loop, not Math.max(...all): spreading a million samples overflows the stack.
  let maxLr = Number.isFinite(options.yMax) ? Math.max(0, options.yMax!) : 0;
  let minLr = Number.isFinite(options.yMin) ? Math.min(0, options.yMin!) : 0;
  for (const s of cleanSeries) {
    for (const [, v] of s.pts) {
      if (v > maxLr) maxLr = v;
      if (v < minLr) minLr = v;
    }
  }
  // LR below zero (a linear decay run past its horizon) gets rows of its own under a labelled 0 row, at least one, so
  // a negative LR never reads as a flat 0. Without negatives the 0 row is the bottom row.
  const zeroRow = minLr < 0 ? Math.min(height - 2, Math.max(1, Math.round((-minLr / (maxLr - minLr)) * (height - 1)))) : 0;
  const rowOf = (v: number): number => {
    if (v < 0) return Math.max(0, zeroRow - Math.max(1, Math.round((v / minLr) * zeroRow)));
    // All-zero curves sit on the 0 row rather than dividing by zero.
    if (maxLr <= 0) return zeroRow;
    const above = Math.round((v / maxLr) * (height - 1 - zeroRow));
    return Math.min(height - 1, zeroRow + (v > 0 ? above : 0));
  };

  // cover[row][col] = indexes of the series drawn in that cell (row 0 = bottom).
  const cover: number[][][] = Array.from({ length: height }, () => Array.from({ length: width }, () => []));
  cleanSeries.forEach((s, si) => {
    let i = 0;
    for (let c = 0; c < width; c++) {
      const a = colStart(c);
      const b = colEnd(c);
      // Carry the value at the previous column's last step so that steep segments
      // (a drop to 0, a restart) come out as one connected vertical run. When several
      // columns show one step, that is the step itself: only the first column draws the jump.
      let min = Infinity;
      let max = -Infinity;
      const see = (v: number | undefined): void => {
        if (v === undefined) return;
        min = Math.min(min, v);
        max = Math.max(max, v);
      };
      if (c > 0) see(valueAt(s.pts, colEnd(c - 1) - 1));
      see(valueAt(s.pts, b - 1)); // a column between two distant samples still gets drawn
      while (i < s.pts.length && s.pts[i]![0] < a) i++;
      for (let j = i; j < s.pts.length && s.pts[j]![0] < b; j++) see(s.pts[j]![1]);
      if (min > max) continue; // the series has no value in this column
      for (let r = rowOf(min); r <= rowOf(max); r++) cover[r]![c]!.push(si);
    }
  });

  // Y labels on the top, middle and 0 rows (and the bottom row when it is below 0), right-aligned in one gutter.
  const midRow = zeroRow + Math.round((height - 1 - zeroRow) / 2);
  const yLabel = (r: number): string => {
    if (r === zeroRow) return '0';
    if (r === 0 && minLr < 0) return compactLr(minLr);
    if (maxLr <= 0 || r < zeroRow) return '';
    if (r === height - 1 || (r === midRow && (zeroRow === 0 || height - 1 - zeroRow >= 4))) return compactLr((maxLr * (r - zeroRow)) / (height - 1 - zeroRow));
    return '';
  };
  const gutter = Math.max(...Array.from({ length: height }, (_, r) => yLabel(r).length));
  const indent = ' '.repeat(gutter + 2);

  const lines: string[] = [];
  for (let r = height - 1; r >= 0; r--) {
    const cells = cover[r]!.map((who) => {
      // The 0 line is drawn where no curve is, when there are values under it.
      if (who.length === 0) return r === zeroRow && minLr < 0 ? ZERO_LINE : ' ';
      const distinct = new Set(who);
      return distinct.size > 1 ? both : cleanSeries[who[0]!]!.glyph;
    });
    // The right border keeps every plot row the same width without trailing spaces.
    lines.push(`${yLabel(r).padStart(gutter)} ${r === zeroRow && minLr < 0 ? '┼' : '┤'}${cells.join('')}│`);
  }
  const perEpoch = options.epochLength !== undefined && Number.isFinite(options.epochLength) && options.epochLength > 0 ? options.epochLength : undefined;
  const axis = Array.from({ length: width + 1 }, () => '─');
  // Epoch boundaries as ticks, while they stay far enough apart to read (at most one every 5 columns).
  if (perEpoch !== undefined && total / perEpoch <= width / 5) {
    for (let e = 1; e * perEpoch < total; e++) axis[colOf(e * perEpoch)] = '┴';
  }
  lines.push(`${' '.repeat(gutter)} └${axis.join('')}`);

  // Marker row: sorted by step; a clash moves the later marker to the next free column.
  const markerCells: string[] = Array.from({ length: width }, () => ' ');
  const placeable = markers
    .map((m, k) => ({ m, k }))
    .filter(({ m }) => Number.isFinite(m.step))
    .sort((x, y) => x.m.step - y.m.step || x.k - y.k);
  for (const { m } of placeable) {
    const want = colOf(m.step);
    let col = -1;
    for (let d = 0; d < width && col < 0; d++) {
      if (want + d < width && markerCells[want + d] === ' ') col = want + d;
      else if (want - d >= 0 && markerCells[want - d] === ' ') col = want - d;
    }
    if (col >= 0) markerCells[col] = oneChar(m.letter, '?');
  }
  const markerRow = (indent + markerCells.join('')).trimEnd();
  if (markerRow.length > 0) lines.push(markerRow);

  // X labels: 0 at the left, the middle step centred, the total ending at the last column.
  const xCells: string[] = Array.from({ length: width }, () => ' ');
  const put = (text: string, start: number): void => {
    const s = Math.max(0, Math.min(width - text.length, start));
    // Skip a label that would overlap another (narrow charts, tiny step counts).
    for (let k = s - 1; k <= s + text.length; k++) if (k >= 0 && k < width && xCells[k] !== ' ') return;
    [...text].forEach((ch, k) => (xCells[s + k] = ch));
  };
  // In epochs, the total carries the unit: "0 ... 1.5 ... 3 epochs".
  const xText = (step: number): string => (perEpoch === undefined ? compactNumber(step) : compactNumber(step / perEpoch));
  const totalText = perEpoch === undefined ? xText(total) : `${xText(total)} epoch${total === perEpoch ? '' : 's'}`;
  put('0', 0);
  if (total > 0) put(totalText, width - totalText.length);
  const midStep = Math.floor(total / 2);
  if (midStep > 0) put(xText(midStep), colOf(midStep) - Math.floor(xText(midStep).length / 2));
  lines.push((indent + xCells.join('')).trimEnd());

  // Legend, wrapped at about LEGEND_WRAP characters.
  const items = cleanSeries.map((s) => `${s.glyph} ${s.label}`.trimEnd());
  if (cleanSeries.length === 2) items.push(`${both} both`);
  else if (cleanSeries.length > 2) items.push(`${both} overlap`);
  for (const m of markers) items.push(`${oneChar(m.letter, '?')} ${clean(m.label)}`.trimEnd());
  for (const note of options.notes ?? []) if (clean(note)) items.push(clean(note));
  let line = '';
  for (const item of items) {
    if (line && indent.length + line.length + LEGEND_SEP.length + item.length > LEGEND_WRAP) {
      lines.push(indent + line);
      line = item;
    } else line = line ? line + LEGEND_SEP + item : item;
  }
  if (line) lines.push(indent + line);

  return lines.map((l) => l.trimEnd()).join('\n');
}
