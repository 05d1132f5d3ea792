import { pointerToKey } from '../core/parse.ts';
import { versionNotesOf } from '../dialects/version-notes.ts';
import { portableFloat, typeName } from '../core/loaders.ts';
import type { RuleHit } from '../core/types.ts';
import { fileOrigin } from './origin.ts';
import type { Rule } from './rule.ts';

export const loaderMismatch: Rule = {
  id: 'TL004',
  name: 'loader-mismatch',
  defaultSeverity: 'error',
  summary: "The framework's own loader reads a value as a different type than it appears to be.",
  check(context) {
    const model = context.loader;
    if (!model) return [];
    const hits: RuleHit[] = [];
    // Values that only some releases of the framework misread (their loaders differ): a warning, with the dialect's words.
    for (const note of [...versionNotesOf(context.head?.plan), ...versionNotesOf(context.planProblem)]) {
      if (note.cause !== 'loader') continue;
      hits.push({ ...(note.at ? { at: note.at } : {}), message: note.message, data: { assumed: note.assumed, ...(note.data ?? {}) }, ...(note.fix ? { fix: note.fix } : {}), severity: 'warning' });
    }
    for (const diff of context.loaderDifferences) {
      const info = context.doc?.nodes.get(diff.pointer);
      const span = info?.keySpan ?? info?.valueSpan;
      const at = span ? { key: pointerToKey(diff.pointer), pointer: diff.pointer, span } : fileOrigin();
      const seen = `${typeName(diff.frameworkReads)} ${JSON.stringify(diff.frameworkReads)}`;
      if (typeof diff.looksLike === 'number' && typeof diff.frameworkReads === 'string') {
        // A number the framework's YAML loader leaves as a string: harmful only where its config layer does not convert it.
        if (model.stringForNumber === 'converted') continue;
        const fixed = portableFloat(diff.looksLike);
        const consequence =
          model.stringForNumber === 'fails'
            ? 'its typed config refuses a string here, so the run fails at launch'
            : 'the string is passed on unconverted and breaks (or silently misbehaves) where the number is used';
        hits.push({
          at,
          message: `\`${at.key}: ${diff.written}\` looks like the number ${diff.looksLike}, but ${context.dialectId}'s loader (${model.citation}) reads it as the ${seen}: YAML 1.1 floats need a dot and a signed exponent; ${consequence}.`,
          data: { key: at.key, written: diff.written, frameworkType: typeName(diff.frameworkReads) },
          // A value past the float range (1e400) has no spelling that makes it a usable number: no fix to offer.
          ...(Number.isFinite(diff.looksLike) ? { fix: { description: `Write \`${fixed}\`.`, edits: [{ at, value: fixed }] } } : {}),
        });
      } else {
        hits.push({
          at,
          message: `\`${at.key}: ${diff.written}\` reads as ${typeName(diff.looksLike)} ${JSON.stringify(diff.looksLike)} in YAML 1.2, but ${context.dialectId}'s loader (${model.citation}) reads it as ${seen}.`,
          data: { key: at.key, written: diff.written, frameworkType: typeName(diff.frameworkReads) },
          fix: { description: `Quote it (\`"${diff.written}"\`) if you mean the text, or write the ${typeName(diff.frameworkReads)} explicitly.`, edits: [] },
          severity: 'warning',
        });
      }
    }
    return hits;
  },
};
