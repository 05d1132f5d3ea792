// pydantic v2's lax-mode coercions of a Python value to a field's type, for the types a config schema declares
// (pydantic-core src/input/shared.rs str_as_bool, int_as_bool, str_as_int with clean_int_str, str_as_float,
// float_as_int; input_python.rs validate_int / validate_float / validate_bool; the documented conversion table,
// https://docs.pydantic.dev/latest/concepts/conversion_table/). A union (`int | None`) first takes a value that already
// has one of its types (smart mode), then the first member that converts it. What pydantic refuses is left as it is,
// so the schema check reports it.

/** JSON Schema type names of the field; `int` replaces `number` where the schema keeps `number` for its own messages. */
export type FieldTypes = readonly string[];

const NO = /^(?:0|f|n|no|off|false)$/i;
const YES = /^(?:1|t|y|on|yes|true)$/i;

/** The value pydantic gives the field, or `undefined` when it refuses it (a ValidationError at launch). */
export function pydanticLax(value: unknown, types: FieldTypes): unknown {
  if (exactMatch(value, types)) return value;
  for (const type of types) {
    const converted = laxAs(value, type);
    if (converted !== undefined) return converted;
  }
  return undefined;
}

function exactMatch(value: unknown, types: FieldTypes): boolean {
  if (value === null) return types.includes('null');
  switch (typeof value) {
    case 'boolean':
      return types.includes('boolean');
    case 'number':
      return types.includes('number') || (types.includes('integer') && Number.isInteger(value));
    case 'string':
      return types.includes('string');
    case 'object':
      return Array.isArray(value) ? types.includes('array') : types.includes('object');
    default:
      return false;
  }
}

function laxAs(value: unknown, type: string): unknown {
  switch (type) {
    case 'integer':
      if (typeof value === 'boolean') return value ? 1 : 0;
      if (typeof value === 'number') return floatAsInt(value);
      if (typeof value === 'string') return strAsInt(value);
      return undefined;
    case 'number':
      if (typeof value === 'boolean') return value ? 1 : 0;
      if (typeof value === 'string') return strAsFloat(value);
      return undefined;
    case 'boolean':
      if (typeof value === 'number') return value === 0 ? false : value === 1 ? true : undefined;
      if (typeof value === 'string') return NO.test(value) ? false : YES.test(value) ? true : undefined;
      return undefined;
    default:
      return undefined;
  }
}

/** float_as_int: a finite float with no fractional part. */
function floatAsInt(value: number): number | undefined {
  return Number.isFinite(value) && value % 1 === 0 ? value : undefined;
}

/** str_as_int: digits with an optional sign, after trimming whitespace, dropping `.000` and single underscores. */
function strAsInt(text: string): number | undefined {
  let s = text.trim();
  const decimal = s.indexOf('.');
  if (decimal >= 0 && decimal < s.length - 1 && /^0+$/.test(s.slice(decimal + 1))) s = s.slice(0, decimal);
  const digits = s.replace(/^[-+]/, '');
  if (!/^[0-9]+(?:_[0-9]+)*$/.test(digits)) return undefined;
  const value = Number(s.replace(/_/g, ''));
  return Number.isSafeInteger(value) ? value : undefined;
}

/** str_as_float: Rust's f64 syntax (`1e-5`, `.5`, `5.`, `inf`, `nan`), after trimming, or with single underscores. */
function strAsFloat(text: string): number | undefined {
  const s = text.trim();
  for (const candidate of [s, /^[^_].*[^_]$/.test(s) && !s.includes('__') ? s.replace(/_/g, '') : '']) {
    if (/^[-+]?(?:inf|infinity)$/i.test(candidate)) return candidate.startsWith('-') ? -Infinity : Infinity;
    if (/^[-+]?nan$/i.test(candidate)) return NaN;
    if (/^[-+]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][-+]?[0-9]+)?$/.test(candidate)) return Number(candidate);
  }
  return undefined;
}
