// Fix edits for TrainingArguments configs. transformers builds every schedule for the run's own length
// (get_scheduler(num_training_steps=max_steps)), so an edit of max_steps, the warmup or a kwarg moves the whole curve;
// each hook therefore rebuilds the schedule with the edited values and offers the edit only when the rebuilt curve does
// what the hook promises.
import type { DocReader } from '../../core/access.ts';
import type { FixEdit, PlanFixes } from '../../core/plan.ts';
import type { Phase, Resolved } from '../../core/types.ts';
import { buildHfSchedule, type HfSchedule, type HfSchedulerType } from '../../schedules/transformers.ts';
import { trainerWarmup, type TransformersSemantics } from './hf-steps.ts';

export interface TrainerFixInput {
  r: DocReader;
  sem: TransformersSemantics;
  type: HfSchedulerType;
  lr: number;
  total: number;
  maxSteps: Resolved | undefined;
  warmupSteps: Resolved | undefined;
  warmupRatio: Resolved | undefined;
  /** lr_scheduler_kwargs as the config gives them (before the framework's own adjustments). */
  kwargs: Record<string, unknown>;
  /** The framework's adjustment of the kwargs for a run (LLaMA-Factory's WSD defaults), as the plan applied it. */
  adjust: (kwargs: Record<string, unknown>, warmup: number, total: number) => Record<string, unknown>;
  built: HfSchedule;
}

/** The end of the last decay phase that ends (the first update at the decay's end value), or null. */
function lastDecayEnd(phases: Phase[]): number | null {
  const finite = phases.filter((p) => p.kind === 'decay' && Number.isFinite(p.end));
  return finite.length ? finite[finite.length - 1]!.end : null;
}

/** Warmup end and decay phases before `limit`: what must stay put when only the run's length changes. */
function shape(built: HfSchedule, limit: number): string {
  return built.phases
    .filter((p) => p.kind !== 'floor' && p.start < limit)
    .map((p) => `${p.kind}:${p.start}-${p.end}`)
    .join(' ');
}

export function trainerFixes(x: TrainerFixInput): PlanFixes {
  const { r, sem, type } = x;
  const warmupFor = (total: number) => {
    const w = trainerWarmup(sem, { value: total, how: 'the run', from: [] }, x.warmupSteps, x.warmupRatio);
    return w.ok ? w.steps.value : null;
  };
  const rebuild = (total: number, warmup: number, kwargs: Record<string, unknown>): HfSchedule | null => {
    const built = buildHfSchedule({ type, lr: x.lr, warmup, total, kwargs: x.adjust(kwargs, warmup, total) });
    return built.ok ? built.schedule : null;
  };
  const currentWarmup = warmupFor(x.total) ?? 0;
  const kwargsMapping = x.r.raw(['lr_scheduler_kwargs']);
  const kwargEditable = kwargsMapping === undefined || kwargsMapping === null || (typeof kwargsMapping === 'object' && !Array.isArray(kwargsMapping));
  const kwargEdit = (key: string, value: number): FixEdit => ({ at: x.r.origin(['lr_scheduler_kwargs', key]), value });

  /** Kwarg values that could end the decay at a given step, the smallest change first. */
  const candidates = (step: number): Array<{ key: string; value: number }> => {
    const cycles = x.kwargs.num_cycles;
    const c = typeof cycles === 'number' ? cycles : undefined;
    if (type === 'cosine_with_restarts' && c !== undefined && !Number.isInteger(c)) {
      // A whole number of cycles ends the last wave where the run ends: the nearer whole number first.
      const near = [Math.round(c), Math.floor(c), Math.ceil(c)].filter((n, i, all) => n >= 1 && all.indexOf(n) === i);
      return near.map((value) => ({ key: 'num_cycles', value }));
    }
    if ((type === 'cosine' || type === 'cosine_with_min_lr' || type === 'cosine_warmup_with_min_lr') && c !== undefined && c !== 0.5) return [{ key: 'num_cycles', value: 0.5 }];
    if (type === 'warmup_stable_decay' && typeof x.kwargs.num_stable_steps === 'number' && typeof x.kwargs.num_decay_steps === 'number') {
      const decayStart = currentWarmup + x.kwargs.num_stable_steps;
      return step > decayStart ? [{ key: 'num_decay_steps', value: step - decayStart }] : [];
    }
    return [];
  };

  return {
    decayEndAt: (step) => {
      if (!kwargEditable) return undefined;
      for (const { key, value } of candidates(step)) {
        const built = rebuild(x.total, currentWarmup, { ...x.kwargs, [key]: value });
        if (built && lastDecayEnd(built.phases) === step) return kwargEdit(key, value);
      }
      return undefined;
    },
    // warmup_stable_decay without num_stable_steps decays over the last num_decay_steps: starting at `step` means T - step.
    ...(type === 'warmup_stable_decay' && typeof x.kwargs.num_decay_steps === 'number' && x.kwargs.num_stable_steps === undefined && kwargEditable
      ? { decayStartAt: (step: number) => (step < x.total ? kwargEdit('num_decay_steps', x.total - step) : undefined) }
      : {}),
    totalStepsTo: (n) => {
      if (!(x.maxSteps && x.maxSteps.value > 0 && x.maxSteps.from[0]) || n <= 0) return undefined;
      const warmup = warmupFor(n);
      const built = warmup === null ? null : rebuild(n, warmup, x.kwargs);
      // The schedule is built for the run: a new length is a fix only where the phases do not move with it.
      const limit = Math.max(n, x.total);
      if (!built || shape(built, limit) !== shape(x.built, limit)) return undefined;
      return { at: x.maxSteps.from[0], value: n };
    },
    warmupTo: (n) => {
      const edit = warmupEdit(x, n);
      if (!edit) return undefined;
      // The edit must give n warmup steps as this release reads it (a ratio is rounded) and keep the decay's end.
      const key = edit.at.key.split('.').pop();
      const run = { value: x.total, how: 'the run', from: [] };
      const written = { value: Number(edit.value), how: String(edit.value), from: [edit.at] };
      const steps = key === 'warmup_ratio' ? trainerWarmup(sem, run, x.warmupSteps, written) : trainerWarmup(sem, run, written, x.warmupRatio);
      if (!steps.ok || steps.steps.value !== n) return undefined;
      // The decay must keep its end, or end with the run (a warmup longer than the run had pushed it past the end).
      const built = rebuild(x.total, n, x.kwargs);
      const end = built ? lastDecayEnd(built.phases) : undefined;
      return built && (end === lastDecayEnd(x.built.phases) || end === x.total) ? edit : undefined;
    },
  };
}

/** The key that sets the warmup in this config, with n steps in its unit (a ratio to the fewest digits that give n). */
function warmupEdit(x: TrainerFixInput, n: number): FixEdit | undefined {
  const { warmupSteps, warmupRatio, total, r } = x;
  if (warmupSteps?.from[0] && (warmupSteps.value >= 1 || !warmupRatio)) return { at: warmupSteps.from[0], value: n };
  if (warmupRatio?.from[0] && total > 0) {
    for (let digits = 2; digits <= 6; digits++) {
      const ratio = Number((n / total).toPrecision(digits));
      const got = trainerWarmup(x.sem, { value: total, how: 'the run', from: [] }, warmupSteps, { value: ratio, how: String(ratio), from: [warmupRatio.from[0]] });
      if (got.ok && got.steps.value === n) return { at: warmupRatio.from[0], value: ratio };
    }
    return undefined;
  }
  return r.has(['warmup_steps']) ? { at: r.origin(['warmup_steps']), value: n } : undefined;
}
