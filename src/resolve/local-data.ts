// Local data files a config names (one path, a list, or a folder), resolved in the repository and counted as
// `datasets` loads them. Shared by the readers of the frameworks that pass such paths to load_dataset.
import type { RepoView } from '../core/plan.ts';
import { countAll, formatOfData } from './records.ts';
import type { Count } from './types.ts';
import { joinPath, locate } from './repo-paths.ts';

/** The files a written path stands for: itself, or the data files directly in the folder it names. */
export function filesOf(repo: RepoView, configPath: string, written: string): { ok: true; files: string[] } | { ok: false; why: string } {
  const found = locate(repo, configPath, written);
  if (!found) return { ok: false, why: `${written} is not in the repository` };
  if (found.kind === 'file') return { ok: true, files: [found.path] };
  const files = found.entries.filter((e) => !e.endsWith('/') && formatOfData(e) !== null).map((e) => joinPath(found.path, e));
  if (files.length === 0) return { ok: false, why: `${found.path} holds no data file trainlint counts` };
  if (files.some((f) => formatOfData(f) !== formatOfData(files[0]!))) return { ok: false, why: `${found.path} holds data files of different types` };
  return { ok: true, files };
}

/** Records of every file the written paths stand for, summed. */
export function countWritten(repo: RepoView, configPath: string, written: readonly string[]): Count {
  const files: string[] = [];
  for (const w of written) {
    const f = filesOf(repo, configPath, w);
    if (!f.ok) return f;
    files.push(...f.files);
  }
  return countAll(repo, files);
}

/** A `data_files` value as a list of paths (a string or a list of strings), or null for other shapes. */
export function pathList(raw: unknown): string[] | null {
  if (typeof raw === 'string') return [raw];
  if (Array.isArray(raw) && raw.length > 0 && raw.every((x) => typeof x === 'string')) return raw as string[];
  return null;
}
