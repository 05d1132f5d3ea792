// torchtune's training set size, as its dataset builders load it (pytorch/torchtune @bd2a0fc7):
//   datasets/_instruct.py, _chat.py, _text_completion.py, _preference.py ...: each builder takes `source`, `split`
//     (default "train"), `packed` (default False), `filter_fn`, and passes the rest to datasets.load_dataset.
//   datasets/_sft.py SFTDataset: load_dataset(source, split=..., **kwargs), then `.filter(filter_fn)` when given;
//     one sample per row.
//   datasets/_packed.py PackedDataset: packs rows up to max_seq_len, so packed: true can only lower the count.
//   recipes/full_finetune_*.py _setup_data: a list under `dataset` becomes a ConcatDataset (lengths summed).
// Local files go through `datasets`' json / csv / text / parquet builders (source: json + data_files), where a
// data_files string or list is the "train" split.
import type { DocReader } from '../core/access.ts';
import type { Origin, Resolved } from '../core/types.ts';
import { countWritten, pathList } from './local-data.ts';
import { locate } from './repo-paths.ts';
import type { DataSize, DataSizeInput } from './types.ts';
import { readSplitSpec, type SplitRows } from './split-spec.ts';

const FILE_BUILDERS = new Set(['json', 'csv', 'text', 'parquet', 'arrow']);

/**
 * Builders whose default `source` is a Hub dataset read whole (split "train", no filter of their own), with the dataset
 * config they pass as `name`: datasets/_alpaca.py, _slimorca.py, _samsum.py, _grammar.py, _hh_rlhf_helpful.py,
 * _cnn_dailymail.py (name "3.0.0", fixed), _wikitext.py (name = its `subset` argument, default "wikitext-103-v1").
 */
const DEFAULT_SOURCE: Record<string, { source: string; config?: string; configKey?: string }> = {
  'torchtune.datasets.alpaca_dataset': { source: 'tatsu-lab/alpaca' },
  'torchtune.datasets.alpaca_cleaned_dataset': { source: 'yahma/alpaca-cleaned' },
  'torchtune.datasets.slimorca_dataset': { source: 'Open-Orca/SlimOrca-Dedup' },
  'torchtune.datasets.samsum_dataset': { source: 'Samsung/samsum' },
  'torchtune.datasets.grammar_dataset': { source: 'liweili/c4_200m' },
  'torchtune.datasets.hh_rlhf_helpful_dataset': { source: 'RLHFlow/HH-RLHF-Helpful-standard' },
  'torchtune.datasets.cnn_dailymail_articles_dataset': { source: 'ccdv/cnn_dailymail', config: '3.0.0' },
  'torchtune.datasets.wikitext_dataset': { source: 'EleutherAI/wikitext_document_level', config: 'wikitext-103-v1', configKey: 'subset' },
};

type One = { ok: true; rows: number; how: string; from: Origin[]; upper: string[] } | { ok: false; why: string };

function readOne(r: DocReader, at: string[], input: DataSizeInput): One {
  const node = r.raw(at) as Record<string, unknown>;
  const component = typeof node._component_ === 'string' ? node._component_ : '';
  const name = component || at.join('.');
  if (!component.startsWith('torchtune.datasets.')) return { ok: false, why: `dataset ${name} is not a torchtune dataset builder, so how many samples it gives is unknown` };
  if (node.streaming === true) return { ok: false, why: `${name} streams its data: a streamed dataset has no length (set max_steps_per_epoch)` };
  const builder = DEFAULT_SOURCE[component];
  const source = node.source ?? builder?.source;
  if (typeof source !== 'string') return { ok: false, why: `${name} uses its builder's default source (a Hub dataset); trainlint counts only a source the config names` };
  const split = typeof node.split === 'string' ? node.split : 'train';
  const from: Origin[] = [r.origin([...at, node.source === undefined ? '_component_' : 'source'])];
  const local = FILE_BUILDERS.has(source) || (input.repo && locate(input.repo, input.path, source));
  if (local && !input.repo) return { ok: false, why: '' };
  if (FILE_BUILDERS.has(source)) from.push(r.origin([...at, 'data_files']));
  // load_dataset(source, split=split, ...): the split spec (slices, `+`) is read as datasets reads it (split-spec.ts).
  const read = readSplitSpec(split, (one): SplitRows => {
    if (local) {
      let written: string[] | null;
      if (FILE_BUILDERS.has(source)) {
        const files = node.data_files;
        const bySplit = files !== null && typeof files === 'object' && !Array.isArray(files) ? (files as Record<string, unknown>)[one] : files;
        written = pathList(bySplit);
        if (!written) return { ok: false, why: `${name}: source ${source} needs data_files naming the ${one} split's files` };
        if (bySplit === files && one !== 'train') return { ok: false, why: `${name}: split ${one} of data_files given without split names (datasets calls them "train"), so load_dataset raises` };
      } else {
        // A plain split name is counted as the whole local source (as before slices were read); in a slice, only train.
        if (one !== 'train' && one !== split) return { ok: false, why: `${name}: split ${one} of the local source ${source}: trainlint counts only its train split` };
        written = [source];
      }
      const counted = countWritten(input.repo!, input.path, written);
      if (!counted.ok) return { ok: false, why: `the size of ${name} is unknown: ${counted.why}` };
      return { ok: true, rows: counted.count, how: counted.how };
    }
    const configKey = builder?.configKey ?? 'name';
    const configWritten = node[configKey];
    const config = typeof configWritten === 'string' ? configWritten : builder?.config;
    const looked = input.hub?.rows(source, config, one);
    if (!looked) return { ok: false, why: `${name} loads the Hub dataset ${source}: its size is looked up only with --hub (or hub: true in .trainlint.yml)` };
    if (!looked.ok) return looked;
    return { ok: true, rows: looked.rows, how: `Hub ${source}${config ? ` (${config})` : ''} ${one} split: ${looked.rows} rows${node.source === undefined ? ` (the default source of ${component})` : ''}` };
  });
  if (!read.ok) return read;
  const rows = read.rows;
  const how = read.how;
  const upper: string[] = [];
  if (node.filter_fn !== undefined && node.filter_fn !== null) upper.push(`${name} filter_fn can only drop rows`);
  if (node.packed === true) upper.push(`${name} packed: true packs several samples into one max_seq_len sequence`);
  return { ok: true, rows, how, from, upper };
}

export function torchtuneDataSize(input: DataSizeInput): DataSize {
  const { reader: r } = input;
  const node = r.raw(['dataset']);
  if (node === undefined || node === null || typeof node !== 'object') return { notes: [] };
  const at: string[][] = Array.isArray(node) ? node.map((_, i) => ['dataset', String(i)]) : [['dataset']];
  if (at.length === 0) return { notes: [] };
  const parts: Array<Extract<One, { ok: true }>> = [];
  for (const path of at) {
    if (r.raw(path) === null || typeof r.raw(path) !== 'object') return { notes: [] };
    const one = readOne(r, path, input);
    if (!one.ok) return { notes: one.why ? [one.why] : [] };
    parts.push(one);
  }
  const n = parts.reduce((a, p) => a + p.rows, 0);
  const how = parts.length === 1 ? parts[0]!.how : `${n} samples from ${parts.length} datasets in a ConcatDataset (${parts.map((p) => p.how).join('; ')})`;
  const size: Resolved = { value: n, how, from: parts.flatMap((p) => p.from) };
  const upper = parts.flatMap((p) => p.upper);
  if (upper.length) return { upper: size, notes: [`${upper.join('; ')}: the ${n} samples (${how}) are an upper bound on the samples per epoch`] };
  return { size, notes: [] };
}
