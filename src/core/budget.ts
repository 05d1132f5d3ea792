// The hard per-file budget: every review of one file may spend at most FILE_BUDGET.operations units of work
// (a Python expression evaluated, a step of a recursive scheduler, a YAML node walked...). Counting operations
// rather than wall time keeps the verdict the same on a slow CI runner and a fast laptop. A file that needs more
// is not reviewed: the pipeline turns BudgetExceeded into a TL003 finding naming the budget, and goes on with the
// other files. Every search over steps is analytic or a bisection, so a real config spends a tiny fraction of it.

export const FILE_BUDGET = {
  /** Units of work one file may take (parse, evaluate, plan, simulate, rules). A large real config takes ~10^5. */
  operations: 50_000_000,
} as const;

export class BudgetExceeded extends Error {
  constructor(readonly where: string) {
    super(`reviewing it would take more than the per-file budget of ${FILE_BUDGET.operations.toLocaleString('en-US')} operations (${where})`);
    this.name = 'BudgetExceeded';
  }
}

let spent = 0;
let limit = Infinity;

/** Runs `fn` with a fresh budget (nested calls share the outer one, so a fix re-review cannot reset it). */
export function withBudget<T>(fn: () => T, operations: number = FILE_BUDGET.operations): T {
  if (limit !== Infinity) return fn();
  spent = 0;
  limit = operations;
  try {
    return fn();
  } finally {
    limit = Infinity;
    spent = 0;
  }
}

/** Counts `units` of work; throws BudgetExceeded once the file's budget is gone. */
export function spend(units: number, where: string): void {
  spent += units;
  if (spent > limit) throw new BudgetExceeded(where);
}

/**
 * The first k in [lo, hi] with `reached(k)` (monotone: false then true), or hi when none before it. A bisection over
 * the steps' range, so its cost is ~log2(hi - lo) whatever the step counts, and it stops at float resolution: past
 * 2^53 `mid` may equal `lo`, where a `lo = mid + 1` loop would never end.
 */
export function firstStepWhere(lo: number, hi: number, reached: (k: number) => boolean): number {
  if (!Number.isFinite(lo) || !Number.isFinite(hi) || hi <= lo) return Math.max(lo, hi);
  if (!reached(hi)) return hi;
  if (reached(lo)) return lo;
  // Invariant: reached(hi), !reached(lo).
  for (let i = 0; i < 2100 && hi - lo > 1; i++) {
    const mid = Math.floor(lo + (hi - lo) / 2);
    if (mid <= lo || mid >= hi) break;
    if (reached(mid)) hi = mid;
    else lo = mid;
  }
  return hi;
}

/** Largest integer a float counts exactly; no framework counts optimizer updates past it. */
export const MAX_EXACT_STEP = Number.MAX_SAFE_INTEGER;
