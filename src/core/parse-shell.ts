// A shell script as a document: the flags of the Python script it launches (`torchrun ... pretrain_gpt.py --lr 3e-4`)
// become keys (`--lr`) with positions, read with core/shell.ts. Which launch is the training run: the first command
// that runs a `pretrain_*.py` script, else the first that runs any `*.py` script with flags.
import { LIMITS, type LaunchDoc, type LaunchOverride, type LaunchTarget, type NodeInfo, type ParsedDoc, type ParseResult, type ShellLaunch } from './document.ts';
import { readShellScript, type Field, type ShellCommand, type WordSource } from './shell.ts';
import type { Span } from './types.ts';

export type { LaunchDoc, LaunchOverride, LaunchTarget, ShellLaunch } from './document.ts';

const LAUNCHER = /(?:^|\/)(?:python[\d.]*|torchrun|deepspeed|accelerate|uv|srun|mpirun|horovodrun|nohup|launch|exec|numactl|bash|sh|apptainer|singularity)$/;
const LAUNCHER_MODULE = /^(?:torch\.distributed\.(?:launch|run)|torch\.distributed\.elastic\..*|deepspeed(?:\.launcher\.\w+)?|accelerate\.commands\.\w+|torchrun|\w+\.launch(?:er)?)$/;
const PRETRAIN = /(?:^|\/)pretrain_\w+\.py$/;
/** Words that start a command but run no training program of their own. */
const NOT_A_PROGRAM = /^(?:echo|printf|cd|mkdir|rm|cp|mv|ls|cat|set|source|\.|export|unset|shift|wait|sleep|trap|exit|return|true|false|test|\[|\[\[|pip\d?|conda|module|git|wget|curl|tar|unzip|chmod|ln|touch|tee|grep|sed|awk|find|xargs|kill|pkill|nvidia-smi|hostname|date|scontrol|sbatch|squeue|ulimit|read|eval|let|trap|pushd|popd|huggingface-cli|hf|wandb|ray)$/;

interface Found {
  command: ShellCommand;
  at: number;
  target: LaunchTarget;
}

/** Every command that runs a training program, with the index of the target's word. */
function allLaunches(commands: ShellCommand[]): Found[] {
  const out: Found[] = [];
  for (const command of commands) {
    const fields = expandInlineCommands(command.fields);
    const launched = (i: number) => fields.slice(0, i).some((w) => LAUNCHER.test(w.text));
    const script = fields.findIndex((f, i) => /\.py$/.test(f.text) && !f.text.startsWith('-') && !f.text.includes('=') && launched(i));
    const module = fields.findIndex((f, i) => i > 0 && (f.text === '-m' || f.text === '--module') && i + 1 < fields.length && /^[A-Za-z_][\w.]*$/.test(fields[i + 1]!.text) && launched(i));
    // `python -m torch.distributed.launch ... train.py`: a module that launches the script is a launcher.
    const launcherModule = module >= 0 && script > module && LAUNCHER_MODULE.test(fields[module + 1]!.text);
    if (module >= 0 && !launcherModule && (script < 0 || module < script)) out.push({ command: { ...command, fields }, at: module + 1, target: { kind: 'module', name: fields[module + 1]!.text } });
    else if (script >= 0) out.push({ command: { ...command, fields }, at: script, target: { kind: 'script', name: fields[script]!.text } });
    else {
      // A program run directly (`yolo train ...`, `./distributed_train.sh 8 ...`, `bash run.sh ...`).
      let at = 0;
      while (at < fields.length && LAUNCHER.test(fields[at]!.text) && !/\.sh$/.test(fields[at]!.text)) at++;
      const head = fields[at];
      if (!head || head.unresolved || NOT_A_PROGRAM.test(head.text) || head.text.startsWith('-') || /[=|&;<>]/.test(head.text)) continue;
      if (at > 0 && !/^(?:bash|sh|exec|nohup|srun|numactl)$/.test(fields[0]!.text.split('/').pop()!)) continue;
      out.push({ command: { ...command, fields }, at, target: { kind: 'command', name: head.text } });
    }
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

const OVERRIDE = /^(\+{1,2}|~)?([A-Za-z_][\w.\-/@]*(?:\[\d+\])*)(=)?/;

function overrideOf(text: string): { prefix: LaunchOverride['prefix']; key: string; value: string | null } | null {
  const m = OVERRIDE.exec(text);
  if (!m) return null;
  const prefix = (m[1] ?? '') as LaunchOverride['prefix'];
  if (m[3]) return { prefix, key: m[2]!, value: text.slice(m[0].length) };
  return prefix === '~' && m[0].length === text.length ? { prefix, key: m[2]!, value: null } : null;
}

function pointerOf(key: string): string {
  return `/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`;
}

function scalarOf(text: string): unknown {
  return looksNumeric(text) ? Number(text.replace(/_/g, '')) : text;
}

/** A launch's arguments as keys: `--flag value` (argparse: the last of a repeated flag wins) and `key=value` words. */
function readLaunch(found: Found, launches: number): LaunchDoc {
  const { command, at, target } = found;
  const data: Record<string, unknown> = {};
  const nodes = new Map<string, NodeInfo>();
  const launch: ShellLaunch = {
    script: target.name,
    target,
    line: command.line,
    launches,
    conditional: command.conditional,
    unresolved: new Map(),
    open: [],
    values: new Map(),
    overrides: [],
    positionals: [],
    launcher: command.fields.slice(0, target.kind === 'module' ? at - 1 : at),
  };
  const set = (key: string, keySpan: Span, values: Field[], texts: string[]) => {
    const pointer = pointerOf(key);
    const unresolved = values.flatMap((v) => v.unresolved ?? []);
    launch.unresolved.delete(pointer);
    launch.values.delete(pointer);
    if (unresolved.length) {
      delete data[key];
      launch.unresolved.set(pointer, { flag: key, expression: unresolved.join(' '), span: keySpan });
      nodes.set(pointer, { keySpan, valueSpan: values[0]?.span ?? keySpan });
      return;
    }
    data[key] = texts.length === 0 ? true : texts.length === 1 ? scalarOf(texts[0]!) : texts;
    const first = values[0];
    nodes.set(pointer, {
      keySpan,
      valueSpan: first?.source?.span ?? first?.span ?? keySpan,
      ...(first && texts.length === 1 ? { scalar: { source: texts[0]!, plain: true } } : {}),
    });
    if (first?.source) launch.values.set(pointer, first.source);
    else if (first) launch.values.set(pointer, { span: first.span });
  };
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
    if (!isOption(field.text)) {
      const override = overrideOf(field.text);
      if (!override) {
        launch.positionals.push(field);
        continue;
      }
      launch.overrides.push({ key: override.key, prefix: override.prefix, line: field.span.line });
      if (override.value === null) {
        delete data[override.key];
        continue;
      }
      // The value's own span, the text after `key=`, is known when the word was written as is (no quotes, no
      // expansion: its span is as long as its text); otherwise a fix has no place to edit and none is offered.
      const literal = field.span.line === field.span.endLine && field.span.endColumn - field.span.column === field.text.length;
      const valueSpan: Span = { ...field.span, column: field.span.column + field.text.length - override.value.length };
      const valueField: Field = literal ? { text: override.value, span: valueSpan, source: { span: valueSpan } } : { text: override.value, span: field.span };
      set(override.key, field.span, field.unresolved ? [field] : [valueField], field.unresolved ? [] : [override.value]);
      if (!literal) launch.values.delete(pointerOf(override.key));
      continue;
    }
    const eq = field.text.indexOf('=');
    const flag = eq > 0 && field.text.startsWith('--') ? field.text.slice(0, eq) : field.text;
    const values: Field[] = [];
    if (eq > 0 && field.text.startsWith('--')) values.push({ ...field, text: field.text.slice(eq + 1) });
    else if (args[i + 1]?.open) {
      // `--data-path $DATA_PATH` with DATA_PATH unknown: the flag's value (and maybe more words) is not known.
      values.push(args[++i]!);
    } else {
      while (i + 1 < args.length && !args[i + 1]!.open && !isOption(args[i + 1]!.text) && !/^\d*[<>]/.test(args[i + 1]!.text)) {
        // `--config-name ppo a.b=1`: a `key=value` word after the flag's first value is an override of its own.
        if (values.length > 0 && overrideOf(args[i + 1]!.text)?.value != null) break;
        values.push(args[++i]!);
      }
    }
    set(flag, field.span, values, values.map((v) => v.text));
  }
  return { launch, data, nodes };
}

export function parseShell(text: string): ParseResult {
  if (Buffer.byteLength(text, 'utf8') > LIMITS.maxBytes) {
    return { ok: false, problem: { kind: 'unsafe', message: `file is larger than ${LIMITS.maxBytes} bytes, the limit for a training config`, line: 1, column: 1 } };
  }
  const script = readShellScript(text);
  const lineCount = text.split(/\r\n|\r|\n/).length;
  const rootNode: NodeInfo = { valueSpan: { line: 1, column: 1, endLine: lineCount, endColumn: 1 } };
  const found = allLaunches(script.commands);
  const scripts = found.filter((l) => l.target.kind === 'script');
  const isPretrain = (l: Found) => PRETRAIN.test(l.target.name);
  const hasFlags = (l: Found) => l.command.fields.slice(l.at + 1).some((f) => f.text.startsWith('--'));
  // Which launch is the training run when no dialect says otherwise: a `pretrain_*.py` script, else the first script
  // with flags, else the first module run with flags or overrides.
  const chosen =
    scripts.find(isPretrain) ??
    scripts.find(hasFlags) ??
    found.find((l) => l.target.kind === 'module' && l.command.fields.slice(l.at + 1).some((f) => f.text.startsWith('--') || overrideOf(f.text)?.value != null));
  const same = (l: Found) => l.target.kind === 'script' && isPretrain(l) === (chosen ? isPretrain(chosen) : false);
  const count = chosen?.target.kind === 'script' ? scripts.filter(same).length : found.filter((l) => l.target.kind === chosen?.target.kind).length;
  let all: LaunchDoc[] | undefined;
  const doc: ParsedDoc = {
    format: 'shell',
    data: {},
    nodes: new Map([['', rootNode]]),
    duplicateKeys: [],
    lineCount,
    text,
    // Every launch of the file, read on demand: a dialect whose program is not the default launch focuses on its own.
    get shellLaunches(): LaunchDoc[] {
      all ??= found.map((l) => (l === chosen && chosenDoc ? chosenDoc : readLaunch(l, found.filter((o) => o.target.name === l.target.name).length)));
      return all;
    },
  };
  const chosenDoc = chosen ? readLaunch(chosen, count) : undefined;
  if (chosenDoc) {
    doc.shell = chosenDoc.launch;
    doc.data = chosenDoc.data;
    for (const [k, v] of chosenDoc.nodes) doc.nodes.set(k, v);
  }
  return { ok: true, doc };
}

/** The document as a dialect reads one launch of it (`doc.shellLaunches[i]`): that launch's flags as the data. */
export function focusLaunch(doc: ParsedDoc, launch: LaunchDoc): ParsedDoc {
  if (doc.shell === launch.launch) return doc;
  const nodes = new Map(launch.nodes);
  nodes.set('', doc.nodes.get('')!);
  return { ...doc, data: launch.data, nodes, shell: launch.launch, duplicateKeys: [] };
}
