// `${...}` in string values, as the framework's config layer treats them, applied to the framework's view of the
// data before validation and planning.
// - OmegaConf loaders (LoaderModel.interpolation 'omegaconf': torchtune, OLMo) resolve interpolations: `${a.b}`,
//   `${.x}`, `${..x}`, nested keys, string interpolation, `oc.select`, `oc.decode`, `oc.deprecated`, escapes
//   (omegaconf/base.py _resolve_node_interpolation, _impl.py select_value, resolvers/oc/__init__.py, OmegaConf 2.3).
//   A resolved value takes the place of the string it was written as, so findings still point at the line the user
//   wrote, and the plan's derivation says `${warmup} = 100`.
// - Other loaders read `${VAR}` as a literal string: a whole value written so is a placeholder some launcher fills
//   in before the framework reads the file (a template), not a value to type-check. That includes LLaMA-Factory,
//   although it loads YAML with OmegaConf: it hands HfArgumentParser OmegaConf.to_container(...) without
//   resolve=True (src/llamafactory/hparams/parser.py @ff6d4d12), so `${x}` reaches its dataclasses as text.
// What cannot be resolved here (a key the file does not define, a cycle, an environment variable, a resolver the
// recipe registers at run time) is *deferred*: OmegaConf raises only when the value is read, so it matters only if
// the planner reads it. Reading a deferred value throws a PlanStop that carries the plan problem to report.
import type { LoaderModel } from './loaders.ts';
import { GrammarError, parseValue, primitiveValue, pythonStr, type Interpolation, type KeyPart, type Piece } from './omegaconf.ts';
import { CopyOnWrite, type Path } from './copy-on-write.ts';
import { escapePointerToken, pointerToKey, type ParsedDoc } from './parse.ts';
import type { PlanProblem } from './plan.ts';
import type { Origin } from './types.ts';
import { keepRecord, RECORD, type InterpolationRecord } from './interpolation-record.ts';

/** A plan stopped by reading a value that has no value before launch (see `deferred`). */
export class PlanStop extends Error {
  constructor(readonly problem: PlanProblem) {
    super(problem.message);
  }
}

/** The plan problem a planner's exception carries, when it stopped on a deferred value. */
export function stoppedPlan(err: unknown): PlanProblem | undefined {
  return err instanceof PlanStop ? err.problem : undefined;
}

const pointerOf = (path: Path) => path.map((p) => `/${escapePointerToken(String(p))}`).join('');

/** Why a value has no value before launch. */
type Unresolved =
  | { kind: 'missing'; key: string }
  | { kind: 'cycle'; chain: string[] }
  | { kind: 'environment'; variable: string; fallback?: string }
  | { kind: 'resolver'; name: string }
  | { kind: 'grammar'; why: string };

/**
 * Thrown inside the Resolver and always caught there (valueAt): control flow, never shown, so not an Error, whose
 * stack trace would be captured on every throw (a config with many `${oc.env:...}` throws once per value).
 */
class Unresolvable {
  constructor(readonly why: Unresolved) {}
}

/** Deepest chain of interpolations followed before giving up (OmegaConf has no limit; a real config needs a handful). */
const MAX_DEPTH = 64;
const SCHEDULE_KEYS = ['learning_rate', 'lr', 'lr_scheduler', 'lr_scheduler_type', 'warmup_steps', 'warmup_ratio', 'num_epochs', 'num_train_epochs', 'epochs', 'max_steps', 'train_steps'];
const SCHEDULE_KEY = /(?:^|_)(?:lr|learning_rate|warmup|epochs?|steps|batch_size|scheduler|decay|min_lr|cosine)(?:_|$)/;
const PLACEHOLDER = /^\$\{([A-Za-z_][A-Za-z0-9_]*)(?::?[-=?+][^}]*)?\}$/;

/**
 * The framework view with `${...}` treated as `loader` treats it. Returns `data` itself when nothing changes;
 * otherwise a copy carrying an InterpolationRecord.
 */
export function resolveInterpolations(doc: ParsedDoc, data: unknown, loader: LoaderModel): unknown {
  const strings = stringsWithDollar(data);
  if (strings.length === 0) return data;
  const copy = new CopyOnWrite(data);
  const record: InterpolationRecord = { resolved: new Map(), deferred: new Map(), problems: [] };
  if (loader.interpolation === 'omegaconf') new Resolver(doc, data, copy, record).run(strings);
  else deferPlaceholders(doc, copy, record, strings);
  if (record.resolved.size === 0 && record.deferred.size === 0 && record.problems.length === 0) return data;
  keepRecord({ [RECORD]: record }, copy.root);
  return copy.root;
}

/** Every string holding `${`, in document order. One path is grown and shrunk as the walk goes; only a hit copies it. */
function stringsWithDollar(data: unknown, path: Path = [], out: Array<{ path: Path; text: string }> = []): Array<{ path: Path; text: string }> {
  if (typeof data === 'string') {
    if (data.includes('${')) out.push({ path: path.slice(), text: data });
  } else if (Array.isArray(data)) {
    for (let i = 0; i < data.length; i++) {
      path.push(i);
      stringsWithDollar(data[i], path, out);
      path.pop();
    }
  } else if (data !== null && typeof data === 'object') {
    for (const k of Object.keys(data)) {
      path.push(k);
      stringsWithDollar((data as Record<string, unknown>)[k], path, out);
      path.pop();
    }
  }
  return out;
}

function originAt(doc: ParsedDoc, pointer: string): Origin {
  const info = doc.nodes.get(pointer);
  const span = info?.keySpan ?? info?.valueSpan ?? { line: 1, column: 1, endLine: 1, endColumn: 1 };
  return { key: pointerToKey(pointer), pointer, span };
}

/** Replaces the value at `path` in `root` by a getter that stops the plan, as OmegaConf raises on access. */
function defer(copy: CopyOnWrite, path: Path, problem: PlanProblem): void {
  Object.defineProperty(copy.parentOf(path), path[path.length - 1]!, {
    enumerable: true,
    configurable: true,
    get() {
      throw new PlanStop(problem);
    },
  });
}

function deferPlaceholders(doc: ParsedDoc, copy: CopyOnWrite, record: InterpolationRecord, strings: Array<{ path: Path; text: string }>): void {
  const found = strings.filter((s) => PLACEHOLDER.test(s.text.trim()));
  if (found.length === 0) return;
  // The message names the schedule's keys first: those are why the curve cannot be drawn.
  const scheduleFirst = (p: { path: Path }) => {
    const key = String(p.path[p.path.length - 1]);
    return SCHEDULE_KEYS.includes(key) ? 0 : SCHEDULE_KEY.test(key) ? 1 : 2;
  };
  const placeholders = [...found].sort((a, b) => scheduleFirst(a) - scheduleFirst(b));
  const shown = placeholders.slice(0, 8);
  const more = placeholders.length - shown.length;
  const keys = shown.map((p) => pointerToKey(pointerOf(p.path))).join(', ') + (more > 0 ? ` and ${more} more` : '');
  const names = shown.map((p) => p.text.trim()).join(', ') + (more > 0 ? ', ...' : '');
  const message =
    `${keys} ${placeholders.length === 1 ? 'is a ${...} placeholder' : 'are ${...} placeholders'} filled in by the launcher (${names}): ` +
    `the framework's loader reads \`\${...}\` as plain text, so this file is a template whose values are not known until launch, and its schedule is not simulated`;
  for (const p of placeholders) {
    const pointer = pointerOf(p.path);
    record.deferred.set(pointer, p.text);
    defer(copy, p.path, { at: originAt(doc, pointer), message, kind: 'not-simulated' });
  }
}

class Resolver {
  private readonly memo = new Map<string, { value: unknown } | { error: Unresolved }>();
  private readonly stack: string[] = [];

  constructor(
    private readonly doc: ParsedDoc,
    private readonly data: unknown,
    private readonly copy: CopyOnWrite,
    private readonly record: InterpolationRecord,
  ) {}

  run(strings: Array<{ path: Path; text: string }>): void {
    for (const { path, text } of strings) {
      const pointer = pointerOf(path);
      const outcome = this.valueAt(path);
      if ('value' in outcome) {
        Object.defineProperty(this.copy.parentOf(path), path[path.length - 1]!, { value: outcome.value, enumerable: true, writable: true, configurable: true });
        this.record.resolved.set(pointer, text);
        continue;
      }
      this.record.deferred.set(pointer, text);
      defer(this.copy, path, this.problemFor(pointer, text, outcome.error));
      if (outcome.error.kind === 'cycle' && outcome.error.chain.includes(pointerToKey(pointer))) {
        this.record.problems.push({ pointer, message: `\`${pointerToKey(pointer)}: ${text}\` is part of an interpolation cycle (${outcome.error.chain.join(' -> ')}): OmegaConf raises InterpolationResolutionError ("Recursive interpolation detected") when the config is resolved` });
      }
    }
  }

  private problemFor(pointer: string, text: string, why: Unresolved): PlanProblem {
    const at = originAt(this.doc, pointer);
    const written = `\`${pointerToKey(pointer)}: ${text}\``;
    switch (why.kind) {
      case 'missing':
        return { at, kind: 'invalid', message: `${written} refers to \`${why.key}\`, which the file does not define: OmegaConf raises InterpolationKeyError when the value is read (unless the launch command line sets \`${why.key}\`)` };
      case 'cycle':
        return { at, kind: 'not-simulated', message: `${written} depends on an interpolation cycle (${why.chain.join(' -> ')}), so it has no value and the schedule is not simulated (TL002)` };
      case 'environment':
        return { at, kind: 'not-simulated', message: `${written} takes its value from the environment variable ${why.variable} at launch${why.fallback !== undefined ? ` (${JSON.stringify(why.fallback)} when it is unset)` : ''}; OmegaConf's oc.env gives a string, and the environment is not known here, so the schedule is not simulated` };
      case 'resolver':
        return { at, kind: 'not-simulated', message: `${written} uses the resolver \`${why.name}\`, which is registered by the code that loads the config and is not evaluated by trainlint, so the schedule is not simulated` };
      case 'grammar':
        return { at, kind: 'not-simulated', message: `${written} is an interpolation trainlint does not read (${why.why}), so the schedule is not simulated` };
    }
  }

  /** The value of the config node at `path`, resolving it if it is an interpolation string. */
  private valueAt(path: Path): { value: unknown } | { error: Unresolved } {
    const pointer = pointerOf(path);
    const known = this.memo.get(pointer);
    if (known) return known;
    const raw = getAt(this.data, path);
    // A plain value, or a container (taken from the copy, where the interpolations inside it are being resolved too).
    if (typeof raw !== 'string' || !raw.includes('${')) return { value: raw !== null && typeof raw === 'object' ? this.copy.at(path) : raw };
    if (this.stack.includes(pointer) || this.stack.length >= MAX_DEPTH) {
      const from = this.stack.indexOf(pointer);
      const chain = [...(from >= 0 ? this.stack.slice(from) : this.stack), pointer].map(pointerToKey);
      return { error: { kind: 'cycle', chain } };
    }
    this.stack.push(pointer);
    let outcome: { value: unknown } | { error: Unresolved };
    try {
      outcome = { value: this.text(parseValue(raw), path) };
    } catch (err) {
      if (err instanceof Unresolvable) outcome = { error: err.why };
      else if (err instanceof GrammarError) outcome = { error: { kind: 'grammar', why: err.message } };
      else throw err;
    } finally {
      this.stack.pop();
    }
    this.memo.set(pointer, outcome);
    return outcome;
  }

  /** A `text` rule: one interpolation alone keeps its value's type; anything longer is a string. */
  private text(pieces: Piece[], at: Path): unknown {
    if (pieces.length === 1 && 'inter' in pieces[0]!) return this.interpolation(pieces[0].inter, at);
    return pieces.map((p) => ('text' in p ? p.text : this.str(p.inter, at))).join('');
  }

  private str(inter: Interpolation, at: Path): string {
    const value = this.interpolation(inter, at);
    const target = inter.kind === 'node' ? this.targetPath(inter, at) : undefined;
    const source = target ? this.doc.nodes.get(pointerOf(target))?.scalar?.source : undefined;
    return pythonStr(value, source !== undefined && /[.eE]|inf|nan/i.test(source));
  }

  private interpolation(inter: Interpolation, at: Path): unknown {
    if (inter.kind === 'node') {
      const target = this.targetPath(inter, at);
      return this.select(target, inter.text);
    }
    const name = inter.name.map((p) => this.keyText(p, at)).join('.');
    const args = inter.args.map((a) => this.argument(a.quoted, a.pieces, at));
    switch (name) {
      case 'oc.env': {
        const fallback = args.length > 1 ? (args[1] === null ? undefined : pythonStr(args[1])) : undefined;
        throw new Unresolvable({ kind: 'environment', variable: String(args[0]), ...(fallback !== undefined ? { fallback } : {}) });
      }
      case 'oc.select': {
        const path = this.keyPath(String(args[0]), at);
        const found = path ? this.lookup(path) : undefined;
        if (found === undefined || found === '???') return args.length > 1 ? args[1] : null;
        return this.resolvedAt(path!);
      }
      case 'oc.deprecated': {
        const path = this.keyPath(String(args[0]), at);
        return this.select(path, String(args[0]));
      }
      case 'oc.decode':
        if (args[0] === null || args[0] === undefined) return null;
        if (typeof args[0] !== 'string') throw new Unresolvable({ kind: 'grammar', why: 'oc.decode takes a string' });
        return this.argument(false, parseValue(args[0]), at);
      default:
        throw new Unresolvable({ kind: 'resolver', name });
    }
  }

  private argument(quoted: boolean, pieces: Piece[], at: Path): unknown {
    if (quoted) return pieces.map((p) => ('text' in p ? p.text : this.str(p.inter, at))).join('');
    if (pieces.length === 1 && 'text' in pieces[0]!) return primitiveValue(pieces[0].text);
    if (pieces.length === 0) return '';
    return this.text(pieces, at);
  }

  private keyText(part: KeyPart, at: Path): string {
    return 'literal' in part ? part.literal : pythonStr(this.interpolation(part.inter, at));
  }

  private targetPath(inter: Extract<Interpolation, { kind: 'node' }>, at: Path): Path | undefined {
    const key = '.'.repeat(inter.dots) + inter.parts.map((p) => this.keyText(p, at)).join('.');
    return this.keyPath(key, at);
  }

  /** Where `key` points from the node at `at`: absolute from the root, or relative (`.x` = sibling, `..x` = parent's). */
  private keyPath(key: string, at: Path): Path | undefined {
    let base: Path = [];
    let rest = key;
    if (key.startsWith('.')) {
      base = at.slice(0, -1);
      rest = key.slice(1);
      while (rest.startsWith('.')) {
        if (base.length === 0) return undefined; // OmegaConf: ConfigKeyError, reported as a missing key
        base = base.slice(0, -1);
        rest = rest.slice(1);
      }
    }
    const parts = rest.split(/\.|\[|\]/).filter((p) => p !== '');
    return [...base, ...parts];
  }

  private lookup(path: Path): unknown {
    let node: unknown = this.data;
    for (const part of path) {
      if (Array.isArray(node)) {
        const index = typeof part === 'number' ? part : /^\d+$/.test(part) ? Number(part) : NaN;
        node = Number.isInteger(index) ? node[index] : undefined;
      } else if (node !== null && typeof node === 'object' && Object.prototype.hasOwnProperty.call(node, part)) {
        node = (node as Record<string, unknown>)[part];
      } else return undefined;
    }
    return node;
  }

  private select(path: Path | undefined, written: string): unknown {
    const found = path ? this.lookup(path) : undefined;
    // `???` is OmegaConf's mandatory-missing value: InterpolationToMissingValueError, a missing value like an absent key.
    if (found === undefined || found === '???') throw new Unresolvable({ kind: 'missing', key: path ? path.join('.') : written.replace(/^\$\{|\}$/g, '') });
    return this.resolvedAt(path!);
  }

  private resolvedAt(path: Path): unknown {
    const outcome = this.valueAt(path);
    if ('error' in outcome) throw new Unresolvable(outcome.error);
    return outcome.value;
  }
}

/** The value at `path`, without running getters (a deferred value reads as undefined). */
function getAt(data: unknown, path: Path): unknown {
  let node: unknown = data;
  for (const part of path) {
    if (node === null || typeof node !== 'object') return undefined;
    node = Object.getOwnPropertyDescriptor(node, part)?.value;
  }
  return node;
}
