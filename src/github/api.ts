// The action's only door to GitHub: an Octokit from @actions/github whose every request (REST and
// GraphQL alike go through `octokit.request`) is counted, logged, and retried with a bounded backoff
// when GitHub says "try again" (5xx, 429, secondary rate limit, connection dropped).
import * as core from '@actions/core';
import { getOctokit } from '@actions/github';

export type Octokit = ReturnType<typeof getOctokit>;

export interface ApiCall {
  method: string;
  path: string;
  status: number;
  ms: number;
}

/** A call that failed for good; `status` 0 when no response came back. */
export class ApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly call: string,
    /** GitHub refused because the token's hourly quota is spent (not a permission problem). */
    readonly rateLimited = false,
  ) {
    super(message);
  }
}

const MAX_ATTEMPTS = 4;
const MAX_DELAY_MS = 60_000;

interface HttpErrorLike {
  status?: number;
  message?: string;
  response?: { headers?: Record<string, string | number | undefined>; data?: unknown };
}

function errorText(err: HttpErrorLike): string {
  const data = err.response?.data as { message?: unknown } | undefined;
  const text = typeof data?.message === 'string' ? data.message : (err.message ?? 'no response');
  return text.split('\n')[0]!.slice(0, 300);
}

/** How long to wait before trying again, or null when the failure is not worth retrying. */
export function retryDelay(err: HttpErrorLike, attempt: number): number | null {
  if (attempt >= MAX_ATTEMPTS) return null;
  const status = err.status ?? 0;
  const headers = err.response?.headers ?? {};
  const retryAfter = Number(headers['retry-after']);
  const secondary = status === 403 && (/secondary rate limit|abuse/i.test(errorText(err)) || headers['retry-after'] !== undefined);
  // A spent primary quota only comes back at x-ratelimit-reset (up to an hour): waiting is not an option.
  const primary = (status === 403 || status === 429) && String(headers['x-ratelimit-remaining']) === '0' && !secondary;
  const transient = status === 0 || status >= 500 || status === 429 || secondary;
  if (!transient || primary) return null;
  if (Number.isFinite(retryAfter) && retryAfter >= 0) return Math.min(retryAfter * 1000, MAX_DELAY_MS);
  return Math.min(1000 * 2 ** (attempt - 1), MAX_DELAY_MS);
}

/** ` (rate limit spent until 12:34:56 UTC)` when GitHub refused for the hourly quota, else null. */
function quotaSpent(err: HttpErrorLike): string | null {
  const headers = err.response?.headers ?? {};
  if ((err.status !== 403 && err.status !== 429) || String(headers['x-ratelimit-remaining']) !== '0') return null;
  const reset = Number(headers['x-ratelimit-reset']);
  return Number.isFinite(reset) && reset > 0 ? ` (rate limit spent until ${new Date(reset * 1000).toISOString().slice(11, 19)} UTC)` : ' (rate limit spent)';
}

export class GitHubApi {
  readonly octokit: Octokit;
  readonly calls: ApiCall[] = [];

  constructor(
    token: string,
    private readonly urls: { api: string; graphql: string },
  ) {
    this.octokit = getOctokit(token, { baseUrl: urls.api });
    this.octokit.hook.wrap('request', async (request, options) => {
      const { method, url } = this.octokit.request.endpoint.parse(options);
      const path = url.startsWith(this.urls.api) ? url.slice(this.urls.api.length) : url.replace(/^https?:\/\/[^/]+/, '');
      const call = `${method} ${path}`;
      for (let attempt = 1; ; attempt++) {
        const started = Date.now();
        try {
          const response = await request(options);
          this.record(method, path, response.status, started);
          return response;
        } catch (err) {
          const e = err as HttpErrorLike;
          this.record(method, path, e.status ?? 0, started);
          const wait = retryDelay(e, attempt);
          if (wait === null) {
            const tries = attempt > 1 ? ` after ${attempt} attempts` : '';
            const quota = quotaSpent(e);
            throw new ApiError(`GitHub API call ${call} failed${tries}: ${e.status ?? 'no response'} ${errorText(e)}${quota ?? ''}`, e.status ?? 0, call, quota !== null);
          }
          core.info(`${call}: ${e.status ?? 'no response'} ${errorText(e)}; retrying in ${wait} ms (attempt ${attempt + 1} of ${MAX_ATTEMPTS})`);
          await new Promise((resolve) => setTimeout(resolve, wait));
        }
      }
    });
  }

  private record(method: string, path: string, status: number, started: number): void {
    const ms = Date.now() - started;
    this.calls.push({ method, path, status, ms });
    core.info(`GitHub API ${method} ${path} -> ${status || 'no response'} (${ms} ms)`);
  }

  /** A GraphQL query against GITHUB_GRAPHQL_URL; variables are passed as variables, never spliced in. */
  async graphql<T>(query: string, variables: Record<string, unknown>): Promise<T> {
    return this.octokit.graphql<T>({ query, ...variables, url: this.urls.graphql });
  }

  /** `12 GitHub API calls (10 REST, 2 GraphQL)`. */
  tally(): string {
    const graphql = this.calls.filter((c) => c.path.endsWith('/graphql')).length;
    const total = this.calls.length;
    return `${total} GitHub API call${total === 1 ? '' : 's'} (${total - graphql} REST, ${graphql} GraphQL)`;
  }
}
