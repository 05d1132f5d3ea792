// The action's `baseline` input: the baseline file of the checkout (as the CLI reads it) holds back the findings it
// records; they are listed in the job summary as existing and do not count toward fail-on. Read from the checkout
// only: under pull_request_target without a checkout there is none, and every finding counts.
import * as core from '@actions/core';
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { applyBaseline, DEFAULT_BASELINE_FILE, describeBaseline, parseBaseline } from '../core/baseline.ts';
import type { Report } from '../core/report.ts';

export function applyActionBaseline(report: Report, workspace: string, notices: string[]): Report {
  const input = core.getInput('baseline').trim();
  const path = input || DEFAULT_BASELINE_FILE;
  const file = resolve(workspace, path);
  if (!existsSync(file)) {
    if (input) throw new Error(`input baseline: ${path} not found in the checkout (write it with \`trainlint --write-baseline ${path}\`)`);
    return report;
  }
  const outcome = applyBaseline(report, parseBaseline(readFileSync(file, 'utf8'), path), path);
  const text = describeBaseline(outcome);
  core.info(`trainlint: ${text}`);
  notices.push(text.split('\n')[0]!);
  return outcome.report;
}
