// axolotl's scheduler dispatch (core/trainers/mixins/scheduler.py SchedulerMixin.create_scheduler @067b021c), in
// its order: one_cycle -> torch OneCycleLR; rex -> RexLR; cosine + lr_quadratic_warmup; cosine_min_lr_ratio with
// cosine_constant_lr_ratio; cosine_min_lr_ratio; else transformers' get_scheduler. Both ratios are tested for
// truth (`cosine_min_lr_ratio: 0.0` falls through to transformers' cosine). jagged_restart_steps then wraps the
// result in JaggedLRRestartScheduler (causal trainer only).
// Counters: a LambdaLR (and OneCycleLR) is built at last_epoch 0, so update k reads step k. RexLR is built at 0 and
// its initial step moves it to 1 (update k reads k + 1; 0.8.x: k). JaggedLRRestartScheduler starts from the inner
// scheduler's counter and takes one more initial step: update k reads the inner counter + 1.
import type { Phase } from '../../core/types.ts';
import { constantFrom, cosineWarmupDecayConstant, cosineWithMinLr, jaggedScale, quadraticWarmupCosine, rexLrAtStep, rexStepOf, type JaggedArgs } from '../../schedules/axolotl.ts';
import { torchLr, type TorchScheduler } from '../../schedules/torch.ts';
import { buildHfSchedule, type HfSchedule, type HfSchedulerType } from '../../schedules/transformers.ts';

export interface AxolotlSchedulerInput {
  /** cfg.lr_scheduler, `cosine` when unset. */
  scheduler: string;
  /** TrainingArguments.lr_scheduler_type (`cosine` for one_cycle and rex). */
  hfType: HfSchedulerType;
  lr: number;
  warmup: number;
  /** num_training_steps: the Trainer's max_steps. */
  total: number;
  kwargs: Record<string, unknown>;
  minLrRatio: number | null;
  constantLrRatio: number | null;
  quadraticWarmup: boolean;
  jagged: JaggedArgs | null;
  preFixRex: boolean;
}

export type AxolotlScheduleResult =
  | { ok: true; schedule: HfSchedule; finalTailSteps?: number }
  | { ok: false; kind: 'invalid' | 'metric-driven'; message: string; key?: string };

const ONE_CYCLE_KWARGS = ['pct_start', 'anneal_strategy', 'cycle_momentum', 'base_momentum', 'max_momentum', 'div_factor', 'final_div_factor', 'three_phase', 'epochs', 'steps_per_epoch', 'last_epoch', 'verbose'];

interface Inner {
  schedule: HfSchedule;
  /** The LR at the inner scheduler's own counter. */
  atCounter: (s: number) => number;
  /** The inner counter right after construction (update k reads k + this without the jagged wrapper). */
  start: number;
  finalTailSteps?: number;
}

export function buildAxolotlSchedule(a: AxolotlSchedulerInput): AxolotlScheduleResult {
  const inner = innerSchedule(a);
  if (!inner.ok) return inner;
  const { schedule, atCounter, start } = inner.value;
  if (!a.jagged) return { ok: true, schedule, ...(inner.value.finalTailSteps ? { finalTailSteps: inner.value.finalTailSteps } : {}) };
  return { ok: true, schedule: jagged(a.jagged, schedule, atCounter, start, a.total) };
}

function innerSchedule(a: AxolotlSchedulerInput): { ok: true; value: Inner } | Extract<AxolotlScheduleResult, { ok: false }> {
  const { lr, warmup: w, total: t } = a;
  const lambdaInner = (schedule: HfSchedule, finalTailSteps?: number): { ok: true; value: Inner } => ({ ok: true, value: { schedule, atCounter: schedule.lrAt, start: 0, ...(finalTailSteps ? { finalTailSteps } : {}) } });
  const useMinLr = a.hfType === 'cosine' && a.minLrRatio !== null;
  const ratioInRange = (name: string, v: number | null) => (v !== null && !(v >= 0 && v <= 1) ? `${name} ${v}: axolotl asserts it lies between 0.0 and 1.0` : null);

  if (a.scheduler === 'one_cycle') {
    const bad = Object.keys(a.kwargs).filter((k) => !ONE_CYCLE_KWARGS.includes(k));
    if (bad.length) return { ok: false, kind: 'invalid', message: `lr_scheduler_kwargs ${bad.join(', ')} ${bad.some((b) => b === 'max_lr' || b === 'total_steps') ? 'duplicates an argument axolotl already passes to' : 'is not an argument of'} torch's OneCycleLR: TypeError when the scheduler is built`, key: 'lr_scheduler_kwargs' };
    const kw = a.kwargs;
    const args: Extract<TorchScheduler, { type: 'OneCycleLR' }> = {
      type: 'OneCycleLR',
      maxLr: lr,
      totalSteps: t,
      pctStart: typeof kw.pct_start === 'number' ? kw.pct_start : w / t,
      annealStrategy: kw.anneal_strategy === 'linear' ? 'linear' : 'cos',
      divFactor: typeof kw.div_factor === 'number' ? kw.div_factor : 25,
      finalDivFactor: typeof kw.final_div_factor === 'number' ? kw.final_div_factor : 1e4,
      threePhase: kw.three_phase === true,
    };
    const peakAt = args.pctStart * t - 1;
    const refused = !(t > 0) ? `OneCycleLR needs total_steps > 0, got ${t}` : !(args.pctStart >= 0 && args.pctStart <= 1) ? `OneCycleLR expects pct_start between 0 and 1, got ${args.pctStart}` : peakAt === 0 ? `OneCycleLR divides by zero at step 0: its first phase ends at pct_start x total_steps - 1 = 0` : null;
    if (refused) return { ok: false, kind: 'invalid', message: refused, key: typeof kw.pct_start === 'number' ? 'lr_scheduler_kwargs' : 'lr_scheduler' };
    // torch's OneCycleLR (src/schedules/torch.ts): phases end at pct_start x total - 1 (and 2 x that - 1 with three_phase), total - 1.
    const at = torchLr(args, lr);
    const initial = lr / args.divFactor;
    const min = initial / args.finalDivFactor;
    const peak = Math.max(0, Math.ceil(peakAt));
    const phases: Phase[] = [{ kind: 'warmup', start: 0, end: peak, style: `${args.annealStrategy} from max_lr / div_factor` }];
    if (args.threePhase) {
      const back = Math.ceil(2 * args.pctStart * t - 2);
      phases.push({ kind: 'decay', start: peak, end: back, style: `${args.annealStrategy} back to max_lr / div_factor` }, { kind: 'decay', start: back, end: t - 1, style: args.annealStrategy });
    } else phases.push({ kind: 'decay', start: peak, end: t - 1, style: args.annealStrategy });
    phases.push({ kind: 'floor', start: t - 1, end: Infinity, style: 'constant' });
    const start = Math.max(w, peak);
    const schedule: HfSchedule = {
      lrAt: at,
      phases,
      declaredRestarts: [],
      decay: { style: `one cycle (${args.annealStrategy})`, start, steps: Math.max(0, t - 1 - start), endFactor: min / lr },
      notes: [`one_cycle: torch OneCycleLR(max_lr ${lr}, total_steps ${t}, pct_start ${formatPct(args.pctStart)}${typeof kw.pct_start === 'number' ? '' : ` = warmup ${w} / ${t}`}, ${args.annealStrategy}, div_factor ${args.divFactor}, final_div_factor ${args.finalDivFactor}${args.threePhase ? ', three_phase' : ''}): it peaks at step ${formatPct(peakAt)} and ends at ${min}`],
    };
    if (peak > 0) schedule.warmup = { steps: w, style: `${args.annealStrategy} from max_lr / div_factor`, startFactor: 1 / args.divFactor };
    return { ok: true, value: { schedule, atCounter: at, start: 0 } };
  }

  if (a.scheduler === 'rex') {
    const bad = useMinLr ? ratioInRange('cosine_min_lr_ratio', a.minLrRatio) : null;
    if (bad) return { ok: false, kind: 'invalid', message: bad, key: 'cosine_min_lr_ratio' };
    const minLr = useMinLr ? lr * a.minLrRatio! : 0;
    if (minLr > lr) return { ok: false, kind: 'invalid', message: `RexLR raises: min_lr ${minLr} is above max_lr ${lr}` };
    if (w > t) return { ok: false, kind: 'invalid', message: `RexLR raises: num_warmup_steps (${w}) must be less than or equal to total_steps (${t})`, key: 'warmup_steps' };
    const args = { maxLr: lr, minLr, totalSteps: t, warmup: w };
    const pre = a.preFixRex;
    const decayStart = pre ? w + 1 : w;
    const end = pre ? t : t - 1;
    const schedule: HfSchedule = {
      lrAt: (k) => rexLrAtStep(args, rexStepOf(k, pre)),
      phases: [
        { kind: 'warmup', start: 0, end: pre ? w + 1 : w, style: pre ? 'linear (after a jump at update 0)' : 'linear from 1/W' },
        { kind: 'decay', start: decayStart, end: Math.max(decayStart, end), style: 'rex' },
        { kind: 'floor', start: Math.max(decayStart, end), end: Infinity, style: 'constant' },
      ],
      declaredRestarts: [],
      decay: { style: 'rex', start: w, steps: Math.max(0, end - w), endFactor: minLr / lr },
      notes: [`rex: RexLR(max_lr ${lr}, min_lr ${minLr}${useMinLr ? ` = cosine_min_lr_ratio ${a.minLrRatio} x learning_rate` : ''}, total_steps ${t}, num_warmup_steps ${w}); update k reads step ${pre ? 'k (axolotl 0.8.x)' : 'k + 1'}`],
    };
    if (w > 0) schedule.warmup = { steps: w, style: 'linear from 1/W', startFactor: pre ? rexLrAtStep(args, 0) / lr : 1 / w };
    return { ok: true, value: { schedule, atCounter: (s) => rexLrAtStep(args, s), start: pre ? 0 : 1 } };
  }

  if (a.hfType === 'cosine' && a.quadraticWarmup) {
    const notes = useMinLr ? ['both lr_quadratic_warmup and cosine_min_lr_ratio are set: axolotl uses the quadratic warmup cosine, which decays to 0'] : [];
    return lambdaInner(simple(lr, w, t, (k) => quadraticWarmupCosine(k, w, t), 'quadratic', 0, 'cosine', notes));
  }
  if (a.minLrRatio && a.constantLrRatio && useMinLr) {
    const bad = ratioInRange('cosine_min_lr_ratio', a.minLrRatio) ?? ratioInRange('cosine_constant_lr_ratio', a.constantLrRatio);
    if (bad) return { ok: false, kind: 'invalid', message: bad, key: bad.startsWith('cosine_min') ? 'cosine_min_lr_ratio' : 'cosine_constant_lr_ratio' };
    const r = a.minLrRatio;
    const c = a.constantLrRatio;
    const until = constantFrom(t, c);
    const schedule = simple(lr, w, t, (k) => cosineWarmupDecayConstant(k, w, t, r, c), 'linear', r, 'cosine', [
      `cosine_constant_lr_ratio ${c}: the cosine reaches cosine_min_lr_ratio ${r} x learning_rate at int(${t} x ${c}) = ${until} and stays there for the last ${Math.max(0, t - until)} updates, by design`,
    ], until);
    return lambdaInner(schedule, until < t ? t - until : undefined);
  }
  if (a.minLrRatio && useMinLr) {
    const bad = ratioInRange('cosine_min_lr_ratio', a.minLrRatio);
    if (bad) return { ok: false, kind: 'invalid', message: bad, key: 'cosine_min_lr_ratio' };
    const r = a.minLrRatio;
    return lambdaInner(simple(lr, w, t, (k) => cosineWithMinLr(k, w, t, r), 'linear', r, 'cosine'));
  }
  const built = buildHfSchedule({ type: a.hfType, lr, warmup: w, total: t, kwargs: a.kwargs });
  if (!built.ok) return { ok: false, kind: built.kind, message: built.message, key: built.kind === 'invalid' ? 'lr_scheduler_kwargs' : 'lr_scheduler' };
  if (a.minLrRatio === 0 && a.hfType === 'cosine') built.schedule.notes.push('cosine_min_lr_ratio 0 is falsy: axolotl falls through to transformers\' cosine (to 0)');
  return lambdaInner(built.schedule);
}

function formatPct(x: number): string {
  return String(Number(x.toPrecision(6)));
}

/** A LambdaLR with linear-or-quadratic warmup to W and one decay to `end` (default the horizon), then a floor. */
function simple(lr: number, w: number, t: number, lambda: (k: number) => number, warmupStyle: string, endFactor: number, decayStyle: string, notes: string[] = [], end = t): HfSchedule {
  const decayEnd = Math.max(w, end);
  const schedule: HfSchedule = {
    lrAt: (k) => lr * lambda(k),
    phases: [
      { kind: 'warmup', start: 0, end: w, style: warmupStyle },
      { kind: 'decay', start: w, end: decayEnd, style: decayStyle },
      { kind: 'floor', start: decayEnd, end: Infinity, style: 'constant' },
    ],
    declaredRestarts: [],
    decay: { style: decayStyle, start: w, steps: decayEnd - w, endFactor },
    notes,
  };
  if (w > 0) schedule.warmup = { steps: w, style: warmupStyle, startFactor: 0 };
  return schedule;
}

/** JaggedLRRestartScheduler around `inner`: update k reads the inner counter k + start + 1, scaled. */
function jagged(j: JaggedArgs, inner: HfSchedule, atCounter: (s: number) => number, start: number, total: number): HfSchedule {
  const offset = start + 1;
  const lrAt = (k: number) => atCounter(k + offset) * jaggedScale(j, k + offset);
  // Every step of each re-warmup after a restart is an intended rise.
  const restarts: number[] = [];
  for (let s = j.restartSteps; j.restartSteps > 0 && s - offset < total && restarts.length < 200_000; s += j.restartSteps) {
    for (let i = 1; i <= Math.max(1, Math.ceil(j.warmupSteps)) && restarts.length < 200_000; i++) restarts.push(s - offset + i);
  }
  const shift = (x: number) => (Number.isFinite(x) ? Math.max(0, x - 1) : x);
  return {
    ...inner,
    lrAt,
    phases: inner.phases.map((p) => ({ ...p, start: shift(p.start), end: shift(p.end) })),
    declaredRestarts: restarts,
    notes: [...inner.notes, `jagged_restart_steps ${j.restartSteps}: every ${j.restartSteps} steps the LR drops to ${j.minLrScale} x and warms up again over ${j.warmupSteps} steps (anneal ${j.annealSteps}); update k reads the inner schedule at step k + ${offset}`],
  };
}
