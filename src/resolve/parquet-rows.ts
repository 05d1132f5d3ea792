// A Parquet file's row count from its footer alone: the last 8 bytes give the footer's length, then only the footer is
// read and decoded with hyparquet (a maintained, dependency-free reader: its parquetMetadata needs only the tail bytes).
import { parquetMetadata } from 'hyparquet';
import type { RepoView } from '../core/plan.ts';
import type { Count } from './types.ts';

/** Footers larger than this are not read (real footers are kilobytes to a few megabytes). */
const MAX_FOOTER_BYTES = 64 * 1024 * 1024;

export function parquetRows(repo: RepoView, path: string): Count {
  const size = repo.size?.(path);
  if (!repo.readBytes || size === null || size === undefined) return { ok: false, why: `${path}: Parquet is counted from its footer, which this view of the repository cannot read` };
  if (size < 12) return { ok: false, why: `${path} is too short to be a Parquet file` };
  const tail = repo.readBytes(path, size - 8, 8);
  if (!tail || tail.length < 8) return { ok: false, why: `${path} cannot be read` };
  const view = new DataView(tail.buffer, tail.byteOffset, tail.byteLength);
  if (view.getUint32(4, true) !== 0x31524150) return { ok: false, why: `${path} does not end with the Parquet magic bytes` };
  const footerLength = view.getUint32(0, true);
  if (footerLength + 8 > size || footerLength > MAX_FOOTER_BYTES) return { ok: false, why: `${path}: its footer length ${footerLength} does not fit the file` };
  const footer = repo.readBytes(path, size - 8 - footerLength, footerLength + 8);
  if (!footer) return { ok: false, why: `${path} cannot be read` };
  let stated: unknown;
  try {
    stated = parquetMetadata(footer).num_rows;
  } catch (err) {
    return { ok: false, why: `${path}: its Parquet footer cannot be read (${err instanceof Error ? err.message : String(err)})` };
  }
  return rowCount(path, stated);
}

/**
 * The footer's num_rows (a Thrift i64, which hyparquet gives as a bigint) as a count, or why not: a damaged or forged
 * footer can state a negative count, or one past 2^53 that no float counts exactly; neither is a size to plan with.
 */
function rowCount(path: string, stated: unknown): Count {
  if (typeof stated !== 'bigint' && !(typeof stated === 'number' && Number.isInteger(stated))) {
    return { ok: false, why: `${path}: its Parquet footer gives no integer num_rows` };
  }
  const rows = BigInt(stated);
  if (rows < 0n) return { ok: false, why: `${path}: its Parquet footer states num_rows ${rows}, a negative count no Parquet writer produces (a damaged file?)` };
  if (rows > BigInt(Number.MAX_SAFE_INTEGER)) return { ok: false, why: `${path}: its Parquet footer states num_rows ${rows}, more than 2^53, past what trainlint counts exactly` };
  const count = Number(rows);
  return { ok: true, count, how: `${path}: ${count} row${count === 1 ? '' : 's'} (Parquet footer)` };
}
