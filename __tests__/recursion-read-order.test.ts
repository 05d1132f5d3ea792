// The torch recursions (CosineRecursion, ChainRecursion) remember their last read so that reading every step in order
// does not walk again from the checkpoint: whatever the order of reads, each LR must be bit for bit the one a fresh
// recursion gives for that step alone.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CosineRecursion, cosineClosedForm, RECURSION_LIMIT } from '../src/schedules/torch.ts';
import { ChainRecursion, linearChain, multiStepChain, polynomialChain, stepChain } from '../src/schedules/torch-chainable.ts';

interface Reader {
  at(t: number): number;
}

/** Steps read in order, backwards, jumping across checkpoint blocks, fractional and repeated. */
function readOrders(n: number): number[][] {
  const forward = Array.from({ length: n }, (_, k) => k);
  const jumps = [5, 3, 200, 64, 63, 65, 128, 127, 0, 1, 300, 299, 299, 17.5, 17, 18, 130.25, 131, 129];
  return [forward, [...forward].reverse(), jumps, [...jumps, ...forward.filter((k) => k % 7 === 3)]];
}

function sameAsFresh(make: () => Reader, n: number): void {
  for (const order of readOrders(n)) {
    const shared = make();
    for (const t of order) assert.ok(Object.is(shared.at(t), make().at(t)), `step ${t}`);
  }
}

test('CosineRecursion: any read order gives the LR a fresh recursion gives', () => {
  sameAsFresh(() => new CosineRecursion(3e-4, 1e-5, 97, 3e-4), 400);
  sameAsFresh(() => new CosineRecursion(1e-3, 0, 50, cosineClosedForm(1e-3, 0, 50, 0)), 400);
});

test('ChainRecursion: any read order gives the LR a fresh recursion gives', () => {
  sameAsFresh(() => new ChainRecursion(linearChain(1e-3, 0.1, 1, 150)), 400);
  sameAsFresh(() => new ChainRecursion(polynomialChain(2e-4, 250, 2)), 400);
  sameAsFresh(() => new ChainRecursion(stepChain(1e-2, 30, 0.5)), 400);
  sameAsFresh(() => new ChainRecursion(multiStepChain(1e-2, [10, 64, 64, 130], 0.1)), 400);
});

test('a read past RECURSION_LIMIT (closed form) does not disturb the next read in order', () => {
  const shared = new CosineRecursion(3e-4, 0, 1000, 3e-4);
  shared.at(100);
  shared.at(RECURSION_LIMIT + 5);
  assert.ok(Object.is(shared.at(101), new CosineRecursion(3e-4, 0, 1000, 3e-4).at(101)));
});
