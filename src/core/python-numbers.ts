// Python's numbers where they differ from JavaScript's: float(str) and int(str) as argparse `type=float`/`type=int`
// and OLMo's max_duration parsing apply them to text (NaN where Python raises), round(), float % and bisect_right,
// which frameworks' schedulers use.

/** Python's float(str): surrounding whitespace, `_` between digits, inf/infinity/nan; NaN when float() raises. */
export function pythonFloat(text: string): number {
  const t = text.trim();
  const digits = '\\d+(?:_\\d+)*';
  const number = new RegExp(`^[-+]?(?:${digits}(?:\\.(?:${digits})?)?|\\.${digits})(?:[eE][-+]?${digits})?$`);
  if (number.test(t)) return Number(t.replace(/_/g, ''));
  const special = /^([-+]?)(inf|infinity|nan)$/i.exec(t);
  if (special) return special[2]!.toLowerCase() === 'nan' ? NaN : special[1] === '-' ? -Infinity : Infinity;
  return NaN;
}

/** Python's int(str) for a decimal string: whitespace, sign and `_` between digits; NaN when int() raises. */
export function pythonInt(text: string): number {
  const t = text.trim();
  return /^[-+]?\d+(?:_\d+)*$/.test(t) ? Number(t.replace(/_/g, '')) : NaN;
}

/** Python 3's round(x) to an integer: to the nearest, halves to the even neighbour (on the exact binary value). */
export function roundHalfEven(x: number): number {
  const floor = Math.floor(x);
  const diff = x - floor;
  if (diff > 0.5) return floor + 1;
  if (diff < 0.5) return floor;
  return floor % 2 === 0 ? floor : floor + 1;
}

/** Python's float `a % b`: the result takes the divisor's sign. */
export function pythonMod(a: number, b: number): number {
  const r = a % b;
  return r !== 0 && r < 0 !== b < 0 ? r + b : r;
}

/** Python's bisect.bisect_left on a sorted list: how many items are < x. */
export function bisectLeft(sorted: readonly number[], x: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid]! < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Python's bisect.bisect_right on a sorted list: how many items are <= x. */
export function bisectRight(sorted: readonly number[], x: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (x < sorted[mid]!) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}
