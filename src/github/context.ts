// What the runner tells the action: the event (from GITHUB_EVENT_PATH), the repository, the API
// addresses and the inputs of action.yml. Read once, validated, handed on as plain data.
import * as core from '@actions/core';
import { context as githubContext } from '@actions/github';

export type CommentMode = 'update' | 'hide-and-new' | 'never';
export type FailOn = 'error' | 'warning' | 'info' | 'never';

export interface ActionInputs {
  token: string;
  /** Globs from the `paths` input; empty = discovery. */
  paths: string[];
  config: string;
  /** The config input was set to something other than its default, so a missing file is an error. */
  configExplicit: boolean;
  /** Empty: the settings file decides (default error). */
  failOn: FailOn | '';
  comment: CommentMode;
  /**
   * The login the token writes as, when it is not the `GITHUB_TOKEN`'s github-actions[bot] (a PAT, an app): the step's
   * env `TRAINLINT_COMMENT_AUTHOR` (not an action.yml input: the inputs are fixed by the spec; INPUT_COMMENT-AUTHOR is read too).
   */
  commentAuthor: string;
  suggestions: boolean;
}

export interface PullRequestInfo {
  number: number;
  baseSha: string;
  headSha: string;
  /** The PR's own count of changed files (the file listing stops at 3000). */
  changedFiles: number | null;
  /** The head branch lives in another repository (a fork). */
  fromFork: boolean;
  /**
   * The PR's conversation and review comment counts when the event was sent (null when absent). A count of 0 lets a
   * first run skip listing them; the payload may be stale (a re-run), so nothing relies on it beyond that shortcut.
   */
  comments: number | null;
  reviewComments: number | null;
}

export interface ActionContext {
  eventName: string;
  owner: string;
  repo: string;
  /** Set for pull_request and pull_request_target. */
  pullRequest: PullRequestInfo | null;
  workspace: string;
  apiUrl: string;
  graphqlUrl: string;
  serverUrl: string;
  runUrl: string | null;
  inputs: ActionInputs;
}

export class InputError extends Error {}

const DEFAULT_CONFIG = '.trainlint.yml';

export function readInputs(): ActionInputs {
  const failOn = core.getInput('fail-on').trim().toLowerCase();
  if (failOn && !['error', 'warning', 'info', 'never'].includes(failOn)) throw new InputError(`input fail-on: "${failOn}" is not one of error, warning, info, never`);
  const comment = (core.getInput('comment').trim().toLowerCase() || 'update') as CommentMode;
  if (!['update', 'hide-and-new', 'never'].includes(comment)) throw new InputError(`input comment: "${comment}" is not one of update, hide-and-new, never`);
  const suggestionsText = core.getInput('suggestions').trim().toLowerCase() || 'true';
  if (!['true', 'false'].includes(suggestionsText)) throw new InputError(`input suggestions: "${suggestionsText}" is not true or false`);
  const config = core.getInput('config').trim() || DEFAULT_CONFIG;
  return {
    token: core.getInput('github-token').trim() || process.env.GITHUB_TOKEN || '',
    paths: core.getMultilineInput('paths').map((p) => p.trim().replace(/^\.\//, '')).filter(Boolean),
    config,
    configExplicit: config !== DEFAULT_CONFIG,
    failOn: failOn as FailOn | '',
    comment,
    commentAuthor: core.getInput('comment-author').trim() || (process.env.TRAINLINT_COMMENT_AUTHOR ?? '').trim(),
    suggestions: suggestionsText === 'true',
  };
}

interface PullRequestPayload {
  number?: number;
  changed_files?: number;
  comments?: number;
  review_comments?: number;
  base?: { sha?: string; repo?: { full_name?: string } | null };
  head?: { sha?: string; repo?: { full_name?: string } | null };
}

export function readContext(): ActionContext {
  const eventName = githubContext.eventName ?? '';
  const { owner, repo } = githubContext.repo;
  let pullRequest: PullRequestInfo | null = null;
  if (eventName === 'pull_request' || eventName === 'pull_request_target') {
    const pr = githubContext.payload.pull_request as PullRequestPayload | undefined;
    const number = pr?.number;
    const baseSha = pr?.base?.sha;
    const headSha = pr?.head?.sha;
    if (!number || !baseSha || !headSha) throw new InputError(`the ${eventName} event payload has no pull_request number, base.sha and head.sha (GITHUB_EVENT_PATH)`);
    const headRepo = pr.head?.repo?.full_name;
    pullRequest = {
      number,
      baseSha,
      headSha,
      changedFiles: typeof pr.changed_files === 'number' ? pr.changed_files : null,
      comments: typeof pr.comments === 'number' ? pr.comments : null,
      reviewComments: typeof pr.review_comments === 'number' ? pr.review_comments : null,
      // A deleted fork has no head repo: still not this repository.
      fromFork: headRepo !== `${owner}/${repo}`,
    };
  }
  const serverUrl = githubContext.serverUrl.replace(/\/$/, '');
  const runId = process.env.GITHUB_RUN_ID;
  return {
    eventName,
    owner,
    repo,
    pullRequest,
    workspace: process.env.GITHUB_WORKSPACE || process.cwd(),
    apiUrl: githubContext.apiUrl.replace(/\/$/, ''),
    graphqlUrl: githubContext.graphqlUrl,
    serverUrl,
    runUrl: runId ? `${serverUrl}/${owner}/${repo}/actions/runs/${runId}` : null,
    inputs: readInputs(),
  };
}
