// What a diffusers example script (examples/*/train_*.py) does with its schedule flags, read from its text: the
// argparse defaults (dialects/argparse-reader.ts) and the convention its main() uses to turn --lr_warmup_steps and the
// run length into get_scheduler's num_warmup_steps / num_training_steps. The conventions, as found in
// huggingface/diffusers examples @58eb52c0:
//   `processes`   warmup x num_processes, total = max_train_steps x num_processes, where max_train_steps (when only
//                 epochs are given) is computed BEFORE accelerator.prepare from the unsharded dataloader (40 scripts,
//                 e.g. examples/dreambooth/train_dreambooth.py);
//   `sharded`     warmup x num_processes, total = num_training_steps_for_scheduler: max_train_steps x num_processes,
//                 or epochs x ceil(ceil(len(dataloader) / num_processes) / accumulation) x num_processes (diffusers#8312,
//                 #8384; 27 scripts, e.g. examples/text_to_image/train_text_to_image.py);
//   `accumulation` warmup x gradient_accumulation_steps, total = max_train_steps x gradient_accumulation_steps (written
//                 for accelerate < 0.16, which stepped the scheduler on every micro-batch; 13 scripts, e.g.
//                 examples/text_to_image/train_text_to_image_lora_sdxl.py);
//   `plain`       warmup and max_train_steps as given (8 scripts, e.g. examples/t2i_adapter/train_t2i_adapter_sdxl.py);
//   `loader-epochs` warmup x gradient_accumulation_steps, total = len(train_dataloader) x --num_epochs, the unsharded
//                 micro-batch count (examples/unconditional_image_generation/train_unconditional.py, which has no
//                 --max_train_steps: the run is --num_epochs x ceil(per-process batches / accumulation) updates).
import type { Evaluation } from '../../../core/python-eval.ts';
import { argparseArguments, argumentValue } from '../../argparse-reader.ts';

export type SchedulerConvention = 'processes' | 'sharded' | 'accumulation' | 'plain' | 'loader-epochs';

/** The flags whose defaults the schedule depends on (argparse dests). */
export const SCHEDULE_DESTS = ['learning_rate', 'lr_scheduler', 'lr_warmup_steps', 'max_train_steps', 'num_train_epochs', 'num_epochs', 'gradient_accumulation_steps', 'train_batch_size', 'scale_lr', 'lr_num_cycles', 'lr_power'] as const;
export type ScheduleDest = (typeof SCHEDULE_DESTS)[number];

export type DefaultValue = number | string | boolean | null;

export interface ScriptFacts {
  convention: SchedulerConvention;
  /** get_scheduler receives num_cycles=args.lr_num_cycles / power=args.lr_power (else its own defaults 1 and 1.0). */
  passesCycles: boolean;
  passesPower: boolean;
  /** The DataLoader drops the last partial batch (len = floor(samples / batch)). */
  dropLast: boolean;
  /** The argparse default of each schedule flag the script defines (a flag it does not define is absent). */
  defaults: Partial<Record<ScheduleDest, DefaultValue>>;
  /** Line of the get_scheduler call, for citations. */
  schedulerLine: number;
}

export type ScriptReading = { ok: true; facts: ScriptFacts } | { ok: false; why: string };

/** The `get_scheduler(...)` call's text (balanced parentheses), with its line. */
function schedulerCall(text: string): { body: string; line: number } | undefined {
  const m = /\bget_scheduler\s*\(/.exec(text.replace(/^\s*(?:from|import)\b.*$/gm, (s) => ' '.repeat(s.length)));
  if (!m) return undefined;
  let depth = 0;
  for (let i = m.index + m[0].length - 1; i < text.length; i++) {
    if (text[i] === '(') depth++;
    else if (text[i] === ')' && --depth === 0) return { body: text.slice(m.index, i + 1), line: text.slice(0, m.index).split('\n').length };
  }
  return undefined;
}

function keyword(call: string, name: string): string | undefined {
  const m = new RegExp(`\\b${name}\\s*=\\s*([^,)]+(?:\\([^)]*\\))?[^,)]*)`).exec(call);
  return m?.[1]?.replace(/\s+/g, ' ').trim();
}

/** The convention of a script's get_scheduler call, or why it is none trainlint models. */
export function readScript(text: string, evaluation: Evaluation | undefined): ScriptReading {
  const call = schedulerCall(text);
  if (!call || !/from\s+diffusers\.optimization\s+import\s+[^\n]*\bget_scheduler\b/.test(text)) return { ok: false, why: "the script does not build its scheduler with diffusers' get_scheduler" };
  const warmup = keyword(call.body, 'num_warmup_steps');
  const total = keyword(call.body, 'num_training_steps');
  let convention: SchedulerConvention | undefined;
  const scaled = (expr: string | undefined, base: string, by: string) => expr !== undefined && new RegExp(`^args\\.${base}\\s*\\*\\s*${by.replace('.', '\\.')}$`).test(expr);
  if (warmup === 'num_warmup_steps_for_scheduler' && total === 'num_training_steps_for_scheduler') convention = 'sharded';
  else if (scaled(warmup, 'lr_warmup_steps', 'accelerator.num_processes') && total === 'num_training_steps_for_scheduler') convention = 'sharded';
  else if (scaled(warmup, 'lr_warmup_steps', 'accelerator.num_processes') && scaled(total, 'max_train_steps', 'accelerator.num_processes')) convention = 'processes';
  else if (scaled(warmup, 'lr_warmup_steps', 'args.gradient_accumulation_steps') && scaled(total, 'max_train_steps', 'args.gradient_accumulation_steps')) convention = 'accumulation';
  else if (warmup === 'args.lr_warmup_steps' && total === 'args.max_train_steps') convention = 'plain';
  else if (scaled(warmup, 'lr_warmup_steps', 'args.gradient_accumulation_steps') && /num_training_steps\s*=\s*\(?\s*len\(train_dataloader\)\s*\*\s*args\.num_epochs\s*\)?/.test(call.body)) convention = 'loader-epochs';
  if (convention === 'sharded') {
    // The newer scripts' own formula (diffusers#8312): check it is the one modelled, not a variant.
    const sharding = /len_train_dataloader_after_sharding\s*=\s*math\.ceil\(\s*len\(train_dataloader\)\s*\/\s*accelerator\.num_processes\s*\)/.test(text);
    const warmupFor = warmup !== 'num_warmup_steps_for_scheduler' || /num_warmup_steps_for_scheduler\s*=\s*args\.lr_warmup_steps\s*\*\s*accelerator\.num_processes/.test(text);
    if (!sharding || !warmupFor) convention = undefined;
  }
  if (!convention) return { ok: false, why: `its get_scheduler call (line ${call.line}) passes num_warmup_steps=${warmup ?? '(none)'}, num_training_steps=${total ?? '(none)'}, a convention trainlint does not model` };
  const defaults: ScriptFacts['defaults'] = {};
  if (evaluation) {
    const args = argparseArguments(evaluation);
    for (const dest of SCHEDULE_DESTS) {
      const arg = args.get(dest);
      if (!arg) continue;
      const v = argumentValue(arg, 'script', undefined);
      if (v.ok) defaults[dest] = v.value;
    }
  }
  return {
    ok: true,
    facts: {
      convention,
      passesCycles: /\bnum_cycles\s*=\s*args\.lr_num_cycles\b/.test(call.body),
      passesPower: /\bpower\s*=\s*args\.lr_power\b/.test(call.body),
      dropLast: /\bdrop_last\s*=\s*True\b/.test(text),
      defaults,
      schedulerLine: call.line,
    },
  };
}
