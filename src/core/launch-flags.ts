// Reading a launch script's flags the way argparse converts them (`type=int` refuses `5e5`, `type=float` takes `3e-4`),
// each with where its value was written: on the launch line, in a variable's assignment, or as a `${VAR:-default}`.
import { formatNumber, type DocReader } from './access.ts';
import type { ShellLaunch } from './parse-shell.ts';
import { pythonFloat, pythonInt } from './python-numbers.ts';
import type { Origin, Resolved } from './types.ts';

export type FlagRead<T> =
  | { state: 'absent' }
  | { state: 'value'; value: Resolved<T>; edit: Origin; environment?: string }
  | { state: 'unresolved'; message: string; at: Origin }
  | { state: 'invalid'; message: string; at: Origin };

function pointerOf(flag: string): string {
  return `/${flag.replace(/~/g, '~0').replace(/\//g, '~1')}`;
}

/** The flags of one launch, with argparse's conversions. */
export class LaunchFlags {
  readonly launch: ShellLaunch;

  constructor(readonly reader: DocReader) {
    this.launch = reader.doc.shell!;
  }

  has(flag: string): boolean {
    return this.reader.has([flag]) || this.launch.unresolved.has(pointerOf(flag));
  }

  /** Where the flag is written (its key), for findings about it. */
  origin(flag: string): Origin {
    return this.reader.origin([flag]);
  }

  /** Where the flag's value is written, and the key a fix edits there (the flag, or the variable holding the value). */
  private valueOrigin(flag: string): { origin: Origin; environment?: string; via?: string } {
    const pointer = pointerOf(flag);
    const source = this.launch.values.get(pointer);
    if (!source) return { origin: this.origin(flag) };
    const origin: Origin = { key: source.variable ?? flag, pointer, span: source.span };
    return { origin, ...(source.variable ? { via: source.variable } : {}), ...(source.environmentDefault ? { environment: source.variable! } : {}) };
  }

  private text(flag: string): string {
    const node = this.reader.doc.nodes.get(pointerOf(flag));
    return node?.scalar?.source ?? String(this.reader.raw([flag]));
  }

  private read<T>(flag: string, convert: (text: string, raw: unknown) => T | { error: string }, show: (v: T) => string): FlagRead<T> {
    const unresolved = this.launch.unresolved.get(pointerOf(flag));
    if (unresolved) {
      return {
        state: 'unresolved',
        message: `${flag} ${unresolved.expression} (line ${unresolved.span.line}): the value is set outside the script, by a command's output, or differently under a condition`,
        at: this.origin(flag),
      };
    }
    const raw = this.reader.raw([flag]);
    if (raw === undefined) return { state: 'absent' };
    const text = this.text(flag);
    const converted = convert(text, raw);
    const { origin, environment, via } = this.valueOrigin(flag);
    if (converted !== null && typeof converted === 'object' && 'error' in converted) {
      return { state: 'invalid', message: `argument ${flag}: ${converted.error} (argparse stops the launch)`, at: origin };
    }
    const value = converted as T;
    const line = origin.span.line;
    const how = via
      ? `${flag}: $${via} = ${show(value)} (line ${line}${environment ? `, the default of \${${environment}:-...}` : ''})`
      : `${flag}: ${show(value)}`;
    return { state: 'value', value: { value, how, from: [origin] }, edit: origin, ...(environment ? { environment } : {}) };
  }

  int(flag: string): FlagRead<number> {
    return this.read(
      flag,
      (text, raw) => {
        if (raw === true) return { error: 'expected one argument' };
        const v = pythonInt(text);
        return Number.isNaN(v) ? { error: `invalid int value: '${text}'` } : v;
      },
      (v) => String(v),
    );
  }

  float(flag: string): FlagRead<number> {
    return this.read(
      flag,
      (text, raw) => {
        if (raw === true) return { error: 'expected one argument' };
        const v = pythonFloat(text);
        return Number.isNaN(v) && !/nan/i.test(text) ? { error: `invalid float value: '${text}'` } : v;
      },
      (v) => formatNumber(v),
    );
  }

  choice<T extends string>(flag: string, choices: readonly T[]): FlagRead<T> {
    return this.read<T>(
      flag,
      (text, raw) => {
        if (raw === true) return { error: 'expected one argument' };
        return (choices as readonly string[]).includes(text) ? (text as T) : { error: `invalid choice: '${text}' (choose from ${choices.map((c) => `'${c}'`).join(', ')})` };
      },
      (v) => v,
    );
  }
}
