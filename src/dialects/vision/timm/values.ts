// The values train.py's schedule depends on, each with where it came from: a launch's flag, the `--config` YAML
// (the document itself, or the file a launch's `-c` names), or train.py's default (@aa4b5850), merged as _parse_args
// merges them (timm/args.ts).
import { defaulted, formatNumber, type DocReader } from '../../../core/access.ts';
import { parseText } from '../../../core/parse.ts';
import type { PlanContext, PlanProblem } from '../../../core/plan.ts';
import type { Origin, Resolved } from '../../../core/types.ts';
import { isObject } from '../../shared.ts';
import { convert, destOfFlag, SCHEDULE_ARGS, truthy } from './args.ts';

export interface TimmArgs {
  sched: Resolved<string>;
  sched_on_updates: Resolved<boolean>;
  warmup_prefix: Resolved<boolean>;
  naflex_loader: Resolved<boolean>;
  /** 0 when unset (None): train.py's `if not args.lr` treats both alike. */
  lr: Resolved;
  lr_base: Resolved;
  lr_base_size: Resolved;
  lr_base_scale: Resolved<string>;
  opt: Resolved<string>;
  lr_noise: Resolved<unknown>;
  train_img_sizes: Resolved<unknown>;
  start_epoch: Resolved<number | null>;
  decay_milestones: Resolved<number[]>;
  lr_cycle_mul: Resolved;
  lr_cycle_decay: Resolved;
  lr_cycle_limit: Resolved;
  lr_k_decay: Resolved;
  warmup_lr: Resolved;
  min_lr: Resolved;
  epochs: Resolved;
  epoch_repeats: Resolved;
  decay_epochs: Resolved;
  warmup_epochs: Resolved;
  cooldown_epochs: Resolved;
  decay_rate: Resolved;
  batch_size: Resolved;
  grad_accum_steps: Resolved;
}

type Read = { ok: true; args: TimmArgs } | { ok: false; kind: PlanProblem['kind']; message: string; at?: Origin };

interface Layer {
  name: string;
  data: Record<string, unknown>;
  from: 'cli' | 'yaml';
  origin?: (dest: string) => Origin;
}

/** The YAML a launch's `-c FILE` names, read from the repository (relative to the script's folder, else the root). */
function configFile(file: string, context: PlanContext): { path: string; data: Record<string, unknown> } | { missing: string } {
  const dir = context.path.includes('/') ? context.path.slice(0, context.path.lastIndexOf('/')) : '';
  const candidates = [...new Set([dir ? `${dir}/${file}` : file, file.replace(/^\.\//, '')])];
  for (const candidate of candidates) {
    const text = context.repo?.read(candidate);
    if (text === null || text === undefined) continue;
    const parsed = parseText(text, 'yaml');
    if (!parsed.ok || !isObject(parsed.doc.data)) return { missing: `${candidate} is not a YAML mapping trainlint can read` };
    return { path: candidate, data: parsed.doc.data };
  }
  return { missing: `${file} is not in the repository (looked for ${candidates.join(', ')})` };
}

export function readTimmArgs(r: DocReader, context: PlanContext, assumptions: string[]): Read {
  const layers: Layer[] = [];
  const data = isObject(r.data) ? r.data : {};
  const shell = r.doc.format === 'shell' ? r.doc.shell : undefined;
  const where = shell ? `the launch of ${shell.target.name} at line ${shell.line}` : 'this config';
  if (shell) {
    for (const [pointer, u] of shell.unresolved) {
      const dest = destOfFlag(pointer.slice(1));
      if (dest && SCHEDULE_ARGS[dest]) return { ok: false, kind: 'not-simulated', message: `${u.flag} ${u.expression} (line ${u.span.line}) in ${where} cannot be resolved from the script, so the schedule is not simulated`, at: r.origin([dest]) };
    }
    if (typeof data.config === 'string' && data.config) {
      const found = configFile(data.config, context);
      if ('missing' in found) return { ok: false, kind: 'not-simulated', message: `${where} loads -c ${data.config}, whose values train.py takes as its defaults; ${found.missing}, so the schedule is not simulated`, at: r.origin(['config']) };
      layers.push({ name: found.path, data: found.data, from: 'yaml' });
    }
    if (shell.open.length) assumptions.push(`${where} passes ${shell.open.map((o) => o.expression).join(', ')}, which may add flags trainlint cannot see: those are taken at their YAML or train.py values`);
    layers.push({ name: 'flag', data, from: 'cli', origin: (dest) => r.origin([dest]) });
  } else layers.push({ name: 'yaml', data, from: 'yaml', origin: (dest) => r.origin([dest]) });

  const out: Record<string, Resolved<unknown>> = {};
  for (const [dest, spec] of Object.entries(SCHEDULE_ARGS)) {
    let value: Resolved<unknown> = defaulted(spec.default, `${dest} unset: ${JSON.stringify(spec.default)} (train.py default @aa4b5850)`);
    for (const layer of layers) {
      if (!Object.prototype.hasOwnProperty.call(layer.data, dest)) continue;
      const c = convert(dest, layer.data[dest], layer.from);
      const at = layer.origin?.(dest);
      if (!c.ok) return { ok: false, kind: 'invalid', message: `${dest} ${JSON.stringify(layer.data[dest])}${layer.origin ? '' : ` (in ${layer.name})`}: train.py's argparse converts it with ${spec.type.replace('+', '')}() and ${c.why}, so the launch stops`, ...(at ? { at } : {}) };
      const shown = Array.isArray(c.value) ? c.value.join(' ') : String(c.value);
      value = { value: c.value, how: layer.origin ? `${dest}: ${shown}` : `${dest}: ${shown} (${layer.name})`, from: at ? [at] : [] };
    }
    out[dest] = value;
  }

  const bad = (dest: string, wants: string): Read => ({ ok: false, kind: 'not-simulated', message: `${dest} is ${JSON.stringify(out[dest]!.value)} (${out[dest]!.how}); train.py uses it where it needs ${wants}, which trainlint does not model`, ...(out[dest]!.from[0] ? { at: out[dest]!.from[0] } : {}) });
  const numbers = ['lr_base', 'lr_cycle_mul', 'lr_cycle_decay', 'lr_k_decay', 'warmup_lr', 'min_lr', 'decay_epochs', 'decay_rate', 'epoch_repeats'];
  const ints = ['lr_base_size', 'lr_cycle_limit', 'epochs', 'warmup_epochs', 'cooldown_epochs', 'batch_size', 'grad_accum_steps'];
  for (const d of numbers) if (typeof out[d]!.value !== 'number') return bad(d, 'a number');
  for (const d of ints) if (typeof out[d]!.value !== 'number' || !Number.isInteger(out[d]!.value)) return bad(d, 'an integer');
  for (const d of ['batch_size', 'lr_base_size']) if ((out[d]!.value as number) < 1) return { ok: false, kind: 'invalid', message: `${d} ${formatNumber(out[d]!.value as number)}: train.py needs a positive batch size`, ...(out[d]!.from[0] ? { at: out[d]!.from[0] } : {}) };
  if (out.lr!.value !== null && typeof out.lr!.value !== 'number') return bad('lr', 'a number or None');
  if (out.start_epoch!.value !== null && typeof out.start_epoch!.value !== 'number') return bad('start_epoch', 'an integer');
  for (const d of ['sched', 'lr_base_scale', 'opt']) if (typeof out[d]!.value !== 'string') return bad(d, 'a string');
  const milestones = out.decay_milestones!.value;
  const sched = out.sched!.value as string;
  if (sched === 'multistep' && (!Array.isArray(milestones) || !milestones.every((m) => typeof m === 'number'))) return bad('decay_milestones', 'a list of epochs');
  for (const d of ['sched_on_updates', 'warmup_prefix', 'naflex_loader']) out[d] = { ...out[d]!, value: truthy(out[d]!.value) };
  if (out.lr!.value === null) out.lr = { ...out.lr!, value: 0, how: 'lr unset (None)' };
  if (!Array.isArray(milestones)) out.decay_milestones = { ...out.decay_milestones!, value: [] };
  return { ok: true, args: out as unknown as TimmArgs };
}
