// diffusers example scripts: the training set a launch's flags give, counted as the launched script's own loading code
// counts it (the three families in diffusers-loading.ts; huggingface/diffusers examples @58eb52c0). The script is read
// from the repository when it is there, else known by name (diffusers-scripts.ts). Image folders are walked through
// the read-only RepoView with a bound on folders listed; Hub datasets go through the edge's lookup (--hub).
import { LaunchFlags } from '../core/launch-flags.ts';
import type { RepoView } from '../core/plan.ts';
import type { Origin, Resolved } from '../core/types.ts';
import { loadDatasetRows } from './load-dataset.ts';
import { loadingFacts, type LoadingFacts } from './diffusers-loading.ts';
import { KNOWN_LOADING } from './diffusers-scripts.ts';
import { countFiles, dirnameOf, locate } from './repo-paths.ts';
import type { DataSize, DataSizeInput } from './types.ts';

/** A walk stops after this many folder listings: a checked-in dataset is small; a huge tree is not counted. */
const MAX_FOLDERS = 2000;

// The imagefolder builder's image extensions, compared lower-cased (huggingface/datasets
// src/datasets/packaged_modules/imagefolder/imagefolder.py IMAGE_EXTENSIONS @01873fa0: Pillow's readable formats).
const IMAGE_EXTENSIONS = new Set(
  'blp bmp dib bufr cur pcx dcx dds ps eps fit fits fli flc ftc ftu gbr gif grib h5 hdf png apng jp2 j2k jpc jpf jpx j2c icns ico im iim tif tiff jfif jpe jpg jpeg mpg mpeg msp pcd pxr pbm pgm ppm pnm psd bw rgb rgba sgi ras tga icb vda vst webp wmf emf xbm xpm'.split(' '),
);

function isImage(name: string): boolean {
  const dot = name.lastIndexOf('.');
  return dot > 0 && IMAGE_EXTENSIONS.has(name.slice(dot + 1).toLowerCase());
}

/**
 * Images `load_dataset("imagefolder", data_files={"train": dir/**})` finds: files under the folder at any depth with an
 * image extension; datasets' pattern resolution skips names starting with "." or "__" (data_files.py), and metadata
 * files add columns, not rows.
 */
function imagefolderCount(repo: RepoView, root: string): number | null {
  return countFiles(repo, root, { matches: isImage, skip: (name) => name.startsWith('.') || name.startsWith('__'), maxFolders: MAX_FOLDERS });
}

/** The script a launch runs: its text in the repository, else diffusers' example of that name. */
function scriptLoading(repo: RepoView | undefined, configPath: string, target: string): { facts: LoadingFacts; source: string } | { why: string } {
  const name = target.split('/').pop() ?? target;
  if (repo) {
    const dir = dirnameOf(configPath);
    const found = locate(repo, configPath, target) ?? locate(repo, configPath, dir ? `${dir}/${name}` : name);
    if (found?.kind === 'file') {
      const text = repo.read(found.path);
      if (text !== null) {
        const facts = loadingFacts(text);
        return facts ? { facts, source: found.path } : { why: `${found.path} builds its training set with code trainlint does not model` };
      }
    }
  }
  const known = Object.prototype.hasOwnProperty.call(KNOWN_LOADING, name) ? KNOWN_LOADING[name] : undefined;
  if (!known) return { why: `${name}'s loading code is not known` };
  return { facts: known, source: `huggingface/diffusers ${known.path} @58eb52c0` };
}

type Count = { ok: true; n: number; how: string } | { ok: false; why: string };

export function diffusersDataSize({ reader: r, path, repo, hub }: DataSizeInput): DataSize {
  if (r.doc.format !== 'shell' || !r.doc.shell) return { notes: [] };
  const f = new LaunchFlags(r);
  const script = scriptLoading(repo, path, f.launch.target.name);
  if ('why' in script) return { notes: [`the dataset size is not counted: ${script.why}`] };
  const { facts } = script;
  const from: Origin[] = [];
  /** A flag's written string, or why it cannot be read. */
  const text = (flag: string): { ok: true; value: string } | { ok: false; why: string } | undefined => {
    if (!f.has(flag)) return undefined;
    const raw = r.raw([flag]);
    if (typeof raw !== 'string' || raw === '' || raw.includes('$')) return { ok: false, why: `${flag} is not a value written in the script` };
    from.push(f.origin(flag));
    return { ok: true, value: raw };
  };
  const int = (flag: string, fallback: number | undefined): { ok: true; value: number; how: string } | { ok: false; why: string } => {
    const read = f.int(flag);
    if (read.state === 'value') return { ok: true, value: read.value.value, how: read.value.how };
    if (read.state === 'absent' && fallback !== undefined) return { ok: true, value: fallback, how: `${flag} unset: default ${fallback}` };
    return { ok: false, why: read.state === 'absent' ? `${flag}'s default is not known` : read.message };
  };
  const folder = (flag: string, written: string): { ok: true; path: string; entries: string[] } | { ok: false; why: string } => {
    if (!repo) return { ok: false, why: '' };
    const found = locate(repo, path, written);
    if (!found || found.kind !== 'folder') return { ok: false, why: `${flag} ${written} is not a folder of the repository` };
    return { ok: true, path: found.path, entries: found.entries };
  };

  let counted: Count;
  if (facts.kind === 'imagefolder') counted = imagefolderSize();
  else if (facts.kind === 'textual-inversion') counted = textualInversionSize();
  else counted = dreamboothSize();
  if (!counted.ok) return { notes: counted.why ? [`the dataset size is not counted: ${counted.why}`] : [] };
  const size: Resolved = { value: counted.n, how: `${counted.how} (${script.source})`, from };
  return { size, notes: [] };

  function imagefolderSize(): Count {
    if (f.has('--streaming')) return { ok: false, why: '--streaming: a streamed dataset has no length' };
    const name = text('--dataset_name');
    const dir = text('--train_data_dir');
    let rows: Count;
    if (name) {
      if (!name.ok) return name;
      if (dir) return { ok: false, why: '--dataset_name with --train_data_dir (passed as data_dir) selects files trainlint does not resolve' };
      const config = text('--dataset_config_name');
      if (config && !config.ok) return config;
      const load = loadDatasetRows({ path: name.value, ...(config ? { name: config.value } : {}), split: 'train' }, path, repo, hub);
      rows = load.ok ? { ok: true, n: load.rows, how: load.how } : { ok: false, why: load.why ? `--dataset_name ${name.value}: ${load.why}` : '' };
    } else if (dir) {
      if (!dir.ok) return dir;
      const found = folder('--train_data_dir', dir.value);
      if (!found.ok) return found;
      const n = imagefolderCount(repo!, found.path);
      if (n === null) return { ok: false, why: `${found.path} holds more folders than trainlint walks (${MAX_FOLDERS})` };
      if (n === 0) return { ok: false, why: `${found.path} holds no image file load_dataset("imagefolder") reads` };
      rows = { ok: true, n, how: `${n} images under ${found.path}/ (load_dataset("imagefolder"), train split: image files at any depth)` };
    } else return { ok: false, why: 'the launch gives neither --dataset_name nor --train_data_dir' };
    if (!rows.ok || !f.has('--max_train_samples') || !facts.selectsMaxSamples) return rows;
    const cap = int('--max_train_samples', undefined);
    if (!cap.ok) return cap;
    from.push(f.origin('--max_train_samples'));
    // select(range(n)) past the split's end raises IndexError in datasets: the run stops, so no length is given.
    if (cap.value > rows.n) return { ok: false, why: `--max_train_samples ${cap.value} is more than the ${rows.n} rows of the train split: dataset["train"].select(range(${cap.value})) raises IndexError` };
    return { ok: true, n: cap.value, how: `${rows.how}, --max_train_samples ${cap.value}: shuffle(seed).select(range(${cap.value})) -> ${cap.value}` };
  }

  /** Every entry of a folder, as Path.iterdir / os.listdir return them (files and sub-folders, not recursive). */
  function entries(flag: string): Count {
    const dir = text(flag);
    if (!dir) return { ok: false, why: `the launch gives no ${flag}` };
    if (!dir.ok) return dir;
    const found = folder(flag, dir.value);
    if (!found.ok) return found;
    if (found.entries.length === 0) return { ok: false, why: `${found.path} is empty` };
    return { ok: true, n: found.entries.length, how: `${found.entries.length} entries in ${found.path}/` };
  }

  function repeated(base: Count, fallback: number | undefined): Count {
    if (!base.ok) return base;
    const rep = int('--repeats', fallback);
    if (!rep.ok) return rep;
    if (rep.value === 1) return base;
    return { ok: true, n: base.n * rep.value, how: `${base.how} x ${rep.how.replace(/^--repeats: /, '--repeats ')} = ${base.n * rep.value}` };
  }

  function textualInversionSize(): Count {
    const base = entries('--train_data_dir');
    if (facts.fixedRepeats !== undefined) return base.ok ? { ok: true, n: base.n * facts.fixedRepeats, how: `${base.how} x repeats ${facts.fixedRepeats} (fixed in the script) = ${base.n * facts.fixedRepeats}` } : base;
    return repeated(base, facts.repeatsDefault);
  }

  function dreamboothSize(): Count {
    if (f.has('--dataset_name') && !facts.datasetName) return { ok: false, why: '--dataset_name: the script does not load it into its DreamBooth dataset' };
    let instance: Count;
    if (f.has('--dataset_name')) {
      const name = text('--dataset_name')!;
      if (!name.ok) return name;
      const config = text('--dataset_config_name');
      if (config && !config.ok) return config;
      const load = loadDatasetRows({ path: name.value, ...(config ? { name: config.value } : {}), split: 'train' }, path, repo, hub);
      instance = load.ok ? { ok: true, n: load.rows, how: `${load.how} instance images` } : { ok: false, why: load.why ? `--dataset_name ${name.value}: ${load.why}` : '' };
    } else instance = entries('--instance_data_dir');
    if (facts.repeatsDefault !== undefined) instance = repeated(instance, facts.repeatsDefault);
    if (!instance.ok) return instance;
    if (facts.bucketed) {
      // BucketBatchSampler batches the instance images only (class images ride along in each example).
      if (f.has('--aspect_ratio_buckets')) return { ok: false, why: '--aspect_ratio_buckets: batches form per aspect-ratio bucket, which depends on the images\' sizes' };
      return { ok: true, n: instance.n, how: `${instance.how}; one bucket, so the BucketBatchSampler batches these instance images` };
    }
    if (!f.has('--with_prior_preservation')) return instance;
    if (!f.has('--class_data_dir')) return { ok: false, why: '--with_prior_preservation without --class_data_dir: the script raises ValueError' };
    const num = int('--num_class_images', facts.numClassDefault);
    if (!num.ok) return num;
    // The script generates class images until the folder holds num_class_images, then uses min(held, num_class_images).
    const n = Math.max(instance.n, num.value);
    return { ok: true, n, how: `max(${instance.how}, ${num.how.replace(/^--num_class_images: /, '--num_class_images ')} class images, generated up to that count) = ${n}` };
  }
}
