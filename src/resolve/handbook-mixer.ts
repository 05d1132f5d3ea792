// The training set of an older alignment-handbook recipe: `dataset_mixer: {name: fraction}` with `dataset_splits`
// (default [train, test]) and `dataset_configs`, before the data mixer was replaced by `dataset_mixture`
// (huggingface/alignment-handbook src/alignment/data.py get_datasets / mix_datasets and configs.py DataArguments, read
// @c8f5bdf, the parent of 19f0345 "Upgrade data mixer"; the same arithmetic since 967eab4):
//   - for each dataset in order, each split of dataset_splits is load_dataset(name, config, split=split) (a local
//     save_to_disk folder name/split otherwise); a split whose name contains "train" is a training part, "test" an
//     evaluation one, anything else raises;
//   - the fractions are zipped with the training parts, and each keeps its first int(fraction x len) rows (a fraction
//     above 1 asks for rows that are not there: select raises; a negative one raises); the parts are concatenated.
//   - scripts/run_sft.py then drops rows with decontaminate_humaneval and packs with packing=True; run_dpo.py and
//     run_orpo.py filter too. So the rows counted are only an upper bound on the samples (never an exact size).
import type { Resolved } from '../core/types.ts';
import { loadDatasetRows } from './load-dataset.ts';
import type { DataSize, DataSizeInput } from './types.ts';

export function handbookMixerSize({ reader: r, path, repo, hub }: DataSizeInput): DataSize {
  const mixer = r.raw(['dataset_mixer']);
  if (!mixer || typeof mixer !== 'object' || Array.isArray(mixer)) return { notes: [] };
  const entries = Object.entries(mixer as Record<string, unknown>);
  if (entries.length === 0) return { notes: [] };
  if (entries.some(([, f]) => typeof f !== 'number')) return { notes: ['dataset_mixer: every dataset needs a number as its fraction'] };
  if (entries.some(([, f]) => (f as number) < 0)) return { notes: ['dataset_mixer: a negative fraction makes the handbook raise ("Dataset fractions cannot be negative")'] };
  const splitsRaw = r.raw(['dataset_splits']);
  const splits = splitsRaw === undefined || splitsRaw === null ? ['train', 'test'] : Array.isArray(splitsRaw) && splitsRaw.every((s) => typeof s === 'string') ? (splitsRaw as string[]) : null;
  if (!splits) return { notes: ['dataset_splits is not a list of split names, so the training split is unknown'] };
  const odd = splits.find((s) => !s.includes('train') && !s.includes('test'));
  if (odd !== undefined) return { notes: [`dataset_splits ${odd} names neither train nor test: the handbook raises ("Split type ... not recognized")`] };
  const train = splits.filter((s) => s.includes('train'));
  if (train.length !== 1) return { notes: [`dataset_splits names ${train.length} training splits: the handbook pairs the fractions with the training parts one to one, so trainlint counts only one training split per dataset`] };
  const configsRaw = r.raw(['dataset_configs']);
  const configs = Array.isArray(configsRaw) && configsRaw.length > 0 ? configsRaw : null;
  if (configs && configs.length !== entries.length) return { notes: ['dataset_configs and dataset_mixer differ in length: the handbook raises'] };
  const parts: Array<{ rows: number; how: string }> = [];
  for (const [i, [name, fraction]] of entries.entries()) {
    const config = configs && typeof configs[i] === 'string' ? (configs[i] as string) : undefined;
    const load = loadDatasetRows({ path: name, ...(config ? { name: config } : {}), split: train[0]! }, path, repo, hub);
    if (!load.ok) return { notes: load.why ? [`dataset_mixer ${name}: ${load.why}`] : [] };
    const f = fraction as number;
    const kept = Math.trunc(f * load.rows);
    if (kept > load.rows) return { notes: [`dataset_mixer ${name}: fraction ${f} of ${load.rows} rows asks for ${kept}, more than there are (the handbook's select raises)`] };
    parts.push({ rows: kept, how: f === 1 ? load.how : `${load.how}, fraction ${f} -> int(${f} x ${load.rows}) = ${kept}` });
  }
  const n = parts.reduce((a, p) => a + p.rows, 0);
  const how = parts.length === 1 ? parts[0]!.how : `${n} samples from ${parts.length} datasets concatenated (${parts.map((p) => p.how).join('; ')})`;
  const upper: Resolved = { value: n, how, from: [r.origin(['dataset_mixer']), ...(r.has(['dataset_splits']) ? [r.origin(['dataset_splits'])] : [])] };
  return { upper, notes: [`at most ${n} training samples (${how}): the handbook's scripts then drop rows (decontaminate_humaneval and other filters) and run_sft.py packs samples (packing=True), which only the tokenizer and the data know`] };
}
