// Reviewing a pull request: its changed files, read at the head and at the base (renames from the old
// path, added files without a base), kept when a dialect recognises them, reviewed before vs after.
import * as core from '@actions/core';
import { VERSION } from '../cli/main.ts';
import { formatOf } from '../core/parse.ts';
import type { Report } from '../core/report.ts';
import { detectDialect, parseAny, review, type ReviewInput } from '../pipeline/review.ts';
import { DEFAULT_SETTINGS, type Settings } from '../pipeline/settings.ts';
import type { GitHubApi } from './api.ts';
import { apiReader, blobKey, localReader, type BlobRequest, type ContentReader } from './content.ts';
import type { ActionContext, PullRequestInfo } from './context.ts';
import { addedLines, FILE_LIST_LIMIT, isCandidate, listPullFiles, type PullFile } from './files.ts';
import { actionSettings } from './settings.ts';
import { hubLookupOptions, hubRequestsOf, lookUpHubSizes } from '../edge/hub.ts';

/** A reviewed file's head text and the lines the PR added to it (where suggestions may go). */
export interface ChangedText {
  text: string;
  added: Set<number>;
}

export interface PullRequestReview {
  report: Report;
  settings: Settings;
  /** Lines for the comment and the summary (files past the listing limit, deleted configs). */
  notices: string[];
  /** How the run went, for the log and the summary. */
  facts: string[];
  changed: Map<string, ChangedText>;
  /** The PR still touches at least one training config (reviewed, or deleted). */
  touchesConfigs: boolean;
}

function isTrainingConfig(path: string, text: string): boolean {
  const format = formatOf(path);
  if (format === null) return false;
  const parsed = parseAny(text, format);
  return parsed.ok && detectDialect(parsed.doc, path) !== null;
}

/** Where a changed file's base version is: none for a new (or copied-to) file. */
function basePath(file: PullFile): string | null {
  if (file.status === 'added' || file.status === 'copied') return null;
  return file.previousPath ?? file.path;
}

/** No ignore or paths globs: the settings are not known yet when the first batch is chosen. */
const NO_SETTINGS: Settings = { ...DEFAULT_SETTINGS, ignore: [], paths: [] };

/** A reader that answers from what was already read, and asks `fallback` for the rest. */
function preloaded(known: Map<string, string | null>, fallback: ContentReader): ContentReader {
  return {
    kind: fallback.kind,
    async read(requests) {
      const missing = requests.filter((r) => !known.has(blobKey(r)));
      const more = missing.length ? await fallback.read(missing) : new Map<string, string | null>();
      return new Map(requests.map((r) => [blobKey(r), known.get(blobKey(r)) ?? more.get(blobKey(r)) ?? null]));
    },
    view: (sha) => fallback.view(sha),
  };
}

const tick = (path: string) => `\`${path.replace(/`/g, "'")}\``;

export async function reviewPullRequest(ctx: ActionContext, pr: PullRequestInfo, api: GitHubApi): Promise<PullRequestReview> {
  const { owner, repo } = ctx;
  const listing = await listPullFiles(api, owner, repo, pr.number, pr.changedFiles);
  const local = localReader(ctx.workspace, [pr.baseSha, pr.headSha]);
  const reader: ContentReader = local ?? apiReader(api, owner, repo);
  const facts = [
    `${listing.files.length} changed file${listing.files.length === 1 ? '' : 's'} listed`,
    local ? 'contents read from the local checkout (git)' : 'contents read through the GitHub API (GraphQL, batched)',
  ];
  // Under pull_request_target the base is the trusted side; under pull_request the head is what runs.
  const trusted = ctx.eventName === 'pull_request_target' ? pr.baseSha : pr.headSha;
  // Which files may be configs does not depend on the settings but for their ignore and paths globs: read the heads (and
  // deleted files' last versions) together with the settings file, then apply the settings, so the read is one batch.
  const maybe = listing.files.filter((f) => isCandidate(f.path, NO_SETTINGS, ctx.inputs.paths));
  const head = (f: PullFile): BlobRequest => ({ sha: pr.headSha, path: f.path });
  const base = (f: PullFile): BlobRequest | null => {
    const p = basePath(f);
    return p === null ? null : { sha: pr.baseSha, path: p };
  };
  const settingsFile: BlobRequest = { sha: trusted, path: ctx.inputs.config.replace(/^\.\//, '') };
  const first = await reader.read([
    ...maybe.filter((f) => f.status !== 'removed').map(head),
    ...maybe.filter((f) => f.status === 'removed').map((f) => ({ sha: pr.baseSha, path: f.path })),
    settingsFile,
  ]);
  const { settings, from } = await actionSettings(ctx.inputs, ctx.workspace, { reader: preloaded(first, reader), sha: trusted });
  facts.push(`settings: ${from}`);

  const candidates = maybe.filter((f) => isCandidate(f.path, settings, ctx.inputs.paths));
  const present = candidates.filter((f) => f.status !== 'removed');
  const removed = candidates.filter((f) => f.status === 'removed');

  // Bases only for the files that turn out to be configs.
  const headText = (f: PullFile) => first.get(blobKey(head(f))) ?? null;
  const configs = present.filter((f) => {
    const text = headText(f);
    return text !== null && isTrainingConfig(f.path, text);
  });
  const baseRequests = configs.map(base).filter((r): r is BlobRequest => r !== null);
  const bases = baseRequests.length ? await reader.read(baseRequests) : new Map<string, string | null>();

  const inputs: ReviewInput[] = [];
  const changed = new Map<string, ChangedText>();
  for (const f of present) {
    const text = headText(f);
    if (text === null) continue;
    const b = base(f);
    // Not a config: handed on all the same so that a broken file that looks like one gets its TL001.
    const baseText = b === null ? null : (bases.get(blobKey(b)) ?? null);
    inputs.push({ path: f.path, text, baseText, explicit: false });
    changed.set(f.path, { text, added: addedLines(f.patch) });
  }
  const headView = local ? local.view(pr.headSha)! : undefined;
  // Hub dataset sizes (action input hub, default true): only the dataset names of the changed configs are sent.
  const hub = core.getInput('hub').trim().toLowerCase() === 'false' ? undefined : await lookUpHubSizes(hubRequestsOf(inputs, settings, headView), hubLookupOptions(settings, process.env));
  const report = review(inputs, { settings, toolVersion: VERSION, ...(headView ? { repo: headView } : {}), ...(hub ? { hub } : {}) });
  for (const path of [...changed.keys()]) if (!report.files.some((f) => f.path === path)) changed.delete(path);

  const notices: string[] = [];
  if (listing.truncated) {
    const total = pr.changedFiles ?? listing.files.length;
    notices.push(`This pull request changes ${total} files; GitHub lists only the first ${FILE_LIST_LIMIT}, so only the training configs among those were reviewed.`);
  }
  const deleted = removed.filter((f) => {
    const text = first.get(`${pr.baseSha}:${f.path}`) ?? null;
    return text !== null && isTrainingConfig(f.path, text);
  });
  for (const f of deleted) notices.push(`Deleted training config: ${tick(f.path)}.`);
  facts.push(`${report.summary.reviewed} training config${report.summary.reviewed === 1 ? '' : 's'} reviewed${deleted.length ? `, ${deleted.length} deleted` : ''}`);
  core.info(`trainlint: ${facts.join('; ')}`);
  return { report, settings, notices, facts, changed, touchesConfigs: report.files.length > 0 || deleted.length > 0 };
}
