// Detectron2 (facebookresearch/detectron2 @02b5c4e2, fvcore @3378afe0): yacs YAML configs (`_BASE_` chains merged over
// config/defaults.py), trained by DefaultTrainer (tools/train_net.py). The LR of iteration i is
// BASE_LR x multiplier(i / MAX_ITER) (solver/build.py build_lr_scheduler + solver/lr_scheduler.py LRMultiplier, stepped
// once per iteration by engine/hooks.py LRScheduler); the run is MAX_ITER iterations (engine/train_loop.py
// TrainerBase.train: range(start_iter, max_iter)).
import schema from '../../../schemas/detectron2.schema.json' with { type: 'json' };
import { formatNumber, type DocReader } from '../../core/access.ts';
import type { Dialect, FixEdit, PlanContext, PlanFixes, PlanResult } from '../../core/plan.ts';
import type { ParsedDoc } from '../../core/parse.ts';
import { makeSchedule } from '../../core/schedule.ts';
import type { Phase, Resolved } from '../../core/types.ts';
import { SchedulerRaises, detectron2Lr, multiplierAt, warmupEnds, type Detectron2Main, type Detectron2Multiplier } from '../../schedules/detectron2.ts';
import { isObject } from '../shared.ts';
import { BASE_KEY, mergeWithBases } from './detectron2/bases.ts';
import { autoScale, num, readSolver, resolved, steps as stepsOf, str, type SolverValues } from './detectron2/solver.ts';

const VERSION = 'detectron2@02b5c4e2';
// detectron2 config/config.py @02b5c4e2 CfgNode.merge_from_file defaults allow_unsafe=True: fvcore's load_yaml_with_base
// (common/config.py @3378afe0) retries a file safe_load refuses with yaml.unsafe_load, for the file and its bases.
const LOADER = { yaml: 'pyyaml', stringForNumber: 'converted', pythonTags: 'unsafe-fallback', citation: 'PyYAML safe_load (unsafe_load when it refuses: allow_unsafe=True) + yacs literal_eval of strings (fvcore CfgNode.load_yaml_with_base, yacs _decode_cfg_value)' } as const;
const SCHEDULERS = ['WarmupMultiStepLR', 'WarmupCosineLR', 'WarmupStepWithFixedGammaLR'] as const;
/** Top-level sections of config/defaults.py: a detectron2 config uses only these (projects add their own). */
const SECTIONS = new Set(['VERSION', 'MODEL', 'INPUT', 'DATASETS', 'DATALOADER', 'SOLVER', 'TEST', 'OUTPUT_DIR', 'SEED', 'CUDNN_BENCHMARK', 'FLOAT32_PRECISION', 'VIS_PERIOD', 'GLOBAL']);
const SOLVER_MARKERS = ['MAX_ITER', 'IMS_PER_BATCH', 'BASE_LR', 'STEPS', 'WARMUP_ITERS', 'LR_SCHEDULER_NAME', 'CHECKPOINT_PERIOD', 'WARMUP_FACTOR'];

/** A LazyConfig training file: imports detectron2 and defines (or imports as) the module-level `lr_multiplier`. */
const LAZY_IMPORT = /^\s*(?:from|import)\s+detectron2\b/m;
const LAZY_MULTIPLIER = /^lr_multiplier\s*=|^from\s+\S+\s+import\s+[^\n]*\bas\s+lr_multiplier\b|^from\s+\S+\s+import\s+(?:[^\n]*,\s*)?lr_multiplier\b/m;

const isLazyConfig = (text: string): boolean => LAZY_IMPORT.test(text) && LAZY_MULTIPLIER.test(text);

function detect(doc: ParsedDoc): number {
  const data = doc.data;
  if (doc.format === 'python') return isLazyConfig(doc.text) ? 0.9 : 0;
  if (doc.format !== 'yaml' || !isObject(data)) return 0;
  const keys = Object.keys(data);
  if (keys.length === 0 || !keys.every((k) => k === BASE_KEY || /^[A-Z][A-Z0-9_]*$/.test(k))) return 0;
  // Other yacs trainers with upper-case configs: maskrcnn-benchmark (MODEL.BACKBONE.CONV_BODY; other warmup defaults)
  // and epoch-based ones such as fast-reid or SlowFast (SOLVER.MAX_EPOCH / SCHED / OPT): not detectron2's solver.
  const backbone = isObject(data.MODEL) && isObject(data.MODEL.BACKBONE) ? data.MODEL.BACKBONE : undefined;
  if (backbone && 'CONV_BODY' in backbone) return 0;
  if (isObject(data.SOLVER) && ['MAX_EPOCH', 'SCHED', 'OPT', 'MAX_EPOCHS', 'LR_POLICY'].some((k) => k in (data.SOLVER as object))) return 0;
  const base = data[BASE_KEY];
  const hasBase = (typeof base === 'string' && /\.ya?ml$/.test(base)) || (Array.isArray(base) && base.length > 0 && base.every((b) => typeof b === 'string' && /\.ya?ml$/.test(b)));
  const known = keys.filter((k) => SECTIONS.has(k)).length;
  const solver = isObject(data.SOLVER) ? SOLVER_MARKERS.filter((k) => k in (data.SOLVER as object)).length : 0;
  const model = isObject(data.MODEL) && 'META_ARCHITECTURE' in data.MODEL;
  if (hasBase && (known > 0 || keys.length === 1)) return 0.95;
  if (data.VERSION === 2 && known > 1) return 0.95;
  if (solver >= 1 && (model || isObject(data.DATASETS) || isObject(data.INPUT))) return 0.9;
  if (solver >= 2 || model) return 0.75;
  return 0;
}

type Stop = { ok: false; problem: { kind: 'invalid' | 'not-simulated'; message: string; at?: ReturnType<DocReader['origin']> } };
const stop = (kind: 'invalid' | 'not-simulated', message: string, at?: ReturnType<DocReader['origin']>): Stop => ({ ok: false, problem: { kind, message, ...(at ? { at } : {}) } });

function mainScheduler(name: string, v: SolverValues, baseLr: number, maxIter: number, kept: number[]): Detectron2Main | string {
  if (name === 'WarmupMultiStepLR') return { name, gamma: num(v.GAMMA), milestones: kept, numUpdates: maxIter };
  if (name === 'WarmupCosineLR') {
    const end = num(v.BASE_LR_END) / baseLr;
    // build.py asserts 0 <= BASE_LR_END / BASE_LR <= 1.
    if (!(end >= 0 && end <= 1)) return `WarmupCosineLR: BASE_LR_END / BASE_LR = ${formatNumber(num(v.BASE_LR_END))} / ${formatNumber(baseLr)} = ${formatNumber(end)} is outside [0, 1]; build_lr_scheduler's assertion stops the run`;
    return { name, endValue: end };
  }
  const numDecays = num(v.NUM_DECAYS);
  const gamma = num(v.GAMMA);
  if (!(gamma > 0)) return `WarmupStepWithFixedGammaLR: SOLVER.GAMMA ${formatNumber(gamma)}: fvcore's StepWithFixedGammaParamScheduler raises ValueError (gamma must be positive)`;
  if (!(numDecays > 0)) return `WarmupStepWithFixedGammaLR: SOLVER.NUM_DECAYS ${numDecays}: fvcore's StepWithFixedGammaParamScheduler raises ValueError (num_decays must be a positive integer)`;
  return { name: 'WarmupStepWithFixedGammaLR', gamma, numDecays };
}

/** fvcore MultiStepParamScheduler's constructor checks on the milestones detectron2 keeps. */
function milestoneProblem(kept: number[], maxIter: number): string | undefined {
  if (maxIter < kept.length + 1) return `MultiStepParamScheduler raises ValueError: MAX_ITER ${maxIter} must be at least the number of LR values (${kept.length + 1})`;
  let start = 0;
  for (const m of kept) {
    if (m >= maxIter) return `SOLVER.STEPS contains ${formatNumber(m)} = MAX_ITER: build_lr_scheduler keeps steps up to MAX_ITER, but fvcore's MultiStepParamScheduler raises ValueError "Milestone must be smaller than total number of updates: num_updates=${maxIter}, milestone=${formatNumber(m)}"`;
    if (start >= m) return `SOLVER.STEPS must rise from above 0: fvcore's MultiStepParamScheduler raises ValueError "Milestone must be smaller than start epoch: start_epoch=${formatNumber(start)}, milestone=${formatNumber(m)}"`;
    start = m;
  }
  return undefined;
}

function plan(r: DocReader, context: PlanContext): PlanResult {
  if (r.doc.format === 'python') {
    return stop('not-simulated', 'a Detectron2 LazyConfig (Python): tools/lazyconfig_train_net.py builds the schedule by instantiating `lr_multiplier` (a LazyCall of WarmupParamScheduler / fvcore schedulers) and `train.max_iter`, with values often imported from configs/common; trainlint does not evaluate LazyConfig files yet, so no curve is drawn');
  }
  const mergedResult = mergeWithBases(context.path, r.doc, LOADER, context.repo);
  if (!mergedResult.ok) return stop(mergedResult.kind, mergedResult.message, r.origin([BASE_KEY]));
  const merged = mergedResult.merged;
  const chain = merged.files.length > 1 ? ` (merged with ${merged.files.slice(1).join(', ')})` : '';
  if (!isObject(merged.data.SOLVER)) {
    return stop('not-simulated', `sets no SOLVER section${chain}: a partial config other files build on with _BASE_, not a complete training config; config/defaults.py alone would train BASE_LR 0.001 for 40000 iterations, which nothing here asks for`);
  }
  const read = readSolver(merged, r, context.path);
  if (!read.ok) return stop(read.kind, read.message, read.at);
  const v = read.values;
  const name = str(v.LR_SCHEDULER_NAME);
  if (!(SCHEDULERS as readonly string[]).includes(name)) {
    return stop('not-simulated', `SOLVER.LR_SCHEDULER_NAME "${name}" is not one of detectron2's own (${SCHEDULERS.join(', ')}): a project's trainer builds it (detectron2's build_lr_scheduler raises ValueError for it), so no curve is drawn`, v.LR_SCHEDULER_NAME.at);
  }
  const method = str(v.WARMUP_METHOD);
  if (method !== 'linear' && method !== 'constant') return stop('invalid', `SOLVER.WARMUP_METHOD "${method}": WarmupParamScheduler raises ValueError (linear or constant)`, v.WARMUP_METHOD.at);

  const assumptions: string[] = [];
  const reference = num(v.REFERENCE_WORLD_SIZE);
  let world = context.worldSize;
  if (reference !== 0 && world === undefined) {
    assumptions.push(`SOLVER.REFERENCE_WORLD_SIZE is ${reference} and the number of training processes is unknown: assumed ${reference}, so DefaultTrainer.auto_scale_workers changes nothing (on n processes it multiplies BASE_LR and IMS_PER_BATCH by n / ${reference} and divides MAX_ITER, WARMUP_ITERS and STEPS by it; give \`world-size\` in .trainlint.yml)`);
    world = reference;
  }
  const scaledResult = autoScale(v, world);
  if (!scaledResult.ok) return stop('invalid', scaledResult.message, v.IMS_PER_BATCH.at ?? v.REFERENCE_WORLD_SIZE.at);
  const s = scaledResult.scaled;
  const scaleNote = s.how ? ` (auto_scale_workers, ${s.how.scale})` : '';
  if (s.how) assumptions.push(`DefaultTrainer.auto_scale_workers scales the solver to ${s.how.scale}: IMS_PER_BATCH ${s.how.imsPerBatch}, BASE_LR ${s.how.baseLr}, MAX_ITER ${s.how.maxIter}, WARMUP_ITERS ${s.how.warmupIters}, STEPS ${s.how.steps}${context.worldSizeSource ? ` (world size: ${context.worldSizeSource.how})` : ''}`);

  const maxIter = s.maxIter;
  const baseLr = s.baseLr;
  if (!(maxIter > 0)) return stop('invalid', `SOLVER.MAX_ITER ${maxIter}${scaleNote}: build_lr_scheduler divides WARMUP_ITERS by it (ZeroDivisionError) and no iteration runs`, v.MAX_ITER.at);
  const lr: Resolved = resolved(v.BASE_LR, baseLr, s.how ? `${v.BASE_LR.how}, scaled ${s.how.baseLr}` : v.BASE_LR.how);
  const total: Resolved = resolved(v.MAX_ITER, maxIter, s.how ? `${v.MAX_ITER.how}, scaled ${s.how.maxIter}` : v.MAX_ITER.how);
  if (name === 'WarmupCosineLR' && baseLr === 0) return stop('invalid', 'SOLVER.BASE_LR 0 with WarmupCosineLR: build_lr_scheduler divides BASE_LR_END by it (ZeroDivisionError)', v.BASE_LR.at);

  // build.py drops STEPS entries larger than MAX_ITER (logging a warning); the rest go to MultiStepParamScheduler.
  const written = s.steps;
  const kept = written.filter((x) => x <= maxIter);
  const dropped = written.filter((x) => x > maxIter);
  if (name === 'WarmupMultiStepLR') {
    const bad = milestoneProblem(kept, maxIter);
    if (bad) return stop('invalid', bad, v.STEPS.at ?? v.MAX_ITER.at);
  }
  const main = mainScheduler(name, v, baseLr, maxIter, kept);
  if (typeof main === 'string') return stop('invalid', main, v.LR_SCHEDULER_NAME.at ?? v.BASE_LR_END.at);
  const warmupIters = s.warmupIters;
  const multiplier: Detectron2Multiplier = {
    main,
    warmupFactor: num(v.WARMUP_FACTOR),
    warmupLength: Math.min(warmupIters / maxIter, 1.0),
    warmupMethod: method,
    rescaleInterval: v.RESCALE_INTERVAL.value.type === 'bool' && v.RESCALE_INTERVAL.value.value,
  };
  let ends: ReturnType<typeof warmupEnds>;
  try {
    ends = warmupEnds(multiplier);
    // hooks.LRScheduler steps the scheduler after the last iteration too: multiplier(1.0) must evaluate.
    multiplierAt(multiplier, maxIter / maxIter, ends);
  } catch (err) {
    if (!(err instanceof SchedulerRaises)) throw err;
    return stop('invalid', `${name}: after the last of the ${maxIter} iterations, hooks.LRScheduler calls scheduler.step(), which evaluates the multiplier at where = 1.0 and fvcore raises ${err.message}; training ends in that exception (the final checkpoint and evaluation do not run)`, v.LR_SCHEDULER_NAME.at);
  }

  // An inherited or default warmup is reported on the reviewed file's SOLVER section (where WARMUP_ITERS would go).
  const warmupAt = v.WARMUP_ITERS.at ?? (r.has(['SOLVER']) ? r.origin(['SOLVER']) : undefined);
  const warmupSteps: Resolved = resolved({ ...v.WARMUP_ITERS, ...(warmupAt ? { at: warmupAt } : {}) }, warmupIters, `${s.how ? `${v.WARMUP_ITERS.how}, scaled ${s.how.warmupIters}` : v.WARMUP_ITERS.how}${warmupIters >= maxIter ? `; not below MAX_ITER ${maxIter}, so warmup_length = min(${warmupIters} / ${maxIter}, 1) = 1 and the warmup ramp is squeezed into the whole run` : ''}`);
  const W = Math.min(warmupIters, maxIter);
  const phases: Phase[] = [{ kind: 'warmup', start: 0, end: W, style: method }];
  let decay: NonNullable<import('../../core/plan.ts').TrainingPlan['decay']> | undefined;
  const stepsHow = `${v.STEPS.how}${s.how ? `, scaled ${s.how.steps}` : ''}`;
  if (name === 'WarmupMultiStepLR') {
    // Milestones written in the chain: each drop is a step of the decay, the last drop its end (dropped ones lie past
    // the run, which TL102 reports). Default STEPS past the run were never asked for: the LR is simply constant.
    const shownSteps = v.STEPS.written ? written : kept;
    if (v.STEPS.written === false && dropped.length) assumptions.push(`SOLVER.STEPS is not set, and its default (${written.join(', ')}) from ${'config/defaults.py'} lies beyond MAX_ITER ${maxIter}: build_lr_scheduler drops it, so the LR stays at BASE_LR after the warmup`);
    if (shownSteps.length) {
      const first = shownSteps[0]!;
      const last = shownSteps[shownSteps.length - 1]!;
      phases.push({ kind: 'constant', start: W, end: first - 1, style: 'constant' });
      let prev = first - 1;
      for (const m of shownSteps) {
        phases.push({ kind: 'decay', start: prev, end: m, style: dropped.includes(m) ? 'step (past MAX_ITER: dropped)' : 'step' });
        prev = m;
      }
      phases.push({ kind: 'constant', start: last, end: Infinity, style: 'constant' });
      const gamma = num(v.GAMMA);
      const droppedText = dropped.length ? `; ${dropped.join(', ')} > MAX_ITER ${maxIter} ${dropped.length === 1 ? 'is' : 'are'} dropped by build_lr_scheduler, so ${dropped.length === 1 ? 'that drop never happens' : 'those drops never happen'}` : '';
      decay = {
        style: 'step',
        start: { value: first, how: `${stepsHow}: the first drop (x ${formatNumber(gamma)}) at iteration ${first}${droppedText}`, from: v.STEPS.at ? [v.STEPS.at] : [] },
        steps: { value: last - first, how: `last drop at iteration ${last}`, from: v.STEPS.at ? [v.STEPS.at] : [] },
        minLr: { value: baseLr * gamma ** shownSteps.length, how: `BASE_LR x GAMMA^${shownSteps.length} = ${formatNumber(baseLr)} x ${formatNumber(gamma)}^${shownSteps.length}`, from: [] },
      };
    } else phases.push({ kind: 'constant', start: W, end: Infinity, style: 'constant' });
  } else if (name === 'WarmupCosineLR') {
    phases.push({ kind: 'decay', start: W, end: maxIter, style: 'cosine' }, { kind: 'floor', start: maxIter, end: Infinity, style: 'constant' });
    const end = num(v.BASE_LR_END);
    decay = { style: 'cosine', start: { value: W, how: `after the warmup (cosine over all ${maxIter} iterations${multiplier.rescaleInterval ? ', rescaled after the warmup (RESCALE_INTERVAL)' : ''})`, from: [] }, steps: { value: maxIter - W, how: `until MAX_ITER ${maxIter}`, from: total.from }, minLr: resolved(v.BASE_LR_END, end) };
  } else {
    const n = num(v.NUM_DECAYS);
    const span = maxIter / (n + 1);
    phases.push({ kind: 'constant', start: W, end: Infinity, style: `${n} drops of x ${formatNumber(num(v.GAMMA))} every ${formatNumber(span)} iterations` });
  }

  if (decay && warmupIters >= maxIter) {
    assumptions.push(`WARMUP_ITERS ${warmupIters} is not below MAX_ITER ${maxIter}: fvcore's warmup covers the whole run and ramps from BASE_LR x WARMUP_FACTOR towards the main schedule's value at the end of the run (${formatNumber(baseLr * ends.end)}), so no ${decay.style} decay follows it`);
    phases.splice(1);
  }
  const schedule = makeSchedule({ totalSteps: maxIter, peakLr: baseLr, lrAt: detectron2Lr(multiplier, baseLr, maxIter, ends), phases });
  return {
    ok: true,
    plan: {
      dialect: 'detectron2',
      semantics: `${VERSION} + fvcore@3378afe0`,
      optimizer: { name: { value: 'SGD', how: 'detectron2 solver/build.py build_optimizer: torch.optim.SGD with SOLVER.MOMENTUM', from: [] }, lr },
      totalSteps: total,
      totalStepsSource: 'explicit',
      batchSize: resolved(v.IMS_PER_BATCH, s.imsPerBatch, s.how ? `${v.IMS_PER_BATCH.how}, scaled ${s.how.imsPerBatch}` : v.IMS_PER_BATCH.how),
      warmup: {
        steps: warmupSteps,
        style: method,
        startLr: { value: baseLr * ends.start, how: `BASE_LR x WARMUP_FACTOR = ${formatNumber(baseLr)} x ${formatNumber(num(v.WARMUP_FACTOR))}`, from: v.WARMUP_FACTOR.at ? [v.WARMUP_FACTOR.at] : [] },
        // solver/build.py @02b5c4e2 clamps warmup_length to 1 on purpose (3755562c): detectron2's own quick_schedules smoke
        // tests and its Colab tutorial run shorter than the default 1000-iteration warmup.
        ...(warmupIters >= maxIter ? { clampedBy: 'detectron2 clamps the warmup to the run on purpose (build_lr_scheduler: min(WARMUP_ITERS / MAX_ITER, 1.0)), as its own smoke-test configs and tutorial do' } : {}),
      },
      // A warmup squeezed into the whole run (TL103) takes the drops and the cosine into its ramp: no decay phase follows it.
      ...(decay && warmupIters < maxIter ? { decay } : {}),
      schedule,
      assumptions,
      ...(s.how ? {} : { fixes: fixes(v) }),
    },
  };
}

/** Edits of keys the reviewed file writes (a value from a base or the defaults is not edited here). */
function fixes(v: SolverValues): PlanFixes {
  const edit = (key: keyof SolverValues, value: number): FixEdit | undefined => (v[key].at ? { at: v[key].at!, value } : undefined);
  return {
    warmupTo: (n) => edit('WARMUP_ITERS', n),
    totalStepsTo: (n) => edit('MAX_ITER', n),
  };
}

export const detectron2: Dialect = {
  id: 'detectron2',
  title: 'Detectron2',
  follows: 'facebookresearch/detectron2 @02b5c4e2 (solver/build.py, config/defaults.py, engine/defaults.py) + fvcore @3378afe0 (param_scheduler.py, config.py)',
  schema,
  loader: LOADER,
  formats: ['yaml', 'python'],
  detect,
  mayDetectPython: isLazyConfig,
  plan,
};
