// diffusers' get_scheduler (huggingface/diffusers src/diffusers/optimization.py @58eb52c0, unchanged since 4ca86332):
// each schedule is a LambdaLR factor of the scheduler's own step counter. Shared by every trainer that calls it (the
// diffusers example scripts, kohya sd-scripts).
import { formatNumber } from '../core/access.ts';
import { pythonMod } from '../core/python-numbers.ts';

export const DIFFUSERS_SCHEDULES = ['linear', 'cosine', 'cosine_with_restarts', 'polynomial', 'constant', 'constant_with_warmup', 'piecewise_constant'] as const;
export type DiffusersScheduleName = (typeof DIFFUSERS_SCHEDULES)[number];

export interface DiffusersScheduleArgs {
  name: DiffusersScheduleName;
  /** get_scheduler's num_warmup_steps, in scheduler steps (None: undefined). */
  warmup?: number;
  /** get_scheduler's num_training_steps, in scheduler steps (None: undefined). */
  total?: number;
  /** cosine_with_restarts' num_cycles (get_scheduler default 1); `cosine` always gets its own default 0.5. */
  numCycles?: number;
  /** polynomial's power (get_scheduler default 1.0). */
  power?: number;
  /** The optimizer's lr (polynomial divides by it). */
  lrInit: number;
  /** polynomial's lr_end: get_scheduler never passes it, so the function default 1e-7 applies. */
  lrEnd?: number;
  /** piecewise_constant's step_rules, e.g. `1:10,0.1:20,0.005`. */
  stepRules?: string;
}

export type DiffusersLambda = { ok: true; factor: (step: number) => number } | { ok: false; message: string };

/** Python's float(): the strings step_rules may hold. */
function pyFloat(text: string): number {
  const t = text.trim();
  return /^[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?$/.test(t) ? Number(t) : NaN;
}

/** piecewise_constant: `v:s` applies v while the scheduler step < s (the smallest such s), the last value after all. */
function piecewise(rules: string): DiffusersLambda {
  const parts = rules.split(',');
  const table = new Map<number, number>();
  for (const rule of parts.slice(0, -1)) {
    const pair = rule.split(':');
    if (pair.length !== 2) return { ok: false, message: `step_rules entry '${rule}' is not 'value:steps': get_piecewise_constant_schedule fails to unpack it (ValueError)` };
    const steps = pair[1]!.trim();
    if (!/^[-+]?\d+$/.test(steps)) return { ok: false, message: `step_rules entry '${rule}': int('${pair[1]}') raises ValueError` };
    const value = pyFloat(pair[0]!);
    if (Number.isNaN(value)) return { ok: false, message: `step_rules entry '${rule}': float('${pair[0]}') raises ValueError` };
    table.set(Number(steps), value);
  }
  const last = pyFloat(parts[parts.length - 1]!);
  if (Number.isNaN(last)) return { ok: false, message: `the last step_rules entry '${parts[parts.length - 1]}' must be a number: float() raises ValueError` };
  const sorted = [...table.keys()].sort((a, b) => a - b);
  return {
    ok: true,
    factor: (step) => {
      for (const s of sorted) if (step < s) return table.get(s)!;
      return last;
    },
  };
}

/** The LambdaLR factor get_scheduler builds, or the error it raises. */
export function diffusersLambda(a: DiffusersScheduleArgs): DiffusersLambda {
  if (a.name === 'constant') return { ok: true, factor: () => 1 };
  if (a.name === 'piecewise_constant') {
    if (a.stepRules === undefined) return { ok: false, message: "get_scheduler('piecewise_constant') is called without step_rules, so step_rules.split raises AttributeError: 'NoneType' object has no attribute 'split'" };
    return piecewise(a.stepRules);
  }
  if (a.warmup === undefined) return { ok: false, message: `${a.name} requires \`num_warmup_steps\` (get_scheduler raises ValueError)` };
  const w = a.warmup;
  const rising = (step: number) => step / Math.max(1, w);
  if (a.name === 'constant_with_warmup') return { ok: true, factor: (step) => (step < w ? rising(step) : 1) };
  if (a.total === undefined) return { ok: false, message: `${a.name} requires \`num_training_steps\` (get_scheduler raises ValueError)` };
  const t = a.total;
  switch (a.name) {
    case 'linear':
      // f_min 0, f_max 1 (get_scheduler passes neither).
      return { ok: true, factor: (step) => (step < w ? rising(step) : Math.max(0, (t - step) / Math.max(1, t - w))) };
    case 'cosine':
      return {
        ok: true,
        factor: (step) => {
          if (step < w) return rising(step);
          const progress = (step - w) / Math.max(1, t - w);
          return Math.max(0, 0.5 * (1 + Math.cos(Math.PI * 0.5 * 2 * progress)));
        },
      };
    case 'cosine_with_restarts': {
      const cycles = a.numCycles ?? 1;
      return {
        ok: true,
        factor: (step) => {
          if (step < w) return rising(step);
          const progress = (step - w) / Math.max(1, t - w);
          if (progress >= 1) return 0;
          return Math.max(0, 0.5 * (1 + Math.cos(Math.PI * pythonMod(cycles * progress, 1))));
        },
      };
    }
    case 'polynomial': {
      const lrEnd = a.lrEnd ?? 1e-7;
      const power = a.power ?? 1;
      if (!(a.lrInit > lrEnd)) return { ok: false, message: `polynomial: lr_end (${formatNumber(lrEnd)}) must be smaller than initial lr (${formatNumber(a.lrInit)}): get_polynomial_decay_schedule_with_warmup raises ValueError` };
      return {
        ok: true,
        factor: (step) => {
          if (step < w) return rising(step);
          if (step > t) return lrEnd / a.lrInit;
          const pct = 1 - (step - w) / (t - w);
          return ((a.lrInit - lrEnd) * pct ** power + lrEnd) / a.lrInit;
        },
      };
    }
  }
}
