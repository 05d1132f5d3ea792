// LLaMA-Factory's training set size, as its data loader builds it (hiyouga/LLaMA-Factory @ff6d4d12):
//   hparams/data_args.py: `dataset` is split at commas; dataset_dir defaults to "data"; neat_packing sets packing;
//     hparams/parser.py: packing defaults to stage == "pt".
//   data/parser.py get_dataset_list: each name is looked up in {dataset_dir}/dataset_info.json; hf_hub_url /
//     ms_hub_url / om_hub_url load from a hub, script_url / cloud_file_name otherwise, else file_name (a file or a
//     folder under dataset_dir); dataset_dir "ONLINE" reads every name from the Hub.
//   data/loader.py _load_single_dataset: num_samples (dataset_info) resamples to exactly that many rows; then
//     max_samples keeps min(max_samples, len) rows, per dataset.
//   data/data_utils.py merge_dataset: mix_strategy concat (default) concatenates; interleave_* depends on sampling.
//   data/loader.py: load_dataset(..., split=entry.split (default "train")) for files and hubs alike, so a split slice
//     (split-spec.ts) applies before num_samples and max_samples.
//   data/data_utils.py split_dataset: val_size > 1e-6 gives train_test_split(test_size = int(v) if v > 1 else v).
import { formatNumber } from '../core/access.ts';
import type { Origin, Resolved } from '../core/types.ts';
import { countAll, formatOfData } from './records.ts';
import { joinPath, locate } from './repo-paths.ts';
import { hfTrainAfterSplit } from './splits.ts';
import { readSplitSpec } from './split-spec.ts';
import type { DataSize, DataSizeInput } from './types.ts';

function names(raw: unknown): string[] {
  if (typeof raw === 'string') return raw.split(',').map((s) => s.trim()).filter(Boolean);
  if (Array.isArray(raw)) return raw.map(String);
  return [];
}

export function llamaFactoryDataSize({ reader: r, path, repo, hub }: DataSizeInput): DataSize {
  const notes: string[] = [];
  const datasets = names(r.raw(['dataset']));
  if (datasets.length === 0) return { notes };
  if (r.raw(['streaming']) === true) return { notes: ['streaming: true: a streamed dataset has no length, so the run length cannot come from the data (set max_steps)'] };
  if (r.has(['tokenized_path'])) return { notes: ['tokenized_path: the run reads a preprocessed dataset saved to disk; trainlint does not count it'] };
  const from: Origin[] = [r.origin(['dataset'])];
  const dirRaw = r.raw(['dataset_dir']);
  const datasetDir = typeof dirRaw === 'string' ? dirRaw : 'data';
  if (r.has(['dataset_dir'])) from.push(r.origin(['dataset_dir']));
  let info: Record<string, Record<string, unknown>> | null = null;
  let infoPath = '';
  if (datasetDir !== 'ONLINE' && !datasetDir.startsWith('REMOTE:')) {
    if (!repo) return { notes };
    const found = locate(repo, path, joinPath(datasetDir, 'dataset_info.json'));
    if (!found || found.kind !== 'file') return { notes: [`${joinPath(datasetDir, 'dataset_info.json')} is not in the repository, so the size of dataset ${datasets.join(', ')} is unknown`] };
    infoPath = found.path;
    try {
      info = JSON.parse(repo.read(found.path) ?? '') as Record<string, Record<string, unknown>>;
    } catch {
      return { notes: [`${found.path} is not valid JSON (LLaMA-Factory raises "Cannot open ..."), so the dataset size is unknown`] };
    }
  }
  const maxSamples = r.number(['max_samples']);
  if (maxSamples) from.push(...maxSamples.from);
  const parts: Array<{ rows: number; how: string }> = [];
  for (const name of datasets) {
    const entry = info?.[name];
    let rows: number;
    let how: string;
    if (info && !entry) return { notes: [`dataset ${name} is not defined in ${infoPath} (LLaMA-Factory raises "Undefined dataset")`] };
    const hubId = info === null ? name : (entry!.hf_hub_url ?? entry!.ms_hub_url ?? entry!.om_hub_url);
    if (hubId !== undefined) {
      if (entry && entry.hf_hub_url === undefined) return { notes: [`dataset ${name} loads from ${entry.ms_hub_url !== undefined ? 'ModelScope' : 'Modelers'}: trainlint does not look up its size`] };
      const split = typeof entry?.split === 'string' ? entry.split : 'train';
      const subset = typeof entry?.subset === 'string' ? entry.subset : undefined;
      const read = readSplitSpec(split, (one) => {
        const looked = hub?.rows(String(hubId), subset, one);
        if (!looked) return { ok: false, why: `dataset ${name} is the Hub dataset ${String(hubId)}: its size is looked up only with --hub (or hub: true in .trainlint.yml)` };
        if (!looked.ok) return looked;
        return { ok: true, rows: looked.rows, how: `Hub ${String(hubId)}${subset ? ` (${subset})` : ''} ${one} split: ${looked.rows} rows` };
      });
      if (!read.ok) return { notes: [read.why] };
      rows = read.rows;
      how = read.how;
    } else if (typeof entry!.file_name === 'string') {
      if (!repo) return { notes };
      const written = joinPath(datasetDir, entry!.file_name);
      const found = locate(repo, path, written);
      if (!found) return { notes: [`${written} (dataset ${name} in ${infoPath}) is not in the repository, so its size is unknown`] };
      const files = found.kind === 'file' ? [found.path] : found.entries.filter((e) => !e.endsWith('/')).map((e) => joinPath(found.path, e));
      if (files.length === 0 || files.some((f) => formatOfData(f) !== formatOfData(files[0]!))) return { notes: [`${found.path} (dataset ${name}) holds files of different types or none: LLaMA-Factory raises`] };
      // The files go to load_dataset as a data_files list, which datasets names the "train" split; `split` then reads it.
      const split = typeof entry?.split === 'string' ? entry.split : 'train';
      const read = readSplitSpec(split, (one) => {
        if (one !== 'train') return { ok: false, why: `dataset ${name} split ${split}: its files form only a train split, so load_dataset raises for split ${one}` };
        const counted = countAll(repo, files);
        return counted.ok ? { ok: true, rows: counted.count, how: counted.how } : { ok: false, why: `the size of dataset ${name} is unknown: ${counted.why}` };
      });
      if (!read.ok) return { notes: [read.why] };
      rows = read.rows;
      how = read.how;
    } else {
      return { notes: [`dataset ${name} loads through ${entry!.script_url !== undefined ? 'a loading script' : 'a cloud file'}: trainlint does not count it`] };
    }
    if (entry && typeof entry.num_samples === 'number' && Number.isInteger(entry.num_samples) && entry.num_samples >= 0) {
      rows = entry.num_samples;
      how = `${how}, resampled to num_samples ${rows} (${infoPath})`;
    }
    if (maxSamples && maxSamples.value < rows) {
      rows = Math.max(Math.floor(maxSamples.value), 0);
      how = `${how}, max_samples ${formatNumber(maxSamples.value)} -> ${rows}`;
    }
    parts.push({ rows, how });
  }
  const mix = r.raw(['mix_strategy']);
  if (parts.length > 1 && typeof mix === 'string' && mix !== 'concat') return { notes: [`mix_strategy ${mix}: the interleaved size depends on sampling, so it is not counted`] };
  let n = parts.reduce((a, p) => a + p.rows, 0);
  let how = parts.length === 1 ? parts[0]!.how : `${n} samples from ${parts.length} datasets concatenated (${parts.map((p) => p.how).join('; ')})`;
  const val = r.number(['val_size']);
  if (val && val.value > 1e-6) {
    from.push(...val.from);
    const isInt = val.value > 1;
    const split = hfTrainAfterSplit(n, isInt ? Math.trunc(val.value) : val.value, isInt, 'val_size');
    if (!split.ok) return { notes: [split.why] };
    n = split.train;
    how = `${how}; ${split.how}`;
  }
  const size: Resolved = { value: n, how, from };
  const stageRaw = r.raw(['stage']);
  const stage = typeof stageRaw === 'string' ? stageRaw : 'sft';
  const packing = r.raw(['neat_packing']) === true || (r.raw(['packing']) ?? stage === 'pt') === true;
  if (packing && stage === 'pt') return { notes: [`stage pt with packing: the texts are concatenated and cut into cutoff_len blocks, so the number of samples comes from the token counts (${how}), not from the records`] };
  if (packing) return { upper: size, notes: [`packing: several samples share one sequence, so the ${n} samples (${how}) are an upper bound on the packed ones`] };
  return { size, notes };
}
