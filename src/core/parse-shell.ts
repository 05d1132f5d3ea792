// A shell script as a document: the flags of the Python script it launches (`torchrun ... pretrain_gpt.py --lr 3e-4`)
// become keys (`--lr`) with positions, read with core/shell.ts. Which launch is the training run: the first command
// that runs a `pretrain_*.py` script, else the first that runs any `*.py` script with flags.
import { LIMITS, type NodeInfo, type ParsedDoc, type ParseResult } from './parse.ts';
import { readShellScript, type Field, type ShellCommand, type WordSource } from './shell.ts';
import type { Span } from './types.ts';

/** What the reader knows about the launch a shell document stands for. */
export interface ShellLaunch {
  /** The script as written after expansion (`${MEGATRON}/pretrain_gpt.py` may read `$MEGATRON/pretrain_gpt.py`). */
  script: string;
  line: number;
  /** Launches of training scripts in the file (the first is the one read). */
  launches: number;
  /** The launch sits inside an if / loop / function body. */
  conditional: boolean;
  /** Flags whose value bash cannot know from the file, by pointer, with the expression. */
  unresolved: Map<string, { flag: string; expression: string; span: Span }>;
  /** Expansions among the arguments that may add flags nobody can list (`$EXTRA_ARGS` unset, `"$@"`). */
  open: Array<{ expression: string; line: number }>;
  /** Where each flag's value was written (the text a fix edits), by pointer. */
  values: Map<string, WordSource>;
}

const LAUNCHER = /(?:^|\/)(?:python[\d.]*|torchrun|deepspeed|accelerate|uv|srun|mpirun|horovodrun|nohup|launch|exec|numactl|bash|sh|apptainer|singularity)$/;
const PRETRAIN = /(?:^|\/)pretrain_\w+\.py$/;

/** Every command that runs a Python script, with the index of the script's word. */
function pythonLaunches(commands: ShellCommand[]): Array<{ command: ShellCommand; at: number }> {
  const out: Array<{ command: ShellCommand; at: number }> = [];
  for (const command of commands) {
    const fields = expandInlineCommands(command.fields);
    const at = fields.findIndex((f, i) => /\.py$/.test(f.text) && !f.text.startsWith('-') && fields.slice(0, i).some((w) => LAUNCHER.test(w.text)));
    if (at >= 0) out.push({ command: { ...command, fields }, at });
  }
  return out;
}

/** `srun bash -c "torchrun ... pretrain_gpt.py --lr 1e-4"`: the quoted command's words, each placed at the quoted word. */
function expandInlineCommands(fields: Field[]): Field[] {
  return fields.flatMap((f, i) => {
    if (i === 0 || fields[i - 1]!.text !== '-c' || !/\s/.test(f.text) || !/\.py\b/.test(f.text)) return [f];
    return f.text
      .trim()
      .split(/\s+/)
      .map((raw): Field => {
        const text = raw.replace(/^["']|["']$/g, '');
        // A word still written as an expansion was not known when the command string was built.
        if (/^\$\{?[A-Za-z_@*]/.test(text)) return { text, span: f.span, unresolved: [text], open: true };
        return { text, span: f.span, source: { span: f.span }, ...(text.includes('$') && f.unresolved ? { unresolved: [text] } : {}) };
      });
  });
}

/** A command-line value as argparse gets it: numbers stay text here; the dialect converts them with the flag's type. */
function looksNumeric(text: string): boolean {
  return /^[-+]?(?:\d[\d_]*\.?[\d_]*|\.\d[\d_]*)(?:[eE][-+]?\d+)?$/.test(text);
}

function isOption(text: string): boolean {
  return text.startsWith('-') && text.length > 1 && !looksNumeric(text);
}

export function parseShell(text: string): ParseResult {
  if (Buffer.byteLength(text, 'utf8') > LIMITS.maxBytes) {
    return { ok: false, problem: { kind: 'unsafe', message: `file is larger than ${LIMITS.maxBytes} bytes, the limit for a training config`, line: 1, column: 1 } };
  }
  const script = readShellScript(text);
  const data: Record<string, unknown> = {};
  const nodes = new Map<string, NodeInfo>();
  const duplicateKeys: string[] = [];
  const lineCount = text.split(/\r\n|\r|\n/).length;
  nodes.set('', { valueSpan: { line: 1, column: 1, endLine: lineCount, endColumn: 1 } });
  const doc: ParsedDoc = { format: 'shell', data, nodes, duplicateKeys, lineCount, text };
  const launches = pythonLaunches(script.commands);
  const chosen = launches.find((l) => PRETRAIN.test(l.command.fields[l.at]!.text)) ?? launches.find((l) => l.command.fields.slice(l.at + 1).some((f) => f.text.startsWith('--')));
  if (!chosen) return { ok: true, doc };
  const { command, at } = chosen;
  const launch: ShellLaunch = {
    script: command.fields[at]!.text,
    line: command.line,
    launches: launches.filter((l) => PRETRAIN.test(l.command.fields[l.at]!.text) === PRETRAIN.test(command.fields[at]!.text)).length,
    conditional: command.conditional,
    unresolved: new Map(),
    open: [],
    values: new Map(),
  };
  doc.shell = launch;
  const args = command.fields.slice(at + 1);
  for (let i = 0; i < args.length; i++) {
    const field = args[i]!;
    if (field.open) {
      launch.open.push({ expression: (field.unresolved ?? [field.text]).join(' '), line: field.span.line });
      continue;
    }
    // Redirections (`> log.txt`, `2>&1`) belong to the shell, not to the script.
    if (/^\d*[<>]/.test(field.text)) {
      if (/^\d*[<>]+$/.test(field.text)) i++;
      continue;
    }
    if (!isOption(field.text)) continue;
    const eq = field.text.indexOf('=');
    const flag = eq > 0 && field.text.startsWith('--') ? field.text.slice(0, eq) : field.text;
    const values: Field[] = [];
    if (eq > 0 && field.text.startsWith('--')) values.push({ ...field, text: field.text.slice(eq + 1) });
    else if (args[i + 1]?.open) {
      // `--data-path $DATA_PATH` with DATA_PATH unknown: the flag's value (and maybe more words) is not known.
      values.push(args[++i]!);
    } else while (i + 1 < args.length && !args[i + 1]!.open && !isOption(args[i + 1]!.text) && !/^\d*[<>]/.test(args[i + 1]!.text)) values.push(args[++i]!);
    const pointer = `/${flag.replace(/~/g, '~0').replace(/\//g, '~1')}`;
    // argparse keeps the last value of a flag given twice; scripts append overrides on purpose, so it is no finding.
    const unresolved = values.flatMap((v) => v.unresolved ?? []);
    launch.unresolved.delete(pointer);
    launch.values.delete(pointer);
    if (unresolved.length) {
      delete data[flag];
      launch.unresolved.set(pointer, { flag, expression: unresolved.join(' '), span: field.span });
      nodes.set(pointer, { keySpan: field.span, valueSpan: values[0]?.span ?? field.span });
      continue;
    }
    const texts = values.map((v) => v.text);
    data[flag] = texts.length === 0 ? true : texts.length === 1 ? (looksNumeric(texts[0]!) ? Number(texts[0]!.replace(/_/g, '')) : texts[0]) : texts;
    const first = values[0];
    nodes.set(pointer, {
      keySpan: field.span,
      valueSpan: first?.source?.span ?? first?.span ?? field.span,
      ...(first && texts.length === 1 ? { scalar: { source: texts[0]!, plain: true } } : {}),
    });
    if (first?.source) launch.values.set(pointer, first.source);
    else if (first) launch.values.set(pointer, { span: first.span });
  }
  return { ok: true, doc };
}
