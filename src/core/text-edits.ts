// Applies a list of small text edits and maps offsets of the edited text back to the original, so that a
// reader run on the edited text still reports positions in the file as written.
import { LineCounter } from 'yaml';
import type { TextEdit } from './pyyaml-walk.ts';

export interface EditedText {
  text: string;
  /** Offset in the edited text -> offset in the original (inside an insertion: where the insertion sits). */
  toOriginal: (offset: number) => number;
}

/** Edits must not overlap; they are applied in offset order. */
export function applyEdits(original: string, edits: readonly TextEdit[]): EditedText {
  const sorted = [...edits].sort((a, b) => a.offset - b.offset);
  const parts: string[] = [];
  const editedStarts: number[] = [];
  /** Edited-minus-original offset after each edit. */
  const shiftAfter: number[] = [];
  let copied = 0;
  let shift = 0;
  for (const edit of sorted) {
    parts.push(original.slice(copied, edit.offset), edit.insert);
    editedStarts.push(edit.offset + shift);
    shift += edit.insert.length - edit.remove;
    shiftAfter.push(shift);
    copied = edit.offset + edit.remove;
  }
  parts.push(original.slice(copied));
  const toOriginal = (offset: number): number => {
    // The last edit starting at or before `offset` (binary search: the list may be long).
    let low = 0;
    let high = editedStarts.length;
    while (low < high) {
      const mid = (low + high) >> 1;
      if ((editedStarts[mid] ?? 0) <= offset) low = mid + 1;
      else high = mid;
    }
    const k = low - 1;
    if (k < 0) return offset;
    const edit = sorted[k]!;
    const into = offset - editedStarts[k]!;
    if (into < edit.insert.length) return edit.offset + Math.min(into, edit.remove);
    return offset - shiftAfter[k]!;
  };
  return { text: parts.join(''), toOriginal };
}

/** A LineCounter for `text` as the `yaml` parser would fill it (a start at 0 and after every `\n`). */
export function lineCounterFor(text: string): LineCounter {
  const counter = new LineCounter();
  counter.addNewLine(0);
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) counter.addNewLine(i + 1);
  return counter;
}
