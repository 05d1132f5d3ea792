// Python values as the reader evaluates them, what an evaluation of a module yields (bindings, calls,
// functions), and the few operations the reader performs, with CPython 3's number semantics: int vs float,
// floor division and modulo rounding toward -inf (Objects/floatobject.c float_divmod), int() truncation,
// round() to even, ZeroDivisionError as an unknown value with its reason. Nothing else.
import { roundHalfEven } from './python-numbers.ts';
import type { Origin, Span } from './types.ts';

export type PyValue =
  | { t: 'int'; v: number }
  | { t: 'float'; v: number }
  | { t: 'bool'; v: boolean }
  | { t: 'str'; v: string }
  | { t: 'none' }
  | { t: 'list' | 'tuple'; items: Evaluated[] }
  | { t: 'dict'; entries: Array<{ key: string; keySpan: Span; value: Evaluated }> }
  | { t: 'module'; name: string };

/** `shown`: the expression with every name replaced by its value, `*` written `x` (`int(0.2 x 135)`). */
export type Known = { ok: true; value: PyValue; shown: string; from: Origin[] };
export type Unknown = { ok: false; reason: string; from: Origin[] };
export type Evaluated = Known | Unknown;

export interface Binding {
  name: string;
  result: Evaluated;
  origin: Origin;
  valueSpan: Span;
  /** The value expression as written. */
  source: string;
  /** The value is a single literal (`6e-4`, `'cosine'`, `True`). */
  literal: boolean;
  /** The value expression is a call: what is called with which arguments (e.g. a DataLoader's batch_size). */
  call?: CallInfo;
}

export interface CallInfo {
  /** Dotted callee as written: `parser.add_argument`, `len`, `torch.optim.AdamW`. */
  callee: string;
  args: Evaluated[];
  argSources: string[];
  kwargs: Map<string, Evaluated>;
  kwargSources: Map<string, string>;
  span: Span;
}

export interface FunctionInfo {
  name: string;
  span: Span;
  params: string[];
  defaults: Map<string, Evaluated>;
  /** Tokens of the whole definition joined by single spaces, comments dropped (for recognising known code). */
  tokens: string;
}

export interface Evaluation {
  /** The binding each name has at the end of the module (top level and the `__main__` block). */
  bindings: Map<string, Binding>;
  /** Every call anywhere in the file, in source order (argparse's add_argument lives in functions too). */
  calls: CallInfo[];
  functions: Map<string, FunctionInfo>;
  /** Local name -> `module.name` for `from module import name`. */
  imports: Map<string, string>;
  /** Top-level statements that were not evaluated, with why. */
  skipped: Array<{ line: number; reason: string }>;
}

export interface EvalOptions {
  /** Names bound before this file runs (a nanoGPT config is exec'd over train.py's globals). */
  initial?: ReadonlyMap<string, Known>;
  /** A value for a call the reader cannot evaluate itself (e.g. `len(train_loader)` from the data size). */
  call?(call: CallInfo): Evaluated | undefined;
}

export const unknown = (reason: string, from: Origin[] = []): Unknown => ({ ok: false, reason, from });
export const known = (value: PyValue, shown: string, from: Origin[] = []): Known => ({ ok: true, value, shown, from });

/**
 * Origins one value keeps. A finding names the first; the rest only say which keys a value came through, so a chain of
 * thousands of names, each defined from the previous one, costs the same per name as a chain of two (linear, not
 * quadratic, in the file's size).
 */
export const MAX_ORIGINS = 16;

export function mergeFrom(...lists: Origin[][]): Origin[] {
  const seen = new Set<string>();
  const out: Origin[] = [];
  for (const list of lists) {
    for (const o of list) {
      if (out.length >= MAX_ORIGINS) return out;
      if (!seen.has(o.pointer)) (seen.add(o.pointer), out.push(o));
    }
  }
  return out;
}

export function formatPy(value: PyValue): string {
  switch (value.t) {
    case 'int':
      return String(value.v);
    case 'float': {
      if (Number.isNaN(value.v)) return 'nan';
      if (!Number.isFinite(value.v)) return value.v > 0 ? 'inf' : '-inf';
      const plain = String(value.v);
      const exp = value.v.toExponential().replace(/\.?0+e/, 'e').replace('e+', 'e');
      const short = exp.length < plain.length ? exp : plain;
      return /[.e]/.test(short) || /inf|nan/.test(short) ? short : `${short}.0`;
    }
    case 'bool':
      return value.v ? 'True' : 'False';
    case 'str':
      return `'${value.v.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
    case 'none':
      return 'None';
    case 'module':
      return value.name;
    default:
      return value.t;
  }
}

/** Plain data for a ParsedDoc (JSON-like); undefined when some part is unknown. */
export function plainValue(value: PyValue): unknown {
  switch (value.t) {
    case 'int':
    case 'float':
    case 'bool':
    case 'str':
      return value.v;
    case 'none':
      return null;
    case 'list':
    case 'tuple': {
      const items = value.items.map((i) => (i.ok ? plainValue(i.value) : undefined));
      return items.some((i) => i === undefined) ? undefined : items;
    }
    case 'dict': {
      const out: Record<string, unknown> = {};
      for (const e of value.entries) {
        const v = e.value.ok ? plainValue(e.value.value) : undefined;
        if (v !== undefined) Object.defineProperty(out, e.key, { value: v, enumerable: true, writable: true, configurable: true });
      }
      return out;
    }
    default:
      return undefined;
  }
}

export function numberOf(value: PyValue): number | undefined {
  if (value.t === 'int' || value.t === 'float') return value.v;
  if (value.t === 'bool') return value.v ? 1 : 0;
  return undefined;
}

// ---------------------------------------------------------------------------------------------------
// Literals

/**
 * A Python number literal as CPython reads it; undefined for complex (`1j`), and a string saying why for an integer
 * past 2^53, which a float cannot hold exactly (Python's int can: any value computed from it here would be off).
 */
export function readNumberLiteral(text: string): PyValue | string | undefined {
  const t = text.replace(/_/g, '');
  if (/[jJ]$/.test(t)) return undefined;
  const exact = (v: number): PyValue | string => (Number.isSafeInteger(v) ? { t: 'int', v } : `integer ${text} is past 2^53, which trainlint does not compute with exactly`);
  if (/^0[xX]/.test(t)) return exact(parseInt(t.slice(2), 16));
  if (/^0[oO]/.test(t)) return exact(parseInt(t.slice(2), 8));
  if (/^0[bB]/.test(t)) return exact(parseInt(t.slice(2), 2));
  if (/^\d+$/.test(t)) return exact(Number(t));
  const v = Number(t.endsWith('.') ? t.slice(0, -1) : t.replace(/\.(?=[eE])/, ''));
  return Number.isNaN(v) ? undefined : { t: 'float', v };
}

const SIMPLE_ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', '\\': '\\', "'": "'", '"': '"', a: '\x07', b: '\b', f: '\f', v: '\v', '\n': '' };

/** A (non-f, non-bytes) string literal's value; undefined where it is not a plain str. */
export function readStringLiteral(text: string): string | undefined {
  const m = /^([rRuUbBfF]{0,2})('''|"""|'|")/.exec(text);
  if (!m) return undefined;
  const prefix = m[1]!.toLowerCase();
  if (prefix.includes('b') || prefix.includes('f')) return undefined;
  const quote = m[2]!;
  const body = text.slice(m[0].length, text.length - quote.length);
  if (prefix.includes('r')) return body;
  // A truncated \x / \u / \U escape, or one past U+10FFFF, is a SyntaxError in Python: no value.
  let invalid = false;
  const value = body.replace(/\\(x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|[0-7]{1,3}|N\{[^}]*\}|[\s\S])/g, (all, e: string) => {
    if (/^[xuU]/.test(e)) {
      const code = parseInt(e.slice(1), 16);
      if (!(code >= 0 && code <= 0x10ffff)) return ((invalid = true), '');
      return String.fromCodePoint(code);
    }
    if (/^[0-7]/.test(e)) return String.fromCodePoint(parseInt(e, 8));
    return SIMPLE_ESCAPES[e] ?? all; // unknown escapes keep the backslash, as in Python
  });
  return invalid ? undefined : value;
}

// ---------------------------------------------------------------------------------------------------
// Arithmetic with CPython's rules

type Num = { t: 'int' | 'float'; v: number };

/** The number a value is in arithmetic (bool is an int, as in Python). */
export function numeric(value: PyValue): Num | undefined {
  if (value.t === 'bool') return { t: 'int', v: value.v ? 1 : 0 };
  return value.t === 'int' || value.t === 'float' ? value : undefined;
}

function intResult(v: bigint): PyValue | string {
  const n = Number(v);
  return Number.isSafeInteger(n) ? { t: 'int', v: n } : 'integer result too large to evaluate exactly';
}

/** Python's float divmod (Objects/floatobject.c float_divmod). */
function floatDivmod(a: number, b: number): [number, number] {
  let mod = a % b;
  let div = (a - mod) / b;
  if (mod !== 0) {
    if (b < 0 !== mod < 0) {
      mod += b;
      div -= 1;
    }
  } else mod = b < 0 ? -0 : 0;
  let floordiv: number;
  if (div !== 0) {
    floordiv = Math.floor(div);
    if (div - floordiv > 0.5) floordiv += 1;
  } else floordiv = a / b < 0 ? -0 : 0;
  return [floordiv, mod];
}

/** float ** float: CPython raises OverflowError where finite operands give an infinite result (float_pow), unlike `*`. */
function floatPower(a: number, b: number): PyValue | string {
  const v = Math.pow(a, b);
  return !Number.isFinite(v) && Number.isFinite(a) && Number.isFinite(b) ? 'OverflowError: the power is too large for a float' : { t: 'float', v };
}

export function arith(op: string, x: Num, y: Num): PyValue | string {
  if (x.t === 'int' && y.t === 'int') {
    const a = BigInt(x.v);
    const b = BigInt(y.v);
    switch (op) {
      case '+':
        return intResult(a + b);
      case '-':
        return intResult(a - b);
      case '*':
        return intResult(a * b);
      case '/':
        return y.v === 0 ? 'ZeroDivisionError: division by zero' : { t: 'float', v: x.v / y.v };
      case '//':
      case '%': {
        if (y.v === 0) return 'ZeroDivisionError: integer division or modulo by zero';
        let q = a / b;
        if (a % b !== 0n && (a < 0n) !== (b < 0n)) q -= 1n;
        return intResult(op === '//' ? q : a - q * b);
      }
      case '**':
        if (y.v < 0) return x.v === 0 ? 'ZeroDivisionError: 0 cannot be raised to a negative power' : floatPower(x.v, y.v);
        if (Math.abs(x.v) > 1 && y.v > 64) return 'integer result too large to evaluate exactly';
        return intResult(a ** b);
    }
    return `operator ${op} is not evaluated`;
  }
  const a = x.v;
  const b = y.v;
  switch (op) {
    case '+':
      return { t: 'float', v: a + b };
    case '-':
      return { t: 'float', v: a - b };
    case '*':
      return { t: 'float', v: a * b };
    case '/':
      return b === 0 ? 'ZeroDivisionError: float division by zero' : { t: 'float', v: a / b };
    case '//':
    case '%':
      if (b === 0) return 'ZeroDivisionError: float floor division or modulo by zero';
      return { t: 'float', v: floatDivmod(a, b)[op === '//' ? 0 : 1] };
    case '**':
      if (a === 0 && b < 0) return 'ZeroDivisionError: 0.0 cannot be raised to a negative power';
      if (a < 0 && !Number.isInteger(b)) return 'a negative number to a fractional power is complex';
      return floatPower(a, b);
  }
  return `operator ${op} is not evaluated`;
}

export const BUILTINS: Record<string, (args: PyValue[]) => PyValue | string> = {
  int(args) {
    const [x] = args;
    if (args.length !== 1 || !x) return 'int() with other than one argument is not evaluated';
    const n = numeric(x);
    if (n) return Number.isFinite(n.v) ? { t: 'int', v: Math.trunc(n.v) + 0 } : 'int() of inf or nan raises';
    if (x.t === 'str' && /^\s*[-+]?\d+(?:_\d+)*\s*$/.test(x.v)) return { t: 'int', v: Number(x.v.trim().replace(/_/g, '')) };
    return `int() of ${x.t} is not evaluated`;
  },
  float(args) {
    const [x] = args;
    if (args.length !== 1 || !x) return 'float() with other than one argument is not evaluated';
    const n = numeric(x);
    if (n) return { t: 'float', v: n.v };
    if (x.t === 'str') {
      const t = x.v.trim().replace(/(?<=\d)_(?=\d)/g, '');
      const v = /^[-+]?(?:inf(?:inity)?|nan)$/i.test(t) ? Number(t.replace(/inf(inity)?/i, 'Infinity').replace(/nan/i, 'NaN')) : /^[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?$/.test(t) ? Number(t) : NaN;
      return Number.isNaN(v) && !/nan/i.test(t) ? `float('${x.v}') raises ValueError` : { t: 'float', v };
    }
    return `float() of ${x.t} is not evaluated`;
  },
  round(args) {
    const n = args.length === 1 && args[0] ? numeric(args[0]) : undefined;
    if (!n) return 'round() is only evaluated for one number';
    return n.t === 'int' ? n : Number.isFinite(n.v) ? { t: 'int', v: roundHalfEven(n.v) } : 'round() of inf or nan raises';
  },
  abs(args) {
    const n = args.length === 1 && args[0] ? numeric(args[0]) : undefined;
    return n ? { t: n.t, v: Math.abs(n.v) } : 'abs() is only evaluated for one number';
  },
  min: (args) => extreme(args, (a, b) => b < a),
  max: (args) => extreme(args, (a, b) => b > a),
  len(args) {
    const [x] = args;
    if (x?.t === 'str') return { t: 'int', v: [...x.v].length };
    if (x?.t === 'list' || x?.t === 'tuple') return { t: 'int', v: x.items.length };
    if (x?.t === 'dict') return { t: 'int', v: x.entries.length };
    return 'len() of this value is not evaluated';
  },
};

function extreme(args: PyValue[], better: (current: number, candidate: number) => boolean): PyValue | string {
  const nums = args.map(numeric);
  if (nums.length < 2 || nums.some((n) => !n)) return 'min()/max() are only evaluated for two or more numbers';
  let best = 0;
  for (let i = 1; i < nums.length; i++) if (better(nums[best]!.v, nums[i]!.v)) best = i; // the first of equal values wins, as in Python
  // The argument itself, as Python returns it: min(False, 3) is False, not 0.
  return args[best]!;
}

export const MATH: Record<string, (args: PyValue[]) => PyValue | string> = {
  ceil: (args) => roundWith(args, Math.ceil),
  floor: (args) => roundWith(args, Math.floor),
  sqrt(args) {
    const n = args.length === 1 && args[0] ? numeric(args[0]) : undefined;
    return n && n.v >= 0 ? { t: 'float', v: Math.sqrt(n.v) } : 'math.sqrt() is only evaluated for one non-negative number';
  },
};

function roundWith(args: PyValue[], f: (v: number) => number): PyValue | string {
  const n = args.length === 1 && args[0] ? numeric(args[0]) : undefined;
  if (!n || !Number.isFinite(n.v)) return 'math.ceil()/math.floor() are only evaluated for one finite number';
  return { t: 'int', v: f(n.v) + 0 };
}

/** A value as it appears in the shown arithmetic when a name stands for it (`135`, `6e-4`, `'cosine'`). */
export function formatShown(v: PyValue): string {
  if (v.t === 'float' || v.t === 'int') return formatNumberShort(v.v);
  if (v.t === 'str') return JSON.stringify(v.v);
  if (v.t === 'bool') return v.v ? 'True' : 'False';
  if (v.t === 'none') return 'None';
  return v.t;
}

/** 6e-4, 600000, 0.1: the shortest form a reader recognises (as access.ts formatNumber). */
function formatNumberShort(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  if (Number.isInteger(v) && Math.abs(v) < 1e15) return String(v);
  const plain = String(v);
  const exp = v.toExponential().replace(/\.?0+e/, 'e').replace('e+', 'e');
  return exp.length < plain.length ? exp : plain;
}
