// What the run-size resolver hands the planner, and what each framework's dataset reader returns.
import type { DocReader } from '../core/access.ts';
import type { RepoView } from '../core/plan.ts';
import type { Resolved } from '../core/types.ts';

/** A data file's record count, with how it was counted, or why it could not be. */
export type Count = { ok: true; count: number; how: string } | { ok: false; why: string };

/** Row counts of Hugging Face Hub datasets the edge looked up (the core never reaches the network). */
export interface HubSizes {
  /** Rows of `split` of `dataset` (config `config`, or the default one), or why it is not known. */
  rows(dataset: string, config: string | undefined, split: string): { ok: true; rows: number } | { ok: false; why: string } | undefined;
}

export interface DataSizeInput {
  reader: DocReader;
  /** The config's repo-relative path. */
  path: string;
  repo?: RepoView;
  hub?: HubSizes;
}

/**
 * The training samples a config's dataset gives: `size` when it is exact, `upper` when only a bound holds (sample
 * packing, a length filter), and sentences saying what was found and what was not.
 */
export interface DataSize {
  size?: Resolved;
  upper?: Resolved;
  notes: string[];
}

export type DataSizeReader = (input: DataSizeInput) => DataSize;
