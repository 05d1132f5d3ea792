// verl (verl-project/verl, formerly volcengine/verl): PPO/GRPO runs configured with Hydra, either a ppo_trainer-style
// YAML or the `key=value` overrides of a `python3 -m verl.trainer.main_ppo` launch in a shell script. The actor's LR
// schedule is simulated per optimizer update (and the critic's, as a review of its own, when the run builds one): the scheduler steps once per trainer step while the optimizer steps
// ppo_epochs x (train_batch_size // ppo_mini_batch_size) times inside it, so update k uses the schedule at the trainer
// step it belongs to (goldens README, verl). Sources: see verl/*.ts.
import schema from '../../../schemas/verl.schema.json' with { type: 'json' };
import { DocReader } from '../../core/access.ts';
import { assumeEpochs, type AssumedLength, type ConfigsContext, type Dialect, type PlanContext, type PlanResult, type RepoView } from '../../core/plan.ts';
import { parseText, type ParsedDoc } from '../../core/parse.ts';
import { focusLaunch, type LaunchDoc } from '../../core/parse-shell.ts';
import type { Resolved } from '../../core/types.ts';
import { UnknownValue, VerlView, type BaseConfig } from './verl/config-view.ts';
import { VERL_ENGINE_COMMIT, VERL_LEGACY_COMMIT } from './verl/defaults.ts';
import { criticDoc, criticUse, isCriticDoc } from './verl/critic.ts';
import { readRole } from './verl/role.ts';
import { rolePlan } from './verl/role-plan.ts';
import { BATCH_CHECK_SINCE, shippedVerl, type ShippedVerl } from './verl/shipped-version.ts';
import { actorUpdates, trainRows } from './verl/run.ts';
import type { CodeVersion } from './verl/scheduler.ts';

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

/** Whether the actor runs on a backend whose scheduler is modelled (dp/FSDP or megatron), and which. */
function modelledEngine(view: VerlView): { megatron: boolean } | { unmodelled: string } {
  const strategy = view.get('actor_rollout_ref.actor.strategy').value;
  const engine = view.get('model_engine').value;
  if (engine !== undefined && engine !== null && engine !== 'dp' && engine !== 'megatron') return { unmodelled: `model_engine ${String(engine)}: trainlint models the dp (FSDP) and megatron engines' schedulers only` };
  if (strategy === 'megatron' || engine === 'megatron') return { megatron: true };
  if (strategy !== undefined && strategy !== null && strategy !== 'fsdp' && strategy !== 'fsdp2') return { unmodelled: `actor strategy ${String(strategy)}: trainlint models the fsdp and megatron workers' schedulers only` };
  return { megatron: false };
}

function planOf(r: DocReader, context: PlanContext): PlanResult {
  const doc = r.doc;
  const unmodelled = unmodelledEntry(doc);
  if (unmodelled) return stop('not-simulated', unmodelled);
  const { base, name, missing } = baseConfig(doc, context.repo, context.path);
  if (missing) return stop('not-simulated', `the launch composes its overrides onto ${missing} (--config-name ${name}), which is not in the repository, so the defaults they apply to are unknown and the schedule is not simulated`);
  let backend: 'fsdp' | 'megatron' = name === 'ppo_megatron_trainer' ? 'megatron' : 'fsdp';
  const view = new VerlView(r, doc, base, () => backend);
  const engines = modelledEngine(view);
  if ('unmodelled' in engines) return stop('not-simulated', engines.unmodelled);
  if (engines.megatron) backend = 'megatron';
  const shippedCopy = shippedVerl(context.repo);
  const { code, how: codeHow, release } = codeVersion(context.frameworkVersion, view.get('trainer.use_legacy_worker_impl').value, shippedCopy);
  // Whether the verl that runs checks train_batch_size >= ppo_mini_batch_size (volcengine/verl #559, first in v0.3.0).
  const batchChecked = release === undefined || release >= BATCH_CHECK_SINCE;
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
  // The role this review is about: the actor, or the critic (a document of its own, Dialect.configsOf).
  const critic = isCriticDoc(doc);
  const use = criticUse(view);
  // The actor's check stops the whole run (so both reviews); its other effects (use_dynamic_bsz, one mini-batch
  // before v0.3.0) change only the actor's updates.
  const actorDynamic = hydraTrue(view.get('actor_rollout_ref.actor.use_dynamic_bsz').value);
  if (mini.value > tbs.value && !actorDynamic && batchChecked) return stop('invalid', `ppo_mini_batch_size ${mini.value} is larger than data.train_batch_size ${tbs.value}: verl's config check asserts train_batch_size >= ppo_mini_batch_size`, mini.from[0]);
  let roleMini = mini;
  let roleEpochs = ppoEpochs;
  if (critic) {
    const strategy = view.get('critic.strategy').value;
    const criticBackend = strategy === 'megatron' ? 'megatron' : strategy === 'fsdp' || strategy === 'fsdp2' ? 'fsdp' : undefined;
    if (criticBackend !== backend) return stop('not-simulated', `critic strategy ${String(strategy)} with the actor's ${backend} backend: trainlint models a critic on the actor's backend (fsdp or megatron) only`);
    const cMini = int('critic.ppo_mini_batch_size');
    if ('ok' in cMini) return cMini;
    const cEpochs = int('critic.ppo_epochs');
    if ('ok' in cEpochs) return cEpochs;
    roleMini = cMini;
    roleEpochs = cEpochs;
  }
  const p = critic ? 'critic.' : '';
  let u = roleEpochs.value * Math.floor(tbs.value / roleMini.value);
  let uHow = `${p}ppo_epochs ${roleEpochs.value} x (train_batch_size ${tbs.value} // ${p}ppo_mini_batch_size ${roleMini.value}) = ${u} optimizer updates per trainer step`;
  if (roleMini.value > tbs.value) {
    // The critic's own check: CriticConfig.validate (verl/workers/config/critic.py @1dda039b), before it
    // RayPPOTrainer._validate_config since v0.3.0; both only when critic.use_dynamic_bsz is off.
    if (hydraTrue(view.get(`${critic ? 'critic' : 'actor_rollout_ref.actor'}.use_dynamic_bsz`).value)) return stop('not-simulated', `${p}ppo_mini_batch_size ${roleMini.value} is larger than data.train_batch_size ${tbs.value} under ${p}use_dynamic_bsz, where verl skips its batch-size check; how many updates a trainer step then makes is not modelled, so the schedule is not simulated`, roleMini.from[0]);
    if (batchChecked) return stop('invalid', `critic.ppo_mini_batch_size ${roleMini.value} is larger than data.train_batch_size ${tbs.value}: verl's critic config check raises unless train_batch_size >= critic.ppo_mini_batch_size`, roleMini.from[0]);
    // The shipped verl predates the check: its actor and critic split each batch into mini-batches of
    // ppo_mini_batch_size (DataProto.split in volcengine/verl v0.2 verl/workers/actor/dp_actor.py update_policy,
    // verl/workers/critic/dp_critic.py update_critic), so one mini-batch holds it all.
    u = roleEpochs.value;
    uHow = `${p}ppo_epochs ${roleEpochs.value} x one mini-batch (${p}ppo_mini_batch_size ${roleMini.value} is larger than train_batch_size ${tbs.value}, which verl before v0.3.0 does not check: one mini-batch holds the whole batch) = ${u} optimizer updates per trainer step`;
    assumptions.push(`verl before v0.3.0 has no check train_batch_size >= ${p}ppo_mini_batch_size: each trainer step's batch is one mini-batch`);
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
  let updates: number;
  let updatesHow: string;
  if (critic) {
    // The critic is updated at every trainer step; critic_warmup holds back only the actor.
    updates = run;
    updatesHow = `${run} critic updates (${runHow}; one per trainer step)`;
    assumptions.push(`the critic (used: ${use.used === true ? use.by : 'critic.enable'}) is updated at every trainer step, before the actor${cw > 1 ? `; trainer.critic_warmup ${cw} holds back only the actor (first updated at trainer step ${cw})` : ''}; the actor's schedule is reviewed as \`actor\``);
  } else {
    const A = actorUpdates(run, cw);
    if (A === 0) return stop('invalid', `trainer.critic_warmup ${cw} is not below the run's ${run} trainer steps: the actor is never updated`, cwV.from[0]);
    updates = A;
    updatesHow = `${A} actor updates (${runHow}${A < run ? `, from trainer step ${Math.max(1, cw)} on` : ''})`;
    if (cw > 1) assumptions.push(`trainer.critic_warmup ${cw}: the actor is first updated at trainer step ${Math.max(1, cw)}, so it makes ${A} of the run's ${run} trainer steps`);
    if (use.used === true) assumptions.push(`a critic is used (${use.by}): its schedule is reviewed on its own, as \`critic\``);
    else if (use.used === 'unknown') assumptions.push(`whether verl builds a critic is not known (${use.why}): a critic's schedule is not reviewed`);
  }
  const read = readRole(view, critic ? 'critic' : 'actor_rollout_ref.actor', backend, code, T, release);
  if (!read.ok) return stop(read.kind, read.message, read.at);
  assumptions.push(...read.notes);

  const n = num(view.get('actor_rollout_ref.rollout.n').value, 1);
  return {
    ok: true,
    plan: rolePlan({
      read,
      u,
      uHow,
      updates,
      updatesHow,
      T,
      THow,
      lengthFrom: [...explicitV.from, ...epochsV.from, ...tbs.from, ...roleMini.from],
      horizonFrom: explicitV.from,
      totalStepsSource: explicitT !== undefined ? 'explicit' : 'derived',
      batchSize: { value: roleMini.value * n, how: `${p}ppo_mini_batch_size ${roleMini.value} prompts x rollout.n ${n} responses`, from: roleMini.from },
      semantics: shippedCopy && !context.frameworkVersion?.trim() && release !== undefined ? `verl ${shippedCopy.version} (shipped in ${shippedCopy.path}, fsdp_workers)` : code === 'engine' ? `verl@${VERL_ENGINE_COMMIT} (engine, ${backend})` : `verl@${VERL_LEGACY_COMMIT} (legacy fsdp_workers)`,
      optimizerName: { value: backend === 'megatron' ? 'adam' : 'AdamW', how: 'optim.optimizer default', from: [] },
      assumptions,
      ...(assumed ? { assumed } : {}),
    }),
  };
}

/** Hydra's override grammar reads true/True/TRUE as a boolean; the shell reader hands the word on as written. */
const hydraTrue = (v: unknown): boolean => v === true || (typeof v === 'string' && v.toLowerCase() === 'true');

const num = (v: unknown, d: number): number => (typeof v === 'number' && Number.isFinite(v) ? v : d);

/**
 * A run that builds a critic is two reviews, `actor` and `critic`, each with its own schedule; a run without one stays
 * one review of the actor. Undefined where the plan stops before any role (an unmodelled loop or backend, a missing
 * config, a value set outside the script).
 */
function configsOf(doc: ParsedDoc, context?: ConfigsContext): Array<{ name: string; doc: ParsedDoc }> | undefined {
  if (unmodelledEntry(doc)) return undefined;
  const { base, name, missing } = baseConfig(doc, context?.repo, context?.path ?? '');
  if (missing) return undefined;
  const backend = name === 'ppo_megatron_trainer' ? 'megatron' : 'fsdp';
  const view = new VerlView(new DocReader(doc, doc.data), doc, base, () => backend);
  try {
    if ('unmodelled' in modelledEngine(view) || criticUse(view).used !== true) return undefined;
  } catch (err) {
    // A value set outside the script stops the plan itself, which says so once.
    if (err instanceof UnknownValue) return undefined;
    throw err;
  }
  return [
    { name: 'actor', doc },
    { name: 'critic', doc: criticDoc(doc) },
  ];
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
  configsOf,
  plan,
};
