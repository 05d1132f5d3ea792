// Which Hugging Face Hub datasets a review asks about. The dataset readers (src/resolve/*-data.ts) ask a HubSizes for
// each Hub dataset a config names (LLaMA-Factory `hf_hub_url` in dataset_info.json, TRL `dataset_name`, axolotl
// `datasets[].path` when not local, torchtune `source` when it is `org/name`); reviewing once with this recorder lists
// exactly the names they would look up, so the edge fetches those and nothing else. Pure: no network here.
import type { HubSizes } from './types.ts';

/** One split of one Hub dataset, as a reader asks for it. */
export interface HubRequest {
  dataset: string;
  /** The dataset's config (LLaMA-Factory `subset`, TRL `dataset_config`); undefined = the dataset's default one. */
  config?: string;
  split: string;
}

/** Whether a written value is a Hub dataset id (`name` or `org/name`), the only kind of name sent to the Hub. */
export function isHubDatasetId(name: string): boolean {
  return /^(?:[A-Za-z0-9][\w.-]{0,95}\/)?[A-Za-z0-9][\w.-]{0,95}$/.test(name) && !/\.\.|--/.test(name) && !/\.(?:jsonl?|csv|parquet|txt|arrow)$/i.test(name);
}

/** A HubSizes that answers nothing ("not looked up") and remembers every dataset it was asked about. */
export function recordingHub(): HubSizes & { requests(): HubRequest[] } {
  const seen = new Map<string, HubRequest>();
  return {
    rows(dataset, config, split) {
      if (isHubDatasetId(dataset)) seen.set(`${dataset}\u0000${config ?? ''}\u0000${split}`, { dataset, ...(config !== undefined ? { config } : {}), split });
      return undefined;
    },
    requests: () => [...seen.values()],
  };
}

/** The distinct dataset names of the requests, in the order first asked (one size lookup answers every split of a name). */
export function hubDatasetNames(requests: readonly HubRequest[]): string[] {
  return [...new Set(requests.map((r) => r.dataset))];
}
