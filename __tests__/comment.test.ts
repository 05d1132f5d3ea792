// The PR comment's layout (docs/comment.md): the verdict line first, one summary table, findings first in each
// section as GitHub alerts, only changed rows shown, no section for an unchanged clean file; charts below 0 and for
// runs of different length; the size budget with a 1,000-config sweep, grouping, and no block ever cut.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { marked } from 'marked';
import { review, type ReviewInput } from '../src/pipeline/review.ts';
import { COMMENT_LIMIT, renderMarkdown } from '../src/render/markdown.ts';
import { chartFor } from '../src/render/file-chart.ts';

/** A nanotron pretraining config written for these tests; `over` replaces keys' values. */
function nanotron(over: Partial<Record<'warmup' | 'decayStart' | 'decaySteps' | 'trainSteps' | 'lr' | 'run', string | number>> = {}): string {
  const v = { warmup: 2000, decayStart: 500_000, decaySteps: 100_000, trainSteps: 600_000, lr: '3.0e-3', run: 'test-run', ...over };
  return `general:
  project: comment-tests
  run: ${v.run}
model:
  model_config:
    hidden_size: 576
optimizer:
  learning_rate_scheduler:
    learning_rate: ${v.lr}
    lr_warmup_steps: ${v.warmup}
    lr_warmup_style: linear
    lr_decay_style: 1-sqrt
    lr_decay_starting_step: ${v.decayStart}
    lr_decay_steps: ${v.decaySteps}
    min_decay_lr: 0
  optimizer_factory:
    name: adamW
tokens:
  train_steps: ${v.trainSteps}
  sequence_length: 2048
  micro_batch_size: 8
  batch_accumulation_per_replica: 4
`;
}

const pr = (path: string, base: string | null, head: string): ReviewInput => ({ path, text: head, baseText: base, explicit: true });
const lines = (md: string) => md.split('\n');

/** Every fence closed and every <details> closed, each before the next section starts. */
function assertWholeBlocks(md: string): void {
  const sections = md.split(/\n(?=### )/);
  for (const s of sections) {
    assert.equal((s.match(/^```/gm) ?? []).length % 2, 0, `a code fence is cut in:\n${s.slice(0, 300)}`);
    assert.equal((s.match(/<details>/g) ?? []).length, (s.match(/<\/details>/g) ?? []).length, `a <details> is cut in:\n${s.slice(0, 300)}`);
  }
}

test('the verdict line comes first and says what the error costs the run, in words', () => {
  const md = renderMarkdown(review([pr('config_smollm1_135M.yaml', nanotron(), nanotron({ warmup: 2500, decayStart: 250_000, decaySteps: 50_000 }))]));
  const [marker, blank, verdict] = lines(md);
  assert.equal(marker, '<!-- trainlint:comment -->');
  assert.equal(blank, '');
  assert.equal(verdict, '❌ **1 error**: `config_smollm1_135M.yaml` — LR reaches 0 at step 300,000 of 600,000 \\(50 % of the run learns nothing\\)');
});

test('a clean change says so in its first line', () => {
  const md = renderMarkdown(review([pr('a.yaml', nanotron(), nanotron({ run: 'renamed' }))]));
  assert.equal(lines(md)[2], '✅ **No errors or warnings** in 1 training config');
});

test('one summary table right after the verdict: a row per file, by severity, with the curve change and counts', () => {
  const md = renderMarkdown(review([
    pr('b/clean.yaml', nanotron(), nanotron({ run: 'other-name' })),
    pr('a/broken.yaml', nanotron(), nanotron({ decayStart: 250_000, decaySteps: 50_000 })),
    pr('c/longer-warmup.yaml', nanotron(), nanotron({ warmup: 3000 })),
  ]));
  const table = lines(md).slice(4, 9);
  assert.equal(table[0], '| | file | framework | curve | findings |');
  assert.match(table[2]!, /^\| ❌ \| `a\/broken\.yaml` \| nanotron \| decay end 600k → 300k, decay start 500k → 250k \| 1 error \|$/);
  // The warmup change is an info (TL202) the table already says: not counted again, its curve change is shown.
  assert.match(table[3]!, /^\| ✅ \| `c\/longer-warmup\.yaml` \| nanotron \| warmup 2k → 3k \| – \|$/);
  assert.match(table[4]!, /^\| ✅ \| `b\/clean\.yaml` \| nanotron \| unchanged \| – \|$/);
});

test('a section: findings first as a CAUTION alert, then the chart, then only the rows that changed; all rows folded', () => {
  const md = renderMarkdown(review([pr('a.yaml', nanotron(), nanotron({ decayStart: 250_000, decaySteps: 50_000 }))]));
  const section = md.slice(md.indexOf('### ❌ `a.yaml`'));
  const alert = section.indexOf('> [!CAUTION]\n> **error** [TL101 decay-ends-before-training]');
  const chart = section.indexOf('```text');
  const changedRows = section.indexOf('| | base | this PR |');
  const folded = section.indexOf('<details><summary>All resolved numbers</summary>');
  assert.ok(alert > 0 && alert < chart && chart < changedRows && changedRows < folded, section);
  const visible = section.slice(changedRows, folded);
  assert.match(visible, /\| decay start \|/);
  assert.match(visible, /\| steps at LR 0 \| 0 \| \*\*300000 \\\(50 %\\\)\*\* \|/);
  assert.ok(!visible.includes('| peak LR |'), 'an unchanged row is only in the folded table');
  assert.match(section.slice(folded), /\| peak LR \| 3e-3 \| 3e-3 \|/);
  // TL202 repeats the table: not shown as a finding.
  assert.ok(!md.includes('TL202'));
});

test('warnings are WARNING alerts, infos plain text (no quote), and an unchanged clean file gets no section', () => {
  const md = renderMarkdown(review([
    pr('warn.yaml', nanotron(), nanotron({ lr: '3.0e-2' })),
    pr('same.yaml', nanotron(), nanotron()),
  ]));
  assert.match(md, /^> \[!WARNING\]\n> \*\*warning\*\* \[TL201 peak-lr-changed\]/m);
  assert.ok(!/^> .*\*\*info\*\*/m.test(md), 'no info in a quote');
  assert.ok(md.includes('| ✅ | `same.yaml` | nanotron | unchanged | – |'));
  assert.ok(!md.includes('### ✅ `same.yaml`'));
  assert.ok(!md.includes('### ') || md.indexOf('### ⚠️ `warn.yaml`') > 0);
});

test('an LR below zero: drawn under a labelled 0 line and counted as steps at LR ≤ 0', () => {
  const toml = `[job]\ndescription = "negative LR test"\n[model]\nname = "llama3"\nflavor = "8B"\n[optimizer]\nname = "AdamW"\nlr = 3e-4\n[lr_scheduler]\nwarmup_steps = 100\ntotal_steps = 2000\ndecay_type = "linear"\n[training]\nsteps = 3000\n`;
  const report = review([{ path: 'train.toml', text: toml, explicit: true }]);
  const file = report.files[0]!;
  assert.equal(file.status, 'reviewed', JSON.stringify(report.findings));
  const chart = chartFor(file, { head: 'this PR', base: 'base' })!;
  const plot = chart.split('\n').filter((l) => /[┤┼]/.test(l));
  const zero = plot.findIndex((l) => /^ *0 ┼/.test(l));
  assert.ok(zero > 0 && zero < plot.length - 1, chart);
  assert.match(plot[plot.length - 1]!, /^ *-1\.\d+e-4 ┤.*█/, 'the lowest row is labelled with the negative LR and drawn');
  assert.ok(plot.slice(zero + 1).some((l) => l.includes('█')), 'the curve goes under the 0 line');
  assert.match(chart, /1000 steps at LR ≤ 0 \(33\.3 % of the run\)/);
  const md = renderMarkdown(report);
  assert.match(md, /\| steps at LR ≤ 0 \| \*\*1000 \\\(33\.3 %\\\), 999 of them below 0\*\* \|/);
});

test('runs that differ in length by more than 2x get a chart each, with its own x axis and one LR scale', () => {
  const base = nanotron({ warmup: 100, decayStart: 1000, decaySteps: 500, trainSteps: 1500 });
  const head = nanotron({ warmup: 4, decayStart: 20, decaySteps: 20, trainSteps: 40 });
  const file = review([pr('short.yaml', base, head)]).files[0]!;
  const chart = chartFor(file, { head: 'this PR', base: 'base' })!;
  const [baseChart, headChart] = chart.split('\n\n');
  assert.match(baseChart!, /^base \(1\.5k steps\):/);
  assert.match(headChart!, /^this PR \(40 steps\):/);
  assert.match(baseChart!, /\n +0 +750 +1\.5k\n/);
  assert.match(headChart!, /\n +0 +20 +40\n/);
  // The PR's curve spans its chart's width: at least 30 of 64 columns drawn on the top row.
  const top = headChart!.split('\n').find((l) => l.includes('┤'))!;
  assert.ok((top.match(/█/g) ?? []).length >= 10, top);
  assert.match(top, /^ *3e-3 ┤/, 'the same LR scale as the base');
  const md = renderMarkdown(review([pr('short.yaml', base, head)]));
  assert.match(md, /_The runs differ in length \(1\.5k → 40 steps\), so each has its own chart and x axis/);
});

test('a peak LR change of 10x or more gets a chart and LR scale each', () => {
  const file = review([pr('lr.yaml', nanotron(), nanotron({ lr: '3.0e-4' }))]).files[0]!;
  const chart = chartFor(file, { head: 'this PR', base: 'base' })!;
  assert.match(chart, /^base \(600k steps\):\n *3e-3 ┤/);
  assert.match(chart, /\n\nthis PR \(600k steps\):\n *3e-4 ┤/);
});

test('the base curve stays a visible line where it overlaps nothing', () => {
  const file = review([pr('a.yaml', nanotron(), nanotron({ decayStart: 250_000, decaySteps: 50_000 }))]).files[0]!;
  const chart = chartFor(file, { head: 'this PR', base: 'base' })!;
  const top = chart.split('\n')[0]!;
  // From 300k to 500k only the base is at the peak: a run of shade cells, not dots.
  assert.match(top, /░{15,}/);
  assert.ok(!chart.includes('·'));
});

test('a 1,000-config sweep of identical configs is one group in one row, under the size limit', () => {
  const inputs = Array.from({ length: 1000 }, (_, i) => pr(`configs/sweep/lr_${String(i).padStart(4, '0')}.yaml`, null, nanotron({ decayStart: 250_000, decaySteps: 50_000, run: `sweep-${i}` })));
  const md = renderMarkdown(review(inputs));
  assert.ok(md.length <= COMMENT_LIMIT, `${md.length}`);
  assertWholeBlocks(md);
  assert.match(lines(md)[2]!, /^❌ \*\*1000 errors\*\*: `configs\/sweep\/lr_0000\.yaml` — LR reaches 0 at step 300,000 of 600,000 .* \(and 999 more errors in 999 other files\)$/);
  assert.match(md, /^\| ❌ \| 1000 files: `configs\/sweep\/lr_\*\.yaml` \| nanotron \| new: 600k steps, peak 3e-3 \| 1 error each \|$/m);
  assert.equal((md.match(/^### /gm) ?? []).length, 1);
  assert.match(md, /### ❌ 1000 files: `configs\/sweep\/lr_\*\.yaml`/);
});

test('1,000 configs that all differ: under the limit, most severe first, the rest left out whole and said where', () => {
  const inputs = Array.from({ length: 1000 }, (_, i) => {
    // Every config its own run length: no two findings alike. Every third one ends its decay early (an error).
    const train = 600_000 + i;
    const early = i % 3 === 0;
    return pr(`configs/run_${String(i).padStart(4, '0')}.yaml`, nanotron(), nanotron({ trainSteps: train, decayStart: early ? 250_000 : train - 100_000, decaySteps: early ? 50_000 : 100_000 }));
  });
  const md = renderMarkdown(review(inputs), { fullReportUrl: 'https://github.com/o/r/actions/runs/1', fullReportHint: 'the job summary' });
  assert.ok(md.length <= COMMENT_LIMIT, `${md.length}`);
  assertWholeBlocks(md);
  const headings = md.match(/^### \S+/gm) ?? [];
  assert.ok(headings.length > 5, `${headings.length} sections`);
  const firstClean = headings.findIndex((h) => !h.includes('❌'));
  if (firstClean >= 0) assert.ok(headings.slice(firstClean).every((h) => !h.includes('❌')), 'errors before anything else');
  assert.match(md, /_Shortened to fit GitHub's comment size limit: left out .*; the full report is in \[the job summary\]\(https:\/\/github\.com\/o\/r\/actions\/runs\/1\)\._/);
  // The table stops at a row boundary and says how many files it left out.
  assert.match(md, /left out \d+ files from the table/);
});

test('a small limit still gives whole blocks and the errors first (job summary and comment share the renderer)', () => {
  const inputs = Array.from({ length: 40 }, (_, i) => pr(`c/${i}.yaml`, nanotron(), nanotron({ trainSteps: 600_000 + i, decayStart: 250_000 + i, decaySteps: 50_000 })));
  for (const limit of [4000, 8000, 20_000]) {
    const md = renderMarkdown(review(inputs), { limit });
    assert.ok(md.length <= limit, `${md.length} > ${limit}`);
    assertWholeBlocks(md);
  }
});

test('config text stays escaped in the table, the headings and the verdict', () => {
  const path = 'configs/<img src=x>@team|#1.yaml';
  const md = renderMarkdown(review([pr(path, nanotron(), nanotron({ decayStart: 250_000, decaySteps: 50_000 }))]));
  const html = marked.parse(md, { gfm: true, async: false });
  assert.ok(!/<img/i.test(html), 'no HTML element from a path');
  assert.ok(html.includes('&lt;img src=x&gt;'), 'the path is shown as text');
  const row = lines(md).find((l) => l.startsWith('| ❌ |'))!;
  assert.equal(row.split(/(?<!\\)\|/).length, 7, `the path's | does not add a cell: ${row}`);
});
