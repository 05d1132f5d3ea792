// GitHub workflow commands (`::error file=...::message`), for annotations without the action.
import type { Report } from '../core/report.ts';
import type { Finding } from '../core/types.ts';

const COMMAND = { error: 'error', warning: 'warning', info: 'notice' } as const;

// Workflow-command escaping, as @actions/core does it: data escapes % CR LF; properties also : and ,.
const escapeData = (s: string) => s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
const escapeProperty = (s: string) => escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');

export function workflowCommand(f: Finding): string {
  const props = [`file=${f.path}`, `line=${f.line}`, `col=${f.column}`];
  if (f.endLine) props.push(`endLine=${f.endLine}`);
  if (f.endColumn) props.push(`endColumn=${f.endColumn}`);
  props.push(`title=${f.ruleId} ${f.rule}`);
  const message = f.fix ? `${f.message}\nFix: ${f.fix.description}` : f.message;
  return `::${COMMAND[f.severity]} ${props.map((p) => { const i = p.indexOf('='); return `${p.slice(0, i)}=${escapeProperty(p.slice(i + 1))}`; }).join(',')}::${escapeData(message)}`;
}

export function renderWorkflowCommands(report: Report): string {
  return report.findings.map(workflowCommand).join('\n');
}
