// argparse defaults of a training script (`parser.add_argument('--learning_rate', type=float, default=5e-4)`)
// and the launch lines that override them (`python train_pretrain.py --learning_rate 0.1`), resolved the way
// argparse does: the last value given on the command line wins, `type` converts a command-line string and a
// string default (Lib/argparse.py _get_values / parse_known_args), and no default means None.
import { formatNumber } from '../core/access.ts';
import type { CallInfo, Evaluation } from '../core/python-eval.ts';
import { formatPy, numberOf } from '../core/python-values.ts';
import type { Origin, Resolved } from '../core/types.ts';
import { flagValue, type LaunchLine } from '../resolve/launch-lines.ts';
import { pythonFloat, pythonInt } from '../core/python-numbers.ts';

export interface Argument {
  /** `--learning_rate`: the first long option string. */
  flag: string;
  /** `learning_rate`: where parse_args puts it. */
  dest: string;
  /** The `type=` callable as written (`float`, `int`, `str`), if any. */
  type?: string;
  action?: string;
  call: CallInfo;
  origin: Origin;
}

export type ArgumentValue =
  | { ok: true; value: number | string | boolean | null; resolved: Resolved; overridden: boolean }
  | { ok: false; message: string; at: Origin; kind: 'needs-data' | 'invalid' };

/** Every `*.add_argument(...)` call of the file, by dest (a later definition of the same dest wins, as in argparse). */
export function argparseArguments(evaluation: Evaluation): Map<string, Argument> {
  const out = new Map<string, Argument>();
  for (const call of evaluation.calls) {
    if (!/(?:^|\.)add_argument$/.test(call.callee)) continue;
    const flags = call.args.flatMap((a) => (a.ok && a.value.t === 'str' ? [a.value.v] : []));
    const flag = flags.find((f) => f.startsWith('--')) ?? flags[0];
    if (!flag) continue;
    const destGiven = call.kwargs.get('dest');
    const dest = destGiven?.ok && destGiven.value.t === 'str' ? destGiven.value.v : flag.replace(/^-+/, '').replace(/-/g, '_');
    const type = call.kwargSources.get('type');
    const action = call.kwargs.get('action');
    out.set(dest, {
      flag,
      dest,
      ...(type !== undefined ? { type } : {}),
      ...(action?.ok && action.value.t === 'str' ? { action: action.value.v } : {}),
      call,
      origin: { key: dest, pointer: `/${dest}`, span: call.span },
    });
  }
  return out;
}

/** A command-line string converted by `type=` as argparse calls it; an error message when argparse refuses it. */
function convert(text: string, type: string | undefined, flag: string): number | string | { error: string } {
  if (type === 'float') {
    const v = pythonFloat(text);
    return Number.isNaN(v) && !/nan/i.test(text) ? { error: `argument ${flag}: invalid float value: '${text}'` } : v;
  }
  if (type === 'int') {
    const v = pythonInt(text);
    return Number.isNaN(v) ? { error: `argument ${flag}: invalid int value: '${text}'` } : v;
  }
  return text;
}

/** The value `args.<dest>` has: the launch line's, else the default. */
export function argumentValue(arg: Argument, file: string, launch: LaunchLine | undefined): ArgumentValue {
  const line = arg.origin.span.line;
  const given = launch ? flagValue(launch.args, arg.flag) : undefined;
  const defaultText = defaultDescription(arg, file);
  if (given !== undefined) {
    const where = `${launch!.file}:${launch!.line}`;
    if (given === true) {
      if (arg.action === 'store_true' || arg.action === 'store_false') {
        return { ok: true, value: arg.action === 'store_true', resolved: { value: NaN, how: `${arg.flag} at ${where}`, from: [arg.origin] }, overridden: true };
      }
      return { ok: false, message: `${where} passes ${arg.flag} without a value: argparse stops with "expected one argument"`, at: arg.origin, kind: 'invalid' };
    }
    if (given.startsWith('$')) return { ok: false, message: `${where} passes ${arg.flag} ${given}, a shell variable trainlint cannot resolve`, at: arg.origin, kind: 'needs-data' };
    const value = convert(given, arg.type, arg.flag);
    if (typeof value === 'object') return { ok: false, message: `${where}: ${value.error} (argparse stops the run)`, at: arg.origin, kind: 'invalid' };
    return { ok: true, value, resolved: { value: typeof value === 'number' ? value : NaN, how: `${arg.flag} ${given} at ${where}, which overrides the ${defaultText.replace(`${arg.flag} `, '')}`, from: [arg.origin] }, overridden: true };
  }
  const d = arg.call.kwargs.get('default');
  if (!d) {
    if (arg.action === 'store_true' || arg.action === 'store_false') return { ok: true, value: arg.action === 'store_false', resolved: { value: NaN, how: defaultText, from: [arg.origin] }, overridden: false };
    return { ok: true, value: null, resolved: { value: NaN, how: `${arg.flag} has no default (None)`, from: [arg.origin] }, overridden: false };
  }
  if (!d.ok) return { ok: false, message: `the default of ${arg.flag} (line ${line}) cannot be evaluated without running the code: ${d.reason}`, at: arg.origin, kind: 'needs-data' };
  // argparse applies `type` to a string default (and only to a string default).
  if (d.value.t === 'str') {
    const value = convert(d.value.v, arg.type, arg.flag);
    if (typeof value === 'object') return { ok: false, message: `${value.error} in the default (line ${line})`, at: arg.origin, kind: 'invalid' };
    return { ok: true, value, resolved: { value: typeof value === 'number' ? value : NaN, how: defaultText, from: [arg.origin] }, overridden: false };
  }
  const n = numberOf(d.value);
  const value = d.value.t === 'bool' ? d.value.v : d.value.t === 'none' ? null : (n ?? null);
  return { ok: true, value, resolved: { value: n ?? NaN, how: defaultText, from: [arg.origin] }, overridden: false };
}

function defaultDescription(arg: Argument, file: string): string {
  const d = arg.call.kwargs.get('default');
  const shown = d?.ok ? (d.value.t === 'float' || d.value.t === 'int' ? formatNumber(d.value.v) : formatPy(d.value)) : (arg.call.kwargSources.get('default') ?? 'None');
  return `${arg.flag} default ${shown} at ${file}:${arg.origin.span.line}`;
}
