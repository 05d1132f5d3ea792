// The one network call trainlint makes: the row counts of the Hugging Face Hub datasets the configs name, from the
// dataset viewer's /size endpoint (https://huggingface.co/docs/dataset-viewer/size: `size.splits[]` with `config`,
// `split`, `num_rows`; `partial: true` when only part of a large dataset was counted). Only the dataset name is sent;
// a token only when the settings name the environment variable holding it. Looked up once per run, before the
// (synchronous, pure) review, which then reads the answers through a HubSizes.
import { analyseConfigs, type ReviewInput } from '../pipeline/review.ts';
import type { Settings } from '../pipeline/settings.ts';
import type { RepoView } from '../core/plan.ts';
import { hubDatasetNames, recordingHub, type HubRequest } from '../resolve/hub-names.ts';
import type { HubSizes } from '../resolve/types.ts';

export const DEFAULT_HUB_URL = 'https://datasets-server.huggingface.co';
export const HUB_TIMEOUT_MS = 5000;
/** At most this many datasets are looked up per run; the others are reviewed as without --hub. */
export const HUB_MAX_DATASETS = 20;

export interface HubLookupOptions {
  baseUrl: string;
  /** Sent as a bearer token only when given (private or gated datasets). */
  token?: string;
  timeoutMs: number;
  maxDatasets: number;
  fetch?: typeof fetch;
}

/** The lookup options for a run: TRAINLINT_HUB_URL overrides the endpoint; the token only from the env var the settings name. */
export function hubLookupOptions(settings: Settings, env: Record<string, string | undefined>): HubLookupOptions {
  const tokenEnv = settings.hub?.tokenEnv;
  const token = tokenEnv ? env[tokenEnv]?.trim() : undefined;
  return {
    baseUrl: (env.TRAINLINT_HUB_URL?.trim() || DEFAULT_HUB_URL).replace(/\/+$/, ''),
    ...(token ? { token } : {}),
    timeoutMs: HUB_TIMEOUT_MS,
    maxDatasets: HUB_MAX_DATASETS,
  };
}

/** The Hub datasets the inputs' configs name, found by planning each once with a recording HubSizes. */
export function hubRequestsOf(inputs: readonly ReviewInput[], settings: Settings, repo?: RepoView): HubRequest[] {
  const recorder = recordingHub();
  for (const input of inputs) {
    try {
      analyseConfigs(input.path, input.text, settings, { ...(repo ? { repo } : {}), hub: recorder });
    } catch {
      // A file that cannot be planned names no dataset; the review reports it.
    }
  }
  return recorder.requests();
}

interface SplitRows {
  config: string;
  split: string;
  rows: number;
}

type Answer = { ok: true; splits: SplitRows[]; partial: boolean } | { ok: false; why: string };

async function lookUp(name: string, options: HubLookupOptions): Promise<Answer> {
  const url = `${options.baseUrl}/size?dataset=${encodeURIComponent(name)}`;
  const headers: Record<string, string> = { accept: 'application/json' };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  try {
    const response = await (options.fetch ?? fetch)(url, { headers, signal: AbortSignal.timeout(options.timeoutMs) });
    if (!response.ok) {
      const hint = response.status === 401 || response.status === 404 ? ' (a private or gated dataset needs a token: hub: { token-env: HF_TOKEN } in .trainlint.yml)' : '';
      return { ok: false, why: `the Hub answered HTTP ${response.status}${hint}` };
    }
    const body = (await response.json()) as { size?: { splits?: unknown }; partial?: unknown };
    const raw = body?.size?.splits;
    if (!Array.isArray(raw)) return { ok: false, why: 'the answer has no size.splits list' };
    const splits: SplitRows[] = [];
    for (const s of raw as Array<Record<string, unknown>>) {
      if (typeof s?.config === 'string' && typeof s.split === 'string' && Number.isSafeInteger(s.num_rows) && (s.num_rows as number) >= 0) splits.push({ config: s.config, split: s.split, rows: s.num_rows as number });
    }
    return { ok: true, splits, partial: body.partial === true };
  } catch (err) {
    const name = (err as Error)?.name;
    if (name === 'TimeoutError' || name === 'AbortError') return { ok: false, why: `no answer within ${options.timeoutMs / 1000} s` };
    return { ok: false, why: `the request failed (${err instanceof Error ? ((err.cause as Error | undefined)?.message ?? err.message) : String(err)})` };
  }
}

/** Looks up each distinct dataset once (at most maxDatasets), in parallel, and answers the readers from those results. */
export async function lookUpHubSizes(requests: readonly HubRequest[], options: HubLookupOptions): Promise<HubSizes> {
  const names = hubDatasetNames(requests);
  const asked = names.slice(0, options.maxDatasets);
  const answers = new Map<string, Answer>(await Promise.all(asked.map(async (n) => [n, await lookUp(n, options)] as const)));
  return {
    rows(dataset, config, split) {
      const failed = (why: string) => ({ ok: false as const, why: `the Hub size of ${dataset} is unknown: ${why}; the run is reviewed as without --hub` });
      const answer = answers.get(dataset);
      if (!answer) return names.includes(dataset) ? failed(`only the first ${options.maxDatasets} Hub datasets of a run are looked up`) : undefined;
      if (!answer.ok) return failed(answer.why);
      if (answer.partial) return failed('the dataset viewer counted only part of it (partial: true)');
      const configs = [...new Set(answer.splits.map((s) => s.config))];
      // datasets.load_dataset without a config name takes the one config, or the one called "default".
      const chosen = config ?? (configs.length === 1 ? configs[0] : configs.includes('default') ? 'default' : undefined);
      if (chosen === undefined) return failed(`it has ${configs.length} configs (${configs.slice(0, 5).join(', ')}${configs.length > 5 ? ', ...' : ''}) and the config names none`);
      const found = answer.splits.find((s) => s.config === chosen && s.split === split);
      if (!found) return failed(`config ${chosen} has no split ${split} in the dataset viewer's answer`);
      return { ok: true, rows: found.rows };
    },
  };
}
