// Whether a verl run builds a critic, and which document of a verl file is reviewed as the critic's.
// need_critic (verl/trainer/ppo/utils.py @1dda039b): critic.enable when it is set, else algorithm.adv_estimator == gae.
// RayPPOTrainer.fit (verl/trainer/ppo/ray_trainer.py @1dda039b) updates the critic at every trainer step from the first,
// before the actor; trainer.critic_warmup only holds the actor back. _update_critic passes critic.ppo_mini_batch_size x
// rollout.n as the mini-batch and critic.ppo_epochs as the epochs to train_mini_batch (verl/workers/engine_workers.py),
// which runs batch // mini-batch x epochs optimizer steps and steps the critic's LR scheduler after the last one.
import type { ParsedDoc } from '../../../core/parse.ts';
import { UnknownValue, type VerlView } from './config-view.ts';

export type CriticUse = { used: true; by: string } | { used: false } | { used: 'unknown'; why: string };

/** Hydra's override grammar reads `True`/`false`/`null` words as bool / None (a YAML file's loader has done so already). */
function word(v: unknown): unknown {
  if (typeof v !== 'string') return v;
  const t = v.trim();
  if (/^true$/i.test(t)) return true;
  if (/^false$/i.test(t)) return false;
  if (/^(?:null|~)$/i.test(t)) return null;
  return v;
}

export function criticUse(view: VerlView): CriticUse {
  try {
    const enable = word(view.get('critic.enable').value);
    if (enable !== null && enable !== undefined) return enable ? { used: true, by: `critic.enable ${String(enable)}` } : { used: false };
    return word(view.get('algorithm.adv_estimator').value) === 'gae' ? { used: true, by: 'adv_estimator gae' } : { used: false };
  } catch (err) {
    if (err instanceof UnknownValue) return { used: 'unknown', why: `${err.key}=${err.expression} is set outside the script` };
    throw err;
  }
}

const CRITIC_DOCS = new WeakSet<ParsedDoc>();

/** The same document, planned as the critic's review. */
export function criticDoc(doc: ParsedDoc): ParsedDoc {
  const copy = { ...doc };
  CRITIC_DOCS.add(copy);
  return copy;
}

export const isCriticDoc = (doc: ParsedDoc): boolean => CRITIC_DOCS.has(doc);
