// A review simulates each distinct schedule once (src/core/simulation-memo.ts): configs whose schedules are the same
// share one simulation, schedules that differ anywhere (even only inside a phase) never do, and the report is the
// same as reviewing every file alone.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { toJsonReport } from '../src/core/report.ts';
import { review } from '../src/pipeline/review.ts';
import { makeSchedule } from '../src/core/schedule.ts';
import { scheduleKey, SimulationMemo } from '../src/core/simulation-memo.ts';

/** A nanotron config written for this test; `comment` changes the text (and lines) but not the schedule. */
function nanotron(lr: number, steps: number, comment = ''): string {
  return `${comment}general:
  project: sweep
optimizer:
  learning_rate_scheduler:
    learning_rate: ${lr}
    lr_warmup_steps: ${steps / 100}
    lr_warmup_style: linear
    lr_decay_style: cosine
    lr_decay_starting_step: ${steps / 2}
    lr_decay_steps: ${steps / 2}
    min_decay_lr: 0
tokens:
  train_steps: ${steps}
`;
}

test('a sweep of 60 configs with 4 distinct schedules is simulated 4 times and gives the report of 60 separate reviews', () => {
  const schedules = [
    [0.001, 10_000],
    [0.002, 10_000],
    [0.001, 20_000],
    [0.002, 20_000],
  ] as const;
  const inputs = Array.from({ length: 60 }, (_, i) => {
    const [lr, steps] = schedules[i % 4]!;
    return { path: `sweep/run-${i}.yaml`, text: nanotron(lr, steps, `# seed ${i}\n${'# note\n'.repeat(i % 3)}`), explicit: true };
  });
  const memo = new SimulationMemo();
  const together = review(inputs, { memo });
  assert.equal(memo.size, 4);
  assert.ok(memo.hits >= 56, `${memo.hits} hits`);
  const alone = inputs.map((input) => toJsonReport(review([input])) as { files: unknown[]; findings: unknown[] });
  const json = toJsonReport(together) as { files: unknown[]; findings: unknown[] };
  const byPath = (a: { path: string }, b: { path: string }) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0);
  assert.deepEqual(json.files, alone.map((r) => r.files[0] as { path: string }).sort(byPath));
  assert.deepEqual(json.findings, alone.flatMap((r) => r.findings as Array<{ path: string }>).sort(byPath));
});

test('the key tells apart schedules with the same phases and boundaries whose formula differs inside a phase', () => {
  const phases = [
    { kind: 'warmup' as const, start: 0, end: 100, style: 'linear' },
    { kind: 'decay' as const, start: 100, end: 1000, style: 'polynomial' },
  ];
  const power = (p: number) =>
    makeSchedule({ totalSteps: 1000, peakLr: 1e-3, phases, lrAt: (k) => (k < 100 ? (1e-3 * k) / 100 : 1e-3 * (1 - (k - 100) / 900) ** p) });
  const plan = (p: number) => ({ dialect: 'deepspeed', semantics: 'test', schedule: power(p) });
  assert.notEqual(scheduleKey(plan(1)), scheduleKey(plan(2)));
  assert.equal(scheduleKey(plan(2)), scheduleKey(plan(2)), 'the same schedule built twice has the same key');
  assert.notEqual(scheduleKey(plan(1)), scheduleKey({ ...plan(1), semantics: 'other' }), 'another framework semantics is another key');
  const memo = new SimulationMemo();
  const linear = memo.simulate(plan(1));
  const square = memo.simulate(plan(2));
  assert.notDeepEqual(linear.samples, square.samples);
  assert.equal(memo.simulate(plan(1)), linear, 'the second simulation of a schedule is the first one');
  assert.equal(memo.size, 2);
});

test('the base and head of a compared file share one simulation when the schedule did not change', () => {
  const memo = new SimulationMemo();
  review([{ path: 'a.yaml', text: nanotron(0.001, 10_000, '# now\n'), baseText: nanotron(0.001, 10_000), explicit: true }], { memo });
  assert.equal(memo.size, 1);
});
