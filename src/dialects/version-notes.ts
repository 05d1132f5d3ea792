// Version notes: where a key means different things in different releases of a framework, the dialect that
// knows it attaches a note to its plan (or to the plan problem, when the run length is unknown) and TL005
// reports it.
import type { VersionNote } from '../core/plan.ts';

export type { VersionNote };

export function attachVersionNotes<T extends { versionNotes?: VersionNote[] }>(target: T, notes: readonly VersionNote[]): T {
  if (notes.length > 0) target.versionNotes = [...notes];
  return target;
}

export function versionNotesOf(source: { versionNotes?: VersionNote[] } | undefined): VersionNote[] {
  return source?.versionNotes ?? [];
}
