// axolotl's training rows from local `datasets:` entries (axolotl-ai-cloud/axolotl @067b021c,
// src/axolotl/utils/data/shared.py load_dataset_with_config / _load_from_local_path / get_dataset_type):
//   a path that is a file -> load_dataset(ds_type or the type its extension names, data_files=path, split "train");
//   a folder with data_files -> load_dataset(type, data_files=...); a folder without -> load_from_disk, else
//   load_dataset(folder); sequence_len defaults to 512 (utils/schemas/config.py). The entries are concatenated; val_set_size (default 0) splits with train_test_split.
// axolotl then drops samples longer than sequence_len (and empty ones) after tokenising, deduplicates when asked, and
// sample_packing packs samples together: none of that is knowable without the tokenizer, and each can only lower the
// count. So the rows counted here are only an upper bound on the training samples (the dialect takes no exact size).
import { formatNumber } from '../core/access.ts';
import type { Origin, Resolved } from '../core/types.ts';
import { loadDatasetRows } from './load-dataset.ts';
import { countWritten, pathList } from './local-data.ts';
import { formatOfData } from './records.ts';
import { locate } from './repo-paths.ts';
import { hfTrainAfterSplit } from './splits.ts';
import type { DataSize, DataSizeInput } from './types.ts';
import { readSplitSpec, type SplitRows } from './split-spec.ts';

export function axolotlDataSize({ reader: r, path, repo, hub }: DataSizeInput): DataSize {
  const list = r.raw(['datasets']);
  if (!Array.isArray(list) || list.length === 0 || !repo) return { notes: [] };
  if (r.has(['pretraining_dataset'])) return { notes: ['pretraining_dataset streams its data: a streamed dataset has no length'] };
  const from: Origin[] = [r.origin(['datasets'])];
  const parts: string[] = [];
  let n = 0;
  for (const [i, entry] of list.entries()) {
    if (!entry || typeof entry !== 'object' || typeof (entry as Record<string, unknown>).path !== 'string') return { notes: [] };
    const e = entry as Record<string, unknown>;
    const written = e.path as string;
    const split = typeof e.split === 'string' ? e.split : 'train';
    if (e.shards !== undefined || e.preprocess_shards !== undefined) return { notes: [`datasets[${i}] is sharded: trainlint does not count shards`] };
    const found = locate(repo, path, written);
    let rows: number;
    let how: string;
    if (found?.kind === 'file') {
      const typed = typeof e.ds_type === 'string' ? e.ds_type : null;
      if (typed && typed !== formatOfData(found.path)) return { notes: [`datasets[${i}] ds_type ${typed} for ${found.path}: trainlint counts a file only as the type its extension names`] };
      // load_dataset(type, data_files=file, split=split): one file is the "train" split, which the split spec slices.
      const read = readSplitSpec(split, (one): SplitRows => {
        if (one !== 'train') return { ok: false, why: `datasets[${i}] split ${split}: a single file has only a train split, so load_dataset raises for split ${one}` };
        const counted = countWritten(repo, path, [found.path]);
        return counted.ok ? { ok: true, rows: counted.count, how: counted.how } : { ok: false, why: `the size of datasets[${i}] is unknown: ${counted.why}` };
      });
      if (!read.ok) return { notes: [read.why] };
      rows = read.rows;
      how = read.how;
    } else if (found?.kind === 'folder' && e.data_files !== undefined && e.data_files !== null) {
      const files = pathList(e.data_files);
      if (!files) return { notes: [`datasets[${i}] data_files: trainlint counts a string or a list of files (the train split) only`] };
      const read = readSplitSpec(split, (one): SplitRows => {
        if (one !== 'train') return { ok: false, why: `datasets[${i}] data_files: a string or a list of files is the train split only, so load_dataset raises for split ${one}` };
        const counted = countWritten(repo, path, files);
        return counted.ok ? { ok: true, rows: counted.count, how: counted.how } : { ok: false, why: `the size of datasets[${i}] is unknown: ${counted.why}` };
      });
      if (!read.ok) return { notes: [read.why] };
      rows = read.rows;
      how = read.how;
    } else if (found?.kind === 'folder' && (found.entries.includes('state.json') || found.entries.includes('dataset_dict.json'))) {
      return { notes: [`datasets[${i}] ${found.path} is a save_to_disk folder: trainlint does not count it`] };
    } else {
      const load = loadDatasetRows({ path: written, ...(typeof e.name === 'string' ? { name: e.name } : {}), dataFiles: e.data_files, split }, path, repo, hub);
      if (!load.ok) return { notes: load.why ? [`datasets[${i}]: ${load.why}`] : [] };
      rows = load.rows;
      how = load.how;
    }
    n += rows;
    parts.push(how);
  }
  let how = parts.length === 1 ? parts[0]! : `${n} rows from ${parts.length} datasets concatenated (${parts.join('; ')})`;
  const val = r.number(['val_set_size']);
  if (val && val.value > 0) {
    from.push(...val.from);
    const isInt = val.value >= 1;
    const split = hfTrainAfterSplit(n, val.value, isInt, 'val_set_size');
    if (!split.ok) return { notes: [split.why] };
    n = split.train;
    how = `${how}; ${split.how}`;
  }
  const upper: Resolved = { value: n, how, from };
  const packing = r.raw(['sample_packing']) === true ? '; sample_packing packs several samples into each sequence, so the updates are fewer still' : '';
  return { upper, notes: [`at most ${n} training samples (${how}): after tokenising axolotl drops empty samples and (unless excess_length_strategy says otherwise) those longer than sequence_len ${formatNumber(r.number(['sequence_len'])?.value ?? 512)}, which only the tokenizer knows${packing}`] };
}
