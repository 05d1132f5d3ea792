// The GitHub Action. Until the action issue lands, it reviews the checked-out configs with the CLI
// engine and reports through annotations and the job summary.
import * as core from '@actions/core';
import { collectInputs, exitCodeFor, loadSettings, readInputs, VERSION } from '../cli/main.ts';
import { review } from '../core/review.ts';
import { renderMarkdown } from '../render/markdown.ts';
import { workflowCommand } from '../render/workflow-commands.ts';

export async function runAction(): Promise<number> {
  try {
    const cwd = process.env.GITHUB_WORKSPACE ?? process.cwd();
    const settings = loadSettings(core.getInput('config') || undefined, cwd);
    const failOn = (core.getInput('fail-on') || settings.failOn) as typeof settings.failOn;
    const paths = core.getMultilineInput('paths');
    const report = review(readInputs(collectInputs(paths, settings, cwd), undefined, cwd), { settings, toolVersion: VERSION });
    for (const f of report.findings) process.stdout.write(`${workflowCommand(f)}\n`);
    await core.summary.addRaw(renderMarkdown(report)).write();
    core.setOutput('errors', report.summary.errors);
    core.setOutput('warnings', report.summary.warnings);
    core.setOutput('files', report.summary.reviewed);
    if (exitCodeFor(report, failOn)) core.setFailed(`trainlint: ${report.summary.errors} error(s), ${report.summary.warnings} warning(s)`);
    return 0;
  } catch (err) {
    core.setFailed(`trainlint: ${err instanceof Error ? err.message : String(err)}`);
    return 1;
  }
}
