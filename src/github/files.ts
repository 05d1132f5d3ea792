// The files a pull request changes (REST, paginated; GitHub lists at most 3000), which of them are
// candidates for review, and which lines of each the PR added (for one-click suggestions).
import { inSkippedFolder, matchesAny } from '../core/glob.ts';
import { formatOf } from '../core/parse.ts';
import type { Settings } from '../pipeline/settings.ts';
import type { GitHubApi } from './api.ts';

/** GitHub's cap on the pull-request file listing. */
export const FILE_LIST_LIMIT = 3000;

export interface PullFile {
  path: string;
  status: 'added' | 'removed' | 'modified' | 'renamed' | 'copied' | 'changed' | 'unchanged';
  /** Where the base version lives (the old name of a renamed file). */
  previousPath?: string;
  /** The unified diff GitHub shows; absent for binary or very large diffs. */
  patch?: string;
}

export interface PullFileListing {
  files: PullFile[];
  /** The PR changes more files than the listing returned. */
  truncated: boolean;
}

export async function listPullFiles(api: GitHubApi, owner: string, repo: string, pullNumber: number, changedFiles: number | null): Promise<PullFileListing> {
  const raw = await api.octokit.paginate(api.octokit.rest.pulls.listFiles, { owner, repo, pull_number: pullNumber, per_page: 100 });
  const files: PullFile[] = raw.map((f) => ({
    path: f.filename,
    status: f.status,
    ...(f.previous_filename ? { previousPath: f.previous_filename } : {}),
    ...(typeof f.patch === 'string' ? { patch: f.patch } : {}),
  }));
  const truncated = (changedFiles !== null && changedFiles > files.length) || files.length >= FILE_LIST_LIMIT;
  return { files, truncated };
}

/**
 * Whether a path is worth reading: a format some dialect can parse, not in a skipped folder, not
 * ignored by the settings, and inside the `paths` input / settings paths when those are given.
 * Whether it is a training config is decided later from its content (dialect detection).
 */
export function isCandidate(path: string, settings: Settings, pathGlobs: readonly string[]): boolean {
  if (formatOf(path) === null) return false;
  if (inSkippedFolder(path)) return false;
  if (matchesAny(path, settings.ignore)) return false;
  if (pathGlobs.length && !matchesAny(path, pathGlobs)) return false;
  if (settings.paths.length && !matchesAny(path, settings.paths)) return false;
  return true;
}

/** 1-based line numbers (in the new version) of the lines a unified diff adds. */
export function addedLines(patch: string | undefined): Set<number> {
  const out = new Set<number>();
  if (!patch) return out;
  let line = 0;
  let inHunk = false;
  for (const text of patch.split('\n')) {
    const hunk = /^@@ -\d+(?:,\d+)? \+(\d+)(?:,\d+)? @@/.exec(text);
    if (hunk) {
      line = Number(hunk[1]);
      inHunk = true;
      continue;
    }
    if (!inHunk) continue;
    if (text.startsWith('+')) out.add(line++);
    else if (text.startsWith(' ') || text === '') line++;
    // '-' lines and "\ No newline at end of file" take no line of the new version.
  }
  return out;
}
