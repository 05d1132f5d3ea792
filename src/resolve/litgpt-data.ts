// litgpt's training set size for `data: { class_path: litgpt.data.JSON, init_args: {...} }`, as its data module builds it
// (Lightning-AI/litgpt litgpt/data/json_data.py @26857050):
//   a json_path that is a file: val_split_fraction defaults to 0.05 (__post_init__), and get_splits takes the first
//     part of torch's random_split(data, [1 - f, f]) (floor per part, the remainder handed out from the first part on);
//   a folder: train.json, else train.jsonl, is the training set (val_split_fraction must then be unset);
//   load_split: a .json file is json.load-ed (a JSON array), a .jsonl file json.loads each line; other suffixes raise.
import { formatNumber } from '../core/access.ts';
import type { Origin } from '../core/types.ts';
import { litgptDataClass, litgptModuleSize } from './litgpt-modules.ts';
import { countRecords } from './records.ts';
import { joinPath, locate } from './repo-paths.ts';
import { torchRandomSplitFirst } from './splits.ts';
import type { DataSize, DataSizeInput } from './types.ts';

export function litgptDataSize(input: DataSizeInput): DataSize {
  const { reader: r, path, repo } = input;
  // jsonargparse takes a subclass as { class_path, init_args } or as its bare class name (`data: Alpaca2k`).
  const written = r.raw(['data']);
  const classAt = typeof written === 'string' ? ['data'] : ['data', 'class_path'];
  const classPath = r.raw(classAt);
  if (typeof classPath !== 'string') return { notes: [] };
  const name = litgptDataClass(classPath);
  if (name === null) return { notes: [`data ${classPath} is not one of litgpt's data modules, so how many samples it gives is unknown; give the dataset size in .trainlint.yml (datasets)`] };
  if (name !== 'JSON') return litgptModuleSize(input, classPath, name, classAt, ['data', 'init_args']);
  const args = ['data', 'init_args'];
  const jsonPath = r.raw([...args, 'json_path']);
  if (typeof jsonPath !== 'string' || !repo) return { notes: [] };
  const from: Origin[] = [r.origin([...args, 'json_path'])];
  const found = locate(repo, path, jsonPath);
  if (!found) return { notes: [`data.init_args.json_path ${jsonPath} is not in the repository, so the dataset size is unknown`] };
  const fractionRaw = r.raw([...args, 'val_split_fraction']);
  let file: string;
  let fraction: number | undefined;
  if (found.kind === 'file') {
    file = found.path;
    fraction = typeof fractionRaw === 'number' ? fractionRaw : 0.05;
    if (typeof fractionRaw === 'number') from.push(r.origin([...args, 'val_split_fraction']));
  } else {
    if (fractionRaw !== undefined && fractionRaw !== null) return { notes: [`json_path ${jsonPath} is a folder and val_split_fraction is set: litgpt's JSON raises`] };
    const name = ['train.json', 'train.jsonl'].find((n) => found.entries.includes(n));
    if (!name) return { notes: [`${found.path} has no train.json or train.jsonl: litgpt's JSON raises`] };
    file = joinPath(found.path, name);
  }
  const suffix = file.slice(file.lastIndexOf('.'));
  if (suffix !== '.json' && suffix !== '.jsonl') return { notes: [`${file}: litgpt's JSON reads only .json and .jsonl files (load_split raises)`] };
  const counted = countRecords(repo, file);
  if (!counted.ok) return { notes: [`the dataset size is unknown: ${counted.why}`] };
  if (suffix === '.json' && !counted.how.includes('JSON array')) return { notes: [`${file} is not a JSON array: litgpt json.load-s a .json file, so it raises`] };
  if (fraction === undefined) return { size: { value: counted.count, how: counted.how, from }, notes: [] };
  if (!(fraction >= 0 && fraction <= 1)) return { notes: [`val_split_fraction ${formatNumber(fraction)} is not a fraction: torch's random_split raises`] };
  const train = torchRandomSplitFirst(counted.count, [1 - fraction, fraction]);
  const fractionHow = typeof fractionRaw === 'number' ? `val_split_fraction ${formatNumber(fraction)}` : 'val_split_fraction unset: 0.05 for a single file';
  const how = `${counted.how}; ${fractionHow} -> ${train} train (torch random_split: floor(${counted.count} x ${formatNumber(1 - fraction)}) plus the remainder of the rounding)`;
  return { size: { value: train, how, from }, notes: [] };
}
