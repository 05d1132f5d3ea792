// SARIF 2.1.0 for GitHub code scanning: one run, every rule with its docs link, results with locations.
import type { Report } from '../core/report.ts';
import { RULES } from '../rules/index.ts';
import { DOCS_BASE, docsUrl } from '../rules/rule.ts';

const LEVEL = { error: 'error', warning: 'warning', info: 'note' } as const;

export function renderSarif(report: Report): string {
  const sarif = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'trainlint',
            version: report.tool.version,
            informationUri: `${DOCS_BASE}/README.md`,
            rules: RULES.map((r) => ({
              id: r.id,
              name: r.name,
              shortDescription: { text: r.summary },
              helpUri: docsUrl(r),
              defaultConfiguration: { level: LEVEL[r.defaultSeverity] },
            })),
          },
        },
        results: report.findings.map((f) => ({
          ruleId: f.ruleId,
          level: LEVEL[f.severity],
          message: { text: f.fix ? `${f.message} Fix: ${f.fix.description}` : f.message },
          locations: [
            {
              physicalLocation: {
                artifactLocation: { uri: f.path },
                region: { startLine: f.line, startColumn: f.column, ...(f.endLine ? { endLine: f.endLine } : {}), ...(f.endColumn ? { endColumn: f.endColumn } : {}) },
              },
            },
          ],
          partialFingerprints: { trainlint: f.fingerprint },
        })),
      },
    ],
  };
  return JSON.stringify(sarif, null, 2);
}
