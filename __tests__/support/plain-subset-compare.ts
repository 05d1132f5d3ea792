// Holds the direct readers (src/core/yaml-plain-subset.ts for YAML, src/core/json-direct.ts for JSON) to the full
// reader over the `yaml` package: for a text a direct reader takes, everything a review reads of the document must be
// the same.
import assert from 'node:assert/strict';
import { parseText } from '../../src/core/parse.ts';
import { toParsedDoc, readWithYamlPackage } from '../../src/core/parse-yaml.ts';
import type { NodeInfo } from '../../src/core/document.ts';
import { readPlainSubset } from '../../src/core/yaml-plain-subset.ts';
import { readJsonDirect } from '../../src/core/json-direct.ts';

/** Why the two readings of a YAML `text` differ, or null when they agree (or the subset reader left the text to the other). */
export function plainSubsetDifference(text: string): { taken: boolean; difference: string | null } {
  return directDifference(text, 'yaml');
}

/** The same for a JSON text (strict JSON, as parse.ts hands it on). */
export function jsonDirectDifference(text: string): { taken: boolean; difference: string | null } {
  return directDifference(text, 'json');
}

function directDifference(text: string, format: 'yaml' | 'json'): { taken: boolean; difference: string | null } {
  const taken = format === 'yaml' ? plainSubsetTaken(text) : readJsonDirect(text, () => ({ line: 1, column: 1, endLine: 1, endColumn: 1 })) !== null;
  if (!taken) return { taken, difference: null };
  const fast = toParsedDoc(text, format);
  const full = readWithYamlPackage(text, format);
  if (!fast.ok) return { taken, difference: `the subset reader's document fails: ${fast.problem.message}` };
  if (!full.ok) return { taken, difference: `the full reader fails: ${full.problem.message} (line ${full.problem.line})` };
  const a = fast.doc;
  const b = full.doc;
  if (b.pyyamlRefusal || b.pyyamlUnsafeRefusal) return { taken, difference: `PyYAML refuses the text: ${b.pyyamlRefusal?.message ?? b.pyyamlUnsafeRefusal?.message}` };
  if (b.duplicateKeys.length) return { taken, difference: `duplicate keys ${b.duplicateKeys.join(', ')}` };
  if (a.lineCount !== b.lineCount) return { taken, difference: `line count ${a.lineCount} vs ${b.lineCount}` };
  const data = dataDifference(a.data, b.data, '');
  if (data) return { taken, difference: data };
  const ka = [...a.nodes.keys()];
  const kb = [...b.nodes.keys()];
  if (ka.join('\n') !== kb.join('\n')) return { taken, difference: `pointers differ: ${ka.slice(0, 20).join(' ')} vs ${kb.slice(0, 20).join(' ')}` };
  for (const pointer of ka) {
    const d = nodeDifference(a.nodes.get(pointer)!, b.nodes.get(pointer)!);
    if (d) return { taken, difference: `${pointer || '(root)'}: ${d}` };
  }
  return { taken, difference: null };
}

function nodeDifference(a: NodeInfo, b: NodeInfo): string | null {
  const show = (n: NodeInfo) => JSON.stringify({ key: n.keySpan, value: n.valueSpan, scalar: n.scalar, hasScalar: 'scalar' in n });
  const sa = show(a);
  const sb = show(b);
  return sa === sb ? null : `${sa} vs ${sb}`;
}

function dataDifference(a: unknown, b: unknown, at: string): string | null {
  if (typeof a !== typeof b || Array.isArray(a) !== Array.isArray(b) || (a === null) !== (b === null)) return `${at}: ${String(a)} vs ${String(b)}`;
  if (typeof a !== 'object' || a === null) return Object.is(a, b) ? null : `${at}: ${String(a)} vs ${String(b)}`;
  const ea = Object.entries(a as object);
  const eb = Object.entries(b as object);
  if (ea.map(([k]) => k).join('\0') !== eb.map(([k]) => k).join('\0')) return `${at}: keys ${ea.map(([k]) => k).join(',')} vs ${eb.map(([k]) => k).join(',')}`;
  for (let i = 0; i < ea.length; i++) {
    const d = dataDifference(ea[i]![1], eb[i]![1], `${at}/${ea[i]![0]}`);
    if (d) return d;
  }
  return null;
}

/** Whether the plain-subset reader reads `text` itself (else parse-yaml.ts reads it through the `yaml` package). */
export function plainSubsetTaken(text: string): boolean {
  return readPlainSubset(text, () => ({ line: 1, column: 1, endLine: 1, endColumn: 1 })) !== null;
}

/** For the fuzzers: a YAML or JSON text that passes parse.ts's guards reads the same by the direct and the full reader. */
export function assertDirectReaderAgrees(text: string, format: 'yaml' | 'json'): void {
  const parsed = parseText(text, format);
  if (!parsed.ok && (parsed.problem.kind === 'unsafe' || format === 'json')) return; // refused before either reader sees it
  // As parse.ts hands the text on: for YAML, a leading BOM dropped and a lone CR made LF.
  const body = format === 'yaml' ? text.replace(/^\ufeff/, '').replace(/\r(?!\n)/g, '\n') : text;
  const { difference } = directDifference(body, format);
  assert.equal(difference, null, `the direct ${format === 'yaml' ? 'plain-style YAML' : 'JSON'} reader and the full reader agree`);
}
