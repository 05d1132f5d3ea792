// The number of batches one epoch of a kohya sd-scripts run has (len(train_dataloader) before accelerator.prepare),
// counted from the image folders through the RepoView, following kohya-ss/sd-scripts @48d368fa:
//   library/config_util.py BlueprintGenerator.generate: a dataset_config TOML/JSON's [general] / [[datasets]] /
//     [[datasets.subsets]]; each parameter falls back subset -> dataset -> general -> the command line
//     (train_batch_size as batch_size, dataset_repeats as num_repeats) -> the class default (num_repeats 1, batch_size 1);
//     without a dataset_config, generate_dreambooth_subsets_config_by_subdirs reads train_data_dir / reg_data_dir
//     subfolders named `<repeats>_<tokens>` (others are ignored).
//   library/train_util.py DreamBoothDataset: images are the files of image_dir with an extension of IMAGE_EXTENSIONS
//     (glob_images_pathlib, case as written), each registered num_repeats times; regularisation images are added until
//     they match the training images with repeats; BaseDataset.make_buckets makes ceil(count / batch_size) batches per
//     bucket (one bucket when enable_bucket is off), and the dataset group concatenates the datasets. A validation_split
//     s in (0, 1] keeps ceil(n x (1 - s)) of a training subset's n images for training (split_train_val).
import { parseToml } from '../../../core/parse-toml.ts';
import { parseText } from '../../../core/parse.ts';
import type { RepoView } from '../../../core/plan.ts';
import { countFiles, joinPath, locate } from '../../../resolve/repo-paths.ts';
import { isObject } from '../../shared.ts';
import type { KohyaArgs } from './args.ts';

const IMAGE_EXTENSIONS = ['.png', '.jpg', '.jpeg', '.webp', '.bmp', '.PNG', '.JPG', '.JPEG', '.WEBP', '.BMP'];
/** Folders walked for a `recursive` subset, so a deep tree stays cheap. */
const MAX_FOLDERS = 500;

export type EpochLength = { ok: true; batches: number; how: string; notes: string[] } | { ok: false; why: string; notes: string[] };

interface Subset {
  imageDir: string;
  repeats: number;
  isReg: boolean;
  recursive: boolean;
}

function isImage(name: string): boolean {
  return IMAGE_EXTENSIONS.some((e) => name.endsWith(e));
}

/**
 * Images in a folder of the repository (and below it when `recursive`): `missing` when the folder is not there, a null
 * count when the tree is larger than the walk's bound (never a partial count).
 */
function countImages(repo: RepoView, configPath: string, dir: string, recursive: boolean): { count: number | null; path: string } | 'missing' {
  const found = locate(repo, configPath, dir);
  if (!found || found.kind !== 'folder') return 'missing';
  return { count: countFiles(repo, found.path, { matches: isImage, recursive, maxFolders: MAX_FOLDERS }), path: found.path };
}

function pick(key: string, ...levels: Array<Record<string, unknown> | undefined>): unknown {
  for (const level of levels) {
    const v = level?.[key];
    if (v !== undefined && v !== null) return v;
  }
  return undefined;
}

/** DreamBoothDataset: training images x repeats, then regularisation images registered until they match that count. */
function datasetEntries(subsets: Array<Subset & { count: number }>): { train: number; reg: number } {
  let train = 0;
  let regTotal = 0;
  for (const s of subsets) if (s.count > 0 && s.repeats >= 1) (s.isReg ? (regTotal += s.count * s.repeats) : (train += s.count * s.repeats));
  if (regTotal === 0 || train === 0) return { train, reg: 0 };
  const regs = subsets.filter((s) => s.isReg && s.count > 0 && s.repeats >= 1);
  let n = 0;
  // First pass: each image with its subset's repeats, stopping as soon as the training count is reached.
  for (const s of regs) {
    const need = Math.ceil((train - n) / s.repeats);
    if (need <= s.count) return { train, reg: n + need * s.repeats };
    n += s.count * s.repeats;
  }
  // Later passes add one repeat per image until the counts match: n ends exactly at the training count.
  return { train, reg: Math.max(n, train) };
}

function subdirSubsets(repo: RepoView, configPath: string, base: string, isReg: boolean): Subset[] | null {
  const found = locate(repo, configPath, base);
  if (!found || found.kind !== 'folder') return null;
  const out: Subset[] = [];
  for (const name of found.entries) {
    if (!name.endsWith('/')) continue;
    const dir = name.slice(0, -1);
    const head = dir.split('_')[0]!;
    if (!/^\s*[-+]?\d+\s*$/.test(head) || Number(head) < 1) continue;
    out.push({ imageDir: joinPath(found.path, dir), repeats: Number(head), isReg, recursive: false });
  }
  return out;
}

function readUserConfig(repo: RepoView, configPath: string, written: string): { data: Record<string, unknown>; path: string } | string {
  const found = locate(repo, configPath, written);
  if (!found || found.kind !== 'file') return `the dataset_config ${written} is not in the repository`;
  const text = repo.read(found.path);
  if (text === null) return `the dataset_config ${found.path} cannot be read`;
  const parsed = found.path.toLowerCase().endsWith('.json') ? parseText(text, 'json') : parseToml(text);
  if (!parsed.ok || !isObject(parsed.doc.data)) return `the dataset_config ${found.path} cannot be parsed`;
  return { data: parsed.doc.data, path: found.path };
}

/** len(train_dataloader): batches per epoch over every dataset, or why it cannot be counted from the repository. */
export function epochLength(args: KohyaArgs, repo: RepoView | undefined, configPath: string): EpochLength {
  const notes: string[] = [];
  const cli = (name: string) => {
    const v = args.get(name).value;
    return v.type === 'int' || v.type === 'float' || v.type === 'bool' || v.type === 'str' ? v.value : undefined;
  };
  const argparse: Record<string, unknown> = { batch_size: cli('train_batch_size'), num_repeats: cli('dataset_repeats'), enable_bucket: cli('enable_bucket'), validation_split: cli('validation_split') };
  const datasetConfig = cli('dataset_config');
  if (!repo) return { ok: false, why: 'the repository is not available to count the training images', notes };
  const datasets: Array<{ batch: number; bucket: boolean; split: unknown; subsets: Subset[]; name: string }> = [];
  if (typeof datasetConfig === 'string') {
    const read = readUserConfig(repo, configPath, datasetConfig);
    if (typeof read === 'string') return { ok: false, why: read, notes };
    const general = isObject(read.data.general) ? read.data.general : {};
    const list = Array.isArray(read.data.datasets) ? read.data.datasets.filter(isObject) : [];
    if (list.length === 0) return { ok: false, why: `${read.path} has no [[datasets]]`, notes };
    for (const [i, d] of list.entries()) {
      const subsets = Array.isArray(d.subsets) ? d.subsets.filter(isObject) : [];
      if (subsets.some((s) => 'metadata_file' in s)) return { ok: false, why: `${read.path} dataset ${i + 1} is a fine-tuning dataset (metadata_file): its size is the metadata's entry count, which trainlint does not read`, notes };
      if (subsets.some((s) => 'conditioning_data_dir' in s)) return { ok: false, why: `${read.path} dataset ${i + 1} is a ControlNet dataset, whose size trainlint does not count`, notes };
      const ds: Subset[] = [];
      for (const s of subsets) {
        const dir = pick('image_dir', s);
        if (typeof dir !== 'string') return { ok: false, why: `a subset of ${read.path} dataset ${i + 1} has no image_dir`, notes };
        const repeats = pick('num_repeats', s, d, general, argparse) ?? 1;
        if (typeof repeats !== 'number' || !Number.isInteger(repeats)) return { ok: false, why: `num_repeats ${JSON.stringify(repeats)} in ${read.path} is not an integer`, notes };
        ds.push({ imageDir: dir, repeats, isReg: pick('is_reg', s, d, general) === true, recursive: pick('recursive', s, d, general) === true });
      }
      const batch = pick('batch_size', d, general, argparse) ?? 1;
      if (typeof batch !== 'number' || !Number.isInteger(batch) || batch < 1) return { ok: false, why: `batch_size ${JSON.stringify(batch)} in ${read.path} is not a positive integer`, notes };
      datasets.push({ batch, bucket: pick('enable_bucket', d, general, argparse) === true, split: pick('validation_split', d, general, argparse) ?? 0, subsets: ds, name: `${read.path} dataset ${i + 1}` });
    }
  } else {
    if (typeof cli('in_json') === 'string') return { ok: false, why: `in_json ${String(cli('in_json'))}: a fine-tuning dataset, whose size is the metadata's entry count, which trainlint does not read`, notes };
    const trainDir = cli('train_data_dir');
    if (typeof trainDir !== 'string') return { ok: false, why: 'neither dataset_config nor train_data_dir is given', notes };
    const train = subdirSubsets(repo, configPath, trainDir, false);
    if (train === null) return { ok: false, why: `train_data_dir ${trainDir} is not in the repository`, notes };
    const regDir = cli('reg_data_dir');
    let reg: Subset[] = [];
    if (typeof regDir === 'string') {
      const found = subdirSubsets(repo, configPath, regDir, true);
      if (found === null) return { ok: false, why: `reg_data_dir ${regDir} is not in the repository`, notes };
      reg = found;
    }
    const batch = argparse.batch_size as number;
    datasets.push({ batch, bucket: argparse.enable_bucket === true, split: argparse.validation_split ?? 0, subsets: [...train, ...reg], name: `train_data_dir ${trainDir}` });
  }
  let batches = 0;
  const parts: string[] = [];
  for (const d of datasets) {
    const counted: Array<Subset & { count: number }> = [];
    for (const s of d.subsets) {
      const c = countImages(repo, configPath, s.imageDir, s.recursive);
      if (c === 'missing') return { ok: false, why: `the image folder ${s.imageDir} (${d.name}) is not in the repository`, notes };
      if (c.count === null) return { ok: false, why: `the image folder ${s.imageDir} (${d.name}) holds more folders than trainlint walks (${MAX_FOLDERS}); the image count is not known`, notes };
      const split = d.split;
      if (typeof split !== 'number' || split < 0 || split > 1) return { ok: false, why: `validation_split ${JSON.stringify(split)} (${d.name}) is not a number between 0 and 1`, notes };
      // split_train_val: a training subset keeps ceil(n x (1 - validation_split)) images; regularisation images are not split.
      const images = c.count;
      const count = split > 0 && !s.isReg ? Math.ceil(images * (1 - split)) : images;
      if (count !== images) notes.push(`${s.imageDir}: validation_split ${split} keeps ceil(${images} x (1 - ${split})) = ${count} of ${images} images for training`);
      counted.push({ ...s, count });
    }
    const { train, reg } = datasetEntries(counted);
    if (train === 0) return { ok: false, why: `${d.name} has no training images in the repository (${d.subsets.map((s) => s.imageDir).join(', ') || 'no subsets'})`, notes };
    const n = Math.ceil((train + reg) / d.batch);
    batches += n;
    const images = counted
      .filter((s) => !s.isReg)
      .map((s) => `${s.count} x ${s.repeats}`)
      .join(' + ');
    parts.push(`${d.name}: images x repeats ${images} = ${train}${reg ? ` + ${reg} regularisation` : ''}, ceil(${train + reg} / batch_size ${d.batch}) = ${n} batches`);
    if (d.bucket) notes.push(`${d.name} uses aspect-ratio buckets: all images are assumed to fall into one; each extra bucket may add a partial batch, making epochs (and a max_train_epochs run) longer`);
  }
  return { ok: true, batches, how: parts.join('; '), notes };
}
