// OLMo's training instances from local token files (allenai/OLMo @59a53e3f):
//   olmo/data/__init__.py build_memmap_dataset: data.paths, or data.datasets (labels sorted, their paths in order;
//     the two are exclusive), chunk_size = model.max_sequence_length (default 1024, olmo/config.py ModelConfig),
//     memmap_dtype = data.memmap_dtype (default "uint16", DataConfig.effective_memmap_dtype).
//   olmo/data/memmap_dataset.py MemMapDataset._get_file_length: each file holds file_size // (itemsize x chunk_size)
//     instances, summed over files (__len__ = the last offset). The file is read as a raw memmap: its byte size alone
//     decides (OLMo does not parse a .npy header), so only the size is asked of the repository, no bytes read.
//   instance_filter only marks instances to skip in the loss, it does not change len(dataset).
import type { Origin } from '../core/types.ts';
import { locate } from './repo-paths.ts';
import type { DataSize, DataSizeInput } from './types.ts';

const ITEM_SIZE: Record<string, number> = { uint8: 1, int8: 1, uint16: 2, int16: 2, uint32: 4, int32: 4, uint64: 8, int64: 8 };

export function olmoDataSize({ reader: r, path, repo }: DataSizeInput): DataSize {
  const paths = r.raw(['data', 'paths']);
  const datasets = r.raw(['data', 'datasets']);
  let written: string[];
  const from: Origin[] = [];
  if (Array.isArray(paths) && paths.length > 0) {
    if (datasets) return { notes: ['data.paths and data.datasets are both set: OLMo raises'] };
    written = paths.map(String);
    from.push(r.origin(['data', 'paths']));
  } else if (datasets && typeof datasets === 'object' && !Array.isArray(datasets)) {
    const byLabel = datasets as Record<string, unknown>;
    written = Object.keys(byLabel).sort().flatMap((k) => (Array.isArray(byLabel[k]) ? (byLabel[k] as unknown[]).map(String) : []));
    from.push(r.origin(['data', 'datasets']));
  } else return { notes: [] };
  if (!repo || !repo.size) return { notes: [] };
  const dtypeRaw = r.raw(['data', 'memmap_dtype']);
  const dtype = typeof dtypeRaw === 'string' ? dtypeRaw : 'uint16';
  const item = ITEM_SIZE[dtype];
  if (item === undefined) return { notes: [`data.memmap_dtype ${dtype}: trainlint knows the item size of unsigned and signed integer types only`] };
  const chunkRead = r.number(['model', 'max_sequence_length']);
  const chunk = chunkRead?.value ?? 1024;
  if (!(Number.isInteger(chunk) && chunk > 0)) return { notes: [] };
  if (chunkRead) from.push(...chunkRead.from);
  const remote = written.find((p) => /^[a-z][a-z0-9+.-]*:\/\//i.test(p));
  if (remote) return { notes: [`data path ${remote} is remote: its size is not known to trainlint (give the number of instances in .trainlint.yml datasets)`] };
  let total = 0;
  const parts: string[] = [];
  for (const w of written) {
    const found = locate(repo, path, w);
    const bytes = found?.kind === 'file' ? repo.size(found.path) : null;
    if (!found || bytes === null || bytes === undefined) return { notes: [`${w} (data) is not in the repository, so the number of instances is unknown`] };
    const instances = Math.floor(bytes / (item * chunk));
    total += instances;
    parts.push(`${found.path}: ${bytes} bytes // (${item} x ${chunk}) = ${instances}`);
  }
  const shown = parts.length > 4 ? [...parts.slice(0, 3), `${parts.length - 3} more files`] : parts;
  const how = `${total} instances of max_sequence_length ${chunk} ${dtype} tokens (${shown.join('; ')})`;
  return { size: { value: total, how, from }, notes: [] };
}
