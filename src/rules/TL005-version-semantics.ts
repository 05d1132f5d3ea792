import { versionNotesOf } from '../dialects/version-notes.ts';
import type { RuleHit } from '../core/types.ts';
import type { Rule } from './rule.ts';

// The dialect knows which keys change meaning between releases of its framework; it attaches a note per key to the
// plan (or to the plan problem when the run length is unknown). This rule reports them. A note about how the releases'
// loaders read a value is TL004's. The cause is the repository (no version pinned), so the same note on many files is
// one finding: `groupsAcrossFiles` merges findings whose `data.cause` is equal, naming every file.
export const versionSemantics: Rule = {
  id: 'TL005',
  name: 'version-semantics',
  defaultSeverity: 'warning',
  summary: 'A key means different things in different versions of the framework; says which version was assumed and how to pin it.',
  groupsAcrossFiles: true,
  check({ head, planProblem, dialectId }) {
    const notes = [...versionNotesOf(head?.plan), ...versionNotesOf(planProblem)].filter((n) => n.cause !== 'loader');
    const settle = `frameworks: { ${dialectId ?? '<framework>'}: "<version>" }`;
    return notes.map((note): RuleHit => ({
      ...(note.at ? { at: note.at } : {}),
      message: note.message,
      data: { assumed: note.assumed, ...(note.data ?? {}), cause: `${dialectId}|${note.at?.key ?? ''}|${note.assumed}`, settle },
      ...(note.fix ? { fix: note.fix } : {}),
    }));
  },
};
