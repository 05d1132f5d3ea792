// One-click fixes: a finding whose fix edits a line the PR added becomes an inline review comment with
// a ```suggestion block (GitHub refuses review comments outside the diff; the rest stay in the main
// comment). Each carries a hidden key (finding fingerprint + the suggested line), so a later run posts
// nothing twice and deletes its own suggestions that no longer apply.
import * as core from '@actions/core';
import { rewriteLine } from '../core/edit-text.ts';
import { formatOf } from '../core/parse.ts';
import { sha256Hex } from '../core/sha256.ts';
import type { Report } from '../core/report.ts';
import type { Finding } from '../core/types.ts';
import { findRule } from '../rules/index.ts';
import { docsUrl } from '../rules/rule.ts';
import { inlineMarkdown } from '../render/escape.ts';
import type { GitHubApi } from './api.ts';
import { isForbidden, isOwnAuthor } from './comment.ts';
import type { ChangedText } from './pull-request.ts';

export const SUGGESTION_MARKER = '<!-- trainlint:suggestion ';
/** New inline comments per run (posted as one review); the fixes are in the main comment anyway. */
export const MAX_NEW_SUGGESTIONS = 10;

export interface Suggestion {
  key: string;
  path: string;
  line: number;
  body: string;
}

const RANK = { error: 0, warning: 1, info: 2 } as const;

function fence(text: string): string {
  const longest = Math.max(2, ...(text.match(/`+/g) ?? []).map((r) => r.length));
  return '`'.repeat(longest + 1);
}

function suggestionBody(f: Finding, key: string, newLine: string): string {
  const rule = findRule(f.ruleId);
  const title = rule ? `[${f.ruleId} ${f.rule}](${docsUrl(rule)})` : f.ruleId;
  const icon = f.severity === 'error' ? '❌' : f.severity === 'warning' ? '⚠️' : 'ℹ️';
  const f3 = fence(newLine);
  return [`${SUGGESTION_MARKER}${key} -->`, `${icon} **${f.severity}** ${title}: ${inlineMarkdown(f.message)}`, '', `${f3}suggestion`, newLine, f3, '', `_${inlineMarkdown(f.fix?.description ?? '')}_`].join('\n');
}

/** The suggestions this run would post: one per changed line, the most severe finding's fix first. */
export function planSuggestions(report: Report, changed: Map<string, ChangedText>): Suggestion[] {
  const out: Suggestion[] = [];
  const taken = new Set<string>();
  const findings = [...report.findings].sort((a, b) => RANK[a.severity] - RANK[b.severity]);
  for (const f of findings) {
    // A fix of several edits is applied whole or not at all: one line of it alone would be a wrong suggestion.
    const edit = f.fix?.edits.length === 1 ? f.fix.edits[0] : undefined;
    const file = edit ? changed.get(edit.path) : undefined;
    const format = edit ? formatOf(edit.path) : null;
    if (!edit || !file || !format || !file.added.has(edit.line)) continue;
    const lineText = file.text.split(/\r?\n/)[edit.line - 1];
    if (lineText === undefined) continue;
    const newLine = rewriteLine(lineText, edit.key, edit.value, format);
    if (newLine === null || newLine === lineText || taken.has(`${edit.path}:${edit.line}`)) continue;
    taken.add(`${edit.path}:${edit.line}`);
    const key = `${f.fingerprint}-${sha256Hex(newLine).slice(0, 8)}`;
    out.push({ key, path: edit.path, line: edit.line, body: suggestionBody(f, key, newLine) });
  }
  return out;
}

export interface SuggestionOutcome {
  posted: number;
  kept: number;
  deleted: number;
  notPosted: number;
  forbidden?: string;
}

function keyOf(body: string | undefined): string | null {
  // Only a marker that opens the body is ours: the same text quoted further down (a reply, a config value) is not.
  if (!(body ?? '').startsWith(SUGGESTION_MARKER)) return null;
  const m = /^([\w-]+) -->/.exec((body ?? '').slice(SUGGESTION_MARKER.length));
  return m ? m[1]! : null;
}

/** Marks the review that carries a run's new suggestions (GitHub asks a review of event COMMENT for a body). */
export const SUGGESTION_REVIEW_BODY = '<!-- trainlint:suggestions -->\ntrainlint: one-click fixes for lines this pull request changed (the full review is in the trainlint comment).';

export interface SyncOptions {
  /** No review comment can be ours (a first run on a PR without review comments): skip listing them. */
  noneYet?: boolean;
  /** TRAINLINT_COMMENT_AUTHOR (context.ts): the login a token other than GITHUB_TOKEN writes as. */
  commentAuthor?: string;
}

export async function syncSuggestions(
  api: GitHubApi,
  t: { owner: string; repo: string; number: number; headSha: string },
  wanted: Suggestion[],
  options: SyncOptions = {},
): Promise<SuggestionOutcome> {
  const { owner, repo } = t;
  const listed = options.noneYet ? [] : await api.octokit.paginate(api.octokit.rest.pulls.listReviewComments, { owner, repo, pull_number: t.number, per_page: 100 });
  // Only the token's own user's comments: another user's text that opens with the marker is never deleted.
  const own = listed.filter((c) => isOwnAuthor(c.user, [options.commentAuthor ?? ''])).map((c) => ({ id: c.id, key: keyOf(c.body) })).filter((c): c is { id: number; key: string } => c.key !== null).sort((a, b) => a.id - b.id);
  const wantedKeys = new Set(wanted.map((s) => s.key));
  const seen = new Set<string>();
  // Stale (the finding or its fix is gone) or a duplicate left by a race: delete our own only.
  const stale = own.filter((c) => {
    const drop = !wantedKeys.has(c.key) || seen.has(c.key);
    seen.add(c.key);
    return drop;
  });
  const fresh = wanted.filter((s) => !seen.has(s.key));
  const outcome: SuggestionOutcome = { posted: 0, kept: wanted.length - fresh.length, deleted: 0, notPosted: Math.max(0, fresh.length - MAX_NEW_SUGGESTIONS) };
  try {
    for (const c of stale) {
      await api.octokit.rest.pulls.deleteReviewComment({ owner, repo, comment_id: c.id });
      outcome.deleted++;
    }
    const batch = fresh.slice(0, MAX_NEW_SUGGESTIONS);
    if (batch.length > 1 && (await postAsOneReview(api, t, batch))) outcome.posted += batch.length;
    else for (const s of batch) await postOne(api, t, s, outcome);
  } catch (err) {
    if (!isForbidden(err)) throw err;
    outcome.forbidden = (err as Error).message;
  }
  return outcome;
}

/**
 * All new suggestions in one call (a review of event COMMENT), so a PR with many fixes costs one request. GitHub refuses
 * the whole review (422) when one line has left the diff (a newer push): then false, and they are posted one by one.
 */
async function postAsOneReview(api: GitHubApi, t: { owner: string; repo: string; number: number; headSha: string }, batch: Suggestion[]): Promise<boolean> {
  try {
    await api.octokit.rest.pulls.createReview({
      owner: t.owner,
      repo: t.repo,
      pull_number: t.number,
      commit_id: t.headSha,
      event: 'COMMENT',
      body: SUGGESTION_REVIEW_BODY,
      comments: batch.map((s) => ({ path: s.path, line: s.line, side: 'RIGHT', body: s.body })),
    });
    return true;
  } catch (err) {
    if ((err as { status?: number }).status !== 422) throw err;
    core.info(`trainlint: GitHub refused the suggestions as one review (${(err as Error).message}); posting them one by one`);
    return false;
  }
}

async function postOne(api: GitHubApi, t: { owner: string; repo: string; number: number; headSha: string }, s: Suggestion, outcome: SuggestionOutcome): Promise<void> {
  try {
    await api.octokit.rest.pulls.createReviewComment({ owner: t.owner, repo: t.repo, pull_number: t.number, commit_id: t.headSha, path: s.path, line: s.line, side: 'RIGHT', body: s.body });
    outcome.posted++;
  } catch (err) {
    // 422: the line is no longer part of the diff (a newer push); the fix is in the main comment.
    if ((err as { status?: number }).status !== 422) throw err;
    core.info(`trainlint: suggestion on ${s.path}:${s.line} not accepted by GitHub: ${(err as Error).message}`);
    outcome.notPosted++;
  }
}
