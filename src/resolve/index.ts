// The run-size resolver: dataset sizes and world sizes found where the repository says them, with their sources,
// before planning. `.trainlint.yml` (datasets:, world-size:) overrides whatever is found. The dialects only say what
// their framework does with the numbers (rounding, drop_last, accumulation).
import type { DocReader } from '../core/access.ts';
import { defaulted } from '../core/access.ts';
import type { PlanContext, RepoView, TrainingPlan } from '../core/plan.ts';
import { axolotlDataSize } from './axolotl-data.ts';
import { hfTrainerDataSize } from './hf-trainer-data.ts';
import { litgptDataSize } from './litgpt-data.ts';
import { llamaFactoryDataSize } from './llama-factory-data.ts';
import { olmoDataSize } from './olmo-data.ts';
import { torchtuneDataSize } from './torchtune-data.ts';
import type { DataSizeReader, HubSizes } from './types.ts';
import { launchWorldSize } from './world-size.ts';
import { timmDataSize } from './timm-data.ts';
import { openrlhfDataSize } from './openrlhf-data.ts';
import { diffusersDataSize } from './diffusers-data.ts';

const DATA_READERS: Record<string, DataSizeReader> = {
  'llama-factory': llamaFactoryDataSize,
  axolotl: axolotlDataSize,
  'hf-trainer': hfTrainerDataSize,
  torchtune: torchtuneDataSize,
  litgpt: litgptDataSize,
  olmo: olmoDataSize,
  timm: timmDataSize,
  openrlhf: openrlhfDataSize,
  diffusers: diffusersDataSize,
};

export interface RunSizeInput {
  dialectId: string;
  reader: DocReader;
  path: string;
  repo?: RepoView;
  hub?: HubSizes;
  /** `.trainlint.yml` values for this path, which win over anything found. */
  settingsDatasetSize?: number;
  settingsWorldSize?: number;
}

/** The PlanContext fields the resolver fills: sizes with their sources, bounds, and what could not be settled. */
export function resolveRunSize(input: RunSizeInput): Pick<PlanContext, 'datasetSize' | 'datasetSource' | 'datasetUpperBound' | 'worldSize' | 'worldSizeSource' | 'runSizeNotes'> {
  const out: ReturnType<typeof resolveRunSize> = {};
  const notes: string[] = [];
  if (input.settingsDatasetSize !== undefined) {
    out.datasetSize = input.settingsDatasetSize;
    out.datasetSource = defaulted(input.settingsDatasetSize, `${input.settingsDatasetSize} samples (.trainlint.yml datasets)`);
  } else {
    const read = DATA_READERS[input.dialectId];
    if (read) {
      let found;
      try {
        found = read({ reader: input.reader, path: input.path, ...(input.repo ? { repo: input.repo } : {}), ...(input.hub ? { hub: input.hub } : {}) });
      } catch (err) {
        found = { notes: [`the dataset size could not be read: ${err instanceof Error ? err.message : String(err)}`] };
      }
      if (found.size) {
        out.datasetSize = found.size.value;
        out.datasetSource = found.size;
      }
      if (found.upper) out.datasetUpperBound = found.upper;
      notes.push(...found.notes);
    }
  }
  if (input.settingsWorldSize !== undefined) {
    out.worldSize = input.settingsWorldSize;
    out.worldSizeSource = defaulted(input.settingsWorldSize, `world size ${input.settingsWorldSize} (.trainlint.yml world-size)`);
  } else if (input.repo) {
    const world = launchWorldSize(input.repo, input.path);
    if (world.size) {
      out.worldSize = world.size.value;
      out.worldSizeSource = world.size;
    }
    notes.push(...world.notes);
  }
  if (notes.length) out.runSizeNotes = notes;
  return out;
}

/**
 * The sources a plan's numbers came from, added to its assumptions (the table and the JSON report show them): where
 * the dataset size and world size were found, and what the resolver could not settle.
 */
export function traceRunSize(plan: TrainingPlan, context: PlanContext): void {
  const lines: string[] = [];
  if (context.datasetSource && plan.totalStepsSource === 'derived' && !plan.assumedLength) lines.push(`dataset size ${context.datasetSource.value} samples: ${context.datasetSource.how}`);
  if (context.worldSizeSource && plan.totalStepsSource === 'derived') lines.push(`${context.worldSizeSource.how}`);
  if (plan.totalStepsSource === 'derived' || plan.assumedLength) lines.push(...(context.runSizeNotes ?? []));
  for (const line of lines) if (!plan.assumptions.includes(line)) plan.assumptions.push(line);
}
