// Python's float(str) and int(str), as argparse `type=float`/`type=int` and OLMo's max_duration parsing
// apply them to text: NaN where Python raises.

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
