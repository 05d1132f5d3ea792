// File contents at a commit, as data (nothing from the PR is ever executed). From the local checkout
// when it holds both commits (`git cat-file --batch`: one process for all files, no API calls), else
// through GraphQL with many blobs per query: a PR with hundreds of configs costs a handful of calls.
import { execFileSync, spawnSync } from 'node:child_process';
import * as core from '@actions/core';
import { safeGitArgs, safeGitEnv } from '../core/git-safety.ts';
import { MAX_REFUSALS, type RefusedPath, type RepoView } from '../core/plan.ts';
import { LIMITS } from '../core/parse.ts';
import { ApiError, type GitHubApi } from './api.ts';

export interface BlobRequest {
  sha: string;
  path: string;
}

export const blobKey = (r: BlobRequest): string => `${r.sha}:${r.path}`;

export interface ContentReader {
  kind: 'git' | 'api';
  /** Each request's text (capped at the parse size limit), or null when absent or not text. */
  read(requests: readonly BlobRequest[]): Promise<Map<string, string | null>>;
  /** The repository at `sha` for dialects that look beside a config, when it can be read synchronously. */
  view(sha: string): RepoView | undefined;
}

/**
 * Blobs per GraphQL query. Each is one node (GitHub's limit is 500,000 a call) and configs are kilobytes, so a PR of
 * 1,000 configs is read in one query for the heads and one for the bases. GitHub also caps the resources one query
 * may use (github.blog changelog 2025-09-01) without saying where: a batch it refuses is split in half and retried.
 */
export const GRAPHQL_BATCH = 2000;

function git(cwd: string, args: string[], input?: Buffer): Buffer | null {
  const r = spawnSync('git', safeGitArgs(args), { cwd, input, env: safeGitEnv(), maxBuffer: 1024 * 1024 * 1024, stdio: ['pipe', 'pipe', 'ignore'] });
  return r.status === 0 ? r.stdout : null;
}

/** A local reader when `workspace` is a git repository that has both commits. */
export function localReader(workspace: string, shas: readonly string[]): ContentReader | null {
  if (!git(workspace, ['rev-parse', '--is-inside-work-tree'])) return null;
  if (!shas.every((sha) => git(workspace, ['cat-file', '-e', `${sha}^{commit}`]) !== null)) return null;
  return {
    kind: 'git',
    async read(requests) {
      const out = new Map<string, string | null>();
      // cat-file's batch input is one object name a line: a path with a line break cannot be asked for.
      const named = requests.filter((r) => !/[\n\r]/.test(r.path));
      for (const r of requests) out.set(blobKey(r), null);
      if (!named.length) return out;
      // Sizes first, so that a huge file in the PR is never loaded: it only needs to be reported as too large.
      const check = git(workspace, ['cat-file', '--batch-check'], Buffer.from(named.map((r) => `${blobKey(r)}\n`).join('')));
      if (!check) throw new Error('git cat-file --batch-check failed in the checkout');
      const sizes = check.toString('utf8').split('\n').slice(0, named.length).map((line) => /^[0-9a-f]+ (\w+) (\d+)$/.exec(line));
      const small: BlobRequest[] = [];
      named.forEach((r, i) => {
        const m = sizes[i];
        if (!m || m[1] !== 'blob') return; // missing, or a folder / submodule
        if (Number(m[2]) > LIMITS.maxBytes) out.set(blobKey(r), tooLarge(''));
        else small.push(r);
      });
      if (!small.length) return out;
      const stdout = git(workspace, ['cat-file', '--batch'], Buffer.from(small.map((r) => `${blobKey(r)}\n`).join('')));
      if (!stdout) throw new Error('git cat-file --batch failed in the checkout');
      let at = 0;
      for (const r of small) {
        const newline = stdout.indexOf(0x0a, at);
        const m = /^[0-9a-f]+ (\w+) (\d+)$/.exec(stdout.subarray(at, newline).toString('utf8'));
        at = newline + 1;
        if (!m) continue;
        const size = Number(m[2]);
        out.set(blobKey(r), stdout.subarray(at, at + size).toString('utf8'));
        at += size + 1;
      }
      return out;
    },
    view(sha) {
      return commitView(workspace, sha);
    },
  };
}

/** Why a path that safePath turns down leads outside the repository, or null when it only takes a detour (`a/../b`). */
function outsideReason(path: string): string | null {
  if (path.startsWith('/')) return 'it is an absolute path outside the repository';
  let depth = 0;
  for (const part of path.split('/')) {
    if (part === '..') depth--;
    else if (part !== '' && part !== '.') depth++;
    if (depth < 0) return 'its `..` climbs out of the repository';
  }
  return null;
}

/** Repo-relative, no way out of the repository. */
function safePath(path: string): string | null {
  const clean = path.replace(/^\.\//, '').replace(/\/+$/, '');
  if (clean.startsWith('/') || clean.split('/').some((part) => part === '..')) return null;
  return clean === '.' ? '' : clean;
}

/** The tree of one commit, read with git (links are not followed: only regular files and folders). */
function commitView(cwd: string, sha: string): RepoView {
  const entries = (dir: string): Array<{ mode: string; type: string; name: string }> | null => {
    const out = git(cwd, ['ls-tree', '-z', `${sha}:${dir}`]);
    if (!out) return null;
    return out
      .toString('utf8')
      .split('\0')
      .filter(Boolean)
      .map((line) => {
        const tab = line.indexOf('\t');
        const [mode = '', type = ''] = line.slice(0, tab).split(' ');
        return { mode, type, name: line.slice(tab + 1) };
      });
  };
  const refusals: RefusedPath[] = [];
  const refuse = (path: string, reason: string): null => {
    if (refusals.length < MAX_REFUSALS) refusals.push({ path, reason });
    return null;
  };
  const LINK = 'it is a symbolic link, which trainlint does not follow in a commit (it could lead outside the repository)';
  /** The path itself, or a folder on its way, is a committed symbolic link. */
  const throughLink = (clean: string): boolean => {
    const parts = clean.split('/');
    for (let i = 1; i <= parts.length; i++) {
      const entry = entries(parts.slice(0, i - 1).join('/'))?.find((e) => e.name === parts[i - 1]);
      if (!entry) return false;
      if (entry.mode === '120000') return true;
      if (entry.type !== 'tree') return false;
    }
    return false;
  };
  const unsafe = (path: string): null => {
    const why = outsideReason(path.replace(/^\.\//, ''));
    return why ? refuse(path, why) : null;
  };
  return {
    refused: () => refusals,
    list(dir) {
      const clean = safePath(dir);
      if (clean === null) return unsafe(dir);
      const list = entries(clean);
      if (!list) return clean && throughLink(clean) ? refuse(clean, LINK) : null;
      return list
        .filter((e) => e.type === 'tree' || (e.type === 'blob' && e.mode !== '120000'))
        .map((e) => (e.type === 'tree' ? `${e.name}/` : e.name))
        .sort();
    },
    read(path) {
      const clean = safePath(path);
      if (clean === null) return unsafe(path);
      if (!clean) return null;
      const slash = clean.lastIndexOf('/');
      const entry = entries(slash < 0 ? '' : clean.slice(0, slash))?.find((e) => e.name === clean.slice(slash + 1));
      if (!entry) return slash > 0 && throughLink(clean) ? refuse(clean, LINK) : null;
      if (entry.mode === '120000') return refuse(clean, LINK);
      if (entry.type !== 'blob') return null;
      try {
        return execFileSync('git', safeGitArgs(['cat-file', 'blob', `${sha}:${clean}`]), { cwd, env: safeGitEnv(), maxBuffer: LIMITS.maxBytes + 1, stdio: ['ignore', 'pipe', 'ignore'] }).toString('utf8');
      } catch (err) {
        const partial = (err as { stdout?: Buffer }).stdout;
        return partial && partial.length > LIMITS.maxBytes ? partial.toString('utf8') : null;
      }
    },
  };
}

/**
 * A file larger than any config we parse stands in as its beginning padded past the limit: the parser
 * then reports it as too large (a finding), exactly as for a file read from disk, without reading more.
 */
function tooLarge(start: string): string {
  return start + ' '.repeat(Math.max(0, LIMITS.maxBytes + 1 - Buffer.byteLength(start)));
}

interface BlobNode {
  __typename: string;
  text?: string | null;
  isBinary?: boolean | null;
  isTruncated?: boolean;
  byteSize?: number;
}

/** Reads through the API: GraphQL, GRAPHQL_BATCH blobs per query, each addressed as `SHA:path`. */
export function apiReader(api: GitHubApi, owner: string, repo: string): ContentReader {
  return {
    kind: 'api',
    async read(requests) {
      const out = new Map<string, string | null>();
      const unique = [...new Map(requests.map((r) => [blobKey(r), r])).values()];
      let queries = 0;
      const readBatch = async (batch: BlobRequest[]): Promise<void> => {
        const declarations = batch.map((_, i) => `$e${i}: String!`).join(', ');
        const fields = batch.map((_, i) => `f${i}: object(expression: $e${i}) { __typename ... on Blob { text isBinary isTruncated byteSize } }`).join('\n    ');
        const query = `query($owner: String!, $name: String!, ${declarations}) {\n  repository(owner: $owner, name: $name) {\n    ${fields}\n  }\n}`;
        const variables: Record<string, string> = { owner, name: repo };
        batch.forEach((r, i) => (variables[`e${i}`] = blobKey(r)));
        let data: { repository: Record<string, BlobNode | null> | null };
        try {
          queries++;
          data = await api.graphql<{ repository: Record<string, BlobNode | null> | null }>(query, variables);
        } catch (err) {
          if (batch.length < 2 || !tooBig(err)) throw err;
          core.info(`GitHub did not answer a query for ${batch.length} files (${(err as Error).message.split('\n')[0]}); splitting it in two`);
          const half = Math.ceil(batch.length / 2);
          await readBatch(batch.slice(0, half));
          await readBatch(batch.slice(half));
          return;
        }
        if (!data.repository) throw new Error(`GraphQL: repository ${owner}/${repo} not found or not readable with this token`);
        for (const [i, r] of batch.entries()) out.set(blobKey(r), await blobText(api, owner, repo, r, data.repository[`f${i}`] ?? null));
      };
      // Even batches: 1,001 files are two queries of 501 and 500, not 2,000 and 1.
      const count = Math.ceil(unique.length / GRAPHQL_BATCH);
      const size = Math.ceil(unique.length / Math.max(1, count));
      for (let start = 0; start < unique.length; start += size) await readBatch(unique.slice(start, start + size));
      if (unique.length) core.info(`read ${unique.length} file version${unique.length === 1 ? '' : 's'} in ${queries} GraphQL quer${queries === 1 ? 'y' : 'ies'}`);
      return out;
    },
    view() {
      return undefined; // the API cannot answer synchronously; dialects treat the neighbourhood as unknown
    },
  };
}

/** GitHub refused the query for its size (resource limits: errors in a 200 answer) or timed out on it (5xx). */
function tooBig(err: unknown): boolean {
  const e = err as { name?: string; errors?: Array<{ type?: string }> };
  // Not a matter of size: the repository or the token.
  if (Array.isArray(e.errors)) return !e.errors.some((x) => ['NOT_FOUND', 'FORBIDDEN', 'UNAUTHORIZED'].includes(x.type ?? ''));
  return err instanceof ApiError && err.status >= 500;
}

async function blobText(api: GitHubApi, owner: string, repo: string, r: BlobRequest, node: BlobNode | null): Promise<string | null> {
  if (!node || node.__typename !== 'Blob' || node.isBinary || typeof node.text !== 'string') return null;
  if (!node.isTruncated) return node.text;
  const size = node.byteSize ?? 0;
  if (size > LIMITS.maxBytes) return tooLarge(node.text);
  // GraphQL cut a file we can parse: fetch it whole (rare: one REST call for this file).
  const response = await api.octokit.rest.repos.getContent({ owner, repo, path: r.path, ref: r.sha, mediaType: { format: 'raw' } });
  return typeof response.data === 'string' ? response.data : null;
}
