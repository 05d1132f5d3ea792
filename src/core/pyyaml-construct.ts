// What PyYAML's SafeConstructor makes of a scalar written with an explicit core tag (`!!float 1`, `!!int 017`,
// `!!bool yes`), which differs from YAML 1.2 and can raise (PyYAML 6.0.x yaml/constructor.py construct_yaml_int,
// construct_yaml_float, construct_yaml_bool, construct_yaml_null, construct_yaml_str). OmegaConf's loader is a
// SafeLoader too, so the same holds there. `!!float 3e-4` is the usual way to make PyYAML read a float, so its value
// must be PyYAML's: float() of the text after `_` is removed, where YAML 1.2 readers may keep `!!float 1` a string.
import { pythonFloat, pythonInt } from './python-numbers.ts';

export type Constructed = { value: string | number | boolean | null } | { error: string };

/** The prefix of YAML's core tags as the `yaml` package writes them (`!!float` is `tag:yaml.org,2002:float`). */
export const CORE_TAG = 'tag:yaml.org,2002:';

/** The tags this covers; other tags are left to the reader (and unknown ones are refused elsewhere). */
export function isCoreScalarTag(tag: string | undefined): boolean {
  return tag === `${CORE_TAG}float` || tag === `${CORE_TAG}int` || tag === `${CORE_TAG}bool` || tag === `${CORE_TAG}null` || tag === `${CORE_TAG}str`;
}

/** Python's float() of `text`, or null where it raises (pythonFloat gives NaN for both `nan` and a refusal). */
function pyFloatOrNull(text: string): number | null {
  const value = pythonFloat(text);
  return Number.isNaN(value) && !/^\s*[-+]?nan\s*$/i.test(text) ? null : value;
}

/** Python's int(text, base) for bases 2, 8 and 16 (a matching 0b / 0o / 0x prefix is allowed), or null where it raises. */
function pyIntBase(text: string, base: 2 | 8 | 16): number | null {
  const t = text.trim().replace(base === 2 ? /^0b/i : base === 8 ? /^0o/i : /^0x/i, '');
  const digits = base === 2 ? /^[01]+$/ : base === 8 ? /^[0-7]+$/ : /^[0-9a-f]+$/i;
  return digits.test(t) ? parseInt(t, base) : null;
}

function sexagesimal(parts: Array<number | null>): number | null {
  let value = 0;
  let base = 1;
  for (const digit of [...parts].reverse()) {
    if (digit === null) return null;
    value += digit * base;
    base *= 60;
  }
  return value;
}

/** The value PyYAML constructs for `source` (the scalar's text) under `tag`, or the error it raises. */
export function constructTagged(tag: string, source: string): Constructed {
  const kind = tag.slice(CORE_TAG.length);
  if (kind === 'str') return { value: source };
  if (kind === 'null') return { value: null };
  if (kind === 'bool') {
    const known: Record<string, boolean> = { yes: true, no: false, true: true, false: false, on: true, off: false };
    const value = known[source.toLowerCase()];
    return value === undefined ? { error: `!!bool ${source}: PyYAML knows yes/no, true/false and on/off only (KeyError)` } : { value };
  }
  let text = kind === 'float' ? source.replace(/_/g, '').toLowerCase() : source.replace(/_/g, '');
  if (text === '') return { error: `!!${kind} with an empty value: PyYAML's constructor reads its first character (IndexError)` };
  let sign = 1;
  if (text[0] === '-') sign = -1;
  if (text[0] === '-' || text[0] === '+') text = text.slice(1);
  if (kind === 'float') {
    if (text === '.inf') return { value: sign * Infinity };
    if (text === '.nan') return { value: NaN };
    const value = text.includes(':') ? sexagesimal(text.split(':').map(pyFloatOrNull)) : pyFloatOrNull(text);
    return value === null ? { error: `!!float ${source}: Python's float() cannot read ${JSON.stringify(text)} (ValueError)` } : { value: sign * value };
  }
  if (kind === 'int') {
    let value: number | null;
    if (text === '0') value = 0;
    else if (text.startsWith('0b')) value = pyIntBase(text.slice(2), 2);
    else if (text.startsWith('0x')) value = pyIntBase(text.slice(2), 16);
    else if (text[0] === '0') value = pyIntBase(text, 8);
    else if (text.includes(':')) value = sexagesimal(text.split(':').map((part) => (Number.isNaN(pythonInt(part)) ? null : pythonInt(part))));
    else value = Number.isNaN(pythonInt(text)) ? null : pythonInt(text);
    return value === null ? { error: `!!int ${source}: Python's int() cannot read ${JSON.stringify(text)} in the base PyYAML picks for it (ValueError)` } : { value: sign * value };
  }
  return { value: source };
}
