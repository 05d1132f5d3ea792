// How a framework's own YAML loader reads a plain scalar, so that trainlint sees what the framework sees.
// Regexes follow PyYAML's implicit resolvers (yaml/resolver.py, PyYAML 6.0.x: YAML 1.1 rules) and
// OmegaConf's loader (omegaconf/_utils.py get_yaml_loader, 2.3: PyYAML's SafeLoader plus a float
// resolver that also accepts `1e-4` / `1E5` without a dot).
import type { ParsedDoc } from './parse.ts';
import { constructTagged, CORE_TAG, isCoreScalarTag } from './pyyaml-construct.ts';

export type YamlFlavour = 'pyyaml' | 'omegaconf' | 'yaml12';

/** What the framework's config layer does with a string where the field wants a number. */
export type StringForNumber =
  | 'fails' // typed loader refuses it at launch (e.g. dacite with strict types)
  | 'converted' // typed loader converts numeric strings (pydantic, OmegaConf structured configs)
  | 'passed-on'; // no typing: the string travels on and breaks (or misbehaves) later

export interface LoaderModel {
  yaml: YamlFlavour;
  stringForNumber: StringForNumber;
  /**
   * The typed layer whose coercions trainlint models value by value against the dialect's schema: `pydantic` = pydantic
   * v2 in lax mode (numeric strings, whole floats and bools for ints, 0/1 and yes/no words for bools). Absent: only
   * `stringForNumber` is modelled.
   */
  typedBy?: 'pydantic';
  /**
   * What `${...}` in a string value is: `omegaconf` = an OmegaConf interpolation, resolved when the value is read
   * (core/interpolate.ts). Absent: plain text to the framework, so a whole value `${VAR}` is a template placeholder.
   */
  interpolation?: 'omegaconf';
  /**
   * `unsafe-fallback`: the loader retries a file yaml.safe_load refuses with yaml.unsafe_load (detectron2's
   * CfgNode.merge_from_file, allow_unsafe=True), so `!!python/...` tags load; other PyYAML refusals still stop the run.
   */
  pythonTags?: 'unsafe-fallback';
  /** One line naming the code this was read from, for messages. */
  citation: string;
}

const PYYAML_BOOL = /^(?:yes|Yes|YES|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF)$/;
const PYYAML_NULL = /^(?:~|null|Null|NULL|)$/;
/** PyYAML's int resolver; OmegaConf keeps it, so a scalar matching it is an int for both. */
export const PYYAML_INT =
  /^(?:[-+]?0b[0-1_]+|[-+]?0[0-7_]+|[-+]?(?:0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+|[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+)$/;
const PYYAML_FLOAT =
  /^(?:[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+][0-9]+)?|\.[0-9_]+(?:[eE][-+][0-9]+)?|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$/;
const OMEGACONF_FLOAT =
  /^(?:[-+]?(?:[0-9][0-9_]*)(?:\.[0-9_]*)?(?:[eE][-+]?[0-9]+)?|\.[0-9_]+(?:[eE][-+][0-9]+)?|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$/;

export type LoadedScalar = string | number | boolean | null;

/**
 * The value a PyYAML-family loader gives a plain scalar: its implicit resolvers pick the tag, and the constructor that
 * builds an explicitly tagged scalar builds it (PyYAML 6.0.x resolver.py, then constructor.py; core/pyyaml-construct.ts).
 */
export function readPlainScalar(source: string, flavour: Exclude<YamlFlavour, 'yaml12'>): LoadedScalar {
  if (PYYAML_NULL.test(source)) return null;
  if (PYYAML_BOOL.test(source)) return /^(?:yes|true|on)$/i.test(source);
  if (flavour === 'omegaconf' && OMEGACONF_FLOAT.test(source) && !PYYAML_INT.test(source)) return construct('float', source);
  if (PYYAML_INT.test(source)) return construct('int', source);
  if (PYYAML_FLOAT.test(source)) return construct('float', source);
  return source;
}

/** A resolver only picks int or float for text its constructor reads, so the text itself is never the answer here. */
function construct(kind: 'int' | 'float', source: string): LoadedScalar {
  const constructed = constructTagged(`${CORE_TAG}${kind}`, source);
  return 'value' in constructed ? constructed.value : source;
}

/** A plain scalar that the framework's loader reads as a different type than it appears to be. */
export interface LoaderDifference {
  pointer: string;
  written: string;
  /** As YAML 1.2 / a reader of the file would take it. */
  looksLike: LoadedScalar;
  /** As the framework's loader gives it. */
  frameworkReads: LoadedScalar;
  /** Written with an explicit core tag (`!!float 1`): the reading is PyYAML's constructor's, not its implicit typing. */
  tagged?: true;
}

export function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value === 'number') return Number.isInteger(value) ? 'int' : 'float';
  if (typeof value === 'boolean') return 'bool';
  if (typeof value === 'string') return 'string';
  return Array.isArray(value) ? 'list' : 'mapping';
}

/** Every plain scalar whose type under the framework's loader differs from how it reads (YAML 1.2). */
export function loaderDifferences(readings: readonly LoaderDifference[]): LoaderDifference[] {
  // A tag says how the value is to be read: what the author wrote is what the framework gets, nothing to warn about.
  return readings.filter(
    (r) => !r.tagged && typeName(r.looksLike) !== typeName(r.frameworkReads) && !bothNumbers(r.looksLike, r.frameworkReads) && !sameDigits(r.written, r.frameworkReads),
  );
}

/**
 * Every untagged plain scalar with how YAML 1.2 and the framework's loader each read it, and every scalar written with
 * a core tag (`!!float 1`) with what PyYAML's constructor makes of it (`tagged`; empty outside PyYAML-family YAML).
 */
export function plainReadings(doc: ParsedDoc, model: LoaderModel): LoaderDifference[] {
  if (doc.format !== 'yaml' || model.yaml === 'yaml12') return [];
  const out: LoaderDifference[] = [];
  const yaml12 = yaml12Reader(doc.data);
  for (const [pointer, info] of doc.nodes) {
    const scalar = info.scalar;
    if (!scalar) continue;
    if (scalar.tag) {
      // `key: !` (a bare non-specific tag, no value): PyYAML's parser gives an empty scalar it still resolves, to None.
      if (scalar.tag === '!' && scalar.plain && scalar.source === '') {
        out.push({ pointer, written: '!', looksLike: yaml12(pointer), frameworkReads: null, tagged: true });
        continue;
      }
      // A tag the constructor refuses is a PyYAML refusal of the file (core/parse-yaml.ts): no reading to give.
      const constructed = isCoreScalarTag(scalar.tag) ? constructTagged(scalar.tag, scalar.source) : null;
      if (constructed && 'value' in constructed) out.push({ pointer, written: scalar.source, looksLike: yaml12(pointer), frameworkReads: constructed.value, tagged: true });
      continue;
    }
    if (!scalar.plain) continue;
    out.push({ pointer, written: scalar.source, looksLike: yaml12(pointer), frameworkReads: readPlainScalar(scalar.source, model.yaml) });
  }
  return out;
}

/** `70_000` read as 70000: YAML 1.2 keeps a string, but the framework reads exactly what a person reads. */
function sameDigits(source: string, frameworkReads: LoadedScalar): boolean {
  return typeof frameworkReads === 'number' && /^[-+]?[0-9][0-9_]*(?:\.[0-9_]*)?$/.test(source) && Number(source.replace(/_/g, '')) === frameworkReads;
}

/**
 * The data as the framework's loader gives it: each differently-read plain scalar replaced by the
 * framework's reading, except numbers the framework leaves as strings (TL004 reports those; the plan
 * keeps the number the author meant, so the curve can still be drawn).
 */
export function frameworkView(doc: ParsedDoc, readings: readonly LoaderDifference[]): unknown {
  const replaced = readings.filter(
    (r) => !(typeof r.looksLike === 'number' && typeof r.frameworkReads === 'string') && !Object.is(r.looksLike, r.frameworkReads),
  );
  if (replaced.length === 0) return doc.data;
  const data = structuredClone(doc.data);
  for (const { pointer, frameworkReads } of replaced) setAtPointer(data, pointer, frameworkReads);
  return data;
}


function setAtPointer(data: unknown, pointer: string, value: unknown): void {
  const tokens = pointer.split('/').slice(1).map((t) => t.replace(/~1/g, '/').replace(/~0/g, '~'));
  const last = tokens.pop();
  let node = data;
  for (const t of tokens) node = node !== null && typeof node === 'object' ? (node as Record<string, unknown>)[t] : undefined;
  if (last !== undefined && node !== null && typeof node === 'object') {
    Object.defineProperty(node, last, { value, enumerable: true, writable: true, configurable: true });
  }
}

function bothNumbers(a: unknown, b: unknown): boolean {
  return typeof a === 'number' && typeof b === 'number' && (a === b || (Number.isNaN(a) && Number.isNaN(b)));
}

/**
 * Pointer -> the value there in `data` (null where there is none). Scalars come in document order, so most share the
 * previous one's parent: the parent is looked up once per run of siblings, not once per scalar (a data list of
 * thousands of paths would otherwise walk from the root each time).
 */
function yaml12Reader(data: unknown): (pointer: string) => LoadedScalar {
  let parentPointer: string | null = null;
  let parent: unknown;
  return (pointer) => {
    if (pointer === '') return (data ?? null) as LoadedScalar;
    const cut = pointer.lastIndexOf('/');
    const head = pointer.slice(0, cut);
    if (head !== parentPointer) {
      parentPointer = head;
      parent = data;
      for (const token of head.split('/').slice(1)) parent = child(parent, token);
    }
    return (child(parent, pointer.slice(cut + 1)) ?? null) as LoadedScalar;
  };
}

function child(node: unknown, token: string): unknown {
  const key = token.includes('~') ? token.replace(/~1/g, '/').replace(/~0/g, '~') : token;
  return node !== null && typeof node === 'object' ? (node as Record<string, unknown>)[key] : undefined;
}

/** How to write a number so that every YAML loader reads it as a float: a dot and a signed exponent. */
export function portableFloat(value: number): string {
  if (Number.isInteger(value) && Math.abs(value) < 1e15) return `${value}.0`;
  const [mantissa = '0', exponent = '0'] = value.toExponential().split('e');
  const withDot = mantissa.includes('.') ? mantissa : `${mantissa}.0`;
  return `${withDot}e${exponent.startsWith('-') ? exponent : `+${exponent.replace('+', '')}`}`;
}
