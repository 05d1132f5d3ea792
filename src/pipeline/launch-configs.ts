// A README or a notebook lists many commands: each launch a dialect claims is reviewed on its own, named by the line it
// starts on (`line 42`), as a file of several configs is (Dialect.configsOf). Launches no dialect claims are not
// reviewed, and a file with none of them is `unknown-dialect` (discovery says nothing about it). A launch the dialect
// reads as several configs (verl's actor and critic) gives one review each, `line 42::critic`.
import type { ParsedDoc } from '../core/parse.ts';
import { focusLaunch } from '../core/parse-shell.ts';
import type { ConfigsContext, Dialect } from '../core/plan.ts';

export interface LaunchConfig {
  name: string;
  doc: ParsedDoc;
  dialect: Dialect | null;
}

/** One document per claimed launch (the dialect's focus applied); one entry without a dialect when none is claimed. */
export function launchConfigs(doc: ParsedDoc, detect: (doc: ParsedDoc) => Dialect | null, context?: ConfigsContext): LaunchConfig[] {
  const out: LaunchConfig[] = [];
  const seen = new Set<string>();
  for (const each of doc.shellLaunches ?? []) {
    // Reviewed on its own, the launch is the file's only one (no "the first of N is reviewed" assumption).
    const launch = { ...each, launch: { ...each.launch, launches: 1 } };
    const line = launch.launch.line;
    // The document as if this were its only launch: each dialect's detect and focus then see this one.
    const alone: ParsedDoc = { ...focusLaunch(doc, launch), shellLaunches: [launch] };
    // A finding about the launch as a whole points at its first line.
    const at = { line, column: 1, endLine: line, endColumn: 1 };
    alone.nodes = new Map(alone.nodes);
    alone.nodes.set('', { keySpan: at, valueSpan: at });
    const dialect = detect(alone);
    if (!dialect) continue;
    let name = `line ${line}`;
    for (let n = 2; seen.has(name); n++) name = `line ${line} (${n})`;
    seen.add(name);
    const focused = dialect.focus?.(alone) ?? alone;
    const configs = dialect.configsOf?.(focused, context);
    if (configs?.length) out.push(...configs.map((c) => ({ name: `${name}::${c.name}`, doc: c.doc, dialect })));
    else out.push({ name, doc: focused, dialect });
  }
  return out.length ? out : [{ name: '', doc, dialect: null }];
}
