// The GitHub Action (spec/cli.md): on pull_request / pull_request_target it reviews the training configs
// the PR changes (head vs base), keeps one comment up to date, posts one-click suggestions on changed
// lines, annotates every finding and writes the job summary; on push / workflow_dispatch it reviews the
// checked-out configs (summary and annotations only). It never executes anything from the PR: files
// are read as data (git objects or the API), so it is safe under pull_request_target without checkout.
import * as core from '@actions/core';
import { collectInputs, exitCodeFor, readInputs, VERSION } from '../cli/main.ts';
import { buildReport, type Report } from '../core/report.ts';
import { review } from '../pipeline/review.ts';
import type { Settings } from '../pipeline/settings.ts';
import { workTreeView } from '../cli/repo-view.ts';
import { hubLookupOptions, hubRequestsOf, lookUpHubSizes } from '../edge/hub.ts';
import { renderMarkdown } from '../render/markdown.ts';
import { ApiError, GitHubApi } from './api.ts';
import { applyActionBaseline } from './baseline.ts';
import { upsertComment, type CommentOutcome } from './comment.ts';
import { readContext, type ActionContext, type PullRequestInfo } from './context.ts';
import { annotate, setOutputs, summaryMarkdown, writeReport, writeSummary, type SummaryParts } from './outputs.ts';
import { reviewPullRequest } from './pull-request.ts';
import { actionSettings } from './settings.ts';
import { planSuggestions, syncSuggestions } from './suggestions.ts';

const NO_CONFIGS = 'This pull request no longer changes any training config.';

function message(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

export async function runAction(): Promise<number> {
  const parts: SummaryParts = { facts: [], links: [], warnings: [], notices: [] };
  let api: GitHubApi | undefined;
  let report: Report | null = null;
  try {
    const ctx = readContext();
    core.info(`trainlint ${VERSION}: ${ctx.eventName || 'unknown event'} on ${ctx.owner}/${ctx.repo}`);
    let failure: string | null = null;
    let failOnFromSettings: Settings['failOn'];
    if (ctx.pullRequest) {
      if (!ctx.inputs.token) throw new Error('input github-token is empty: the action needs a token to read the pull request');
      api = new GitHubApi(ctx.inputs.token, { api: ctx.apiUrl, graphql: ctx.graphqlUrl });
      const result = await reviewPullRequest(ctx, ctx.pullRequest, api);
      report = result.report = applyActionBaseline(result.report, ctx.workspace, result.notices);
      failOnFromSettings = result.settings.failOn;
      parts.facts.push(`pull request #${ctx.pullRequest.number}: head ${ctx.pullRequest.headSha.slice(0, 7)} against base ${ctx.pullRequest.baseSha.slice(0, 7)}`, ...result.facts);
      parts.notices.push(...result.notices);
      annotate(report);
      publishReport(report);
      failure = await writeToPullRequest(ctx, ctx.pullRequest, api, result, parts);
    } else {
      const { settings, from } = await actionSettings(ctx.inputs, ctx.workspace);
      failOnFromSettings = settings.failOn;
      const targets = collectInputs(ctx.inputs.paths, settings, ctx.workspace);
      const inputs = readInputs(targets, undefined, ctx.workspace);
      const repo = workTreeView(ctx.workspace);
      // Hub dataset sizes: on by default in the action (input hub), off with hub: false.
      const hub = core.getInput('hub').trim().toLowerCase() === 'false' ? undefined : await lookUpHubSizes(hubRequestsOf(inputs, settings, repo), hubLookupOptions(settings, process.env));
      report = applyActionBaseline(review(inputs, { settings, toolVersion: VERSION, repo, ...(hub ? { hub } : {}) }), ctx.workspace, parts.notices);
      parts.facts.push(`${ctx.eventName || 'this event'}: every training config in the checkout (${ctx.workspace}); no comment`, `settings: ${from}`, `${report.summary.reviewed} training configs reviewed`);
      if (!report.files.length) parts.notices.push('No training config found in the checkout (is the repository checked out?).');
      annotate(report);
      publishReport(report);
    }
    if (api) parts.facts.push(api.tally());
    if (failure) parts.warnings.push(failure);
    await writeSummary(summaryMarkdown(report, parts));
    if (api) core.info(`trainlint: ${api.tally()}`);
    if (failure) {
      core.setFailed(`trainlint: ${failure}`);
      return 2;
    }
    const failOn: Settings['failOn'] = ctx.inputs.failOn || failOnFromSettings;
    if (exitCodeFor(report, failOn)) {
      const s = report.summary;
      core.setFailed(`trainlint: ${s.errors} error(s), ${s.warnings} warning(s), ${s.infos} info in ${s.reviewed} training config(s); fail-on is ${failOn}`);
      return 1;
    }
    core.info(`trainlint: ${report.summary.errors} error(s), ${report.summary.warnings} warning(s); nothing at or above fail-on ${failOn}`);
    return 0;
  } catch (err) {
    const text = message(err);
    if (api) {
      parts.facts.push(api.tally());
      core.info(`trainlint: ${api.tally()}`);
    }
    parts.warnings.push(`trainlint failed: ${text}`);
    try {
      await writeSummary(summaryMarkdown(report, parts));
    } catch {
      // the failure itself is what matters
    }
    core.setFailed(`trainlint: ${text}`);
    return 2;
  }
}

function publishReport(report: Report): void {
  setOutputs(report, writeReport(report));
}

/**
 * The comment and the suggestions. A token that may not write (a fork's PR under `pull_request`) is a
 * warning, not a failure: the review still passes or fails on its findings. Any other failed call is
 * returned as the failure of the step (with the call that failed).
 */
async function writeToPullRequest(
  ctx: ActionContext,
  pr: PullRequestInfo,
  api: GitHubApi,
  result: Awaited<ReturnType<typeof reviewPullRequest>>,
  parts: SummaryParts,
): Promise<string | null> {
  const target = { owner: ctx.owner, repo: ctx.repo, number: pr.number };
  const forbiddenHelp = pr.fromFork
    ? 'this is a fork\'s pull request, whose `GITHUB_TOKEN` is read-only under `pull_request`; use the `pull_request_target` workflow from the README to get a comment'
    : 'give the job `permissions: pull-requests: write`';
  try {
    const body = result.touchesConfigs ? renderMarkdown(result.report, { notices: result.notices, fullReportHint: 'the job summary of the trainlint check' }) : null;
    const noConfigs = renderMarkdown(buildReport([], [], VERSION), { notices: [NO_CONFIGS] });
    const outcome: CommentOutcome = await upsertComment(api, target, ctx.inputs.comment, body, noConfigs, pr.comments, ctx.inputs.commentAuthor);
    if (outcome.action === 'forbidden') {
      const text = `The review comment could not be written (${outcome.reason}): ${forbiddenHelp}. The findings are in the annotations and below.`;
      core.warning(text);
      parts.warnings.push(text);
    } else if ('url' in outcome) {
      parts.links.push({ label: `comment ${outcome.action}`, url: outcome.url });
      core.info(`trainlint: comment ${outcome.action} (${outcome.url})`);
    } else {
      parts.facts.push(outcome.action === 'skipped' ? 'no comment (input comment: never)' : 'no comment: the pull request changes no training config');
    }
    if (ctx.inputs.suggestions && outcome.action !== 'forbidden') {
      const wanted = planSuggestions(result.report, result.changed);
      // This run posted the PR's first comment and the event saw no review comment: none of them can be ours yet.
      const noneYet = outcome.action === 'created' && pr.reviewComments === 0;
      const s = await syncSuggestions(api, { ...target, headSha: pr.headSha }, wanted, { noneYet, commentAuthor: ctx.inputs.commentAuthor });
      if (s.forbidden) {
        const text = `One-click suggestions could not be posted (${s.forbidden}): ${forbiddenHelp}.`;
        core.warning(text);
        parts.warnings.push(text);
      }
      const more = s.notPosted ? `, ${s.notPosted} not posted (at most 10 new per run; their fixes are in the comment)` : '';
      parts.facts.push(`suggestions on changed lines: ${s.posted} posted, ${s.kept} already there, ${s.deleted} stale deleted${more}`);
    }
    return null;
  } catch (err) {
    if (err instanceof ApiError) return err.message;
    throw err;
  }
}
