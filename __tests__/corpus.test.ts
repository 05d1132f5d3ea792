// Real training configs from public repos (corpus/README.md, MANIFEST.tsv). Every listed file must be
// reviewed without a crash; files of frameworks trainlint has a dialect for must be detected as it, known-bad
// schedules must be caught by an LR-consistency rule (TL1xx), and configs believed good must get no errors.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { findDialect } from '../src/dialects/index.ts';
import type { Report } from '../src/core/report.ts';
import { review } from '../src/pipeline/review.ts';
import type { Finding } from '../src/core/types.ts';
import { RULES } from '../src/rules/index.ts';
import { readManifest, sharedFolder, type ManifestRow } from './support/shared-data.ts';

/**
 * Corpus framework -> dialect id. A framework whose name is a dialect id is covered without an entry;
 * add one where the names differ (e.g. `hf-trainer` once a TrainingArguments dialect exists).
 */
const CORPUS_DIALECTS: Record<string, string | readonly string[]> = {
  nanotron: 'nanotron',
  olmo: 'olmo',
  // TrainingArguments-style configs: plain TRL / alignment-handbook recipes, axolotl and LLaMA-Factory.
  'hf-trainer': ['hf-trainer', 'axolotl', 'llama-factory'],
};

/** The dialect ids a corpus folder's files may be detected as (those registered), or undefined when none is. */
function dialectFor(framework: string): readonly string[] | undefined {
  const entry = CORPUS_DIALECTS[framework] ?? framework;
  const ids = (typeof entry === 'string' ? [entry] : entry).filter((id) => findDialect(id));
  return ids.length ? ids : undefined;
}

/** LR-consistency rules: the TL1xx block. */
const isScheduleRule = (f: Finding) => /^TL1\d\d$/.test(f.ruleId);

function show(findings: readonly Finding[]): string {
  if (findings.length === 0) return '  (no findings)';
  return findings.map((f) => `  ${f.ruleId} ${f.rule} [${f.severity}] line ${f.line}: ${f.message}`).join('\n');
}

const folder = sharedFolder('TRAINLINT_CORPUS', '../shared/corpus');

if (!folder.ok) {
  test('corpus', { skip: `corpus not available: ${folder.reason}` }, () => {});
} else {
  const corpus = folder.path;
  const rows = readManifest(corpus);
  const withFile = rows.filter((r) => r.file !== '-' && r.file !== '');

  // One review per file, shared by the per-file tests and the per-rule counts.
  const reviews = new Map<ManifestRow, { report?: Report; error?: unknown }>();
  const reviewRow = (row: ManifestRow): { report?: Report; error?: unknown } => {
    let result = reviews.get(row);
    if (!result) {
      try {
        const text = readFileSync(join(corpus, row.file), 'utf8');
        result = { report: review([{ path: row.file, text, explicit: true }]) };
      } catch (error) {
        result = { error };
      }
      reviews.set(row, result);
    }
    return result;
  };

  /**
   * Rows whose `expect` the upstream code contradicts (MANIFEST notes are hand-written and "not authoritative").
   * Each correction states the fact; the row is then held to the corrected expectation, never skipped.
   */
  const MANIFEST_CORRECTIONS: Record<string, { expect: string; why: string }> = {
    'olmo/allenai__OLMo__configs__custom_dataset_example.yaml': {
      expect: 'bad:warmup-longer-than-training',
      why:
        'scheduler.t_warmup 1000 is in steps (units default `steps`, olmo/config.py @59a53e3f) and max_duration is 515 steps; ' +
        'CosWithWarmup takes the warmup branch while step < t_warmup (olmo/optim.py), so every update is in warmup and the LR ' +
        'peaks near 0.56 x learning_rate. The note only discusses grad_clip_warmup_steps.',
    },
  };

  /**
   * Rows whose schedule the file does not fix, so the right status is `not-simulated` (with the reason as its note),
   * not `reviewed`. Every other detected row must be reviewed.
   */
  const EXPECTED_NOT_SIMULATED: Record<string, RegExp> = {
    // DeepSpeed runs no scheduler without a scheduler block unless the training script passes one (engine.py
    // _configure_lr_scheduler @38327e07); drawing the optimizer's lr as constant would invent a schedule.
    'deepspeed/microsoft__DeepSpeedExamples__training__pipeline_parallelism__ds_config.json': /no scheduler block/,
    'deepspeed/microsoft__DeepSpeed__DeepSpeedExamples__bing_bert__deepspeed_bsz64k_lamb_config_seq128.json': /no scheduler block/,
    // The GRPO recipe builds its scheduler for epochs x len(dataloader): without the dataset's size there is no curve to draw.
    'torchtune/pytorch__torchtune__recipes__configs__dev__3B_full_grpo.yaml': /depends on the dataset's size/,
  };

  describe('corpus', () => {
    test('MANIFEST.tsv lists files', (t) => {
      assert.ok(withFile.length > 0, `no rows with a file in ${join(corpus, 'MANIFEST.tsv')}`);
      t.diagnostic(`${rows.length} rows, ${withFile.length} with a file, ${rows.length - withFile.length} without (file "-", skipped)`);
    });

    for (const row of withFile) {
      const dialect = dialectFor(row.framework);
      test(`${row.framework} [${row.expect}] ${row.file}`, () => {
        const { report, error } = reviewRow(row);
        if (error !== undefined) {
          const code = (error as NodeJS.ErrnoException).code;
          if (code === 'ENOENT') assert.fail(`${row.file} (MANIFEST.tsv line ${row.line}) is listed but missing from ${corpus}`);
          assert.fail(`${row.file}: review threw: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
        }
        assert.ok(report, `${row.file}: no report`);
        assert.equal(report.files.length, 1, `${row.file}: the report should describe exactly this file (explicit: true), got ${report.files.length}`);
        const file = report.files[0]!;
        const findings = report.findings.filter((f) => f.path === row.file);
        if (!dialect) return; // no dialect for this framework yet: no crash is all we can ask

        const context = `${row.file} (expect ${row.expect}; status ${file.status}${file.note ? `, note: ${file.note}` : ''})\nfindings:\n${show(findings)}`;
        // A robustness row (`unknown`) may be a file its framework itself cannot read (a JSON template with
        // placeholders): then nothing can be detected, and the right outcome is a located parse error.
        if (row.expect === 'unknown' && file.status === 'unparsed') {
          const parseError = findings.find((f) => f.ruleId === 'TL001');
          assert.ok(parseError && parseError.line >= 1, `${row.file}: unparsed without a located TL001: ${context}`);
          return;
        }
        assert.ok(file.dialect !== null && dialect.includes(file.dialect), `${row.file}: not detected as ${dialect.join(' or ')} (detected: ${file.dialect ?? 'none'}, status ${file.status}${file.note ? `: ${file.note}` : ''})`);
        const notSimulated = EXPECTED_NOT_SIMULATED[row.file];
        if (notSimulated) {
          assert.equal(file.status, 'not-simulated', `${row.file}: its schedule is set outside the file: ${context}`);
          assert.match(file.note ?? '', notSimulated, context);
          assert.equal(findings.filter((f) => f.severity === 'error').length, 0, context);
          return;
        }
        assert.equal(file.status, 'reviewed', `${row.file}: detected as ${dialect} but not reviewed: ${context}`);

        const correction = MANIFEST_CORRECTIONS[row.file];
        const expect = correction?.expect ?? row.expect;
        if (expect.startsWith('bad:')) {
          const caught = findings.filter((f) => isScheduleRule(f) && (f.severity === 'error' || f.severity === 'warning'));
          assert.ok(caught.length > 0, `${row.file} is a known-bad schedule (${row.expect}: ${row.note}) but no TL1xx error or warning was reported: ${context}`);
        } else if (expect === 'good') {
          const errors = findings.filter((f) => f.severity === 'error');
          assert.equal(errors.length, 0, `${row.file} is believed good (${row.note}) but got ${errors.length} error(s):\n${show(errors)}\nall findings:\n${show(findings)}`);
        }
        // `unknown`: dataset-dependent or robustness cases: detection and no crash only.
      });
    }

    test('per-rule finding counts across the corpus', (t) => {
      const counts = new Map<string, { error: number; warning: number; info: number; files: Set<string> }>();
      let reviewed = 0;
      const byStatus = new Map<string, number>();
      for (const row of withFile) {
        const { report } = reviewRow(row);
        if (!report) continue;
        reviewed++;
        for (const f of report.files) byStatus.set(`${f.dialect ?? 'no dialect'}/${f.status}`, (byStatus.get(`${f.dialect ?? 'no dialect'}/${f.status}`) ?? 0) + 1);
        for (const f of report.findings) {
          const entry = counts.get(f.ruleId) ?? { error: 0, warning: 0, info: 0, files: new Set<string>() };
          entry[f.severity]++;
          entry.files.add(f.path);
          counts.set(f.ruleId, entry);
        }
      }
      t.diagnostic(`${reviewed} of ${withFile.length} files reviewed without a crash; by dialect/status: ${[...byStatus].sort().map(([k, n]) => `${k} ${n}`).join(', ')}`);
      for (const rule of RULES) {
        const c = counts.get(rule.id);
        const total = c ? c.error + c.warning + c.info : 0;
        t.diagnostic(`${rule.id} ${rule.name}: ${total} finding(s)${c ? ` in ${c.files.size} file(s) (error ${c.error}, warning ${c.warning}, info ${c.info})` : ''}`);
      }
      for (const [id, c] of counts) if (!RULES.some((r) => r.id === id)) t.diagnostic(`${id} (not in RULES): ${c.error + c.warning + c.info} finding(s)`);
      assert.equal(reviewed, withFile.length, 'every listed file must produce a report');
    });
  });
}
