// The train part of a train/validation split, with each framework's own rounding.
import { formatNumber } from '../core/access.ts';

/**
 * datasets' Dataset.train_test_split(test_size=t): a float t gives ceil(t x n) test rows, an int t gives t; the train
 * split is the rest (huggingface/datasets src/datasets/arrow_dataset.py train_test_split, read @1435bdae; the same
 * arithmetic as sklearn's _validate_shuffle_split).
 */
export function hfTrainAfterSplit(n: number, testSize: number, isInt: boolean, name: string): { ok: true; train: number; how: string } | { ok: false; why: string } {
  const test = isInt ? testSize : Math.ceil(testSize * n);
  const train = n - test;
  if (train <= 0) return { ok: false, why: `${name} ${formatNumber(testSize)} of ${n} samples leaves no training samples (datasets' train_test_split raises)` };
  const testHow = isInt ? `${test} test` : `ceil(${formatNumber(testSize)} x ${n}) = ${test} test`;
  return { ok: true, train, how: `${name} ${formatNumber(testSize)} -> ${train} train (${n} - ${testHow})` };
}

/**
 * torch.utils.data.random_split with fractions: floor(n x f) per subset, then the remainder handed out one by one from the
 * first subset on (pytorch/pytorch torch/utils/data/dataset.py random_split, 2.x).
 */
export function torchRandomSplitFirst(n: number, fractions: readonly number[]): number {
  const lengths = fractions.map((f) => Math.floor(n * f));
  const remainder = n - lengths.reduce((a, b) => a + b, 0);
  for (let i = 0; i < remainder; i++) lengths[i % lengths.length]! += 1;
  return lengths[0]!;
}
