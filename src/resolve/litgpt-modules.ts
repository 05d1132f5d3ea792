// litgpt's built-in fine-tuning data modules other than JSON, as they build their training set
// (Lightning-AI/litgpt litgpt/data/*.py @26857050; there is no dolly.py at that commit):
//   alpaca_2k.py Alpaca2k: load_dataset(repo_id) (default "mhenrichsen/alpaca_2k_test"), its "train" split, then
//     datasets' train_test_split(test_size=val_split_fraction) (default 0.05): ceil(f x n) test rows, the rest train.
//   lima.py LIMA: load_dataset(repo_id) (default "GAIR/lima", a gated dataset), its "train" split, format_dataset (one
//     sample per conversation; include_multiturn_conversations=True gives one per user/assistant pair instead), then
//     torch's random_split(data, [1 - f, f]) with val_split_fraction f (default 0.1), the first part trains.
//   deita.py Deita: load_dataset(repo_id, split=["train_sft", "test_sft"]) (default "HuggingFaceH4/deita-10k-v0-sft");
//     the "train_sft" split trains, formatted as LIMA's is; no fraction is split off.
//   alpaca.py Alpaca / alpaca_gpt4.py AlpacaGPT4 (file_url), longform.py LongForm (fixed URL), flan.py FLAN (url +
//     subsets): a file downloaded from a URL, not a Hub dataset: not counted.
//   tinystories.py, openwebtext.py, tinyllama.py, microllama.py, lit_data.py, text_files.py: pretraining token streams.
import { formatNumber } from '../core/access.ts';
import type { DocReader } from '../core/access.ts';
import type { Origin } from '../core/types.ts';
import { loadDatasetRows } from './load-dataset.ts';
import { hfTrainAfterSplit, torchRandomSplitFirst } from './splits.ts';
import type { DataSize, DataSizeInput } from './types.ts';

interface HubModule {
  repoId: string;
  split: string;
  /** How the module takes its validation rows out of the split: datasets' train_test_split, torch's random_split, or none. */
  holdOut: { kind: 'train_test_split' | 'random_split'; fraction: number } | null;
  /** Whether include_multiturn_conversations (default False) can turn one row into several samples. */
  multiturn: boolean;
  file: string;
}

const HUB_MODULES: Record<string, HubModule> = {
  Alpaca2k: { repoId: 'mhenrichsen/alpaca_2k_test', split: 'train', holdOut: { kind: 'train_test_split', fraction: 0.05 }, multiturn: false, file: 'alpaca_2k.py' },
  LIMA: { repoId: 'GAIR/lima', split: 'train', holdOut: { kind: 'random_split', fraction: 0.1 }, multiturn: true, file: 'lima.py' },
  Deita: { repoId: 'HuggingFaceH4/deita-10k-v0-sft', split: 'train_sft', holdOut: null, multiturn: true, file: 'deita.py' },
};

/** Modules whose data is a file downloaded from a URL: the init argument that can change it, and its default. */
const URL_MODULES: Record<string, { key?: string; url: string; file: string }> = {
  Alpaca: { key: 'file_url', url: 'https://raw.githubusercontent.com/tloen/alpaca-lora/main/alpaca_data_cleaned_archive.json', file: 'alpaca.py' },
  AlpacaGPT4: { key: 'file_url', url: 'https://raw.githubusercontent.com/Instruction-Tuning-with-GPT-4/GPT-4-LLM/main/data/alpaca_gpt4_data.json', file: 'alpaca_gpt4.py' },
  LongForm: { url: 'https://raw.githubusercontent.com/akoksal/LongForm/main/dataset/train.json', file: 'longform.py' },
  FLAN: { key: 'url', url: 'https://huggingface.co/datasets/Muennighoff/flan/resolve/main (train/<subset>_train.jsonl per subset)', file: 'flan.py' },
};

const PRETRAINING = new Set(['TinyStories', 'OpenWebText', 'TinyLlama', 'MicroLlama', 'LitData', 'TextFiles']);

const VERSION = '@26857050';

/** The class name of a written class path: `litgpt.data.X`, `litgpt.data.<module>.X` or `X`; null for another package. */
export function litgptDataClass(classPath: string): string | null {
  if (!classPath.includes('.')) return classPath;
  const m = /^litgpt\.data\.(?:[a-z_0-9]+\.)?([A-Za-z0-9_]+)$/.exec(classPath);
  return m ? m[1]! : null;
}

/** The training samples of a built-in data module other than JSON; `at` is where its init_args are. */
export function litgptModuleSize(input: DataSizeInput, classPath: string, name: string, classAt: readonly string[], at: readonly string[]): DataSize {
  const r = input.reader;
  const url = URL_MODULES[name];
  if (url) {
    const written = url.key ? r.raw([...at, url.key]) : undefined;
    const where = typeof written === 'string' ? `${written} (${url.key})` : url.url;
    return { notes: [`data ${classPath} downloads its data from ${where} (Lightning-AI/litgpt litgpt/data/${url.file} ${VERSION}): a file from a URL, not a Hub dataset or a repository file, so its size is not counted; give it in .trainlint.yml (datasets)`] };
  }
  if (PRETRAINING.has(name)) return { notes: [`data ${classPath} is a pretraining data module (token streams, not rows), so trainlint does not count its samples; give the dataset size in .trainlint.yml (datasets)`] };
  const module = HUB_MODULES[name];
  if (!module) return { notes: [`data ${classPath}: not one of litgpt's data modules trainlint counts (JSON from the repository; Alpaca2k, LIMA and Deita from the Hub); give the dataset size in .trainlint.yml (datasets)`] };
  const cite = `Lightning-AI/litgpt litgpt/data/${module.file} ${VERSION}`;
  const from: Origin[] = [r.origin([...classAt])];
  const repoWritten = r.raw([...at, 'repo_id']);
  if (repoWritten !== undefined && typeof repoWritten !== 'string') return { notes: [`data ${classPath}: repo_id is not a string, so the dataset it loads is unknown`] };
  const repoId = repoWritten ?? module.repoId;
  if (repoWritten !== undefined) from.push(r.origin([...at, 'repo_id']));
  if (module.multiturn) {
    const multi = r.raw([...at, 'include_multiturn_conversations']);
    if (multi === true) return { notes: [`data ${classPath} include_multiturn_conversations: true makes one sample of every user/assistant pair of each conversation (${cite}), so the samples depend on the conversations' lengths, which the Hub's row count does not say; give the dataset size in .trainlint.yml (datasets)`] };
    if (multi !== undefined && multi !== false && multi !== null) return { notes: [`data ${classPath} include_multiturn_conversations ${String(multi)} is not a boolean, so the samples are not counted`] };
  }
  const rows = loadDatasetRows({ path: repoId, split: module.split }, input.path, input.repo, input.hub);
  if (!rows.ok) return { notes: rows.why ? [`data ${classPath} loads ${repoId}: ${rows.why}`] : [] };
  const loaded = `${rows.how}${repoWritten === undefined ? ` (the default repo_id of ${name})` : ''}`;
  if (!module.holdOut) return { size: { value: rows.rows, how: `${loaded}; ${name} trains on the whole ${module.split} split (${cite})`, from }, notes: [] };
  const fractionWritten = r.raw([...at, 'val_split_fraction']);
  if (fractionWritten !== undefined && typeof fractionWritten !== 'number') return { notes: [`data ${classPath} val_split_fraction ${String(fractionWritten)} is not a number, so the training split is not counted`] };
  const fraction = fractionWritten ?? module.holdOut.fraction;
  if (fractionWritten !== undefined) from.push(r.origin([...at, 'val_split_fraction']));
  const fractionHow = fractionWritten === undefined ? `val_split_fraction unset: ${formatNumber(fraction)} (${name}'s default)` : `val_split_fraction ${formatNumber(fraction)}`;
  if (module.holdOut.kind === 'train_test_split') {
    // datasets' train_test_split takes a float test_size only inside (0, 1), and raises when no train row is left.
    if (!(fraction > 0 && fraction < 1)) return { notes: [`data ${classPath} val_split_fraction ${formatNumber(fraction)} is not inside (0, 1): datasets' train_test_split raises (${cite})`] };
    const split = hfTrainAfterSplit(rows.rows, fraction, false, 'val_split_fraction');
    if (!split.ok) return { notes: [`data ${classPath}: ${split.why}`] };
    const how = `${loaded}; ${fractionHow}: ${name} holds out ceil(${formatNumber(fraction)} x ${rows.rows}) = ${rows.rows - split.train} rows with datasets' train_test_split -> ${split.train} train (${cite})`;
    return { size: { value: split.train, how, from }, notes: [] };
  }
  if (!(fraction >= 0 && fraction <= 1)) return { notes: [`data ${classPath} val_split_fraction ${formatNumber(fraction)} is not a fraction: torch's random_split raises (${cite})`] };
  const train = torchRandomSplitFirst(rows.rows, [1 - fraction, fraction]);
  const how = `${loaded}; one sample per conversation; ${fractionHow} -> ${train} train (torch random_split: floor(${rows.rows} x ${formatNumber(1 - fraction)}) plus the remainder of the rounding; ${cite})`;
  return { size: { value: train, how, from }, notes: [] };
}
