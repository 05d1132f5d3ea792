// Command-line options: the subset of node:util parseArgs the CLI uses (strict, positionals allowed; string and
// boolean options, short names, short groups such as -qu, --name=value, `--` ending the options), with the same
// results and the same refusals (property test against parseArgs in __tests__/args.test.ts). Loading parseArgs from
// node:util costs a start about 5 ms of CPU on Node 20, a tenth of what the CLI adds to Node's own start.

export interface OptionSpec {
  type: 'string' | 'boolean';
  short?: string;
  default?: string | boolean;
}

type ValueOf<S> = S extends { type: 'boolean' } ? boolean : string;
export type OptionValues<T extends Record<string, OptionSpec>> = {
  [K in keyof T]: T[K] extends { default: unknown } ? ValueOf<T[K]> : ValueOf<T[K]> | undefined;
};

export class OptionError extends Error {}

/** A value that looks like an option is refused for a string option given as a separate word, as parseArgs does. */
const looksLikeOption = (word: string) => word.length > 1 && word.startsWith('-');

export function parseCommandLine<T extends Record<string, OptionSpec>>(args: readonly string[], options: T): { values: OptionValues<T>; positionals: string[] } {
  const values: Record<string, string | boolean> = Object.create(null);
  const positionals: string[] = [];
  const byShort = new Map(Object.entries(options).flatMap(([name, spec]) => (spec.short ? [[spec.short, name] as const] : [])));
  const spec = (name: string): OptionSpec | undefined => (Object.hasOwn(options, name) ? options[name] : undefined);

  /** The value of string option `name` from the next word; `shown` is how the user wrote the option. */
  const nextValue = (index: number, shown: string): string => {
    const value = args[index];
    if (value === undefined) throw new OptionError(`option ${shown} needs a value`);
    if (looksLikeOption(value)) throw new OptionError(`option ${shown} needs a value, and ${JSON.stringify(value)} looks like an option: write ${shown}=${value} if it is the value`);
    return value;
  };

  for (let i = 0; i < args.length; i++) {
    const word = args[i]!;
    if (word === '--') {
      positionals.push(...args.slice(i + 1));
      break;
    }
    if (word.startsWith('--')) {
      const eq = word.indexOf('=');
      const name = eq === -1 ? word.slice(2) : word.slice(2, eq);
      const option = spec(name);
      if (!option) throw new OptionError(`unknown option --${name} (a file whose name starts with '-' goes after '--')`);
      if (option.type === 'boolean') {
        if (eq !== -1) throw new OptionError(`option --${name} takes no value`);
        values[name] = true;
      } else {
        values[name] = eq !== -1 ? word.slice(eq + 1) : nextValue(++i, `--${name}`);
      }
      continue;
    }
    if (word.startsWith('-') && word.length > 1) {
      // -q, -qu (a group of short options), -fVALUE or -f VALUE (a short string option).
      for (let c = 1; c < word.length; c++) {
        const short = word[c]!;
        const name = byShort.get(short);
        const option = name === undefined ? undefined : spec(name);
        if (name === undefined || !option) throw new OptionError(`unknown option -${short} (a file whose name starts with '-' goes after '--')`);
        if (option.type === 'boolean') {
          values[name] = true;
          continue;
        }
        values[name] = c < word.length - 1 ? word.slice(c + 1) : nextValue(++i, `-${short}`);
        break;
      }
      continue;
    }
    positionals.push(word);
  }
  for (const [name, option] of Object.entries(options)) {
    if (!(name in values) && option.default !== undefined) values[name] = option.default;
  }
  return { values: values as OptionValues<T>, positionals };
}
