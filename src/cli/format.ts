// The report in the format --format names.
import { jsonReportText, type Report } from '../core/report.ts';
import { renderMarkdown } from '../render/markdown.ts';
import { renderSarif } from '../render/sarif.ts';
import { renderText, type TextOptions } from '../render/text.ts';
import { renderWorkflowCommands } from '../render/workflow-commands.ts';
import { UsageError } from './command.ts';
import { DEFAULT_JSON_SAMPLES } from './help.ts';
import { readRuleDoc } from './rule-docs.ts';

export interface FormatOptions extends TextOptions {
  /** JSON: at most about this many sampled points per curve. */
  samples?: number;
}

export function format(report: Report, kind: string, options: FormatOptions | boolean): string {
  const opts: FormatOptions = typeof options === 'boolean' ? { color: options } : options;
  switch (kind) {
    case 'json':
      return jsonReportText(report, opts.samples ?? DEFAULT_JSON_SAMPLES);
    case 'markdown':
      return renderMarkdown(report);
    case 'sarif':
      return renderSarif(report, { ruleDoc: readRuleDoc });
    case 'github':
      return renderWorkflowCommands(report);
    case 'text':
      return renderText(report, opts);
    default:
      throw new UsageError(`--format ${kind}: expected text, json, markdown, sarif or github`);
  }
}
