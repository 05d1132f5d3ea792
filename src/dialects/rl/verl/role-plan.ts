// One role's (actor or critic) reviewed plan: its LR per optimizer update, with the scheduler stepping once per trainer
// step the role is updated at and `u` optimizer updates inside each (see run.ts and scheduler.ts for the sources).
import { countOf, formatNumber } from '../../../core/access.ts';
import type { AssumedLength, TrainingPlan } from '../../../core/plan.ts';
import { makeSchedule } from '../../../core/schedule.ts';
import type { Origin, Phase, Resolved } from '../../../core/types.ts';
import { verlFixes } from './fixes.ts';
import type { RoleRead } from './role.ts';
import { roleLr } from './scheduler.ts';

export interface RoleRun {
  read: Extract<RoleRead, { ok: true }>;
  /** Optimizer updates per trainer step, and how they are counted. */
  u: number;
  uHow: string;
  /** Trainer steps at which the role is updated (one scheduler step each). */
  updates: number;
  /** `${updates} actor updates (...)`: where the update count comes from. */
  updatesHow: string;
  /** The trainer steps the scheduler is built for (total_training_steps) and how they were found. */
  T: number;
  THow: string;
  /** Where the run length is written (total_training_steps, total_epochs, batch sizes). */
  lengthFrom: Origin[];
  /** Where total_training_steps is written (the scheduler's horizon). */
  horizonFrom: Origin[];
  totalStepsSource: TrainingPlan['totalStepsSource'];
  batchSize: Resolved;
  semantics: string;
  optimizerName: Resolved<string>;
  assumptions: string[];
  assumed?: AssumedLength;
}

export function rolePlan(r: RoleRun): TrainingPlan {
  const { read, u, T } = r;
  const total = r.updates * u;
  const sched = read.scheduler;
  const lrAt = (k: number) => roleLr(sched, read.lr, Math.floor(k / u));
  const W = sched.warmup;
  const warmupUpdates = Math.min(W * u, total);
  const phases: Phase[] = [];
  if (W > 0) phases.push({ kind: 'warmup', start: 0, end: warmupUpdates, style: 'linear' });
  const isConstant = (sched.kind === 'fsdp' && sched.type === 'constant') || (sched.kind === 'megatron' && sched.decayStyle === 'constant');
  const decayEndTrainer = sched.kind === 'fsdp' ? T : sched.decaySteps;
  if (isConstant) phases.push({ kind: 'constant', start: warmupUpdates, end: total, style: 'constant' });
  else {
    phases.push({ kind: 'decay', start: warmupUpdates, end: Math.min(total, decayEndTrainer * u), style: sched.kind === 'fsdp' ? 'cosine' : sched.decayStyle });
    if (decayEndTrainer * u < total) phases.push({ kind: 'floor', start: decayEndTrainer * u, end: total, style: 'constant' });
  }
  const horizonUpdates = decayEndTrainer * u;
  const schedule = makeSchedule({ totalSteps: total, peakLr: read.lr, lrAt, phases, ...(!isConstant && horizonUpdates !== total ? { horizon: horizonUpdates } : {}) });
  const warmupHow = `${read.warmupHow}; verl steps the LR scheduler once per trainer step and the optimizer ${r.uHow}, so the warmup lasts ${W} x ${u} = ${W * u} optimizer updates`;
  return {
    dialect: 'verl',
    semantics: r.semantics,
    optimizer: { name: r.optimizerName, lr: { value: read.lr, how: read.lrHow, from: read.lrFrom } },
    totalSteps: { value: total, how: `${r.updatesHow} x ${u} optimizer updates each (${r.uHow})`, from: r.lengthFrom },
    totalStepsSource: r.totalStepsSource,
    batchSize: r.batchSize,
    ...(W > 0 ? { warmup: { steps: { value: warmupUpdates, how: warmupHow, from: read.warmupFrom }, style: 'linear' as const } } : {}),
    ...(!isConstant
      ? {
          decay: {
            style: sched.kind === 'fsdp' ? 'cosine' : sched.decayStyle,
            start: { value: warmupUpdates, how: 'the end of warmup', from: read.warmupFrom },
            steps: { value: Math.max(0, horizonUpdates - warmupUpdates), how: `${sched.kind === 'fsdp' ? `total_training_steps ${T} (${r.THow})` : `lr_decay_steps ${decayEndTrainer}`} trainer steps x ${u}`, from: r.horizonFrom },
            minLr: { value: sched.kind === 'fsdp' ? read.lr * sched.minLrRatio : sched.minLr, how: sched.kind === 'fsdp' ? `lr x min_lr_ratio ${formatNumber(sched.minLrRatio)}` : 'min_lr', from: [] },
          },
        }
      : {}),
    ...(!isConstant && horizonUpdates !== total ? { horizon: { value: horizonUpdates, how: `the scheduler was built for ${countOf(decayEndTrainer, 'trainer step')} (${r.THow}) x ${u} updates`, from: r.horizonFrom } } : {}),
    schedule,
    assumptions: r.assumptions,
    fixes: verlFixes(u, read.warmupSetBy),
    ...(r.assumed ? { assumedLength: r.assumed } : {}),
  };
}
