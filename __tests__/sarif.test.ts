// SARIF for code scanning: valid against the OASIS SARIF 2.1.0 schema (vendored from a package: __tests__/data/README.md),
// per-rule help from docs/rules, paths relative to the repository root under %SRCROOT%, partialFingerprints equal to
// the report's fingerprints, and fixes as line replacements that give the fixed line.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { Ajv } from 'ajv';
import AjvDraft04 from 'ajv-draft-04';
import { run } from '../src/cli/main.ts';
import { RULES } from '../src/rules/index.ts';
import { FINGERPRINT_KEY, SRCROOT } from '../src/render/sarif.ts';
import { REPO_ROOT } from './support/shared-data.ts';

interface Replacement {
  deletedRegion: { startLine: number; startColumn: number; endLine: number; endColumn: number };
  insertedContent: { text: string };
}
interface SarifResult {
  ruleId: string;
  ruleIndex?: number;
  locations: Array<{ physicalLocation: { artifactLocation: { uri: string; uriBaseId?: string }; region: { startLine: number } } }>;
  partialFingerprints: Record<string, string>;
  fixes?: Array<{ description: { text: string }; artifactChanges: Array<{ artifactLocation: { uri: string; uriBaseId?: string }; replacements: Replacement[] }> }>;
}
interface SarifLog {
  runs: Array<{ tool: { driver: { rules: Array<{ id: string; help?: { text: string; markdown: string } }> } }; results: SarifResult[] }>;
}

function cli(args: string[], cwd: string): { status: number; stdout: string } {
  let stdout = '';
  const status = run(args, { cwd, isTty: false, env: {}, stdout: (t) => (stdout += t), stderr: () => {} });
  return { status, stdout };
}

const schema = JSON.parse(readFileSync(join(import.meta.dirname, 'data', 'sarif-2.1.0-rtm.5.json'), 'utf8')) as object;
// unicodeRegExp off: the schema's `language` pattern has a stray `]`, which is invalid under the u flag.
// The formats the schema names, checked as RFC 3986 (absolute URI, or a reference without spaces) and ISO dates.
const formats = {
  uri: /^[a-z][a-z0-9+.-]*:[^\s]*$/i,
  'uri-reference': /^[^\s]*$/,
  'date-time': (s: string) => !Number.isNaN(Date.parse(s)),
};
const validateSarif = new (AjvDraft04 as unknown as typeof Ajv)({ allErrors: true, strict: false, unicodeRegExp: false, formats }).compile(schema);

// Run from examples/, as a user in a subfolder would: paths must still be relative to the repository root.
const examples = join(REPO_ROOT, 'examples');
const sarifText = cli(['check', '.', '--format', 'sarif', '--fail-on', 'never'], examples).stdout;
const sarif = JSON.parse(sarifText) as SarifLog;
const jsonReport = JSON.parse(cli(['check', '.', '--format', 'json', '--fail-on', 'never'], examples).stdout) as { findings: Array<{ path: string; line: number; ruleId: string; fingerprint: string; fix?: { edits: unknown[] } }> };

describe('SARIF output', () => {
  test('is valid SARIF 2.1.0 (the OASIS schema)', () => {
    const ok = validateSarif(sarif);
    assert.ok(ok, JSON.stringify(validateSarif.errors?.slice(0, 5), null, 2));
    assert.ok(sarif.runs[0]!.results.length >= 5, 'the examples have findings');
    // The validator does refuse what SARIF refuses.
    const broken = JSON.parse(sarifText) as { runs: Array<{ results: Array<Record<string, unknown>> }> };
    broken.runs[0]!.results[0]!.level = 'fatal';
    assert.equal(validateSarif(broken), false);
  });

  test('every rule carries its docs page as help (markdown as written, text without markup)', () => {
    const rules = sarif.runs[0]!.tool.driver.rules;
    assert.deepEqual(rules.map((r) => r.id), RULES.map((r) => r.id));
    for (const rule of RULES) {
      const entry = rules.find((r) => r.id === rule.id)!;
      const page = readFileSync(join(REPO_ROOT, 'docs', 'rules', `${rule.id}-${rule.name}.md`), 'utf8');
      assert.equal(entry.help?.markdown, page.trim(), rule.id);
      assert.ok(entry.help?.text.startsWith(`${rule.id} ${rule.name}`), `${rule.id}: ${entry.help?.text.slice(0, 80)}`);
      assert.ok(!/^#/m.test(entry.help?.text ?? ''), `${rule.id}: text help keeps markdown headings`);
    }
  });

  test('locations are relative to the repository root under %SRCROOT%, with the report\'s fingerprints', () => {
    const results = sarif.runs[0]!.results;
    assert.equal(results.length, jsonReport.findings.length);
    for (const [i, r] of results.entries()) {
      const f = jsonReport.findings[i]!;
      const location = r.locations[0]!.physicalLocation;
      assert.equal(location.artifactLocation.uriBaseId, SRCROOT);
      assert.equal(location.artifactLocation.uri, `examples/${f.path}`);
      assert.equal(location.region.startLine, f.line);
      assert.equal(r.partialFingerprints[FINGERPRINT_KEY], f.fingerprint);
      assert.equal(r.ruleId, f.ruleId);
      assert.equal(r.ruleIndex, RULES.findIndex((rule) => rule.id === f.ruleId));
    }
  });

  test('fixes replace the whole line with the fixed one', () => {
    const withFixes = sarif.runs[0]!.results.filter((r) => r.fixes);
    assert.ok(withFixes.length >= 3, `only ${withFixes.length} results have fixes`);
    for (const r of withFixes) {
      for (const change of r.fixes![0]!.artifactChanges) {
        assert.equal(change.artifactLocation.uriBaseId, SRCROOT);
        const lines = readFileSync(join(REPO_ROOT, change.artifactLocation.uri), 'utf8').split(/\r\n|\r|\n/);
        for (const { deletedRegion, insertedContent } of change.replacements) {
          const old = lines[deletedRegion.startLine - 1]!;
          assert.equal(deletedRegion.endLine, deletedRegion.startLine);
          assert.equal(deletedRegion.startColumn, 1);
          assert.equal(deletedRegion.endColumn, old.length + 1, 'the whole line');
          assert.notEqual(insertedContent.text, old, `${r.ruleId}: the fix changes the line`);
          assert.equal(insertedContent.text.search(/\S/), old.search(/\S/), 'indentation kept');
        }
      }
    }
  });

  test('the nanotron example\'s TL101 fix sets lr_decay_steps on its line', () => {
    const r = sarif.runs[0]!.results.find((x) => x.ruleId === 'TL101' && x.locations[0]!.physicalLocation.artifactLocation.uri.endsWith('pretrain-135m-decay-too-early.yaml'));
    assert.ok(r?.fixes, JSON.stringify(r));
    const replacement = r.fixes[0]!.artifactChanges[0]!.replacements[0]!;
    assert.match(replacement.insertedContent.text, /^\s+lr_decay_steps: 350000$/);
  });
});
