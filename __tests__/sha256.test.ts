// The fingerprints of findings (and the action's suggestion keys) are SHA-256 prefixes computed by src/core/sha256.ts;
// baselines and deduplication compare them across runs and versions, so they must equal node:crypto's digest exactly.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { sha256Hex } from '../src/core/sha256.ts';

const nodeSha256 = (text: string) => createHash('sha256').update(text).digest('hex');

test('sha256Hex gives the FIPS 180-4 test vectors', () => {
  assert.equal(sha256Hex(''), 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
  assert.equal(sha256Hex('abc'), 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  assert.equal(sha256Hex('abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq'), '248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1');
});

test('sha256Hex equals node:crypto on lengths around every block boundary', () => {
  for (let n = 0; n <= 200; n++) assert.equal(sha256Hex('x'.repeat(n)), nodeSha256('x'.repeat(n)), `length ${n}`);
});

test('sha256Hex equals node:crypto on any text, including non-ASCII and lone surrogates', () => {
  fc.assert(
    fc.property(fc.string({ unit: 'binary', maxLength: 300 }), (text) => sha256Hex(text) === nodeSha256(text)),
    { numRuns: 2000, seed: 17 },
  );
});
