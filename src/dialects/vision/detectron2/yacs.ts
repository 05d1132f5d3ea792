// How yacs turns a value loaded from YAML into the value a detectron2 config key holds. Sources:
//   rbgirshick/yacs yacs/config.py @05247939 _merge_a_into_b / _decode_cfg_value / _check_and_coerce_cfg_value_type:
//   a string is passed through ast.literal_eval (so `1e-3`, which PyYAML leaves a string, becomes a float, and
//   `(30,)` a tuple); the result must then have exactly the default's type, except that any value becomes str for a
//   str default and a list and a tuple convert into each other. Anything else raises ValueError "Type mismatch".
//   A key the defaults do not have raises KeyError "Non-existent config key".

export type PyValue =
  | { type: 'int' | 'float'; value: number }
  | { type: 'bool'; value: boolean }
  | { type: 'str'; value: string }
  | { type: 'none' }
  | { type: 'list' | 'tuple'; items: PyValue[] }
  | { type: 'dict' };

const PY_INT = /^[-+]?(?:0|[1-9](?:_?[0-9])*)$/;
const PY_FLOAT = /^[-+]?(?:(?:[0-9](?:_?[0-9])*)?\.[0-9](?:_?[0-9])*|[0-9](?:_?[0-9])*\.?)(?:[eE][-+]?[0-9](?:_?[0-9])*)?$/;

/** Splits `a, b, c` at top-level commas; undefined when brackets nest (no SOLVER value needs that). */
function splitItems(inner: string): string[] | undefined {
  if (/[[\](){}]/.test(inner)) return undefined;
  return inner.split(',').map((s) => s.trim());
}

/** ast.literal_eval of the literals a SOLVER value can be; undefined where literal_eval would raise (the string stays). */
export function literalEval(text: string): PyValue | undefined {
  const s = text.trim();
  if (PY_INT.test(s)) return { type: 'int', value: Number(s.replace(/_/g, '')) };
  if (PY_FLOAT.test(s) && /[.eE]/.test(s)) return { type: 'float', value: Number(s.replace(/_/g, '')) };
  if (s === 'True' || s === 'False') return { type: 'bool', value: s === 'True' };
  if (s === 'None') return { type: 'none' };
  const quoted = /^(['"])(.*)\1$/s.exec(s);
  if (quoted) return { type: 'str', value: quoted[2]! };
  const open = s[0];
  const close = s[s.length - 1];
  if ((open === '(' && close === ')') || (open === '[' && close === ']')) {
    const inner = s.slice(1, -1).trim();
    if (inner === '') return { type: open === '(' ? 'tuple' : 'list', items: [] };
    const parts = splitItems(inner);
    if (!parts) return undefined;
    const trailing = parts[parts.length - 1] === '';
    const written = trailing ? parts.slice(0, -1) : parts;
    if (written.some((p) => p === '')) return undefined;
    const items = written.map(literalEval);
    if (items.some((i) => i === undefined)) return undefined;
    // `(30)` is the number 30 in Python; a tuple needs a comma.
    if (open === '(' && written.length === 1 && !trailing) return items[0];
    return { type: open === '(' ? 'tuple' : 'list', items: items as PyValue[] };
  }
  return undefined;
}

/**
 * A loaded value as Python holds it. `plainSource` is the scalar as written when it was a plain (unquoted) YAML scalar:
 * PyYAML's int and float resolvers decide int vs float, which a JS number cannot tell.
 */
export function pythonValue(loaded: unknown, plainSource?: string): PyValue {
  if (loaded === null || loaded === undefined) return { type: 'none' };
  if (typeof loaded === 'boolean') return { type: 'bool', value: loaded };
  if (typeof loaded === 'number') {
    const isInt = plainSource !== undefined ? PY_INT.test(plainSource.trim()) || /^[-+]?0[xob0-7]/i.test(plainSource.trim()) : Number.isInteger(loaded) && !/\./.test(String(loaded));
    return { type: isInt ? 'int' : 'float', value: loaded };
  }
  if (typeof loaded === 'string') return { type: 'str', value: loaded };
  if (Array.isArray(loaded)) return { type: 'list', items: loaded.map((v) => pythonValue(v)) };
  return { type: 'dict' };
}

/** _decode_cfg_value: a string is literal_eval'd when it can be. */
export function decode(value: PyValue): PyValue {
  if (value.type !== 'str') return value;
  return literalEval(value.value) ?? value;
}

export type DefaultType = 'int' | 'float' | 'str' | 'bool' | 'tuple';

function typeName(t: PyValue['type']): string {
  return t === 'none' ? 'NoneType' : t;
}

export function pyText(v: PyValue): string {
  switch (v.type) {
    case 'int':
      return String(v.value);
    case 'float':
      return Number.isInteger(v.value) ? `${v.value}.0` : String(v.value);
    case 'bool':
      return v.value ? 'True' : 'False';
    case 'str':
      return `'${v.value}'`;
    case 'none':
      return 'None';
    case 'dict':
      return '{...}';
    case 'list':
      return `[${v.items.map(pyText).join(', ')}]`;
    case 'tuple':
      return `(${v.items.map(pyText).join(', ')}${v.items.length === 1 ? ',' : ''})`;
  }
}

/** _check_and_coerce_cfg_value_type against a default of type `want`: the coerced value, or the error yacs raises. */
export function coerce(value: PyValue, want: DefaultType, key: string): { ok: true; value: PyValue } | { ok: false; message: string } {
  if (value.type === want) return { ok: true, value };
  if (want === 'str') return { ok: true, value: { type: 'str', value: value.type === 'str' ? value.value : pyText(value) } };
  if (want === 'tuple' && value.type === 'list') return { ok: true, value: { type: 'tuple', items: value.items } };
  return { ok: false, message: `yacs raises ValueError "Type mismatch (<class '${want}'> vs. <class '${typeName(value.type)}'>)" for config key ${key}: the default is a ${want} and ${pyText(value)} is a ${typeName(value.type)}` };
}
