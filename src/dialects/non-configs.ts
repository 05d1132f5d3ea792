// Files that share a framework's format and keys but configure no training: records of a run that happened, or
// trainlint's own output. Recognised before any dialect is asked, so that none of them is reviewed as a config
// (discovery skips them; a file named explicitly gets the status not-a-training-config with the reason).
import type { ParsedDoc } from '../core/parse.ts';
import { isObject } from './shared.ts';

/**
 * A saved TrainerState (`trainer_state.json`, written by transformers' Trainer: trainer_callback.py TrainerState): it
 * repeats num_train_epochs, max_steps and logging_steps, but these keys only a state has.
 */
const TRAINER_STATE_KEYS = ['log_history', 'global_step', 'best_model_checkpoint', 'is_hyper_param_search', 'is_world_process_zero', 'stateful_callbacks'];

/** Why this document is not a training config, or undefined when it may be one. */
export function notATrainingConfig(doc: ParsedDoc): string | undefined {
  const d = doc.data;
  if (!isObject(d)) return undefined;
  if (TRAINER_STATE_KEYS.filter((k) => k in d).length >= 2) {
    return 'a saved Trainer state (trainer_state.json: log_history, global_step), the record of a past run, not its configuration';
  }
  if (isTrainlintReport(d)) return "trainlint's own JSON report";
  return undefined;
}

function isTrainlintReport(d: Record<string, unknown>): boolean {
  return isObject(d.tool) && d.tool.name === 'trainlint' && Array.isArray(d.files) && Array.isArray(d.findings);
}

/**
 * The same test on raw text, for a file too large to parse: trainlint's report names itself in its first bytes
 * (`{"version":1,"tool":{"name":"trainlint"`), pretty-printed or not.
 */
export function looksLikeTrainlintReport(text: string): boolean {
  return /^\s*\{\s*"version"\s*:\s*\d+\s*,\s*"tool"\s*:\s*\{\s*"name"\s*:\s*"trainlint"/.test(text.slice(0, 200));
}
