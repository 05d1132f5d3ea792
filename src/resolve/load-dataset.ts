// The rows one datasets.load_dataset(path, name, data_files=..., split=...) call gives, where the repository says them:
// a packaged builder (json / csv / text / parquet) with data_files, a local folder, or a Hub dataset looked up by the edge.
// huggingface/datasets @1435bdae: data_files given as a string or list form the "train" split (a dict names its splits);
// a local folder's files are split by the keywords in their names (data_files.py DEFAULT_PATTERNS_SPLIT_IN_FILENAME:
// train/training for train, test/testing/eval/evaluation, validation/valid/dev/val for the others; no keyword: all
// train). A single data file passed as the path is not a dataset load_dataset opens.
import type { RepoView } from '../core/plan.ts';
import { countAll, formatOfData } from './records.ts';
import { joinPath, locate } from './repo-paths.ts';
import { countWritten, pathList } from './local-data.ts';
import type { HubSizes } from './types.ts';
import { readSplitSpec } from './split-spec.ts';

export const FILE_BUILDERS = new Set(['json', 'csv', 'text', 'parquet', 'arrow']);

export interface LoadCall {
  path: string;
  name?: string;
  dataFiles?: unknown;
  split: string;
}

export type Rows = { ok: true; rows: number; how: string } | { ok: false; why: string };

const TRAIN = new Set(['train', 'training']);
const OTHER = new Set(['test', 'testing', 'eval', 'evaluation', 'validation', 'valid', 'dev', 'val']);

function splitOfName(file: string): 'train' | 'other' | null {
  const base = file.slice(file.lastIndexOf('/') + 1).toLowerCase();
  const tokens = base.split(/[._\- ]/);
  if (tokens.some((t) => TRAIN.has(t))) return 'train';
  if (tokens.some((t) => OTHER.has(t))) return 'other';
  return null;
}

/** The rows of load_dataset(..., split=call.split), a split spec with slices and `+` read as datasets reads it (split-spec.ts). */
export function loadDatasetRows(call: LoadCall, configPath: string, repo: RepoView | undefined, hub: HubSizes | undefined): Rows {
  return readSplitSpec(call.split, (split) => loadSplitRows({ ...call, split }, configPath, repo, hub));
}

function loadSplitRows(call: LoadCall, configPath: string, repo: RepoView | undefined, hub: HubSizes | undefined): Rows {
  if (FILE_BUILDERS.has(call.path)) {
    if (!repo) return { ok: false, why: '' };
    const files = call.dataFiles;
    const bySplit = files !== null && typeof files === 'object' && !Array.isArray(files) ? (files as Record<string, unknown>)[call.split] : files;
    const written = pathList(bySplit);
    if (!written) return { ok: false, why: `load_dataset("${call.path}") needs data_files naming the ${call.split} split's files` };
    if (bySplit === files && call.split !== 'train') return { ok: false, why: `split ${call.split} of data_files given without split names (datasets calls them "train"): load_dataset raises` };
    const counted = countWritten(repo, configPath, written);
    return counted.ok ? { ok: true, rows: counted.count, how: counted.how } : { ok: false, why: counted.why };
  }
  const found = repo ? locate(repo, configPath, call.path) : null;
  if (found && repo) {
    if (found.kind === 'file') return { ok: false, why: `${found.path} is a data file given as a dataset path: load_dataset opens it only as data_files of its builder (e.g. load_dataset("json", data_files=...))` };
    if (call.dataFiles !== undefined && call.dataFiles !== null) return { ok: false, why: `${found.path} with data_files: trainlint does not count this combination` };
    const data = found.entries.filter((e) => !e.endsWith('/') && formatOfData(e) !== null).map((e) => joinPath(found.path, e));
    if (data.length === 0) return { ok: false, why: `${found.path} holds no data file trainlint counts (a save_to_disk folder or split subfolders are not read)` };
    const named = data.some((f) => splitOfName(f) !== null);
    if (named && call.split !== 'train') return { ok: false, why: `split ${call.split} of ${found.path}: trainlint counts only the train split of a folder` };
    if (!named && call.split !== 'train') return { ok: false, why: `${found.path} has only a train split, so split ${call.split} makes load_dataset raise` };
    const train = named ? data.filter((f) => splitOfName(f) === 'train') : data;
    if (train.length === 0) return { ok: false, why: `${found.path} has no file named for the train split` };
    if (train.some((f) => formatOfData(f) !== formatOfData(train[0]!))) return { ok: false, why: `${found.path} holds data files of different types` };
    const counted = countAll(repo, train);
    return counted.ok ? { ok: true, rows: counted.count, how: `${counted.how} (train split of the folder ${found.path})` } : { ok: false, why: counted.why };
  }
  if (/^\.{0,2}\//.test(call.path) || /\.(?:jsonl?|csv|parquet|txt|arrow)$/i.test(call.path)) return { ok: false, why: `${call.path} is not in the repository` };
  const looked = hub?.rows(call.path, call.name, call.split);
  if (!looked) return { ok: false, why: `the Hub dataset ${call.path}: its size is looked up only with --hub (or hub: true in .trainlint.yml)` };
  if (!looked.ok) return { ok: false, why: looked.why };
  return { ok: true, rows: looked.rows, how: `Hub ${call.path}${call.name ? ` (${call.name})` : ''} ${call.split} split: ${looked.rows} rows` };
}
