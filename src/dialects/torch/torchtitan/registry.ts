// torchtitan's config registries (`config_registry.py`, since 9810191b, 2026-02-23): each public function of the
// module is a job config that `--module M --config NAME` loads (torchtitan/config/manager.py @b5bcd76c: `getattr(module,
// NAME)()`, any callable whose name does not start with `_`). Each one becomes its own document here, holding the keys
// the schedule needs (`optimizer.lr`, `lr_scheduler.*`, `training.steps`) at the lines where the registry sets them,
// so the same plan as the TOML files reviews it and a fix edits the keyword that set the value.
import type { NodeInfo, ParsedDoc } from '../../../core/parse.ts';
import { pythonModule } from '../../../core/parse-python.ts';
import type { PlanProblem } from '../../../core/plan.ts';
import { plainValue } from '../../../core/python-values.ts';
import type { Span } from '../../../core/types.ts';
import { RegistryReader, whyNotPlain, type ConfigObject, type Field, type Value } from './registry-eval.ts';

export const REGISTRY_COMMIT = 'b5bcd76c';

/** LRSchedulersContainer.Config's fields (components/optimizer/lr_scheduler.py @b5bcd76c): a kw_only, slots dataclass. */
const SCHEDULER_FIELDS = new Set(['warmup_steps', 'total_steps', 'decay_ratio', 'decay_type', 'min_lr_factor']);

export interface RegistryInfo {
  /** The registered name (`--config NAME`). */
  name: string;
  /** Shown with the plan: what was not followed, other parameter groups. */
  notes: string[];
  /** Why no plan can be built from what the registry says. */
  problem?: PlanProblem;
  /** `default_adamw(...)` without `lr=`: its own default applies. */
  lrDefault?: { value: number; how: string };
  optimizerName?: string;
}

/** Return annotations and classes of job configs: `Trainer.Config`, `GraphTrainer.Config`, `_KimiTrainerConfig`, `Controller.Config`, `TransformersBackendConfig`. */
const JOB_CONFIG = /(?:Trainer|Controller|Backend)\w*(?:\.Config|Config)\b/;

const infos = new WeakMap<ParsedDoc, RegistryInfo>();

/** What the registry reader learned about a registered config's document (absent for a TOML file). */
export function registryInfo(doc: ParsedDoc): RegistryInfo | undefined {
  return infos.get(doc);
}

const BUILDS_CONFIGS = /Trainer\.Config\b|\bLRSchedulersContainer\.Config\(|\bTrainingConfig\(|\bdefault_adamw\(/;

/** A Python module that builds torchtitan job configs. */
export function looksLikeRegistry(doc: ParsedDoc): boolean {
  if (!mayBeRegistry(doc.text)) return false;
  const module = pythonModule(doc);
  if (!module) return false;
  // mayBeRegistry found a config built; what is left is that torchtitan is what the module imports.
  return [...module.evaluation.imports.values()].some((m) => m.startsWith('torchtitan.')) || /^\s*from\s+torchtitan[.\s]/m.test(doc.text);
}

/** What looksLikeRegistry needs in the text itself: torchtitan imported (by name), a config built. */
export function mayBeRegistry(text: string): boolean {
  return text.includes('torchtitan') && BUILDS_CONFIGS.test(text);
}

/** One document per registered config of the module, in source order. */
export function registeredConfigs(doc: ParsedDoc): Array<{ name: string; doc: ParsedDoc }> {
  const module = pythonModule(doc);
  if (!module) return [];
  const reader = new RegistryReader(module);
  const out: Array<{ name: string; doc: ParsedDoc }> = [];
  for (const [name, def] of reader.definitions) {
    // manager.py lists public callables as configs; a function that needs arguments cannot be one (`config_fn()`).
    if (!/^[a-z]/.test(name) || def.params.some((p) => !p.default)) continue;
    const run = { notes: [] as string[], stack: [] as string[] };
    const value = reader.callFunction(name, [], new Map(), run);
    // A job config: an object holding a trainer's sections, or (when it cannot be followed) a function annotated as
    // returning a trainer's or controller's config. default_adamw() and other helpers return other configs.
    const jobFields = ['optimizer', 'lr_scheduler', 'training', 'trainer'];
    const returnsConfig =
      value.kind === 'object' ? jobFields.some((k) => value.fields.has(k)) || JOB_CONFIG.test(value.callee) : JOB_CONFIG.test(def.returns ?? '');
    if (!returnsConfig) continue;
    const defSpan = reader.span(def.node.getChild('VariableName') ?? def.node);
    out.push({ name, doc: configDoc(doc, name, value, run.notes, defSpan) });
  }
  return out;
}

function configDoc(file: ParsedDoc, name: string, value: Value, notes: string[], defSpan: Span): ParsedDoc {
  const data: Record<string, Record<string, unknown>> = {};
  const nodes = new Map<string, NodeInfo>([['', { keySpan: defSpan, valueSpan: defSpan }]]);
  const doc: ParsedDoc = { format: 'python', data, nodes, duplicateKeys: [], lineCount: file.lineCount, text: file.text };
  const info: RegistryInfo = { name, notes: [...new Set(notes)] };
  infos.set(doc, info);
  const stop = (message: string, kind: PlanProblem['kind'] = 'not-simulated', at?: Span) => {
    info.problem = { kind, message: `\`${name}()\`: ${message}`, ...(at ? { at: { key: name, pointer: '', span: at } } : {}) };
    return doc;
  };
  if (value.kind !== 'object') return stop(`the config it returns cannot be followed: ${whyNotPlain(value) ?? 'it returns no config object'}`);
  const section = (key: string): Field | undefined => value.fields.get(key);
  if (!['optimizer', 'lr_scheduler', 'training'].some((k) => value.fields.has(k))) {
    const inner = [...value.fields].find(([, f]) => f.value.kind === 'object' && ['optimizer', 'lr_scheduler'].some((k) => (f.value as ConfigObject).fields.has(k)));
    if (inner) {
      return stop(
        `its optimizer and LR scheduler are set in \`${inner[0]}\` (\`${(inner[1].value as ConfigObject).callee}\`), a trainer inside another loop (e.g. RL): ` +
          'that loop decides how many optimizer updates run, which trainlint does not model, so no curve is drawn',
      );
    }
  }
  const put = (sectionKey: string, key: string, field: Field, plain: unknown) => {
    (data[sectionKey] ??= {})[key] = plain;
    nodes.set(`/${sectionKey}/${key}`, { keySpan: field.keySpan, valueSpan: field.valueSpan });
  };
  const mark = (sectionKey: string, field: Field) => nodes.set(`/${sectionKey}`, { keySpan: field.keySpan, valueSpan: field.valueSpan });
  /** A plain value of a field, or the reason it is not one. */
  const plainOf = (field: Field): { ok: true; value: unknown } | { ok: false; why: string } => {
    const why = whyNotPlain(field.value);
    if (why !== undefined || field.value.kind !== 'python' || !field.value.value.ok) return { ok: false, why: why ?? 'not a plain value' };
    return { ok: true, value: plainValue(field.value.value.value) };
  };

  // lr_scheduler: LRSchedulersContainer.Config(...) or its default.
  const scheduler = section('lr_scheduler');
  if (scheduler) {
    mark('lr_scheduler', scheduler);
    const obj = scheduler.value;
    if (obj.kind !== 'object') return stop(`lr_scheduler (line ${scheduler.keySpan.line}) cannot be followed: ${whyNotPlain(obj)}`);
    if (obj.callee !== '(default)' && !/(?:^|\.)LRSchedulersContainer\.Config$/.test(obj.callee)) {
      return stop(`lr_scheduler is \`${obj.callee}(...)\` (line ${scheduler.keySpan.line}), not torchtitan's LRSchedulersContainer.Config, whose schedule trainlint does not know`);
    }
    for (const [key, field] of obj.fields) {
      if (!SCHEDULER_FIELDS.has(key)) {
        // A slots dataclass refuses an unknown keyword (TypeError) or attribute (AttributeError) when the config is built.
        return stop(`lr_scheduler has no field \`${key}\` (line ${field.keySpan.line}): LRSchedulersContainer.Config (a slots dataclass) raises when \`${name}()\` builds it; its fields are ${[...SCHEDULER_FIELDS].join(', ')}`, 'invalid', field.keySpan);
      }
      const plain = plainOf(field);
      if (!plain.ok) return stop(`lr_scheduler.${key} (line ${field.keySpan.line}) is not known: ${plain.why}`);
      put('lr_scheduler', key, field, plain.value);
    }
  }

  // training.steps: TrainingConfig(steps=...) or its default.
  const training = section('training');
  if (training) {
    mark('training', training);
    if (training.value.kind !== 'object') return stop(`training (line ${training.keySpan.line}) cannot be followed: ${whyNotPlain(training.value)}`);
    const steps = training.value.fields.get('steps');
    if (steps) {
      const plain = plainOf(steps);
      if (!plain.ok) return stop(`training.steps (line ${steps.keySpan.line}) is not known: ${plain.why}`);
      put('training', 'steps', steps, plain.value);
    }
  }

  // optimizer: default_adamw(lr=...) or OptimizersContainer.Config(param_groups=[ParamGroupConfig(...)]).
  const optimizer = section('optimizer');
  if (!optimizer) {
    return stop("it sets no optimizer: Trainer.Config's default OptimizersContainer.Config() has no parameter groups, so there is no LR to follow");
  }
  mark('optimizer', optimizer);
  const opt = optimizer.value;
  if (opt.kind !== 'object') return stop(`optimizer (line ${optimizer.keySpan.line}) cannot be followed: ${whyNotPlain(opt)}`);
  function adamw(call: ConfigObject): ParsedDoc {
    info.optimizerName = 'AdamW';
    const lr = call.fields.get('lr');
    if (!lr) {
      // components/optimizer/optimizer.py @b5bcd76c: def default_adamw(lr: float = 8e-4, **kwargs).
      info.lrDefault = { value: 8e-4, how: `default_adamw() without lr: 8e-4 (its default, torchtitan@${REGISTRY_COMMIT})` };
      return doc;
    }
    const plain = plainOf(lr);
    if (!plain.ok) return stop(`the optimizer's lr (line ${lr.keySpan.line}) is not known: ${plain.why}`);
    put('optimizer', 'lr', lr, plain.value);
    return doc;
  }
  if (opt.callee === 'default_adamw') return adamw(opt);
  const groups = opt.fields.get('param_groups');
  if (!groups) return stop(`the optimizer \`${opt.callee}(...)\` (line ${optimizer.keySpan.line}) sets no param_groups, so there is no LR to follow`);
  const items = groups.value.kind === 'list' ? groups.value.items : undefined;
  if (!items || items.some((i) => i.kind !== 'object')) return stop(`the optimizer's param_groups (line ${groups.keySpan.line}) cannot be followed`);
  const objects = items as ConfigObject[];
  const patternOf = (g: ConfigObject) => {
    if (g.callee === 'default_adamw') return '.*';
    const p = g.fields.get('pattern');
    return p?.value.kind === 'python' && p.value.value.ok && p.value.value.value.t === 'str' ? p.value.value.value.v : undefined;
  };
  // Parameters go to the first group whose pattern matches; the catch-all `.*` group holds most of them.
  const main = objects.find((g) => patternOf(g) === '.*') ?? objects[0];
  if (!main) return stop(`the optimizer's param_groups (line ${groups.keySpan.line}) is empty`);
  if (main.callee === 'default_adamw') return adamw(main);
  const kwargs = main.fields.get('optimizer_kwargs');
  const dict = kwargs?.value.kind === 'python' && kwargs.value.value.ok && kwargs.value.value.value.t === 'dict' ? kwargs.value.value.value : undefined;
  const entry = dict ? [...dict.entries].reverse().find((e) => e.key === 'lr') : undefined;
  if (!entry || !entry.value.ok) {
    return stop(`the param group${patternOf(main) ? ` \`${patternOf(main)}\`` : ''} gives no known lr in its optimizer_kwargs, so its LR is the optimizer class's own default, which trainlint does not assume`);
  }
  const optimizerName = main.fields.get('optimizer_name');
  if (optimizerName?.value.kind === 'python' && optimizerName.value.value.ok && optimizerName.value.value.value.t === 'str') info.optimizerName = optimizerName.value.value.value.v;
  put('optimizer', 'lr', { value: { kind: 'python', value: entry.value }, keySpan: entry.keySpan, valueSpan: entry.keySpan, source: '' }, plainValue(entry.value.value));
  if (objects.length > 1) {
    info.notes.push(`${objects.length} parameter groups: the curve is drawn for the group with pattern \`${patternOf(main) ?? '?'}\`; every group's LR follows the same factors from its own lr`);
  }
  return doc;
}
