// The data that flows one way through trainlint: parsed document -> plan -> schedule -> findings -> report.
// Everything here is plain data (plus the schedule's pure `lrAt`), so every stage can be tested alone.

export type Severity = 'error' | 'warning' | 'info';
export type SeverityOrOff = Severity | 'off';

/** 1-based line and column of a key (or value) in the source text. */
export interface Span {
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

/** Where a number came from: a key of the config (JSON pointer + its position), or nothing for a default. */
export interface Origin {
  /** Dotted key path as a user writes it, e.g. `optimizer.learning_rate_scheduler.lr_decay_steps`. */
  key: string;
  /** RFC 6901 pointer into the parsed data, e.g. `/optimizer/learning_rate_scheduler/lr_decay_steps`. */
  pointer: string;
  span: Span;
}

/**
 * A resolved value that knows its origin. `how` is the arithmetic in words with its numbers
 * (`train_steps: 600000`, `ceil(0.2 x 135) = 27`, `default (nanotron @2411b022): learning_rate`);
 * `from` the keys it was computed from (empty for a pure default).
 */
export interface Resolved<T = number> {
  value: T;
  how: string;
  from: Origin[];
}

/** One stretch of a schedule over optimizer updates [start, end). `end` may lie past the run; Infinity = open-ended. */
export interface Phase {
  kind: 'warmup' | 'constant' | 'decay' | 'floor' | 'cycle' | 'idle';
  start: number;
  end: number;
  /** e.g. `linear`, `1-sqrt`, `cosine`. */
  style: string;
}

/**
 * A learning-rate schedule as the framework's own scheduler produces it.
 * `lrAt(k)` is the LR that optimizer update k (0-based) applies; it is exact and O(1), so a run of a
 * million steps costs what a run of a thousand does. The phases carry every point where the formula
 * changes, which is all a sampler or a rule needs to know where to look.
 */
export interface Schedule {
  totalSteps: number;
  /** The configured peak LR (the optimizer's `lr`). */
  peakLr: number;
  lrAt(k: number): number;
  phases: Phase[];
  /** Steps where the schedule intentionally restarts (cosine with restarts); a rise anywhere else is a spike. */
  declaredRestarts: number[];
  /** The step count the scheduler was built for, when the framework builds it separately from the run. */
  horizon?: number;
}

/** A fix a reviewer can apply: words, and where possible the single edit. */
export interface Fix {
  description: string;
  edits: Array<{ path: string; line: number; key: string; value: number | string | boolean }>;
}

/** What a rule reports, before the pipeline adds the path, severity and fingerprint. */
export interface RuleHit {
  /** The key that causes it; absent means the whole file (line 1). */
  at?: Origin;
  message: string;
  data: Record<string, number | string | boolean | null>;
  fix?: { description: string; edits: Array<{ at: Origin; value: number | string | boolean }> };
  /** For rules whose severity depends on how bad it is (e.g. TL109 info vs warning). */
  severity?: Severity;
}

export interface Finding {
  ruleId: string;
  rule: string;
  severity: Severity;
  path: string;
  line: number;
  column: number;
  endLine?: number;
  endColumn?: number;
  message: string;
  fix?: Fix;
  data: Record<string, number | string | boolean | null>;
  fingerprint: string;
  /** The key path the finding is about (part of the fingerprint, stable across line moves). */
  key?: string;
}
