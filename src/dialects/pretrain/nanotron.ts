// nanotron (huggingface/nanotron): `optimizer.learning_rate_scheduler` + `tokens.train_steps`.
// Semantics follow src/nanotron/helpers.py `lr_scheduler_builder` and config/config.py `LRSchedulerArgs`
// @2411b022 (the scheduler code last changed in 7bc99232). SmolLM's pre-training configs are the reference.
import schema from '../../../schemas/nanotron.schema.json' with { type: 'json' };
import { defaulted, formatNumber, type DocReader } from '../../core/access.ts';
import type { Dialect, FixEdit, PlanContext, PlanFixes, PlanResult } from '../../core/plan.ts';
import type { ParsedDoc } from '../../core/parse.ts';
import { makeSchedule } from '../../core/schedule.ts';
import type { Phase, Resolved } from '../../core/types.ts';
import { isObject } from '../shared.ts';

const VERSION = 'nanotron@2411b022';
const SCHED = ['optimizer', 'learning_rate_scheduler'] as const;

export interface NanotronSchedulerArgs {
  learningRate: number;
  warmupSteps: number;
  warmupStyle: 'linear' | 'constant';
  decayStyle: 'linear' | 'cosine' | '1-sqrt';
  decayStart: number;
  decaySteps: number;
  minDecayLr: number;
}

/**
 * The LR of optimizer update k. nanotron's LambdaLR is stepped after each update, so the update at
 * iteration s = k+1 uses lambda(k). The lambda returns an absolute LR which is divided by the param
 * group's initial LR and multiplied back by LambdaLR; we keep that order so values match to the ulp.
 */
export function nanotronLr(a: NanotronSchedulerArgs, k: number): number {
  const lr = a.learningRate;
  // No warmup and no decay: the builder returns the LR itself as the factor (un-normalised), so the
  // optimizer runs at lr x lr. An upstream quirk, reproduced because it is what runs.
  if (a.warmupSteps === 0 && a.decaySteps === 0) return lr * lr;
  let value: number;
  if (k <= a.warmupSteps) {
    // `<=`: with lr_warmup_steps 0, update 0 still takes the warmup branch and gets LR 0.
    value = a.warmupStyle === 'linear' ? (lr * k) / Math.max(a.warmupSteps, 1) : lr;
  } else if (k < a.decayStart) {
    value = lr;
  } else if (k < a.decayStart + a.decaySteps) {
    const done = k - a.decayStart;
    const span = lr - a.minDecayLr;
    if (a.decayStyle === 'cosine') value = a.minDecayLr + (span * (1 + Math.cos((Math.PI * done) / a.decaySteps))) / 2;
    else if (a.decayStyle === 'linear') value = a.minDecayLr + (span * (a.decaySteps - done)) / a.decaySteps;
    else value = a.minDecayLr + span * (1 - Math.sqrt(done / a.decaySteps));
  } else {
    value = a.minDecayLr;
  }
  return (value / lr) * lr;
}

function detect(doc: ParsedDoc): number {
  const data = doc.data;
  if (!isObject(data) || !isObject(data.optimizer)) return 0;
  const hasScheduler = isObject(data.optimizer.learning_rate_scheduler);
  const hasTokens = isObject(data.tokens);
  if (hasScheduler && hasTokens) return 1;
  if (hasScheduler && (isObject(data.parallelism) || isObject(data.general))) return 0.8;
  return 0;
}

function plan(r: DocReader, context: PlanContext): PlanResult {
  const at = (key: string) => [...SCHED, key];
  const lr = r.number(at('learning_rate'));
  if (!lr) return { ok: false, problem: { at: r.origin([...SCHED]), message: 'optimizer.learning_rate_scheduler.learning_rate is missing or not a number', kind: 'invalid' } };
  const trainSteps = r.number(['tokens', 'train_steps']);
  if (!trainSteps) return { ok: false, problem: { at: r.origin(['tokens']), message: 'tokens.train_steps is missing or not a number', kind: 'invalid' } };

  const warmup = r.number(at('lr_warmup_steps')) ?? defaulted(0, `lr_warmup_steps unset: 0 (${VERSION} default)`);
  const warmupStyle = (r.string(at('lr_warmup_style'))?.value ?? 'linear') as NanotronSchedulerArgs['warmupStyle'];
  const decayStyle = (r.string(at('lr_decay_style'))?.value ?? 'linear') as NanotronSchedulerArgs['decayStyle'];
  const startGiven = r.number(at('lr_decay_starting_step'));
  const stepsGiven = r.number(at('lr_decay_steps'));

  // lr_decay_starting_step unset -> lr_warmup_steps.
  const decayStart: Resolved = startGiven ?? {
    value: warmup.value,
    how: `lr_decay_starting_step unset: = lr_warmup_steps = ${warmup.value}`,
    from: warmup.from,
  };
  // lr_decay_steps unset: a YAML run goes through Config.__post_init__ (config/config.py @2411b022, l.485),
  // which sets train_steps - lr_warmup_steps and ignores lr_decay_starting_step, so a late start then
  // overshoots train_steps. lr_scheduler_builder's own fallback (helpers.py l.80) subtracts both; it only
  // applies when the scheduler args reach the builder without Config (entryPoint 'scheduler-only').
  let decaySteps: Resolved;
  if (stepsGiven) decaySteps = stepsGiven;
  else if (context.entryPoint === 'scheduler-only' && startGiven) {
    const value = trainSteps.value - warmup.value - startGiven.value;
    decaySteps = {
      value,
      how: `lr_decay_steps unset: train_steps - lr_warmup_steps - lr_decay_starting_step = ${trainSteps.value} - ${warmup.value} - ${startGiven.value} = ${value} (lr_scheduler_builder)`,
      from: [...trainSteps.from, ...warmup.from, ...startGiven.from],
    };
  } else {
    const value = trainSteps.value - warmup.value;
    decaySteps = {
      value,
      how: `lr_decay_steps unset: train_steps - lr_warmup_steps = ${trainSteps.value} - ${warmup.value} = ${value} (Config.__post_init__)`,
      from: [...trainSteps.from, ...warmup.from],
    };
  }
  // min_decay_lr unset -> learning_rate: the "decay" is flat.
  const minLr: Resolved = r.number(at('min_decay_lr')) ?? {
    value: lr.value,
    how: `min_decay_lr unset: = learning_rate = ${formatNumber(lr.value)} (no decay)`,
    from: lr.from,
  };

  const args: NanotronSchedulerArgs = {
    learningRate: lr.value,
    warmupSteps: warmup.value,
    warmupStyle,
    decayStyle,
    decayStart: decayStart.value,
    decaySteps: decaySteps.value,
    minDecayLr: minLr.value,
  };
  const decayBegin = Math.max(args.decayStart, args.warmupSteps + 1);
  const decayEnd = args.decayStart + args.decaySteps;
  const phases: Phase[] = [
    // Linear warmup reaches the peak at update W; with W = 0, update 0 still runs at LR 0 and update 1 is the first at peak.
    { kind: 'warmup', start: 0, end: warmupStyle === 'linear' ? Math.max(args.warmupSteps, 1) : args.warmupSteps, style: warmupStyle },
    { kind: 'constant', start: Math.max(args.warmupSteps, 1), end: decayBegin, style: 'constant' },
    { kind: 'decay', start: decayBegin, end: decayEnd, style: decayStyle },
    { kind: 'floor', start: Math.max(decayEnd, decayBegin), end: Infinity, style: 'constant' },
  ];
  const optimizerName = r.string(['optimizer', 'optimizer_factory', 'name']) ?? defaulted('adamW', `optimizer_factory.name unset: adamW (${VERSION})`);
  return {
    ok: true,
    plan: {
      dialect: 'nanotron',
      semantics: VERSION,
      optimizer: { name: optimizerName, lr },
      totalSteps: trainSteps,
      totalStepsSource: 'explicit',
      warmup: { steps: warmup, style: warmupStyle },
      decay: { style: decayStyle, start: decayStart, steps: decaySteps, minLr },
      schedule: makeSchedule({
        totalSteps: trainSteps.value,
        peakLr: lr.value,
        lrAt: (k) => nanotronLr(args, k),
        phases,
      }),
      assumptions: [],
      fixes: nanotronFixes(r, context, { warmup: warmup.value, start: startGiven?.value, steps: stepsGiven?.value, total: trainSteps.value }, trainSteps),
    },
  };
}

/** The keys of the schedule as written (undefined = absent) and what nanotron derives from them. */
interface Written {
  warmup: number;
  start: number | undefined;
  steps: number | undefined;
  total: number;
}

/** Decay start and end as the plan above derives them (Config.__post_init__, or the builder's own fallback). */
function derived(w: Written, entryPoint: PlanContext['entryPoint']): { start: number; end: number } {
  const start = w.start ?? w.warmup;
  const steps = w.steps ?? (entryPoint === 'scheduler-only' && w.start !== undefined ? w.total - w.warmup - w.start : w.total - w.warmup);
  return { start, end: start + steps };
}

/**
 * Fix edits for nanotron: the keys asked for, plus lr_decay_steps where the decay would otherwise move with them
 * (unset, it is derived from train_steps and lr_warmup_steps). Every edit set is checked by deriving the schedule again.
 */
function nanotronFixes(r: DocReader, context: PlanContext, now: Written, trainSteps: Resolved): PlanFixes {
  const key = (name: string) => r.origin([...SCHED, name]);
  const was = derived(now, context.entryPoint);
  /** Edits that turn `now` into `want`; lr_decay_steps is written when the decay would not end at `end` otherwise. */
  const edits = (want: Written, end: number): FixEdit[] | undefined => {
    const out: FixEdit[] = [];
    if (want.warmup !== now.warmup) out.push({ at: key('lr_warmup_steps'), value: want.warmup });
    if (want.start !== now.start && want.start !== undefined) out.push({ at: key('lr_decay_starting_step'), value: want.start });
    if (want.total !== now.total) out.push({ at: trainSteps.from[0] ?? r.origin(['tokens']), value: want.total });
    let result = derived(want, context.entryPoint);
    if (result.end !== end) {
      const steps = end - result.start;
      if (steps <= 0) return undefined;
      out.push({ at: key('lr_decay_steps'), value: steps });
      result = derived({ ...want, steps }, context.entryPoint);
    }
    return out.length && result.end === end ? out : undefined;
  };
  return {
    // nanotron's decay ends (reaches min_decay_lr) at update lr_decay_starting_step + lr_decay_steps.
    // A decay that would have to end before it starts is no fix (TL102 then proposes moving the start).
    decayEndAt: (step) => (step > was.start ? edits(now, step) : undefined),
    totalStepsTo: (n) => edits({ ...now, total: n }, was.end),
    // A warmup past a given decay start overlaps the decay (TL104): no fix.
    warmupTo: (n) => (now.start !== undefined && n > now.start ? undefined : edits({ ...now, warmup: n }, was.end)),
    decayStartAt: (step) => edits({ ...now, start: step }, Math.min(was.end, now.total)),
  };
}

export const nanotron: Dialect = {
  id: 'nanotron',
  title: 'nanotron',
  follows: 'huggingface/nanotron @2411b022 (src/nanotron/helpers.py, config/config.py)',
  schema,
  // nanotron reads YAML with PyYAML and builds its dataclasses with dacite: a string where a float is
  // declared stops the launch (config/config.py get_config_from_dict, @2411b022).
  loader: { yaml: 'pyyaml', stringForNumber: 'fails', citation: 'PyYAML (YAML 1.1) + dacite typed dataclasses, nanotron @2411b022' },
  detect,
  plan,
};
