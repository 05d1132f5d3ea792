// verl (verl-project/verl, formerly volcengine/verl): PPO/GRPO runs configured with Hydra, either a ppo_trainer-style
// YAML or the `key=value` overrides of a `python3 -m verl.trainer.main_ppo` launch in a shell script. The actor's LR
// schedule is simulated per optimizer update: the scheduler steps once per trainer step while the optimizer steps
// ppo_epochs x (train_batch_size // ppo_mini_batch_size) times inside it, so update k uses the schedule at the trainer
// step it belongs to (goldens README, verl). Sources: see verl/*.ts.
import schema from '../../../schemas/verl.schema.json' with { type: 'json' };
import { countOf, formatNumber, type DocReader } from '../../core/access.ts';
import { assumeEpochs, type AssumedLength, type Dialect, type PlanContext, type PlanResult, type RepoView } from '../../core/plan.ts';
import { parseText, type ParsedDoc } from '../../core/parse.ts';
import { focusLaunch, type LaunchDoc } from '../../core/parse-shell.ts';
import { makeSchedule } from '../../core/schedule.ts';
import type { Phase, Resolved } from '../../core/types.ts';
import { UnknownValue, VerlView, type BaseConfig } from './verl/config-view.ts';
import { VERL_ENGINE_COMMIT, VERL_LEGACY_COMMIT } from './verl/defaults.ts';
import { verlFixes } from './verl/fixes.ts';
import { readRole } from './verl/role.ts';
import { BATCH_CHECK_SINCE, shippedVerl, type ShippedVerl } from './verl/shipped-version.ts';
import { actorUpdates, trainRows } from './verl/run.ts';
import { roleLr, type CodeVersion } from './verl/scheduler.ts';

const MAIN_MODULE = /^(?:verl\.trainer\.main_ppo|verl\.trainer\.main_ppo_\w+|recipe\.\w+\.main_\w+)$/;

function verlLaunch(doc: ParsedDoc): LaunchDoc | undefined {
  const launches = doc.shellLaunches ?? [];
  return launches.find((l) => l.launch.target.kind === 'module' && MAIN_MODULE.test(l.launch.target.name)) ?? launches.find((l) => l.launch.overrides.some((o) => o.key.startsWith('actor_rollout_ref.actor.')));
}

function detect(doc: ParsedDoc): number {
  if (doc.format === 'shell') return verlLaunch(doc) ? 0.95 : 0;
  const d = doc.data as Record<string, unknown> | null;
  if (!d || typeof d !== 'object' || Array.isArray(d)) return 0;
  const arr = d.actor_rollout_ref as Record<string, unknown> | undefined;
  if (!arr || typeof arr !== 'object' || !('actor' in arr)) return 0;
  return 'trainer' in d || 'data' in d || 'algorithm' in d ? 0.9 : 0.6;
}

function focus(doc: ParsedDoc): ParsedDoc {
  if (doc.format !== 'shell') return doc;
  const launch = verlLaunch(doc);
  return launch ? focusLaunch(doc, launch) : doc;
}

/** `.trainlint.yml` frameworks: verl: legacy | engine | a release (v0.8.0 removed the legacy workers; v0.6.0 renamed warmup_style). */
function codeVersion(pin: string | undefined, useLegacy: unknown, shipped?: ShippedVerl): { code: CodeVersion; how: string; release?: number } {
  if (!pin?.trim() && shipped) {
    const read = codeVersion(shipped.version, useLegacy);
    return { ...read, how: `${read.how}, the verl the repository ships (${shipped.path} ${shipped.version}) and main_ppo imports` };
  }
  const p = pin?.trim().replace(/^v/, '');
  if (!p || p === 'engine') return { code: 'engine', how: `engine workers (verl-project/verl @${VERL_ENGINE_COMMIT}${p ? '' : ', the current code; pin `frameworks: { verl: legacy }` for the fsdp_workers of verl < 0.8'})` };
  const m = /^(\d+)\.(\d+)/.exec(p);
  const legacyWords = p === 'legacy' || p === 'fsdp_workers' || p.startsWith(VERL_LEGACY_COMMIT);
  const minor = m ? Number(m[1]) * 1000 + Number(m[2]) : undefined;
  if (!legacyWords && (minor === undefined || minor >= 8)) return { code: 'engine', how: `engine workers (verl ${p}; followed @${VERL_ENGINE_COMMIT})` };
  if (useLegacy === 'disable' && (legacyWords || (minor !== undefined && minor >= 6))) return { code: 'engine', how: `engine workers (trainer.use_legacy_worker_impl: disable)` };
  if (minor !== undefined && minor < 6) return { code: 'legacy-warmup-style', release: minor, how: `legacy fsdp_workers of verl ${p} (before v0.6.0, which read warmup_style; followed @${VERL_LEGACY_COMMIT} otherwise)` };
  return { code: 'legacy', how: `legacy fsdp_workers (volcengine/verl @${VERL_LEGACY_COMMIT})` };
}

function baseConfig(doc: ParsedDoc, repo: RepoView | undefined, path: string): { base?: BaseConfig; name: string; missing?: string } {
  if (doc.format !== 'shell') return { name: 'the file' };
  const data = doc.data as Record<string, unknown>;
  const name = typeof data['--config-name'] === 'string' ? (data['--config-name'] as string).replace(/\.yaml$/, '') : 'ppo_trainer';
  const dirFlag = typeof data['--config-path'] === 'string' ? (data['--config-path'] as string).replace(/\/+$/, '') : undefined;
  const scriptDir = path.includes('/') ? path.slice(0, path.lastIndexOf('/')) : '';
  // A relative --config-path is relative to the Python file declaring @hydra.main (Hydra's docs), i.e. the module's folder.
  const target = doc.shell?.target;
  const moduleDir = target?.kind === 'module' && target.name.includes('.') ? target.name.split('.').slice(0, -1).join('/') : undefined;
  const candidates = dirFlag !== undefined ? [dirFlag, scriptDir ? `${scriptDir}/${dirFlag}` : dirFlag, ...(moduleDir && !dirFlag.startsWith('/') ? [`${moduleDir}/${dirFlag}`] : [])].map((d) => `${d.replace(/^\.\//, '')}/${name}.yaml`) : [`verl/trainer/config/${name}.yaml`];
  for (const c of candidates) {
    const text = repo?.read(c);
    if (!text) continue;
    const parsed = parseText(text, 'yaml');
    if (parsed.ok) return { base: { path: c, data: parsed.doc.data }, name };
  }
  const builtin = name === 'ppo_trainer' || name === 'ppo_megatron_trainer';
  return builtin ? { name } : { name, missing: `${dirFlag ? `${dirFlag}/` : ''}${name}.yaml` };
}

type Stop = Extract<PlanResult, { ok: false }>;
const stop = (kind: Stop['problem']['kind'], message: string, at?: Resolved['from'][number]): Stop => ({ ok: false, problem: { kind, message, ...(at ? { at } : {}) } });

function plan(r: DocReader, context: PlanContext): PlanResult {
  try {
    return planOf(r, context);
  } catch (err) {
    if (err instanceof UnknownValue) return stop('not-simulated', `${err.key}=${err.expression} is set from outside the script (its value is not known before launch), so the schedule is not simulated`, err.at);
    throw err;
  }
}

/**
 * The entry points whose loop is RayPPOTrainer.fit's (one actor update and one scheduler step per trainer step):
 * main_ppo and its variants, the one-step-off-policy main_ppo (OneStepOffRayTrainer keeps that loop), the recipes' mains.
 * The fully async trainer (verl/experimental/fully_async_policy, @1dda039b) counts its steps from parameter syncs over
 * required samples instead, which is not modelled.
 */
const SIMULATED_MAIN = /^(?:verl\.trainer\.main_ppo(?:_\w+)?|verl\.experimental\.one_step_off_policy\.main_ppo|recipe\.\w+\.main_\w+)$/;

function unmodelledEntry(doc: ParsedDoc): string | undefined {
  const data = doc.data as Record<string, unknown> | null;
  if (doc.format !== 'shell' && data && typeof data === 'object' && 'async_training' in data) {
    return "async_training: the config is the fully async trainer's, whose steps follow parameter syncs over required samples rather than RayPPOTrainer's one LR-scheduler step per trainer step; trainlint does not model that loop, so the schedule is not simulated";
  }
  const target = doc.format === 'shell' ? doc.shell?.target : undefined;
  if (!target || target.kind === 'command') return undefined;
  const name = target.kind === 'script' ? target.name.replace(/^\.\//, '').replace(/\.py$/, '').replace(/\//g, '.') : target.name;
  if (SIMULATED_MAIN.test(name) || (target.kind === 'script' && /(?:^|\.)(?:verl\.trainer\.main_ppo\w*|recipe\.\w+\.main_\w+)$/.test(name))) return undefined;
  return `${target.name} runs a training loop of its own, not RayPPOTrainer's one LR-scheduler step per trainer step (trainlint simulates verl.trainer.main_ppo and the loops built on it), so the schedule is not simulated`;
}

function planOf(r: DocReader, context: PlanContext): PlanResult {
  const doc = r.doc;
  const unmodelled = unmodelledEntry(doc);
  if (unmodelled) return stop('not-simulated', unmodelled);
  const { base, name, missing } = baseConfig(doc, context.repo, context.path);
  if (missing) return stop('not-simulated', `the launch composes its overrides onto ${missing} (--config-name ${name}), which is not in the repository, so the defaults they apply to are unknown and the schedule is not simulated`);
  let backend: 'fsdp' | 'megatron' = name === 'ppo_megatron_trainer' ? 'megatron' : 'fsdp';
  const view = new VerlView(r, doc, base, () => backend);
  const strategy = view.get('actor_rollout_ref.actor.strategy').value;
  const engine = view.get('model_engine').value;
  if (engine !== undefined && engine !== null && engine !== 'dp' && engine !== 'megatron') return stop('not-simulated', `model_engine ${String(engine)}: trainlint models the dp (FSDP) and megatron engines' schedulers only`);
  if (strategy === 'megatron' || engine === 'megatron') backend = 'megatron';
  else if (strategy !== undefined && strategy !== null && strategy !== 'fsdp' && strategy !== 'fsdp2') return stop('not-simulated', `actor strategy ${String(strategy)}: trainlint models the fsdp and megatron workers' schedulers only`);
  const shippedCopy = shippedVerl(context.repo);
  const { code, how: codeHow, release } = codeVersion(context.frameworkVersion, view.get('trainer.use_legacy_worker_impl').value, shippedCopy);
  const assumptions: string[] = [`verl ${codeHow}, ${backend} backend`];
  if (base) assumptions.push(`the overrides apply onto ${base.path}; keys it does not set take verl's defaults (ppo_trainer.yaml @${VERL_ENGINE_COMMIT})`);
  else if (doc.format !== 'shell') assumptions.push(`keys the file does not set take verl's defaults (ppo_trainer.yaml @${VERL_ENGINE_COMMIT})`);
  else assumptions.push(`the overrides apply onto verl's ${name}.yaml defaults (@${VERL_ENGINE_COMMIT})`);

  const int = (key: string): { value: number; how: string; from: Resolved['from'] } | Stop => {
    const v = view.get(key);
    if (typeof v.value !== 'number' || !Number.isInteger(v.value) || v.value <= 0) return stop('invalid', `${key} is ${String(v.value)}: verl needs a positive integer`, v.from[0]);
    return { value: v.value, how: v.how, from: v.from };
  };
  const tbs = int('data.train_batch_size');
  if ('ok' in tbs) return tbs;
  const mini = int('actor_rollout_ref.actor.ppo_mini_batch_size');
  if ('ok' in mini) return mini;
  const ppoEpochs = int('actor_rollout_ref.actor.ppo_epochs');
  if ('ok' in ppoEpochs) return ppoEpochs;
  let u = ppoEpochs.value * Math.floor(tbs.value / mini.value);
  let uHow = `ppo_epochs ${ppoEpochs.value} x (train_batch_size ${tbs.value} // ppo_mini_batch_size ${mini.value}) = ${u} optimizer updates per trainer step`;
  if (mini.value > tbs.value) {
    if (hydraTrue(view.get('actor_rollout_ref.actor.use_dynamic_bsz').value)) return stop('not-simulated', `ppo_mini_batch_size ${mini.value} is larger than data.train_batch_size ${tbs.value} under use_dynamic_bsz, where verl skips its batch-size check; how many updates a trainer step then makes is not modelled, so the schedule is not simulated`, mini.from[0]);
    if (release === undefined || release >= BATCH_CHECK_SINCE) return stop('invalid', `ppo_mini_batch_size ${mini.value} is larger than data.train_batch_size ${tbs.value}: verl's config check asserts train_batch_size >= ppo_mini_batch_size`, mini.from[0]);
    // The shipped verl predates the check: its actor splits each batch into mini-batches of ppo_mini_batch_size
    // (DataProto.split in volcengine/verl v0.2 verl/workers/actor/dp_actor.py update_policy), so one mini-batch holds it all.
    u = ppoEpochs.value;
    uHow = `ppo_epochs ${ppoEpochs.value} x one mini-batch (ppo_mini_batch_size ${mini.value} is larger than train_batch_size ${tbs.value}, which verl before v0.3.0 does not check: one mini-batch holds the whole batch) = ${u} optimizer updates per trainer step`;
    assumptions.push(`verl before v0.3.0 has no check train_batch_size >= ppo_mini_batch_size: each trainer step's batch is one mini-batch`);
  }

  const epochsV = view.get('trainer.total_epochs');
  const epochs = typeof epochsV.value === 'number' ? epochsV.value : 0;
  const explicitV = view.get('trainer.total_training_steps');
  const explicitT = typeof explicitV.value === 'number' ? explicitV.value : undefined;

  // Trainer steps per epoch from the dataset size (drop_last).
  let perEpoch: number | undefined;
  let perEpochHow = '';
  let dataWhy = '';
  const size = context.datasetSize !== undefined ? { value: context.datasetSize, how: context.datasetSource?.how ?? `${context.datasetSize} rows` } : undefined;
  let rows = size;
  if (!rows) {
    let files: unknown;
    try {
      files = view.get('data.train_files').value;
    } catch (err) {
      if (!(err instanceof UnknownValue)) throw err;
      dataWhy = `data.train_files=${err.expression} is set outside the script`;
    }
    if (!dataWhy) {
      const found = trainRows(context.repo, context.path, files);
      if (found.size) rows = found.size;
      else dataWhy = found.why;
    }
  }
  if (rows) {
    perEpoch = Math.floor(rows.value / tbs.value);
    perEpochHow = `${rows.value} rows (${rows.how}) // train_batch_size ${tbs.value} = ${perEpoch} trainer steps per epoch`;
    if (perEpoch === 0) return stop('invalid', `the training set has ${rows.value} rows, fewer than data.train_batch_size ${tbs.value}: the dataloader drops the partial batch and yields no step`, tbs.from[0]);
  }

  let T: number;
  let run: number;
  let THow: string;
  let runHow: string;
  let assumed: AssumedLength | undefined;
  if (explicitT !== undefined) {
    T = explicitT;
    THow = explicitV.how;
    if (perEpoch !== undefined) {
      run = Math.min(T, perEpoch * epochs);
      runHow = run < T ? `the data ends first: ${perEpochHow} x total_epochs ${epochs} = ${run} trainer steps (< total_training_steps ${T})` : `total_training_steps ${T}`;
    } else {
      run = T;
      runHow = `total_training_steps ${T}`;
      assumptions.push(`the dataset size is unknown (${dataWhy}): the run is taken to last total_training_steps ${T}; it ends earlier if total_epochs ${epochs} x (rows // ${tbs.value}) is smaller`);
    }
  } else if (perEpoch !== undefined) {
    T = run = perEpoch * epochs;
    THow = runHow = `${perEpochHow} x total_epochs ${epochs} = ${T}`;
  } else {
    const perEpochAssumed = Math.max(1, Math.round(1000 / u));
    const a = assumeEpochs({ value: epochs, how: epochsV.how, from: epochsV.from }, `total_training_steps = len(dataset) // ${tbs.value} x ${epochs} epochs, and the dataset size is unknown (${dataWhy})`, { path: context.path, updatesPerEpoch: perEpochAssumed * u, perEpochWhy: `an assumed ${perEpochAssumed} trainer steps of ${u} updates: ${dataWhy}` });
    assumed = a.assumed;
    assumptions.push(a.note);
    T = run = perEpochAssumed * epochs;
    THow = runHow = `${perEpochAssumed} assumed trainer steps per epoch x total_epochs ${epochs} = ${T}`;
  }
  if (!(T > 0) || !(run > 0)) return stop('invalid', `the run makes no trainer step (${runHow})`, explicitV.from[0] ?? epochsV.from[0]);

  const cwV = view.get('trainer.critic_warmup');
  const cw = typeof cwV.value === 'number' ? cwV.value : 0;
  const A = actorUpdates(run, cw);
  if (A === 0) return stop('invalid', `trainer.critic_warmup ${cw} is not below the run's ${run} trainer steps: the actor is never updated`, cwV.from[0]);
  const actor = readRole(view, 'actor_rollout_ref.actor', backend, code, T, release);
  if (!actor.ok) return stop(actor.kind, actor.message, actor.at);
  assumptions.push(...actor.notes);

  const total = A * u;
  const sched = actor.scheduler;
  const lrAt = (k: number) => roleLr(sched, actor.lr, Math.floor(k / u));
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
  const schedule = makeSchedule({ totalSteps: total, peakLr: actor.lr, lrAt, phases, ...(!isConstant && horizonUpdates !== total ? { horizon: horizonUpdates } : {}) });
  if (cw > 1) assumptions.push(`trainer.critic_warmup ${cw}: the actor is first updated at trainer step ${Math.max(1, cw)}, so it makes ${A} of the run's ${run} trainer steps`);
  const criticNote = criticSummary(view, backend, code, T, run, tbs.value, release);
  if (criticNote) assumptions.push(criticNote);

  const warmupHow = `${actor.warmupHow}; verl steps the LR scheduler once per trainer step and the optimizer ${uHow}, so the warmup lasts ${W} x ${u} = ${W * u} optimizer updates`;
  return {
    ok: true,
    plan: {
      dialect: 'verl',
      semantics: shippedCopy && !context.frameworkVersion?.trim() && release !== undefined ? `verl ${shippedCopy.version} (shipped in ${shippedCopy.path}, fsdp_workers)` : code === 'engine' ? `verl@${VERL_ENGINE_COMMIT} (engine, ${backend})` : `verl@${VERL_LEGACY_COMMIT} (legacy fsdp_workers)`,
      optimizer: { name: { value: backend === 'megatron' ? 'adam' : 'AdamW', how: 'optim.optimizer default', from: [] }, lr: { value: actor.lr, how: actor.lrHow, from: actor.lrFrom } },
      totalSteps: { value: total, how: `${A} actor updates (${runHow}${A < run ? `, from trainer step ${Math.max(1, cw)} on` : ''}) x ${u} optimizer updates each (${uHow})`, from: [...explicitV.from, ...epochsV.from, ...tbs.from, ...mini.from] },
      totalStepsSource: explicitT !== undefined ? 'explicit' : 'derived',
      batchSize: { value: mini.value * num(view.get('actor_rollout_ref.rollout.n').value, 1), how: `ppo_mini_batch_size ${mini.value} prompts x rollout.n ${num(view.get('actor_rollout_ref.rollout.n').value, 1)} responses`, from: mini.from },
      ...(W > 0 ? { warmup: { steps: { value: warmupUpdates, how: warmupHow, from: actor.warmupFrom }, style: 'linear' } } : {}),
      ...(!isConstant ? { decay: { style: sched.kind === 'fsdp' ? 'cosine' : sched.decayStyle, start: { value: warmupUpdates, how: 'the end of warmup', from: actor.warmupFrom }, steps: { value: Math.max(0, horizonUpdates - warmupUpdates), how: `${sched.kind === 'fsdp' ? `total_training_steps ${T} (${THow})` : `lr_decay_steps ${decayEndTrainer}`} trainer steps x ${u}`, from: explicitV.from }, minLr: { value: sched.kind === 'fsdp' ? actor.lr * sched.minLrRatio : sched.minLr, how: sched.kind === 'fsdp' ? `lr x min_lr_ratio ${formatNumber(sched.minLrRatio)}` : 'min_lr', from: [] } } } : {}),
      ...(!isConstant && horizonUpdates !== total ? { horizon: { value: horizonUpdates, how: `the scheduler was built for ${countOf(decayEndTrainer, 'trainer step')} (${THow}) x ${u} updates`, from: explicitV.from } } : {}),
      schedule,
      assumptions,
      fixes: verlFixes(u, actor.warmupSetBy),
      ...(assumed ? { assumedLength: assumed } : {}),
    },
  };
}

/** Hydra's override grammar reads true/True/TRUE as a boolean; the shell reader hands the word on as written. */
const hydraTrue = (v: unknown): boolean => v === true || (typeof v === 'string' && v.toLowerCase() === 'true');

const num = (v: unknown, d: number): number => (typeof v === 'number' && Number.isFinite(v) ? v : d);

/** The critic's schedule in one sentence, when verl builds a critic (need_critic: critic.enable, else adv_estimator gae). */
function criticSummary(view: VerlView, backend: 'fsdp' | 'megatron', code: CodeVersion, T: number, run: number, tbs: number, release?: number): string | undefined {
  const enable = view.get('critic.enable').value;
  const used = enable !== null && enable !== undefined ? Boolean(enable) : view.get('algorithm.adv_estimator').value === 'gae';
  if (!used) return undefined;
  const critic = readRole(view, 'critic', backend, code, T, release);
  if (!critic.ok) return `the critic's schedule cannot be built: ${critic.message}`;
  const mini = num(view.get('critic.ppo_mini_batch_size').value, 0);
  const epochs = num(view.get('critic.ppo_epochs').value, 1);
  const u = mini > 0 ? epochs * Math.floor(tbs / mini) : 0;
  const w = critic.scheduler.warmup;
  return `the critic (used: ${enable !== null && enable !== undefined ? 'critic.enable' : 'adv_estimator gae'}) has its own schedule, not drawn: lr ${formatNumber(critic.lr)}, ${critic.typeHow}, warmup ${critic.warmupHow}${u ? ` (= ${w * u} of its ${run * u} optimizer updates, ${formatNumber((100 * Math.min(w, run)) / run)} % of the run)` : ''}`;
}

export const verl: Dialect = {
  id: 'verl',
  title: 'verl',
  follows: `verl-project/verl @${VERL_ENGINE_COMMIT} (engine workers); volcengine/verl @${VERL_LEGACY_COMMIT} (legacy fsdp_workers, frameworks: { verl: legacy })`,
  schema,
  loader: { yaml: 'omegaconf', stringForNumber: 'passed-on', interpolation: 'omegaconf', citation: 'Hydra compose + OmegaConf, verl @1dda039b' },
  formats: ['yaml', 'shell', 'markdown', 'notebook'],
  versionKeys: ['verl', 'volcengine/verl'],
  detect,
  focus,
  plan,
};
