// How many trainer steps a verl PPO/GRPO run makes and how many optimizer updates each holds.
// RayPPOTrainer._create_dataloader (verl/trainer/ppo/ray_trainer.py @b178a3cd; the V1 trainer @1dda039b alike): the
// train dataloader drops the last partial batch, so it yields len(dataset) // data.train_batch_size batches per epoch;
// total_training_steps = that x trainer.total_epochs unless trainer.total_training_steps is set, and is written into
// every role's optim.total_training_steps. fit() runs until the data ends or global_steps reaches total_training_steps.
// The actor is updated at global step g (1-based) only when trainer.critic_warmup <= g; each actor update runs
// ppo_epochs passes over train_batch_size // ppo_mini_batch_size mini-batches (one optimizer step each; rollout.n scales
// both sizes) and then steps its LR scheduler once (dp_actor.update_policy; fsdp_workers.update_actor / engine workers).
import type { RepoView } from '../../../core/plan.ts';
import { countWritten, pathList } from '../../../resolve/local-data.ts';
import type { Resolved } from '../../../core/types.ts';

/** Rows of the training files the config names, when they are in the repository. */
export function trainRows(repo: RepoView | undefined, path: string, files: unknown): { size?: Resolved; why: string } {
  const list = pathList(files);
  if (!list || list.length === 0) return { why: 'data.train_files names no file' };
  if (!repo) return { why: `data.train_files ${list.join(', ')} cannot be read (no repository view)` };
  const counted = countWritten(repo, path, list);
  if (!counted.ok) return { why: `data.train_files ${list.join(', ')}: ${counted.why}` };
  return { size: { value: counted.count, how: counted.how, from: [] }, why: '' };
}

/** Global steps g in 1..run at which the actor is updated (critic_warmup <= g). */
export function actorUpdates(run: number, criticWarmup: number): number {
  const first = Math.max(1, criticWarmup);
  return first > run ? 0 : run - first + 1;
}
