// What interpolation leaves on the framework's view of the data: which values were resolved from a `${...}` (and
// what they were written as), which have no value before launch, and the problems OmegaConf raises on load. Kept
// apart from core/interpolate.ts so that reading a value (core/access.ts) does not depend on resolving one.

export interface InterpolationRecord {
  /** Pointer -> what the value was written as, for values resolved from an interpolation (`${warmup}`). */
  resolved: Map<string, string>;
  /** Pointer -> the written text of a value with no value before launch; validation skips it. */
  deferred: Map<string, string>;
  /** Problems the framework raises whatever the planner reads (an interpolation cycle: OmegaConf cannot load it). */
  problems: Array<{ pointer: string; message: string }>;
}

/** The key a framework view of the data carries its record under (not enumerable: never part of the data). */
export const RECORD = Symbol('trainlint.interpolation');

/** The interpolation record a framework view carries (none when the file had no `${`). */
export function interpolationRecord(data: unknown): InterpolationRecord | undefined {
  return data !== null && typeof data === 'object' ? (data as { [RECORD]?: InterpolationRecord })[RECORD] : undefined;
}

/** Carries the record over to a copy of the data (conversions that rebuild objects). */
export function keepRecord(from: unknown, to: unknown): void {
  const record = interpolationRecord(from);
  if (record && to !== null && typeof to === 'object') Object.defineProperty(to, RECORD, { value: record, enumerable: false });
}

/** `${warmup}` when the value at `pointer` was resolved from an interpolation. */
export function referenceText(data: unknown, pointer: string): string | undefined {
  return interpolationRecord(data)?.resolved.get(pointer);
}
