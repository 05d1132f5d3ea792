// DeepSpeed's fallback to torch.optim.lr_scheduler: engine.py _scheduler_from_config @38327e07 builds any class of
// that module named in scheduler.type, with scheduler.params as keyword arguments, on the engine's optimizer.
// What the constructors accept and refuse, and their defaults, follow torch/optim/lr_scheduler.py of torch 2.x
// (pytorch/pytorch @008f727e) by default and of torch 1.13.1 (Debian python3-torch) when `.trainlint.yml`
// pins `frameworks: { torch: "1.13" }`: the LRs of a fresh scheduler are the same in both; the differences are
// which names exist (PolynomialLR from 1.13) and CyclicLR's momentum check (betas accepted from 2.x).
import { formatNumber, pointerOf, type DocReader } from '../../core/access.ts';
import type { Resolved } from '../../core/types.ts';
import type { TorchScheduler } from '../../schedules/torch.ts';

export const DS_TYPES = ['WarmupLR', 'WarmupDecayLR', 'WarmupCosineLR', 'OneCycle', 'LRRangeTest'] as const;
export const TORCH_SIMULATED = [
  'StepLR', 'MultiStepLR', 'ConstantLR', 'LinearLR', 'ExponentialLR', 'PolynomialLR',
  'CosineAnnealingLR', 'CosineAnnealingWarmRestarts', 'CyclicLR', 'OneCycleLR',
] as const;
/** torch schedulers whose arguments are Python functions or scheduler objects, which no JSON value can be. */
export const TORCH_CODE_ONLY: Record<string, string> = {
  LambdaLR: 'lr_lambda, a Python function',
  MultiplicativeLR: 'lr_lambda, a Python function',
  SequentialLR: 'schedulers, a list of scheduler objects',
  ChainedScheduler: 'schedulers, a list of scheduler objects',
  ParamwiseScheduler: 'schedulers, a list of scheduler objects',
};
export const METRIC_DRIVEN = 'ReduceLROnPlateau';
/** Every name DeepSpeed accepts in scheduler.type (for did-you-mean). */
export const KNOWN_SCHEDULERS: readonly string[] = [...DS_TYPES, ...TORCH_SIMULATED, ...Object.keys(TORCH_CODE_ONLY), METRIC_DRIVEN];

export interface TorchVersion {
  /** `torch 2.x` or `torch 1.13`. */
  label: string;
  major: number;
  minor: number;
}

/** The torch whose semantics to follow: `frameworks.torch` when it names a version, else 2.x. */
export function torchVersion(pin: string | undefined): { version: TorchVersion; note?: string } {
  const latest: TorchVersion = { label: 'torch 2.x', major: 2, minor: 99 };
  if (pin === undefined) return { version: latest };
  const m = /^\s*[v=<>~^ ]*(\d+)\.(\d+)/.exec(pin);
  if (!m) return { version: latest, note: `frameworks.torch "${pin}" names no torch version; torch 2.x semantics were followed` };
  const major = Number(m[1]);
  const minor = Number(m[2]);
  return { version: { label: major >= 2 ? `torch ${major}.${minor}` : `torch ${major}.${minor}`, major, minor } };
}

const atLeast = (v: TorchVersion, major: number, minor: number) => v.major > major || (v.major === major && v.minor >= minor);

/** Optimizer types of a DeepSpeed config by what their param groups' defaults hold (engine.py _configure_basic_optimizer). */
function optimizerMomentum(type: string | undefined): 'betas' | 'momentum' | 'none' | undefined {
  if (type === undefined) return undefined;
  const t = type.toLowerCase();
  // FusedAdam, DeepSpeedCPUAdam, torch Adam/AdamW, FusedLamb, the 1-bit/0/1 optimizers, Lion: `betas`.
  if (['adam', 'adamw', 'lamb', 'onebitadam', 'zerooneadam', 'onebitlamb', 'lion', 'muadam', 'muadamw'].includes(t)) return 'betas';
  if (t === 'sgd' || t === 'musgd') return 'momentum';
  if (t === 'adagrad') return 'none';
  return undefined;
}

export interface TorchBuilt {
  spec: TorchScheduler;
  /** The scheduler sets every LR itself (CyclicLR's base_lr, OneCycleLR's max_lr): the optimizer's lr does not matter. */
  ownLr?: Resolved;
  notes: string[];
}

export interface TorchContext {
  version: TorchVersion;
  /** optimizer.type, when the config has an optimizer block. */
  optimizerType?: string;
}

/** True when the JSON literal at `path` is an integer (json.load gives a Python int), as torch's isinstance checks ask. */
function writtenAsInt(r: DocReader, path: readonly string[], value: number): boolean {
  const source = r.doc.nodes.get(pointerOf(path))?.scalar?.source;
  if (source !== undefined) return !/[.eE]/.test(source.trim());
  return Number.isInteger(value);
}

export function torchScheduler(type: string, r: DocReader, ctx: TorchContext): TorchBuilt | { problem: string } | { notSimulated: string } {
  const perGroup = ['max_lr', 'base_lr'].find((key) => Array.isArray(r.raw(['scheduler', 'params', key])));
  if (perGroup) return { notSimulated: `scheduler.params.${perGroup} is a list (one value per optimizer param group): the param groups are built by the training script, so which LR each gets is not in the file` };
  const at = (key: string) => ['scheduler', 'params', key];
  const p = (key: string) => r.number(at(key))?.value;
  const need = (key: string): number | { problem: string } =>
    p(key) ?? { problem: `${type} needs scheduler.params.${key} (a required argument of torch.optim.lr_scheduler.${type}, which DeepSpeed builds from the params)` };
  // json.load reads 1e400 as inf and NaN as nan: no torch scheduler gives a usable LR from them (inf ** 0 and
  // inf * 0 are nan), so a non-finite argument is the finding, named, before any arithmetic.
  const params = r.raw(['scheduler', 'params']);
  const nonFinite = params && typeof params === 'object' ? Object.entries(params).find(([, value]) => typeof value === 'number' && !Number.isFinite(value)) : undefined;
  if (nonFinite) return { problem: `scheduler.params.${nonFinite[0]} is ${Number.isNaN(nonFinite[1]) ? 'nan' : (nonFinite[1] as number) > 0 ? 'inf' : '-inf'} (json.load reads a number too large for a float, or NaN, this way): torch.optim.lr_scheduler.${type} computes no finite LR from it` };
  const notes: string[] = [];
  const v = ctx.version;
  switch (type) {
    case 'StepLR': {
      const stepSize = need('step_size');
      if (typeof stepSize !== 'number') return stepSize;
      if (stepSize === 0) return { problem: 'StepLR with step_size 0 divides by zero (last_epoch % step_size) at the first scheduler step, after the first optimizer update' };
      return { spec: { type, stepSize, gamma: p('gamma') ?? 0.1 }, notes };
    }
    case 'MultiStepLR': {
      const m = r.raw(at('milestones'));
      if (!Array.isArray(m) || !m.every((x) => typeof x === 'number')) return { problem: 'MultiStepLR needs scheduler.params.milestones (a list of scheduler steps)' };
      return { spec: { type, milestones: m as number[], gamma: p('gamma') ?? 0.1 }, notes };
    }
    case 'ExponentialLR': {
      const gamma = need('gamma');
      return typeof gamma === 'number' ? { spec: { type, gamma }, notes } : gamma;
    }
    case 'ConstantLR': {
      const factor = p('factor') ?? 1 / 3;
      const totalIters = p('total_iters') ?? 5;
      if (factor > 1 || factor < 0) return { problem: `ConstantLR factor ${formatNumber(factor)} is outside [0, 1]: torch raises ValueError when DeepSpeed builds it` };
      if (factor === 0 && totalIters > 0) return { problem: `ConstantLR with factor 0 divides by zero (lr x 1.0 / factor) at scheduler step total_iters = ${formatNumber(totalIters)}` };
      if (totalIters <= 0) notes.push(`ConstantLR with total_iters ${formatNumber(totalIters)}: scheduler.step() never multiplies the LR back, so it stays at factor x lr = ${formatNumber(factor)} x lr for the whole run`);
      return { spec: { type, factor, totalIters }, notes };
    }
    case 'LinearLR': {
      const startFactor = p('start_factor') ?? 1 / 3;
      const endFactor = p('end_factor') ?? 1.0;
      const totalIters = p('total_iters') ?? 5;
      if (startFactor > 1 || startFactor <= 0) return { problem: `LinearLR start_factor ${formatNumber(startFactor)} is outside (0, 1]: torch raises ValueError when DeepSpeed builds it` };
      if (endFactor > 1 || endFactor < 0) return { problem: `LinearLR end_factor ${formatNumber(endFactor)} is outside [0, 1]: torch raises ValueError when DeepSpeed builds it` };
      if (totalIters <= 0) notes.push(`LinearLR with total_iters ${formatNumber(totalIters)}: scheduler.step() never changes the LR, so it stays at start_factor x lr = ${formatNumber(startFactor)} x lr for the whole run`);
      return { spec: { type, startFactor, endFactor, totalIters }, notes };
    }
    case 'PolynomialLR': {
      if (!atLeast(v, 1, 13)) return { problem: `torch.optim.lr_scheduler has no PolynomialLR before torch 1.13 (frameworks.torch pins ${v.label}): DeepSpeed asserts "DeepSpeed does not recognize LR scheduler PolynomialLR"` };
      return { spec: { type, totalIters: p('total_iters') ?? 5, power: p('power') ?? 1.0 }, notes };
    }
    case 'CosineAnnealingLR': {
      const tMax = need('T_max');
      if (typeof tMax !== 'number') return tMax;
      if (tMax === 0) return { problem: 'CosineAnnealingLR with T_max 0 divides by zero at the first scheduler step, after the first optimizer update' };
      return { spec: { type, tMax, etaMin: p('eta_min') ?? 0 }, notes };
    }
    case 'CosineAnnealingWarmRestarts': {
      const t0 = need('T_0');
      if (typeof t0 !== 'number') return t0;
      const tMult = p('T_mult') ?? 1;
      if (t0 <= 0 || !writtenAsInt(r, at('T_0'), t0)) return { problem: `CosineAnnealingWarmRestarts needs T_0 to be a positive integer (torch raises ValueError for ${formatNumber(t0)}${Number.isInteger(t0) && t0 > 0 ? ' written as a float' : ''})` };
      if (r.has(at('T_mult')) && (tMult < 1 || !writtenAsInt(r, at('T_mult'), tMult))) return { problem: `CosineAnnealingWarmRestarts needs T_mult to be an integer >= 1 (torch raises ValueError for ${formatNumber(tMult)})` };
      return { spec: { type, t0, tMult, etaMin: p('eta_min') ?? 0 }, notes };
    }
    case 'CyclicLR':
      return cyclic(r, ctx, notes);
    case 'OneCycleLR':
      return oneCycle(r, ctx, notes);
  }
  return { problem: `scheduler.type "${type}" is not simulated` };
}

function momentumCheck(type: 'CyclicLR' | 'OneCycleLR', r: DocReader, ctx: TorchContext, notes: string[]): { problem: string } | undefined {
  if (r.raw(['scheduler', 'params', 'cycle_momentum']) === false) return undefined;
  const has = optimizerMomentum(ctx.optimizerType);
  // torch 1.13's CyclicLR reads only `momentum`; its OneCycleLR, and both from 2.0, also take Adam-style `betas`.
  const betasOk = type === 'OneCycleLR' || atLeast(ctx.version, 2, 0);
  const needs = betasOk ? 'momentum or betas' : 'momentum';
  if (has === undefined) {
    notes.push(`${type} cycles the optimizer's momentum (cycle_momentum defaults to true): the optimizer must have ${needs} (${ctx.version.label}), which trainlint cannot check for ${ctx.optimizerType ? `optimizer "${ctx.optimizerType}"` : 'the client optimizer'}`);
    return undefined;
  }
  if (has === 'none' || (has === 'betas' && !betasOk)) {
    return {
      problem:
        `${type} cycles the optimizer's momentum (cycle_momentum defaults to true), but optimizer ${ctx.optimizerType} has ${has === 'none' ? 'neither momentum nor betas' : 'betas, not momentum'}: ` +
        `${ctx.version.label} raises ValueError ("optimizer must support momentum") when DeepSpeed builds the scheduler; set scheduler.params.cycle_momentum to false${has === 'betas' ? ' or use torch 2.x' : ''}`,
    };
  }
  const lo = r.number(['scheduler', 'params', 'base_momentum'])?.value ?? (type === 'CyclicLR' ? 0.8 : 0.85);
  const hi = r.number(['scheduler', 'params', 'max_momentum'])?.value ?? (type === 'CyclicLR' ? 0.9 : 0.95);
  notes.push(`${type} also cycles the optimizer's ${has === 'betas' ? 'beta1' : 'momentum'} between ${formatNumber(hi)} and ${formatNumber(lo)}, inversely to the LR (cycle_momentum defaults to true)`);
  return undefined;
}

function cyclic(r: DocReader, ctx: TorchContext, notes: string[]): TorchBuilt | { problem: string } {
  const at = (key: string) => ['scheduler', 'params', key];
  const base = r.number(at('base_lr'));
  const max = r.number(at('max_lr'));
  if (!base || !max) return { problem: 'CyclicLR needs scheduler.params.base_lr and max_lr (numbers; required arguments of torch.optim.lr_scheduler.CyclicLR)' };
  const mode = r.string(at('mode'))?.value ?? 'triangular';
  if (mode !== 'triangular' && mode !== 'triangular2' && mode !== 'exp_range') return { problem: `CyclicLR mode "${mode}" is not triangular, triangular2 or exp_range: torch raises ValueError ("mode is invalid and scale_fn is None")` };
  const up = r.number(at('step_size_up'))?.value ?? 2000;
  const down = r.number(at('step_size_down'))?.value ?? up;
  if (up + down === 0) return { problem: 'CyclicLR with step_size_up + step_size_down = 0 divides by zero (step_size_up / total_size) when DeepSpeed builds it' };
  const momentum = momentumCheck('CyclicLR', r, ctx, notes);
  if (momentum) return momentum;
  notes.push(`CyclicLR writes base_lr ${formatNumber(base.value)} into the optimizer itself: the optimizer's lr is not used`);
  const gamma = r.number(at('gamma'))?.value ?? 1.0;
  return { spec: { type: 'CyclicLR', baseLr: base.value, maxLr: max.value, stepSizeUp: up, stepSizeDown: down, mode, gamma }, ownLr: max, notes };
}

function oneCycle(r: DocReader, ctx: TorchContext, notes: string[]): TorchBuilt | { problem: string } {
  const at = (key: string) => ['scheduler', 'params', key];
  const p = (key: string) => r.number(at(key))?.value;
  const maxLr = r.number(at('max_lr'));
  if (!maxLr) return { problem: 'OneCycleLR needs scheduler.params.max_lr (a required argument of torch.optim.lr_scheduler.OneCycleLR)' };
  const positiveInt = (key: string) => {
    const value = p(key);
    return value !== undefined && value > 0 && writtenAsInt(r, at(key), value) ? value : undefined;
  };
  let totalSteps: number;
  if (r.has(at('total_steps')) && r.raw(at('total_steps')) !== null) {
    const t = positiveInt('total_steps');
    if (t === undefined) return { problem: `OneCycleLR total_steps must be a positive integer (torch raises ValueError for ${String(r.raw(at('total_steps')))})` };
    totalSteps = t;
  } else {
    const epochs = positiveInt('epochs');
    const perEpoch = positiveInt('steps_per_epoch');
    if (epochs === undefined || perEpoch === undefined) return { problem: 'OneCycleLR needs scheduler.params.total_steps, or epochs and steps_per_epoch (positive integers)' };
    totalSteps = epochs * perEpoch;
  }
  const pct = p('pct_start') ?? 0.3;
  if (pct < 0 || pct > 1 || (r.has(at('pct_start')) && writtenAsInt(r, at('pct_start'), pct))) {
    return { problem: `OneCycleLR pct_start must be a float between 0 and 1 (torch raises ValueError for ${String(r.raw(at('pct_start')))}${r.has(at('pct_start')) && pct >= 0 && pct <= 1 ? ': write it with a decimal point' : ''})` };
  }
  const anneal = r.string(at('anneal_strategy'))?.value ?? 'cos';
  if (anneal !== 'cos' && anneal !== 'linear') return { problem: `OneCycleLR anneal_strategy "${anneal}" is not "cos" or "linear": torch raises ValueError when DeepSpeed builds it` };
  const momentum = momentumCheck('OneCycleLR', r, ctx, notes);
  if (momentum) return momentum;
  const divFactor = p('div_factor') ?? 25;
  notes.push(`OneCycleLR sets the LR itself (max_lr / div_factor = ${formatNumber(maxLr.value / divFactor)} at the start): the optimizer's lr is not used`);
  return {
    spec: { type: 'OneCycleLR', maxLr: maxLr.value, totalSteps, pctStart: pct, annealStrategy: anneal, divFactor, finalDivFactor: p('final_div_factor') ?? 1e4, threePhase: r.raw(at('three_phase')) === true },
    ownLr: maxLr,
    notes,
  };
}
