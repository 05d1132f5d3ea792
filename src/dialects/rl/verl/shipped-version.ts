// The verl a repository ships itself. Many RL recipes (the v0.1/v0.2 forks) carry their own `verl/` package, and
// `python3 -m verl.trainer.main_ppo` run from the repository root imports that copy, not a released verl.
import type { RepoView } from '../../../core/plan.ts';

/** Where a shipped verl keeps its version (verl/version/version in volcengine/verl v0.1 to v0.4). */
const VERSION_FILES = ['verl/version/version', 'verl/verl/version/version'];

export interface ShippedVerl {
  version: string;
  path: string;
  /** major * 1000 + minor */
  minor: number;
}

export function shippedVerl(repo: RepoView | undefined): ShippedVerl | undefined {
  for (const path of VERSION_FILES) {
    const text = repo?.read(path);
    const m = text ? /^\s*(\d+)\.(\d+)/.exec(text) : null;
    if (m) return { version: text!.trim(), path, minor: Number(m[1]) * 1000 + Number(m[2]) };
  }
  return undefined;
}

/**
 * verl checks train_batch_size >= ppo_mini_batch_size since volcengine/verl #559 (4d27461d, first in v0.3.0), in
 * RayPPOTrainer._validate_config and now ActorConfig.validate (verl-project/verl verl/workers/config/actor.py
 * @1dda039b), both only when use_dynamic_bsz is off.
 */
export const BATCH_CHECK_SINCE = 3;
