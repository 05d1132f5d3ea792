// One view over what a verl run reads for a key, in Hydra's order of precedence: the `key=value` overrides of the launch
// (or the reviewed YAML file itself), then the config the launch names (--config-path / --config-name, or verl's own
// verl/trainer/config/ppo_trainer.yaml when the repository carries a copy of verl), then verl's defaults (defaults.ts).
// `${a.b}` and `${oc.select:a.b,default}` in a value are resolved against the same view, as OmegaConf does on access.
import { formatNumber, type DocReader } from '../../../core/access.ts';
import type { ParsedDoc } from '../../../core/parse.ts';
import type { Origin } from '../../../core/types.ts';
import { CRITIC_FOLLOWS_ACTOR, verlDefault } from './defaults.ts';

export interface VerlValue {
  value: unknown;
  /** `data.train_batch_size=512 (line 4)`, `ppo_trainer.yaml default 1024`. */
  how: string;
  from: Origin[];
  source: 'file' | 'base' | 'default';
  /** Not written as a plain value where `from[0]` points: inside an expanded variable, or a `${...}` resolved elsewhere (no one-line edit). */
  indirect?: true;
}

export interface BaseConfig {
  /** Repo-relative path of the config file the launch composes onto. */
  path: string;
  data: unknown;
}

/** A value the launch sets from outside the script (`$LR` unset): reading it stops the simulation. */
export class UnknownValue extends Error {
  constructor(
    readonly key: string,
    readonly expression: string,
    readonly at: Origin,
  ) {
    super(`${key}=${expression}`);
  }
}

const MAX_DEPTH = 16;
const SELECT = /^\$\{oc\.select:([\w.]+),([^}]*)\}$/;
const PLAIN = /^\$\{([\w.]+)\}$/;

function nested(data: unknown, key: string): unknown {
  let node = data;
  for (const part of key.split('.')) {
    if (node === null || typeof node !== 'object' || !Object.prototype.hasOwnProperty.call(node, part)) return undefined;
    node = (node as Record<string, unknown>)[part];
  }
  return node;
}

function show(value: unknown): string {
  return typeof value === 'number' ? formatNumber(value) : value === null ? 'null' : String(value);
}

/**
 * Overrides that reach main_ppo through an unquoted variable holding several `key=value` words (`$ACTOR_CONFIG`): bash
 * splits it into words, while the shell reader keeps it as one positional word. Read here with the word's position.
 */
function splitOverrides(doc: ParsedDoc): Map<string, { value: unknown; origin: Origin }> {
  const out = new Map<string, { value: unknown; origin: Origin }>();
  for (const field of doc.shell?.positionals ?? []) {
    if (!/\s/.test(field.text)) continue;
    for (const word of field.text.split(/\s+/)) {
      const m = /^\+{0,2}([A-Za-z_][\w.]*)=(.*)$/.exec(word);
      if (!m || m[2]!.includes('$')) continue;
      const raw = m[2]!.replace(/^['"]|['"]$/g, '');
      const value = raw === 'null' ? null : raw === 'True' || raw === 'true' ? true : raw === 'False' || raw === 'false' ? false : raw !== '' && Number.isFinite(Number(raw)) ? Number(raw) : raw;
      out.set(m[1]!, { value, origin: { key: m[1]!, pointer: `/${m[1]!}`, span: field.span } });
    }
  }
  return out;
}

export class VerlView {
  private readonly split: Map<string, { value: unknown; origin: Origin }>;
  constructor(
    private readonly reader: DocReader,
    private readonly doc: ParsedDoc,
    readonly base: BaseConfig | undefined,
    readonly backend: () => 'fsdp' | 'megatron',
  ) {
    this.split = splitOverrides(doc);
  }

  private get shell(): boolean {
    return this.doc.format === 'shell';
  }

  /** Where the reviewed file writes `key`, or undefined. */
  written(key: string): Origin | undefined {
    if (this.shell) {
      if (this.doc.shell?.unresolved.has(`/${key}`) || this.reader.raw([key]) !== undefined) return this.reader.origin([key]);
      return this.split.get(key)?.origin;
    }
    return this.reader.raw(key.split('.')) !== undefined ? this.reader.origin(key.split('.')) : undefined;
  }

  get(key: string, depth = 0): VerlValue {
    if (depth > MAX_DEPTH) return { value: undefined, how: `${key}: interpolation too deep`, from: [], source: 'default' };
    if (this.shell) {
      const unresolved = this.doc.shell?.unresolved.get(`/${key}`);
      if (unresolved) throw new UnknownValue(key, unresolved.expression, this.reader.origin([key]));
      const v = this.reader.raw([key]);
      if (v !== undefined) return this.resolve(key, v, `${key}=${show(v)} (line ${this.reader.origin([key]).span.line})`, [this.reader.origin([key])], 'file', depth);
      const w = this.split.get(key);
      if (w) return { ...this.resolve(key, w.value, `${key}=${show(w.value)} (line ${w.origin.span.line}, inside an expanded variable)`, [w.origin], 'file', depth), indirect: true };
    } else {
      const v = this.reader.raw(key.split('.'));
      if (v !== undefined) return this.resolve(key, v, `${key}: ${show(v)}`, [this.reader.origin(key.split('.'))], 'file', depth);
    }
    if (this.base) {
      const v = nested(this.base.data, key);
      if (v !== undefined) return this.resolve(key, v, `${key}: ${show(v)} (${this.base.path})`, [], 'base', depth);
    }
    const follows = CRITIC_FOLLOWS_ACTOR[key];
    if (follows) {
      const a = this.get(follows, depth + 1);
      return { ...a, how: `${key} unset: the actor's ${a.how}`, source: 'default' };
    }
    const d = verlDefault(key, this.backend());
    return { value: d, how: `${key} unset: ${show(d)} (verl default)`, from: [], source: 'default' };
  }

  private resolve(key: string, value: unknown, how: string, from: Origin[], source: VerlValue['source'], depth: number): VerlValue {
    if (typeof value !== 'string' || !value.includes('${')) return { value, how, from, source };
    const text = value.trim();
    const select = SELECT.exec(text);
    const plain = PLAIN.exec(text);
    if (select || plain) {
      const target = (select ?? plain)![1]!;
      const got = this.get(target, depth + 1);
      if (got.value === undefined && select) {
        const fallback = select[2]!.trim();
        const parsed = fallback === 'null' ? null : Number.isFinite(Number(fallback)) && fallback !== '' ? Number(fallback) : fallback;
        return { value: parsed, how: `${key}: ${text} = ${show(parsed)}`, from, source, indirect: true };
      }
      return { value: got.value, how: `${key}: ${text} = ${show(got.value)}`, from: [...from, ...got.from], source, indirect: true };
    }
    return { value, how, from, source };
  }
}
