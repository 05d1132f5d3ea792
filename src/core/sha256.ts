// SHA-256 of a string's UTF-8 bytes (FIPS 180-4, section 6.2), as lowercase hex. Finding fingerprints and the
// action's suggestion keys are SHA-256 prefixes; computing them here instead of with node:crypto keeps the pure core
// free of Node built-ins, and spares the CLI loading node:crypto (about 5 ms of a cold start on Node 20) for a few
// hashes of short strings. Equal to createHash('sha256') on every input (property test in __tests__/sha256.test.ts).

// The first 32 bits of the fractional parts of the cube roots of the first 64 primes (FIPS 180-4, 4.2.2).
const ROUND_CONSTANTS = new Uint32Array(64);
// The first 32 bits of the fractional parts of the square roots of the first 8 primes (FIPS 180-4, 5.3.3).
const INITIAL_HASH = new Uint32Array(8);

/** The first `count` primes. */
function primes(count: number): number[] {
  const out: number[] = [];
  for (let n = 2; out.length < count; n++) if (out.every((p) => n % p !== 0)) out.push(n);
  return out;
}

/** The first 32 bits of the fractional part of `x` (x > 0, below 2^21 so that the product stays exact). */
function fractionBits(x: number): number {
  return ((x - Math.floor(x)) * 2 ** 32) >>> 0;
}

/**
 * The cube root of a prime below 312, to full double precision: Math.cbrt is not required to be correctly rounded,
 * so one Newton step in exact-enough arithmetic settles the last bits that the 32 fractional bits depend on.
 */
function cubeRoot(p: number): number {
  const r = Math.cbrt(p);
  return r - (r * r * r - p) / (3 * r * r);
}

{
  const ps = primes(64);
  ps.forEach((p, i) => (ROUND_CONSTANTS[i] = fractionBits(cubeRoot(p))));
  ps.slice(0, 8).forEach((p, i) => (INITIAL_HASH[i] = fractionBits(Math.sqrt(p))));
}

function utf8(text: string): Uint8Array {
  return new TextEncoder().encode(text);
}

const rotr = (x: number, n: number) => (x >>> n) | (x << (32 - n));

/** The SHA-256 digest of `text` (encoded as UTF-8), 64 lowercase hex digits. */
export function sha256Hex(text: string): string {
  const bytes = utf8(text);
  // Padding (5.1.1): a 1 bit, zeros, then the message length in bits as a 64-bit big-endian integer.
  const blocks = Math.ceil((bytes.length + 9) / 64);
  const padded = new Uint8Array(blocks * 64);
  padded.set(bytes);
  padded[bytes.length] = 0x80;
  const view = new DataView(padded.buffer);
  const bitLength = bytes.length * 8;
  view.setUint32(padded.length - 8, Math.floor(bitLength / 2 ** 32));
  view.setUint32(padded.length - 4, bitLength >>> 0);

  const hash = INITIAL_HASH.slice();
  const w = new Uint32Array(64);
  for (let block = 0; block < blocks; block++) {
    for (let t = 0; t < 16; t++) w[t] = view.getUint32(block * 64 + t * 4);
    for (let t = 16; t < 64; t++) {
      const s0 = rotr(w[t - 15]!, 7) ^ rotr(w[t - 15]!, 18) ^ (w[t - 15]! >>> 3);
      const s1 = rotr(w[t - 2]!, 17) ^ rotr(w[t - 2]!, 19) ^ (w[t - 2]! >>> 10);
      w[t] = (w[t - 16]! + s0 + w[t - 7]! + s1) >>> 0;
    }
    let [a, b, c, d, e, f, g, h] = hash as unknown as [number, number, number, number, number, number, number, number];
    for (let t = 0; t < 64; t++) {
      const sum1 = rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25);
      const choice = (e & f) ^ (~e & g);
      const t1 = (h + sum1 + choice + ROUND_CONSTANTS[t]! + w[t]!) >>> 0;
      const sum0 = rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22);
      const majority = (a & b) ^ (a & c) ^ (b & c);
      const t2 = (sum0 + majority) >>> 0;
      h = g;
      g = f;
      f = e;
      e = (d + t1) >>> 0;
      d = c;
      c = b;
      b = a;
      a = (t1 + t2) >>> 0;
    }
    [a, b, c, d, e, f, g, h].forEach((v, i) => (hash[i] = (hash[i]! + v) >>> 0));
  }
  return Array.from(hash, (word) => word.toString(16).padStart(8, '0')).join('');
}
