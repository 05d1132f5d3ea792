import { versionNotesOf } from '../dialects/version-notes.ts';
import type { RuleHit } from '../core/types.ts';
import type { Rule } from './rule.ts';

// The dialect knows which keys change meaning between releases of its framework; it attaches a note per key to the
// plan (or to the plan problem when the run length is unknown). This rule reports them.
export const versionSemantics: Rule = {
  id: 'TL005',
  name: 'version-semantics',
  defaultSeverity: 'warning',
  summary: 'A key means different things in different versions of the framework; says which version was assumed and how to pin it.',
  check({ head, planProblem }) {
    const notes = [...versionNotesOf(head?.plan), ...versionNotesOf(planProblem)];
    return notes.map((note): RuleHit => ({
      ...(note.at ? { at: note.at } : {}),
      message: note.message,
      data: { assumed: note.assumed, ...(note.data ?? {}) },
      ...(note.fix ? { fix: note.fix } : {}),
    }));
  },
};
