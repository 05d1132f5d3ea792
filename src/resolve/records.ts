// Records in a local data file, counted the way Hugging Face `datasets` loads them (the loader every framework here
// goes through for local files): its packaged builders json / csv / parquet / text / arrow
// (huggingface/datasets src/datasets/packaged_modules/*, read @1435bdae).
//   json: a JSON array is one row per element; one object per line (JSON Lines) is one row per non-blank line
//         (pyarrow's JSON reader skips empty lines). A single object of columns is not counted here.
//   csv: pandas.read_csv with its defaults: a header row, blank lines skipped, quoted fields may hold newlines.
//   text: one row per line (keep_linebreaks False splits lines; an empty line is an empty row).
//   parquet: the row count the file's footer states.
// Files are read in bounded slices through the RepoView, never whole and never past MAX_DATA_BYTES.
import type { RepoView } from '../core/plan.ts';
import { parquetRows } from './parquet-rows.ts';
import type { Count } from './types.ts';


/** Bytes read per data file at most: a larger file is not counted (its size is said instead). */
export const MAX_DATA_BYTES = 512 * 1024 * 1024;
const CHUNK = 4 * 1024 * 1024;

export type DataFormat = 'json' | 'csv' | 'parquet' | 'text' | 'arrow';

/** The builder `datasets` picks from a file name's extension (its _EXTENSION_TO_MODULE), or null. */
export function formatOfData(path: string): DataFormat | null {
  const ext = path.slice(path.lastIndexOf('.') + 1).toLowerCase();
  if (ext === 'json' || ext === 'jsonl') return 'json';
  if (ext === 'csv') return 'csv';
  if (ext === 'parquet') return 'parquet';
  if (ext === 'txt') return 'text';
  if (ext === 'arrow') return 'arrow';
  return null;
}

function megabytes(bytes: number): string {
  return `${Math.round(bytes / (1024 * 1024))} MiB`;
}

/** Calls `visit` on each slice of the file, in order; false when the file cannot be read within the bound. */
function scan(repo: RepoView, path: string, visit: (bytes: Uint8Array) => void): { ok: true } | { ok: false; why: string } {
  const size = repo.size?.(path);
  if (!repo.readBytes || size === null || size === undefined) {
    const text = repo.read(path);
    if (text === null) return { ok: false, why: `${path} cannot be read` };
    visit(new TextEncoder().encode(text));
    return { ok: true };
  }
  if (size > MAX_DATA_BYTES) return { ok: false, why: `${path} is ${megabytes(size)}, more than the ${megabytes(MAX_DATA_BYTES)} trainlint reads of a data file` };
  for (let start = 0; start < size; start += CHUNK) {
    const bytes = repo.readBytes(path, start, Math.min(CHUNK, size - start));
    if (!bytes) return { ok: false, why: `${path} cannot be read` };
    visit(bytes);
  }
  return { ok: true };
}

const NL = 10;
const CR = 13;
const QUOTE = 34;
const BACKSLASH = 92;

function isSpace(b: number): boolean {
  return b === 32 || b === 9 || b === NL || b === CR;
}

/** Rows of a JSON file: array elements, or non-blank lines of JSON Lines. */
function countJson(repo: RepoView, path: string): Count {
  let mode = 'start' as 'start' | 'array' | 'lines' | 'after' | 'bad';
  let depth = 0;
  let inString = false;
  let escaped = false;
  let elements = 0;
  let pendingValue = false; // a value started at depth 1 since the last comma
  let lines = 0;
  let lineHasContent = false;
  let lineStartsObject = true;
  let bom = 0;
  const result = scan(repo, path, (bytes) => {
    for (let i = 0; i < bytes.length; i++) {
      const b = bytes[i]!;
      if (mode === 'bad') return;
      if (mode === 'start') {
        if (bom < 3 && (b === 0xef || b === 0xbb || b === 0xbf)) {
          bom++;
          continue;
        }
        if (isSpace(b)) continue;
        if (b === 91) {
          mode = 'array';
          depth = 1;
          continue;
        }
        mode = b === 123 ? 'lines' : 'bad';
        if (mode === 'bad') return;
      }
      if (mode === 'lines') {
        if (b === NL) {
          if (lineHasContent) lines++;
          lineHasContent = false;
          lineStartsObject = true;
        } else if (!isSpace(b)) {
          if (!lineHasContent && b !== 123) lineStartsObject = false;
          lineHasContent = true;
          if (!lineStartsObject) mode = 'bad';
        }
        continue;
      }
      if (mode === 'after') {
        if (!isSpace(b)) mode = 'bad';
        continue;
      }
      // array
      if (inString) {
        if (escaped) escaped = false;
        else if (b === BACKSLASH) escaped = true;
        else if (b === QUOTE) inString = false;
        continue;
      }
      if (b === QUOTE) {
        inString = true;
        if (depth === 1) pendingValue = true;
      } else if (b === 91 || b === 123) {
        if (depth === 1) pendingValue = true;
        depth++;
      } else if (b === 93 || b === 125) {
        depth--;
        if (depth === 0) {
          if (pendingValue) elements++;
          mode = 'after';
        }
      } else if (b === 44 && depth === 1) {
        if (pendingValue) elements++;
        pendingValue = false;
      } else if (depth === 1 && !isSpace(b)) pendingValue = true;
    }
  });
  if (!result.ok) return result;
  if (mode === 'lines' && lineHasContent) lines++;
  if (mode === 'array' || mode === 'bad' || mode === 'start') {
    return { ok: false, why: `${path} is neither a JSON array nor JSON Lines (one object per line), the layouts trainlint counts` };
  }
  if (mode === 'after') return { ok: true, count: elements, how: `${path}: ${elements} record${elements === 1 ? '' : 's'} (JSON array)` };
  return { ok: true, count: lines, how: `${path}: ${lines} record${lines === 1 ? '' : 's'} (JSON Lines)` };
}

/** Data rows of a CSV file as pandas.read_csv counts them (header row, blank lines skipped, quoted newlines). */
function countCsv(repo: RepoView, path: string): Count {
  let rows = 0;
  let inQuotes = false;
  let rowHasContent = false;
  const result = scan(repo, path, (bytes) => {
    for (let i = 0; i < bytes.length; i++) {
      const b = bytes[i]!;
      if (b === QUOTE) {
        inQuotes = !inQuotes;
        rowHasContent = true;
      } else if (b === NL && !inQuotes) {
        if (rowHasContent) rows++;
        rowHasContent = false;
      } else if (b !== CR && !(b === 32 || b === 9) && !inQuotes) rowHasContent = true;
      else if (inQuotes) rowHasContent = true;
    }
  });
  if (!result.ok) return result;
  if (rowHasContent) rows++;
  const count = Math.max(rows - 1, 0);
  return { ok: true, count, how: `${path}: ${count} row${count === 1 ? '' : 's'} (CSV, after its header)` };
}

/** Lines of a text file: each is a row of the `text` builder. */
function countText(repo: RepoView, path: string): Count {
  let lines = 0;
  let last = -1;
  const result = scan(repo, path, (bytes) => {
    for (let i = 0; i < bytes.length; i++) if (bytes[i] === NL) lines++;
    if (bytes.length) last = bytes[bytes.length - 1]!;
  });
  if (!result.ok) return result;
  if (last !== -1 && last !== NL) lines++;
  return { ok: true, count: lines, how: `${path}: ${lines} line${lines === 1 ? '' : 's'} (text, one row per line)` };
}

/** Records of one local data file, counted as its `datasets` builder reads it. */
export function countRecords(repo: RepoView, path: string): Count {
  const format = formatOfData(path);
  switch (format) {
    case 'json':
      return countJson(repo, path);
    case 'csv':
      return countCsv(repo, path);
    case 'text':
      return countText(repo, path);
    case 'parquet':
      return parquetRows(repo, path);
    case 'arrow':
      return { ok: false, why: `${path} is an Arrow stream: its row count is in its record batches, which trainlint does not read` };
    default:
      return { ok: false, why: `${path} has no extension \`datasets\` loads as a data file` };
  }
}

/** The records of several files of one dataset, summed (a folder or a list of data_files), or the first reason not. */
export function countAll(repo: RepoView, paths: readonly string[]): Count {
  let total = 0;
  const parts: string[] = [];
  for (const path of paths) {
    const c = countRecords(repo, path);
    if (!c.ok) return c;
    total += c.count;
    parts.push(c.how);
  }
  if (paths.length === 1) return { ok: true, count: total, how: parts[0]! };
  const shown = parts.length > 4 ? [...parts.slice(0, 3), `${parts.length - 3} more files`] : parts;
  return { ok: true, count: total, how: `${total} records in ${paths.length} files (${shown.join('; ')})` };
}
