// The argparse Namespace a kohya sd-scripts training script works with, built the way the scripts build it
// (kohya-ss/sd-scripts @48d368fa): `parser.parse_args()`, then library/train_util.py read_config_from_file, which
// loads the `--config_file` TOML with toml.load, flattens its sections into one namespace (a top-level key is kept
// as is, a table's keys are lifted out of it, a later one winning), and parses the command line again INTO that
// namespace: flags given on the command line win, argparse defaults fill only what neither gave. Values from the
// TOML keep their TOML type (no argparse conversion): `lr_warmup_steps = 100.0` stays a float.
import { formatNumber, type DocReader } from '../../../core/access.ts';
import type { ParsedDoc } from '../../../core/parse.ts';
import { pythonFloat, pythonInt } from '../../../core/python-numbers.ts';
import type { Origin } from '../../../core/types.ts';
import { isObject } from '../../shared.ts';

export type PyValue =
  | { type: 'int' | 'float'; value: number }
  | { type: 'str'; value: string }
  | { type: 'bool'; value: boolean }
  | { type: 'none' }
  | { type: 'list'; value: unknown[] }
  | { type: 'other'; value: unknown };

export interface KohyaArg {
  value: PyValue;
  source: 'cli' | 'toml' | 'default';
  /** How it was given, for messages: `--lr_warmup_steps 100`, `lr_warmup_steps = 100 (cfg.toml line 4)`, `default 0`. */
  where: string;
  /** Where a finding about it points, in the reviewed file. */
  at?: Origin;
  /** Written in the reviewed file at `at`: a fix may edit it there. */
  editable: boolean;
}

type FlagType = 'int' | 'float' | 'int_or_float' | 'str' | 'store_true' | 'strs' | 'floats';

const NONE: PyValue = { type: 'none' };
const int = (value: number): PyValue => ({ type: 'int', value });
const float = (value: number): PyValue => ({ type: 'float', value });
const str = (value: string): PyValue => ({ type: 'str', value });

/**
 * The arguments trainlint reads, with their argparse type and default: library/train_util.py add_optimizer_arguments,
 * add_training_arguments, add_dataset_arguments, and train_network.py setup_parser @48d368fa.
 */
export const FLAGS: Record<string, { type: FlagType; default: PyValue }> = {
  learning_rate: { type: 'float', default: float(2e-6) },
  unet_lr: { type: 'float', default: NONE },
  text_encoder_lr: { type: 'floats', default: NONE },
  optimizer_type: { type: 'str', default: str('') },
  lr_scheduler: { type: 'str', default: str('constant') },
  lr_scheduler_type: { type: 'str', default: str('') },
  lr_scheduler_args: { type: 'strs', default: NONE },
  lr_warmup_steps: { type: 'int_or_float', default: int(0) },
  lr_decay_steps: { type: 'int_or_float', default: int(0) },
  lr_scheduler_num_cycles: { type: 'int', default: int(1) },
  lr_scheduler_power: { type: 'float', default: int(1) },
  lr_scheduler_timescale: { type: 'int', default: NONE },
  lr_scheduler_min_lr_ratio: { type: 'float', default: NONE },
  max_train_steps: { type: 'int', default: int(1600) },
  max_train_epochs: { type: 'int', default: NONE },
  gradient_accumulation_steps: { type: 'int', default: int(1) },
  train_batch_size: { type: 'int', default: int(1) },
  dataset_repeats: { type: 'int', default: int(1) },
  validation_split: { type: 'float', default: float(0) },
  enable_bucket: { type: 'store_true', default: { type: 'bool', value: false } },
  dataset_config: { type: 'str', default: NONE },
  train_data_dir: { type: 'str', default: NONE },
  reg_data_dir: { type: 'str', default: NONE },
  in_json: { type: 'str', default: NONE },
  config_file: { type: 'str', default: NONE },
  pretrained_model_name_or_path: { type: 'str', default: NONE },
  network_module: { type: 'str', default: NONE },
};

export function show(v: PyValue): string {
  if (v.type === 'int' || v.type === 'float') return v.type === 'float' && Number.isInteger(v.value) ? `${v.value}.0` : formatNumber(v.value);
  if (v.type === 'str') return JSON.stringify(v.value);
  if (v.type === 'bool') return v.value ? 'True' : 'False';
  if (v.type === 'none') return 'None';
  return JSON.stringify(v.value);
}

/** A TOML value as Python's toml.load gives it: an integer literal is an int, one with `.`, an exponent, inf or nan a float. */
export function tomlValue(raw: unknown, source: string | undefined): PyValue {
  if (typeof raw === 'number') {
    const text = (source ?? String(raw)).trim();
    return /^[-+]?(?:0[xob][\da-fA-F_]+|\d[\d_]*)$/.test(text) ? int(raw) : float(raw);
  }
  if (typeof raw === 'string') return str(raw);
  if (typeof raw === 'boolean') return { type: 'bool', value: raw };
  if (Array.isArray(raw)) return { type: 'list', value: raw };
  return { type: 'other', value: raw };
}

/** library/train_util.py add_optimizer_arguments int_or_float: `10%` is 0.1, a value >= 1 must be an int literal. */
function intOrFloat(text: string): PyValue | { error: string } {
  if (text.endsWith('%')) {
    const f = pythonFloat(text.slice(0, -1));
    return Number.isNaN(f) && !/nan/i.test(text) ? { error: `Value '${text}' is not a valid percentage` } : float(f / 100);
  }
  const f = pythonFloat(text);
  if (Number.isNaN(f) && !/^\s*[-+]?nan\s*$/i.test(text)) return { error: `'${text}' is not an int or float` };
  if (f >= 1) {
    const i = pythonInt(text);
    return Number.isNaN(i) ? { error: `'${text}' is not an int or float (a value of 1 or more must be written as an integer)` } : int(i);
  }
  return float(f);
}

function convert(type: FlagType, texts: string[] | true): PyValue | { error: string } {
  if (type === 'store_true') return { type: 'bool', value: true };
  if (texts === true) return type === 'strs' || type === 'floats' ? { type: 'list', value: [] } : { error: 'expected one argument' };
  if (type === 'strs') return { type: 'list', value: texts };
  if (type === 'floats') {
    const values = texts.map(pythonFloat);
    const bad = texts.find((t, i) => Number.isNaN(values[i]!) && !/nan/i.test(t));
    return bad !== undefined ? { error: `invalid float value: '${bad}'` } : { type: 'list', value: values };
  }
  if (texts.length !== 1) return { error: `expected one argument, got ${texts.length}` };
  const text = texts[0]!;
  if (type === 'str') return str(text);
  if (type === 'int_or_float') return intOrFloat(text);
  if (type === 'int') {
    const i = pythonInt(text);
    return Number.isNaN(i) ? { error: `invalid int value: '${text}'` } : int(i);
  }
  const f = pythonFloat(text);
  return Number.isNaN(f) && !/nan/i.test(text) ? { error: `invalid float value: '${text}'` } : float(f);
}

/** One TOML document's keys as read_config_from_file flattens them, each with the path it was written at. */
export function flattenToml(data: unknown): Map<string, string[]> {
  const out = new Map<string, string[]>();
  if (!isObject(data)) return out;
  for (const [section, value] of Object.entries(data)) {
    if (!isObject(value)) {
      out.delete(section);
      out.set(section, [section]);
      continue;
    }
    for (const key of Object.keys(value)) {
      out.delete(key);
      out.set(key, [section, key]);
    }
  }
  return out;
}

function lineOf(doc: ParsedDoc, path: string[]): number | undefined {
  const pointer = path.map((p) => `/${p.replace(/~/g, '~0').replace(/\//g, '~1')}`).join('');
  return doc.nodes.get(pointer)?.keySpan?.line ?? doc.nodes.get(pointer)?.valueSpan.line;
}

function sourceOf(doc: ParsedDoc, path: string[]): string | undefined {
  const pointer = path.map((p) => `/${p.replace(/~/g, '~0').replace(/\//g, '~1')}`).join('');
  return doc.nodes.get(pointer)?.scalar?.source;
}

function rawAt(data: unknown, path: string[]): unknown {
  let node = data;
  for (const p of path) node = isObject(node) ? node[p] : undefined;
  return node;
}

export class KohyaArgs {
  readonly values = new Map<string, KohyaArg>();
  /** argparse refusals of command-line values (the script exits before training). */
  readonly errors: Array<{ name: string; message: string; at?: Origin }> = [];

  get(name: string): KohyaArg {
    const got = this.values.get(name);
    if (got) return got;
    const spec = FLAGS[name];
    return { value: spec ? spec.default : NONE, source: 'default', where: `${name} unset: default ${show(spec ? spec.default : NONE)}`, editable: false };
  }

  /** The TOML's keys, flattened. `reviewed`: the TOML is the reviewed file (origins and fixes point into it). */
  addToml(doc: ParsedDoc, file: string, reviewed: DocReader | null, pointAt?: Origin): void {
    for (const [name, path] of flattenToml(doc.data)) {
      const raw = rawAt(doc.data, path);
      const value = tomlValue(raw, sourceOf(doc, path));
      const line = lineOf(doc, path);
      const written = `${name} = ${show(value)}`;
      const at = reviewed ? reviewed.origin(path) : pointAt;
      this.values.set(name, {
        value,
        source: 'toml',
        where: reviewed ? written : `${written} (${file}${line ? ` line ${line}` : ''})`,
        ...(at ? { at } : {}),
        editable: reviewed !== null && value.type !== 'other' && value.type !== 'list',
      });
    }
  }

  /** The launch's `--name value` flags, converted with each argument's argparse type. */
  addFlags(reader: DocReader): void {
    const data = reader.doc.data;
    if (!isObject(data)) return;
    for (const key of Object.keys(data)) {
      if (!key.startsWith('--')) continue;
      const name = key.slice(2).replace(/-/g, '_');
      const spec = FLAGS[name];
      const raw = data[key];
      const node = reader.doc.nodes.get(`/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`);
      const texts = raw === true ? true : Array.isArray(raw) ? raw.map(String) : [node?.scalar?.source ?? String(raw)];
      const at = reader.origin([key]);
      if (!spec) {
        this.values.set(name, { value: texts === true ? { type: 'bool', value: true } : str(texts.join(' ')), source: 'cli', where: `${key} ${texts === true ? '' : texts.join(' ')}`.trim(), at, editable: false });
        continue;
      }
      const converted = convert(spec.type, texts);
      if ('error' in converted) {
        this.errors.push({ name, message: `argument ${key}: ${converted.error} (argparse stops the launch)`, at });
        continue;
      }
      this.values.set(name, { value: converted, source: 'cli', where: `${key} ${texts === true ? '' : texts.join(' ')}`.trim(), at, editable: texts !== true && texts.length === 1 });
    }
  }
}
