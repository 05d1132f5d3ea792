// A minimal Parquet file for tests of the footer reader: the magic bytes, then a FileMetaData footer in Thrift's compact
// protocol (version, a one-column schema, num_rows, no row groups), its length, and the magic again. `numRows` is written
// as the footer's i64 whatever its value, so tests can forge the counts a damaged file states.

function varint(value: bigint): number[] {
  const out: number[] = [];
  let v = value;
  do {
    const byte = Number(v & 0x7fn);
    v >>= 7n;
    out.push(v ? byte | 0x80 : byte);
  } while (v);
  return out;
}

/** Thrift compact's zigzag encoding of a signed 64-bit integer. */
const zigzag = (n: bigint): bigint => BigInt.asUintN(64, (n << 1n) ^ (n >> 63n));

export function parquetFile(numRows: bigint | number): Uint8Array {
  const footer = [
    0x15, 0x02, // field 1 (version): i32 1
    0x19, 0x1c, 0x48, 0x01, 0x61, 0x00, // field 2 (schema): a list of one struct { field 4 (name): "a" }
    0x16, ...varint(zigzag(BigInt(numRows))), // field 3 (num_rows): i64
    0x19, 0x0c, // field 4 (row_groups): an empty list of structs
    0x00, // end of FileMetaData
  ];
  const magic = [0x50, 0x41, 0x52, 0x31];
  const length = footer.length;
  return Uint8Array.from([...magic, ...footer, length & 0xff, (length >> 8) & 0xff, (length >> 16) & 0xff, length >>> 24, ...magic]);
}
