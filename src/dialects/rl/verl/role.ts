// One role's (actor or critic) optimizer sub-config read as the worker that builds its scheduler reads it.
import { formatNumber } from '../../../core/access.ts';
import type { Origin } from '../../../core/types.ts';
import type { MegatronDecayStyle } from '../../../schedules/megatron.ts';
import type { VerlValue, VerlView } from './config-view.ts';
import type { CodeVersion, RoleScheduler } from './scheduler.ts';

export type RoleRead =
  | { ok: true; scheduler: RoleScheduler; lr: number; lrFrom: Origin[]; lrHow: string; warmupHow: string; warmupFrom: Origin[]; warmupSetBy: WarmupSetting; typeHow: string; notes: string[] }
  | { ok: false; kind: 'invalid' | 'not-simulated'; message: string; at?: Origin };

/** The key that decides the warmup: a trainer-step count, or a ratio of `base` trainer steps (int(ratio x base)). */
export type WarmupSetting = { kind: 'steps'; value: VerlValue } | { kind: 'ratio'; value: VerlValue; base: number };

const MEGATRON_STYLES = ['constant', 'linear', 'cosine', 'inverse-square-root', 'WSD'];

const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);

/**
 * `prefix` is `actor_rollout_ref.actor` or `critic`; `T` the trainer steps the scheduler is built for
 * (optim.total_training_steps, which the trainer writes before the workers start); `release` (major x 1000 + minor) when
 * a verl release before v0.6.0 is named (a pin, or the copy the repository ships).
 */
export function readRole(view: VerlView, prefix: string, backend: 'fsdp' | 'megatron', code: CodeVersion, T: number, release?: number): RoleRead {
  const key = (k: string) => `${prefix}.optim.${k}`;
  const get = (k: string) => view.get(key(k));
  const lrV = get('lr');
  const lr = num(lrV.value);
  if (lr === undefined) return { ok: false, kind: 'invalid', message: `${key('lr')} is ${String(lrV.value)}, not a number: the optimizer cannot be built`, ...(lrV.from[0] ? { at: lrV.from[0] } : {}) };
  const notes: string[] = [];
  const stepsV = get('lr_warmup_steps');
  const ratioV = get('lr_warmup_steps_ratio');
  const steps = stepsV.value === null ? undefined : num(stepsV.value);
  const ratio = ratioV.value === null ? undefined : num(ratioV.value);

  if (backend === 'megatron') {
    const styleV = get('lr_decay_style');
    const style = String(styleV.value);
    const decayV = get('lr_decay_steps');
    const decaySteps = num(decayV.value) ?? T;
    // get_megatron_optimizer_param_scheduler: the ratio applies when lr_warmup_steps is None or <= 0, of lr_decay_steps.
    const useRatio = ratio !== undefined && (steps === undefined || steps <= 0);
    const warmup = useRatio ? Math.floor(ratio * decaySteps) : (steps ?? 0);
    const warmupHow = useRatio
      ? `${key('lr_warmup_steps_ratio')} ${formatNumber(ratio)} x lr_decay_steps ${decaySteps}${decayV.value === null || decayV.value === undefined ? ' (unset: total_training_steps)' : ''} = int(${formatNumber(ratio * decaySteps)}) = ${warmup} trainer steps`
      : `${key('lr_warmup_steps')} ${warmup} trainer steps`;
    if (!(decaySteps > 0)) return { ok: false, kind: 'invalid', message: `${prefix} lr_decay_steps is ${decaySteps}: megatron.core's OptimizerParamScheduler asserts lr_decay_steps > 0`, ...(decayV.from[0] ? { at: decayV.from[0] } : {}) };
    if (!(warmup < decaySteps)) return { ok: false, kind: 'invalid', message: `${prefix} warmup (${warmupHow}) is not shorter than lr_decay_steps ${decaySteps}: megatron.core's OptimizerParamScheduler asserts lr_warmup_steps < lr_decay_steps and the worker stops`, ...((ratioV.from[0] ?? stepsV.from[0]) ? { at: (ratioV.from[0] ?? stepsV.from[0])! } : {}) };
    if (!MEGATRON_STYLES.includes(style)) {
      const hint = style === 'inverse_square_root' ? " (optim/megatron.yaml's comment spells it so, but megatron.core only knows 'inverse-square-root')" : '';
      return { ok: false, kind: 'invalid', message: `${key('lr_decay_style')} ${style} is not a decay style megatron.core knows${hint}: OptimizerParamScheduler.get_lr raises '${style} decay style is not supported.' at the first scheduler step after the ${warmup}-step warmup, and the run stops there. Use one of ${MEGATRON_STYLES.join(', ')}`, ...(styleV.from[0] ? { at: styleV.from[0] } : {}) };
    }
    const wsd = num(get('lr_wsd_decay_steps').value) ?? null;
    if (style === 'WSD' && wsd === null) return { ok: false, kind: 'invalid', message: `${key('lr_decay_style')} WSD without ${key('lr_wsd_decay_steps')}: OptimizerParamScheduler asserts wsd_decay_steps is not None` };
    const initLr = num(get('lr_warmup_init').value) ?? 0;
    const minLr = num(get('min_lr').value) ?? 0;
    if (get('use_checkpoint_opt_param_scheduler').value === true) notes.push(`${key('use_checkpoint_opt_param_scheduler')}: a resumed run takes the scheduler from the checkpoint`);
    return {
      ok: true,
      scheduler: { kind: 'megatron', initLr, minLr, warmup, decaySteps, decayStyle: style as MegatronDecayStyle, wsdDecaySteps: wsd, wsdStyle: String(get('lr_wsd_decay_style').value ?? 'exponential') as 'exponential' },
      lr,
      lrFrom: lrV.from,
      lrHow: lrV.how,
      warmupHow,
      warmupFrom: useRatio ? [...ratioV.from] : [...stepsV.from],
      warmupSetBy: useRatio ? { kind: 'ratio', value: ratioV, base: decaySteps } : { kind: 'steps', value: stepsV },
      typeHow: `lr_decay_style ${style} (megatron.core OptimizerParamScheduler)`,
      notes,
    };
  }

  // FSDP. Which key names the schedule: the engine maps a set warmup_style onto lr_scheduler_type
  // (FSDPOptimizerConfig.__post_init__); legacy fsdp_workers reads lr_scheduler_type only (since #3739, v0.6.0), and
  // releases before it read warmup_style.
  const typeV = get('lr_scheduler_type');
  const styleV = get('warmup_style');
  let typeName: unknown = typeV.value ?? 'constant';
  let typeHow = typeV.how;
  let typeFrom = typeV.from;
  // volcengine/verl v0.2 fsdp_workers builds get_constant_schedule_with_warmup from lr_warmup_steps_ratio only;
  // lr_warmup_steps arrived with #564 (v0.3.0), warmup_style took effect with #959 (v0.4.0).
  const constantOnly = release !== undefined && release < 4;
  if (constantOnly) {
    typeName = 'constant';
    typeHow = `constant (verl before v0.4.0 builds only get_constant_schedule_with_warmup)`;
    if (styleV.value !== null && styleV.value !== undefined && styleV.value !== 'constant') notes.push(`${key('warmup_style')} ${String(styleV.value)} is ignored: verl before v0.4.0 builds a constant schedule with warmup only`);
  } else if (code === 'legacy-warmup-style') {
    typeName = styleV.value ?? 'constant';
    typeHow = `${styleV.how} (verl before v0.6.0 reads warmup_style)`;
    typeFrom = styleV.from;
  } else if (styleV.value !== null && styleV.value !== undefined) {
    if (code === 'engine') {
      typeName = styleV.value;
      typeHow = `${styleV.how}: FSDPOptimizerConfig copies the deprecated warmup_style into lr_scheduler_type`;
      typeFrom = styleV.from;
    } else {
      notes.push(`${key('warmup_style')} ${String(styleV.value)} is ignored by the legacy fsdp_workers (@b178a3cd reads lr_scheduler_type: ${String(typeName)}); the engine workers and verl before v0.6.0 use warmup_style`);
    }
  }
  if (typeName !== 'constant' && typeName !== 'cosine') {
    return { ok: false, kind: 'invalid', message: `${prefix} LR scheduler type ${String(typeName)} (${typeHow}) is not supported: verl raises NotImplementedError (only constant and cosine exist)`, ...(typeFrom[0] ? { at: typeFrom[0] } : {}) };
  }
  // Engine: `if num_warmup_steps <= 0` falls back to the ratio; legacy: `if num_warmup_steps < 0`.
  const stepsIgnored = release !== undefined && release < 3;
  if (stepsIgnored && steps !== undefined && steps >= 0) notes.push(`${key('lr_warmup_steps')} ${steps} is ignored: verl before v0.3.0 reads the warmup from lr_warmup_steps_ratio only`);
  const useRatio = stepsIgnored || steps === undefined || (code === 'engine' ? steps <= 0 : steps < 0);
  const warmup = useRatio ? Math.floor((ratio ?? 0) * T) : Math.trunc(steps);
  const warmupHow = useRatio
    ? `${key('lr_warmup_steps_ratio')} ${formatNumber(ratio ?? 0)} x total_training_steps ${T} = int(${formatNumber((ratio ?? 0) * T)}) = ${warmup} trainer steps`
    : `${key('lr_warmup_steps')} ${warmup} trainer steps`;
  const minLrRatio = num(get('min_lr_ratio').value) ?? 0;
  if (minLrRatio < 0 || minLrRatio > 1) return { ok: false, kind: 'invalid', message: `${key('min_lr_ratio')} ${minLrRatio}: get_cosine_schedule_with_warmup asserts 0 <= min_lr_ratio <= 1` };
  const zero = code === 'engine' ? get('zero_indexed_step').value !== false : true;
  return {
    ok: true,
    scheduler: { kind: 'fsdp', type: typeName, warmup, total: T, minLrRatio: typeName === 'cosine' ? minLrRatio : 0, numCycles: num(get('num_cycles').value) ?? 0.5, zeroIndexed: zero },
    lr,
    lrFrom: lrV.from,
    lrHow: lrV.how,
    warmupHow,
    warmupFrom: useRatio ? [...ratioV.from] : [...stepsV.from],
    warmupSetBy: useRatio ? { kind: 'ratio', value: ratioV, base: T } : { kind: 'steps', value: stepsV },
    typeHow: `${typeName} (${typeHow})`,
    notes,
  };
}
