// The one PR comment, found again by its hidden marker. `update` edits it in place; `hide-and-new`
// minimizes it and posts a new one; an unchanged body is left alone (no edit, no notification).
// Two runs racing both find nothing and both create: each then re-lists, and the one whose comment
// is not the oldest of the newly posted deletes its own and writes its body into the survivor.
import * as core from '@actions/core';
import { COMMENT_MARKER } from '../render/markdown.ts';
import { ApiError, type GitHubApi } from './api.ts';
import type { CommentMode } from './context.ts';

export interface IssueComment {
  id: number;
  node_id: string;
  body?: string | null;
  html_url: string;
  user?: CommentAuthor | null;
}

export interface CommentAuthor {
  login: string;
  type?: string;
}

/** The author of every comment written with the workflow's `GITHUB_TOKEN`. */
export const ACTIONS_BOT = 'github-actions[bot]';

/**
 * Whether a comment was written by the token's own user, known without an API call: the `GITHUB_TOKEN` writes as
 * the Bot `github-actions[bot]`; another token (a PAT, an app) writes as the login given in `TRAINLINT_COMMENT_AUTHOR`
 * (context.ts), or as the login learnt from the comment this run created. Anyone else's comment is never ours, whatever
 * its text. Logins compare without case, as GitHub does.
 */
export function isOwnAuthor(user: CommentAuthor | null | undefined, authors: readonly string[] = []): boolean {
  if (!user?.login) return false;
  const login = user.login.toLowerCase();
  if (login === ACTIONS_BOT && user.type === 'Bot') return true;
  return authors.some((a) => a.trim() !== '' && a.trim().toLowerCase() === login);
}

export type CommentOutcome =
  | { action: 'created' | 'updated' | 'replaced' | 'unchanged'; id: number; url: string }
  | { action: 'none' | 'skipped' }
  | { action: 'forbidden'; reason: string };

interface Target {
  owner: string;
  repo: string;
  number: number;
}

/** trainlint's comments: the marker opens the body AND the token's own user wrote it (see isOwnAuthor). */
export async function listOwnComments(api: GitHubApi, t: Target, authors: readonly string[] = []): Promise<IssueComment[]> {
  const all = await api.octokit.paginate(api.octokit.rest.issues.listComments, { owner: t.owner, repo: t.repo, issue_number: t.number, per_page: 100 });
  return all.filter((c) => (c.body ?? '').startsWith(COMMENT_MARKER) && isOwnAuthor(c.user, authors)).sort((a, b) => a.id - b.id);
}

/** A token that may read but not write (a fork's PR under `pull_request`); a spent quota is not that. */
export function isForbidden(err: unknown): boolean {
  return err instanceof ApiError && err.status === 403 && !err.rateLimited;
}

/**
 * `body` is the comment to show; `null` when the PR touches no training config, in which case an
 * existing comment is replaced by `noConfigsBody` and none is created.
 */
export async function upsertComment(
  api: GitHubApi,
  t: Target,
  mode: CommentMode,
  body: string | null,
  noConfigsBody: string,
  knownComments: number | null = null,
  commentAuthor = '',
): Promise<CommentOutcome> {
  if (mode === 'never') return { action: 'skipped' };
  const { owner, repo } = t;
  // The event said the PR has no comment at all: nothing to list. Only in `update` mode, where a stale count (a re-run)
  // is harmless: the listing after posting finds the earlier comment, keeps it and deletes this one.
  const skipListing = knownComments === 0 && mode === 'update' && body !== null;
  const authors = [commentAuthor];
  const existing = skipListing ? [] : await listOwnComments(api, t, authors);
  const current = existing.at(-1);
  const wanted = body ?? (current ? noConfigsBody : null);
  if (wanted === null) return { action: 'none' };
  if (current && current.body === wanted) return { action: 'unchanged', id: current.id, url: current.html_url };
  try {
    if (current && (mode === 'update' || body === null)) {
      const { data } = await api.octokit.rest.issues.updateComment({ owner, repo, comment_id: current.id, body: wanted });
      return { action: 'updated', id: data.id, url: data.html_url };
    }
    if (current) await minimize(api, current);
    const { data: created } = await api.octokit.rest.issues.createComment({ owner, repo, issue_number: t.number, body: wanted });
    // The created comment names the token's user: a PAT's earlier comments are recognised from here on (with
    // `current` unknown, the oldest of them survives below and this run's new one is deleted).
    const learnt = created.user?.login ?? '';
    if (learnt && !isOwnAuthor(created.user, authors)) {
      authors.push(learnt);
      core.info(`trainlint: this token writes as ${learnt}; set TRAINLINT_COMMENT_AUTHOR: ${learnt} in the step's env to find its comment without posting a new one`);
    }
    // Another run may have posted at the same time: keep the oldest comment posted after `current`.
    const posted = (await listOwnComments(api, t, authors)).filter((c) => c.id > (current?.id ?? 0));
    const survivor = posted[0];
    if (survivor && survivor.id !== created.id) {
      core.info(`trainlint: another run posted comment ${survivor.id} at the same time; deleting this run's duplicate ${created.id}`);
      await api.octokit.rest.issues.deleteComment({ owner, repo, comment_id: created.id });
      if (survivor.body !== wanted) await api.octokit.rest.issues.updateComment({ owner, repo, comment_id: survivor.id, body: wanted });
      return { action: 'updated', id: survivor.id, url: survivor.html_url };
    }
    return { action: current ? 'replaced' : 'created', id: created.id, url: created.html_url };
  } catch (err) {
    if (isForbidden(err)) return { action: 'forbidden', reason: (err as Error).message };
    throw err;
  }
}

async function minimize(api: GitHubApi, comment: IssueComment): Promise<void> {
  const mutation = 'mutation($id: ID!) { minimizeComment(input: {subjectId: $id, classifier: OUTDATED}) { minimizedComment { isMinimized } } }';
  try {
    await api.graphql(mutation, { id: comment.node_id });
  } catch (err) {
    if (err instanceof ApiError && !isForbidden(err)) throw err;
    // GraphQL reports a missing permission as an error in a 200 answer: the old comment stays visible.
    core.warning(`trainlint: could not hide the previous comment ${comment.id}: ${(err as Error).message}`);
  }
}
