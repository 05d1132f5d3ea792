// The training set of a TRL script / alignment-handbook recipe config read by the hf-trainer dialect:
//   TRL (huggingface/trl @f2cd5771): trl/scripts/sft.py (dpo.py ...) load_dataset(dataset_name, name=dataset_config,
//     streaming=dataset_streaming)[dataset_train_split] (default "train"), or get_dataset(dataset_mixture) when a
//     mixture is given. trl/scripts/utils.py get_dataset: each entry load_dataset(path, name, data_dir, data_files,
//     split); `fraction` (all entries or none) normalised to weights w, total = min(len_i / w_i), the first
//     round(w_i x total) rows of each kept (Python round, half to even); concatenated; test_split_size ->
//     train_test_split(test_size).
//   alignment-handbook (huggingface/alignment-handbook @925acdf) src/alignment/data.py get_dataset: dataset_name ->
//     load_dataset(dataset_name, dataset_config); a mixture entry {id, config, split ("train"), columns, weight} keeps
//     int(len x weight) rows after a shuffle; concatenated; test_split_size -> train_test_split(test_size).
//   SFTConfig packing (default False) packs several samples per sequence: the count is then only an upper bound.
// Other scripts that read `dataset_name` (transformers' run_clm.py groups texts into blocks, GRPO repeats each prompt)
// change the count in ways not modelled here, so only configs carrying TRL / handbook keys are counted.
import type { DocReader } from '../core/access.ts';
import { roundHalfEven } from '../core/python-numbers.ts';
import type { Origin, Resolved } from '../core/types.ts';
import { loadDatasetRows, type Rows } from './load-dataset.ts';
import { hfTrainAfterSplit } from './splits.ts';
import { isPlainSplit } from './split-spec.ts';
import { handbookMixerSize } from './handbook-mixer.ts';
import type { DataSize, DataSizeInput } from './types.ts';

const TRL_KEYS = ['dataset_mixture', 'dataset_train_split', 'dataset_text_field', 'packing', 'max_length', 'max_seq_length', 'completion_only_loss', 'assistant_only_loss', 'max_prompt_length', 'use_peft', 'dataset_num_proc', 'chat_template_path'];
const OTHER_SCRIPT_KEYS = ['block_size', 'validation_split_percentage', 'max_train_samples', 'train_file', 'num_generations', 'reward_funcs', 'reward_model_path', 'num_ppo_epochs', 'rloo_k'];

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

export function hfTrainerDataSize(input: DataSizeInput): DataSize {
  const { reader: r, path, repo, hub } = input;
  // Older alignment-handbook recipes name their data with dataset_mixer (handbook-mixer.ts).
  if (r.has(['dataset_mixer']) && !r.has(['dataset_mixture']) && !r.has(['dataset_name'])) return handbookMixerSize(input);
  const mixture = r.raw(['dataset_mixture']);
  const name = str(r.raw(['dataset_name']));
  if (mixture === undefined && name === undefined) return { notes: [] };
  if (!TRL_KEYS.some((k) => r.has([k])) || OTHER_SCRIPT_KEYS.some((k) => r.has([k]))) return { notes: [] };
  if (r.raw(['dataset_streaming']) === true || (mixture && typeof mixture === 'object' && (mixture as Record<string, unknown>).streaming === true)) {
    return { notes: ['streaming: a streamed dataset has no length, so the run length cannot come from the data (set max_steps)'] };
  }
  const from: Origin[] = [];
  let n: number;
  let how: string;
  if (mixture !== undefined && mixture !== null) {
    const entries = (mixture as Record<string, unknown>).datasets;
    if (!Array.isArray(entries) || entries.length === 0) return { notes: [] };
    from.push(r.origin(['dataset_mixture']));
    const handbook = entries.some((e) => e && typeof e === 'object' && 'id' in e);
    const parts: Array<{ rows: number; how: string }> = [];
    for (const e of entries as Array<Record<string, unknown>>) {
      const load = loadDatasetRows(
        { path: String(handbook ? e.id : e.path), ...(str(handbook ? e.config : e.name) ? { name: str(handbook ? e.config : e.name)! } : {}), dataFiles: handbook ? undefined : e.data_files, split: str(e.split) ?? 'train' },
        path,
        repo,
        hub,
      );
      if (!load.ok) return { notes: load.why ? [`dataset_mixture: ${load.why}`] : [] };
      if (!handbook && e.data_dir !== undefined && e.data_dir !== null) return { notes: ['dataset_mixture: data_dir selects files trainlint does not resolve'] };
      parts.push({ rows: load.rows, how: load.how });
    }
    if (handbook) {
      for (const [i, e] of (entries as Array<Record<string, unknown>>).entries()) {
        if (typeof e.weight === 'number') {
          const kept = Math.trunc(parts[i]!.rows * e.weight);
          parts[i] = { rows: kept, how: `${parts[i]!.how}, weight ${e.weight} -> int(${parts[i]!.rows} x ${e.weight}) = ${kept}` };
        }
      }
    } else {
      const fractions = (entries as Array<Record<string, unknown>>).map((e) => e.fraction);
      if (fractions.some((f) => f !== undefined && f !== null)) {
        if (!fractions.every((f) => typeof f === 'number')) return { notes: ['dataset_mixture: fraction is set on some datasets only (TRL raises)'] };
        const sum = (fractions as number[]).reduce((a, b) => a + b, 0);
        const weights = (fractions as number[]).map((f) => f / sum);
        const total = Math.min(...parts.map((p, i) => (weights[i]! > 0 ? p.rows / weights[i]! : Infinity)));
        for (const [i, p] of parts.entries()) {
          const kept = roundHalfEven(weights[i]! * total);
          parts[i] = { rows: kept, how: `${p.how}, fraction -> round(${weights[i]!.toFixed(4)} x ${Number(total.toFixed(4))}) = ${kept}` };
        }
      }
    }
    n = parts.reduce((a, p) => a + p.rows, 0);
    how = parts.length === 1 ? parts[0]!.how : `${n} samples from ${parts.length} datasets concatenated (${parts.map((p) => p.how).join('; ')})`;
    const test = (mixture as Record<string, unknown>).test_split_size;
    if (typeof test === 'number') {
      const isInt = Number.isInteger(test) && test >= 1;
      const split = hfTrainAfterSplit(n, test, isInt, 'test_split_size');
      if (!split.ok) return { notes: [split.why] };
      n = split.train;
      how = `${how}; ${split.how}`;
    }
  } else {
    from.push(r.origin(['dataset_name']));
    const split = str(r.raw(['dataset_train_split'])) ?? 'train';
    const config = str(r.raw(['dataset_config']));
    // sft.py indexes the loaded DatasetDict by this name (dataset[dataset_train_split]): a slice is no key of it.
    if (!isPlainSplit(split)) return { notes: [`dataset_train_split ${split}: TRL looks it up as a split name of the loaded dataset (not a slice, which load_dataset(split=...) would read), so the size is not counted`] };
    const load: Rows = loadDatasetRows({ path: name!, ...(config ? { name: config } : {}), split }, path, repo, hub);
    if (!load.ok) return { notes: load.why ? [`dataset_name: ${load.why}`] : [] };
    n = load.rows;
    how = load.how;
  }
  const size: Resolved = { value: n, how, from };
  if (r.raw(['packing']) === true) return { upper: size, notes: [`packing: true: several samples share one sequence, so the ${n} samples (${how}) are an upper bound on the packed ones`] };
  return { size, notes: [] };
}
