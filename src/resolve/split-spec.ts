// A `split=` string as `datasets` reads it: split names joined by `+`, each with an optional slice `[from:to]` in rows
// or in percents, and an optional rounding `(closest)` / `(pct1_dropremainder)` for percent slices.
// huggingface/datasets src/datasets/arrow_reader.py @e80b7949 (ReadInstruction.from_spec, _str_to_read_instruction,
// _rel_to_abs_instr, make_file_instructions):
//   - the parts are split at `\s*\+\s*`; a part is `name[from:to](rounding)` with name `\w+(\.\w+)*` (naming.py
//     _split_re) and integer bounds, `%` on either bound making both percents; a rounding on a row slice, or a percent
//     bound beyond +-100, raises;
//   - percent bounds become rows with the default "closest" rounding int(round(b x n / 100)) (Python round: half to
//     even), or with pct1_dropremainder b x trunc(n / 100) (raising below 100 rows);
//   - a negative bound counts from the end, max(n + b, 0); both bounds are then capped at n (no error since the slice
//     bounds were relaxed; older releases raised on a bound beyond the split);
//   - percent parts added with different roundings raise (ReadInstruction.__add__);
//   - the rows of the parts are added (the same split may appear twice); a spec that reads no row raises
//     "corresponds to no data".
export interface SplitPart {
  split: string;
  from?: number;
  to?: number;
  unit: 'abs' | '%';
  rounding: 'closest' | 'pct1_dropremainder';
}

const PART = /^(?<split>[\p{L}\p{N}_]+(?:\.[\p{L}\p{N}_]+)*)(?:\[(?:(?<from>-?\d+)(?<fromPct>%)?)?:(?:(?<to>-?\d+)(?<toPct>%)?)?\])?(?:\((?<rounding>[^)]*)\))?$/u;

/** The parts of a split spec, or why `datasets` rejects it. */
export function parseSplitSpec(spec: string): { ok: true; parts: SplitPart[] } | { ok: false; why: string } {
  const parts: SplitPart[] = [];
  for (const sub of spec.split(/\s*\+\s*/)) {
    const m = PART.exec(sub);
    if (!m?.groups) return { ok: false, why: `split "${spec}" is not a split spec datasets reads ("${sub}": Unrecognized instruction format)` };
    const g = m.groups;
    const unit = g.fromPct || g.toPct ? '%' : 'abs';
    const rounding = g.rounding;
    if (rounding !== undefined && unit !== '%') return { ok: false, why: `split "${spec}": a rounding is allowed only on a percent slice (datasets raises)` };
    if (rounding !== undefined && rounding !== 'closest' && rounding !== 'pct1_dropremainder') return { ok: false, why: `split "${spec}": rounding must be closest or pct1_dropremainder (datasets raises)` };
    const from = g.from !== undefined ? Number(g.from) : undefined;
    const to = g.to !== undefined ? Number(g.to) : undefined;
    if (unit === '%' && ((from !== undefined && Math.abs(from) > 100) || (to !== undefined && Math.abs(to) > 100))) return { ok: false, why: `split "${spec}": percent slice bounds must lie within -100 and 100 (datasets raises)` };
    const first = parts[0];
    // ReadInstruction.__add__: percent parts summed with different roundings raise.
    if (first && first.unit === '%' && unit === '%' && first.rounding !== (rounding ?? 'closest')) return { ok: false, why: `split "${spec}": percent slices with different roundings cannot be added (datasets raises)` };
    parts.push({ split: g.split!, ...(from !== undefined ? { from } : {}), ...(to !== undefined ? { to } : {}), unit, rounding: (rounding as SplitPart['rounding'] | undefined) ?? 'closest' });
  }
  return { ok: true, parts };
}

/** The split names a spec reads, each once, in order (a reader needs each one's row count). */
export function splitNames(parts: readonly SplitPart[]): string[] {
  return [...new Set(parts.map((p) => p.split))];
}

/** Python's round() of a float: to the nearest integer, ties to even. */
function roundHalfEven(x: number): number {
  const f = Math.floor(x);
  const d = x - f;
  if (d > 0.5) return f + 1;
  if (d < 0.5) return f;
  return f % 2 === 0 ? f : f + 1;
}

function boundRows(bound: number, n: number, part: SplitPart): number {
  if (part.unit === 'abs') return bound;
  // The same float arithmetic as datasets: the integer product, then a true division by 100.0.
  return part.rounding === 'closest' ? roundHalfEven((bound * n) / 100) : bound * Math.trunc(n / 100);
}

function sliceText(part: SplitPart): string {
  if (part.from === undefined && part.to === undefined) return part.split;
  const u = part.unit === '%' ? '%' : '';
  return `${part.split}[${part.from !== undefined ? `${part.from}${u}` : ''}:${part.to !== undefined ? `${part.to}${u}` : ''}]`;
}

/**
 * The rows a parsed spec reads, given each split's row count (`rows` holds every name of splitNames), with how they
 * were counted; or why the spec gives no count.
 */
export function rowsOfSplitSpec(spec: string, parts: readonly SplitPart[], rows: ReadonlyMap<string, number>): { ok: true; rows: number; how: string } | { ok: false; why: string } {
  let total = 0;
  const steps: string[] = [];
  for (const part of parts) {
    const n = rows.get(part.split);
    if (n === undefined) return { ok: false, why: `split ${part.split} has no known row count` };
    if (part.unit === '%' && part.rounding === 'pct1_dropremainder' && n < 100) return { ok: false, why: `split "${spec}": pct1_dropremainder on a split of ${n} rows (under 100) makes datasets raise` };
    let from = part.from === undefined ? 0 : boundRows(part.from, n, part);
    let to = part.to === undefined ? n : boundRows(part.to, n, part);
    if (from < 0) from = Math.max(n + from, 0);
    if (to < 0) to = Math.max(n + to, 0);
    from = Math.min(from, n);
    to = Math.min(to, n);
    if (to < from) return { ok: false, why: `split "${spec}": ${sliceText(part)} starts after it ends (row ${from} to ${to} of ${n}); trainlint does not count it` };
    total += to - from;
    steps.push(part.from === undefined && part.to === undefined ? `${part.split} ${n}` : `${sliceText(part)} of ${n} -> rows ${from}:${to} = ${to - from}`);
  }
  if (total === 0) return { ok: false, why: `split "${spec}" reads no row (datasets raises "corresponds to no data")` };
  const rounding = parts.some((p) => p.unit === '%' && p.rounding === 'closest') ? ' (percents rounded to the closest row, ties to even)' : '';
  return { ok: true, rows: total, how: parts.length === 1 ? `${steps[0]}${rounding}` : `${steps.join(' + ')} = ${total}${rounding}` };
}

/** Whether a split value is a plain split name (no slice, no `+`): what a reader could count before slices were read. */
export function isPlainSplit(spec: string): boolean {
  return /^[\p{L}\p{N}_]+(?:\.[\p{L}\p{N}_]+)*$/u.test(spec);
}

export type SplitRows = { ok: true; rows: number; how: string } | { ok: false; why: string };

/**
 * The rows `split=spec` reads, counting each split it names with `count` (a plain name goes straight to `count`, so
 * its wording is unchanged); `ok: false` with an empty `why` passes a reader's silence on.
 */
export function readSplitSpec(spec: string, count: (split: string) => SplitRows): SplitRows {
  if (isPlainSplit(spec)) return count(spec);
  const parsed = parseSplitSpec(spec);
  if (!parsed.ok) return parsed;
  const rows = new Map<string, number>();
  const hows: string[] = [];
  for (const name of splitNames(parsed.parts)) {
    const one = count(name);
    if (!one.ok) return one;
    rows.set(name, one.rows);
    hows.push(one.how);
  }
  const read = rowsOfSplitSpec(spec, parsed.parts, rows);
  if (!read.ok) return read;
  return { ok: true, rows: read.rows, how: `${hows.join('; ')}; split "${spec}": ${read.how}` };
}
