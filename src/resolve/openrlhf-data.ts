// OpenRLHF's training set (openrlhf/datasets/utils.py blending_datasets and cli/train_sft.py, read @c1ba971c for the
// flat flags and at the dotted-flag head in /tmp/repos/OpenRLHF): `--dataset` / `--data.dataset` is split at commas;
// each name is a local .json/.jsonl/.csv/.parquet/.arrow file (load_dataset(ext, data_files=file): its "train" split),
// a local folder or a Hub dataset (load_dataset(name)); the DatasetDict is indexed by `--dataset_split` (default
// "train", a key, not a slice); each keeps its first min(max_samples, len) rows; without `--dataset_probs` they are
// concatenated (with it, interleave_datasets "all_exhausted" gives a size that depends on sampling: not counted).
// The total cap min(max_samples, len) and the prompt-length filter are the dialect's (src/dialects/rl/openrlhf.ts).
import type { Resolved } from '../core/types.ts';
import { loadDatasetRows } from './load-dataset.ts';
import { countWritten } from './local-data.ts';
import { isPlainSplit } from './split-spec.ts';
import type { DataSize, DataSizeInput } from './types.ts';

const FILE_EXT = /\.(?:json|jsonl|csv|parquet|arrow)$/i;

export function openrlhfDataSize({ reader: r, path, repo, hub }: DataSizeInput): DataSize {
  const dotted = r.has(['--data.dataset']);
  const flag = dotted ? '--data.dataset' : '--dataset';
  const written = r.raw([flag]);
  if (typeof written !== 'string' || written.includes('$')) return { notes: [] };
  const probs = dotted ? '--data.dataset_probs' : '--dataset_probs';
  if (r.has([probs])) return { notes: [`${probs}: the datasets are interleaved by sampling until all are exhausted, so their blended size is not counted`] };
  const splitRaw = r.raw([dotted ? '--data.dataset_split' : '--dataset_split']);
  const split = typeof splitRaw === 'string' ? splitRaw : 'train';
  if (!isPlainSplit(split)) return { notes: [`dataset split ${split}: OpenRLHF indexes the loaded datasets by this name, so a slice is not read; the size is not counted`] };
  const cap = r.number([dotted ? '--data.max_samples' : '--max_samples']);
  const parts: Array<{ rows: number; how: string }> = [];
  for (const raw of written.split(',')) {
    const name = raw.trim();
    if (name.includes('@')) return { notes: [`${flag} ${name}: a data_dir after @ selects files trainlint does not resolve`] };
    if (name.endsWith('.py')) return { notes: [`${flag} ${name}: a loading script is not counted`] };
    let rows: number;
    let how: string;
    if (FILE_EXT.test(name)) {
      if (!repo) return { notes: [] };
      if (split !== 'train') return { notes: [`${flag} ${name}: a data file has only a train split, so --dataset_split ${split} is not one of its splits (not counted)`] };
      const counted = countWritten(repo, path, [name]);
      if (!counted.ok) return { notes: [`the size of ${flag} ${name} is unknown: ${counted.why}`] };
      rows = counted.count;
      how = counted.how;
    } else {
      const load = loadDatasetRows({ path: name, split }, path, repo, hub);
      if (!load.ok) return { notes: load.why ? [`${flag} ${name}: ${load.why}`] : [] };
      rows = load.rows;
      how = load.how;
    }
    if (cap && cap.value < rows) {
      how = `${how}, max_samples ${cap.value} per dataset -> ${cap.value}`;
      rows = cap.value;
    }
    parts.push({ rows, how });
  }
  const n = parts.reduce((a, p) => a + p.rows, 0);
  const how = parts.length === 1 ? parts[0]!.how : `${n} samples from ${parts.length} datasets concatenated (${parts.map((p) => p.how).join('; ')})`;
  const size: Resolved = { value: n, how, from: [r.origin([flag])] };
  return { size, notes: [] };
}
