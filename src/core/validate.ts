// JSON Schema validation (ajv) with errors that point at keys and suggest the key that was meant.
import type { ErrorObject } from 'ajv';
import { validatorSources } from '../generated/schema-validators.ts';
import { interpolationRecord, keepRecord } from './interpolation-record.ts';
import type { LoaderModel, StringForNumber } from './loaders.ts';
import { pydanticLax } from './pydantic-lax.ts';

export interface SchemaProblem {
  /** JSON pointer of the offending value (for an unknown key: the key itself). */
  pointer: string;
  message: string;
  /** For an unknown key: the closest known key, when one is close enough to be a typo. */
  suggestion?: string;
  /** Whether the problem is a key nobody reads (harmless to the run unless the framework is strict). */
  unknownKey: boolean;
}

// Every schema under schemas/ is compiled ahead of time (scripts/gen-validators.mjs: ajv's standalone code, with
// options allErrors, strict off, union types, verbose: errors carry the offending data and their schema, for
// did-you-mean and the value in the message): compiling at run time cost a one-file review most of its start-up.
// Looked up by the schema's $id; a validator's code is kept as text and built on first use.
type ValidateFunction = ((data: unknown) => boolean) & { errors?: ErrorObject[] | null };
const built = new Map<string, ValidateFunction>();

function compile(schema: object): ValidateFunction {
  const id = (schema as { $id?: unknown }).$id;
  if (typeof id !== 'string') throw new Error('a schema without $id has no generated validator');
  let fn = built.get(id);
  if (!fn) {
    const source: unknown = Object.hasOwn(validatorSources, id) ? validatorSources[id] : undefined;
    if (source === undefined) throw new Error(`no generated validator for the schema ${id}: run \`npm run gen:validators\` after adding or changing a file under schemas/`);
    // The CLI bundle holds each validator as a function (scripts/build.mjs), whose compiled code its V8 code cache
    // keeps; elsewhere it is text, built here on first use.
    // eslint-disable-next-line no-new-func -- our own generated code (src/generated/schema-validators.ts), not input
    fn = (typeof source === 'function' ? source() : new Function(source as string)()) as ValidateFunction;
    built.set(id, fn);
  }
  return fn;
}

/**
 * Models the framework's typed config layer on the loaded data, where the schema declares a field's type:
 * - `typedBy: 'pydantic'`: pydantic v2's lax coercions (core/pydantic-lax.ts); a property may set
 *   `"x-pydantic-type"` where pydantic's type is narrower than the schema's (an int the schema keeps a number);
 * - otherwise, `stringForNumber: 'converted'`: numeric strings become numbers (OmegaConf structured configs, argparse);
 * a property marked `"x-no-string-conversion": true` keeps its string (e.g. OmegaConf Union fields).
 * Values that are deferred (core/interpolate.ts) stay deferred: converting them would read them.
 */
export function applyFrameworkConversion(data: unknown, schema: object, loader: StringForNumber | LoaderModel): unknown {
  const model: Pick<LoaderModel, 'stringForNumber' | 'typedBy'> = typeof loader === 'string' ? { stringForNumber: loader } : loader;
  if (model.typedBy !== 'pydantic' && model.stringForNumber !== 'converted') return data;
  const out = convert(data, schema as SchemaNode, model.typedBy === 'pydantic');
  keepRecord(data, out);
  return out;
}

interface SchemaNode {
  type?: string | string[];
  properties?: Record<string, SchemaNode>;
  'x-no-string-conversion'?: boolean;
  'x-pydantic-type'?: string;
}

function convert(value: unknown, schema: SchemaNode | undefined, pydantic: boolean): unknown {
  if (!schema) return value;
  const types = ([] as string[]).concat(schema.type ?? []);
  if (pydantic && types.length > 0 && (value === null || typeof value !== 'object')) {
    const narrowed = schema['x-pydantic-type'] ? [schema['x-pydantic-type'], ...types.filter((t) => t === 'null')] : types;
    return pydanticLax(value, narrowed) ?? value;
  }
  if (!pydantic && typeof value === 'string' && !schema['x-no-string-conversion']) {
    const trimmed = value.trim().replace(/_/g, '');
    if (types.includes('number') && trimmed !== '' && Number.isFinite(Number(trimmed))) return Number(trimmed);
    if (types.includes('integer') && /^[-+]?\d+$/.test(trimmed)) return Number(trimmed);
    return value;
  }
  if (value !== null && typeof value === 'object' && !Array.isArray(value) && schema.properties) {
    const out: Record<string, unknown> = {};
    for (const [k, descriptor] of Object.entries(Object.getOwnPropertyDescriptors(value))) {
      if (!descriptor.enumerable) continue;
      if (descriptor.get) Object.defineProperty(out, k, descriptor); // deferred: left for the planner to read
      else Object.defineProperty(out, k, { value: convert(descriptor.value, schema.properties[k], pydantic), enumerable: true, writable: true, configurable: true });
    }
    return out;
  }
  return value;
}

/** The data as ajv may read it: deferred values replaced by the text they were written as (validation skips them). */
function readable(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value;
  // One descriptor at a time, stopping at the first that needs a copy: a data list of thousands of strings is left as
  // it is without a descriptor object (and an entries array) per element.
  // A list's own properties are its elements and `length` (a number); its indices are walked as numbers.
  const names: Array<string | number> = Array.isArray(value) ? indicesOf(value) : Object.getOwnPropertyNames(value);
  const needsCopy = names.some((k) => {
    const d = Object.getOwnPropertyDescriptor(value, k);
    return d !== undefined && (d.get || (d.value !== null && typeof d.value === 'object'));
  });
  if (!needsCopy) return value;
  const out: Record<string, unknown> | unknown[] = Array.isArray(value) ? [] : {};
  for (const k of names) {
    const d = Object.getOwnPropertyDescriptor(value, k);
    if (!d?.enumerable) continue; // (a hole in a list has none)
    Object.defineProperty(out, k, { value: d.get ? null : readable(d.value), enumerable: true, writable: true, configurable: true });
  }
  return out;
}

function indicesOf(list: readonly unknown[]): number[] {
  const out: number[] = [];
  for (let i = 0; i < list.length; i++) out.push(i);
  return out;
}

export function validate(data: unknown, schema: object): SchemaProblem[] {
  const fn = compile(schema);
  const record = interpolationRecord(data);
  const problems: SchemaProblem[] = (record?.problems ?? []).map((p) => ({ pointer: p.pointer, message: p.message, unknownKey: false }));
  if (fn(record ? readable(data) : data)) return problems;
  const seen = new Set<string>();
  for (const error of fn.errors ?? []) {
    const problem = describe(error);
    if (!problem || (!problem.unknownKey && record?.deferred.has(problem.pointer))) continue;
    const id = `${problem.pointer}\u0000${problem.message}`;
    if (seen.has(id)) continue;
    seen.add(id);
    problems.push(problem);
  }
  return problems;
}

function describe(error: ErrorObject): SchemaProblem | null {
  const where = error.instancePath;
  const keyName = where.split('/').pop() ?? '';
  const label = where === '' ? 'the file' : `\`${where.slice(1).replace(/\//g, '.')}\``;
  switch (error.keyword) {
    case 'additionalProperties': {
      const key = String((error.params as { additionalProperty: string }).additionalProperty);
      const known = Object.keys((error.parentSchema as SchemaNode | undefined)?.properties ?? {});
      const suggestion = closest(key, known);
      const section = where === '' ? 'at the top level' : `in ${label}`;
      return {
        pointer: `${where}/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`,
        message: `unknown key \`${key}\` ${section}${suggestion ? `; did you mean \`${suggestion}\`?` : ''}`,
        ...(suggestion ? { suggestion } : {}),
        unknownKey: true,
      };
    }
    case 'required': {
      const missing = String((error.params as { missingProperty: string }).missingProperty);
      return { pointer: where, message: `${label} is missing the required key \`${missing}\``, unknownKey: false };
    }
    case 'type':
      return { pointer: where, message: `${label} must be ${String((error.params as { type: string }).type).replace(',', ' or ')}, not ${describeValue(error.data)}`, unknownKey: false };
    case 'enum': {
      const allowed = (error.params as { allowedValues: unknown[] }).allowedValues.filter((v) => v !== null);
      const suggestion = typeof error.data === 'string' ? closest(error.data, allowed.map(String)) : undefined;
      return {
        pointer: where,
        message: `${label} is ${describeValue(error.data)}; allowed: ${allowed.map((v) => JSON.stringify(v)).join(', ')}${suggestion ? `; did you mean ${JSON.stringify(suggestion)}?` : ''}`,
        ...(suggestion ? { suggestion } : {}),
        unknownKey: false,
      };
    }
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum':
      return { pointer: where, message: `${label} is ${describeValue(error.data)}; it must be ${(error.message ?? '').replace(/^must be /, '')}`, unknownKey: false };
    case 'anyOf':
    case 'oneOf':
    case 'if':
      return null; // the branch errors say more
    default:
      return { pointer: where, message: `${label || keyName} ${error.message ?? 'is invalid'}`, unknownKey: false };
  }
}

function describeValue(value: unknown): string {
  if (typeof value === 'string') return `the string ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}...` : value)}`;
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  // Python's spelling of a float that is not finite (YAML `.nan` / `.inf`), as the framework would print it.
  if (typeof value === 'number' && !Number.isFinite(value)) return `the float ${Number.isNaN(value) ? 'nan' : value > 0 ? 'inf' : '-inf'}`;
  return String(value);
}

/** The known key within a small edit distance of `key` (typos, case, `-` vs `_`), if any. */
export function closest(key: string, candidates: readonly string[]): string | undefined {
  const norm = (s: string) => s.toLowerCase().replace(/[-_]/g, '');
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    const d = norm(candidate) === norm(key) ? 0 : editDistance(key.toLowerCase(), candidate.toLowerCase());
    if (d < bestDistance) {
      bestDistance = d;
      best = candidate;
    }
  }
  const allowed = Math.max(1, Math.floor(key.length / 4));
  return bestDistance <= allowed ? best : undefined;
}

function editDistance(a: string, b: string): number {
  if (Math.abs(a.length - b.length) > 8) return Infinity;
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      row[j] = Math.min((prev[j] ?? 0) + 1, (row[j - 1] ?? 0) + 1, (prev[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = row;
  }
  return prev[b.length] ?? Infinity;
}
