// Runs the action's bundle the way a GitHub runner does: a child process with the event payload in a
// file (GITHUB_EVENT_PATH), GITHUB_OUTPUT / GITHUB_STEP_SUMMARY files, RUNNER_TEMP, the API addresses of
// the fake GitHub, and every input of action.yml as INPUT_* (its default unless overridden). Async, so
// the fake server in this process keeps answering while the action runs.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import type { FakeGitHub, RecordedRequest } from './fake-github.ts';
import { REPO_ROOT } from './shared-data.ts';

export interface ActionRun {
  status: number | null;
  stdout: string;
  stderr: string;
  outputs: Record<string, string>;
  summary: string;
  requests: RecordedRequest[];
}

export interface RunOptions {
  /** Default pull_request_target. */
  event?: string;
  pull?: number;
  /** The PR comes from a fork (head.repo is another repository). */
  fork?: boolean;
  inputs?: Record<string, string>;
  /** GITHUB_WORKSPACE; default an empty folder (no checkout). */
  workspace?: string;
  /** pull_request.changed_files in the payload (default: what the fake lists). */
  changedFiles?: number;
  /** pull_request.comments / review_comments in the payload (default: what the fake holds); a re-run's payload is stale. */
  counts?: { comments: number; reviewComments: number };
  /** More variables of the step's env (e.g. TRAINLINT_COMMENT_AUTHOR). */
  env?: Record<string, string>;
}

const temps: string[] = [];

export function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), `trainlint-action-${prefix}-`));
  temps.push(dir);
  return dir;
}

export function removeTempDirs(): void {
  for (const dir of temps.splice(0)) rmSync(dir, { recursive: true, force: true });
}

/** Inputs as the runner passes them: every input of action.yml with its default, then the overrides. */
function inputEnv(fake: FakeGitHub, overrides: Record<string, string>): Record<string, string> {
  const action = parseYaml(readFileSync(join(REPO_ROOT, 'action.yml'), 'utf8')) as { inputs: Record<string, { default?: string }> };
  const env: Record<string, string> = {};
  for (const [name, spec] of Object.entries(action.inputs)) {
    const value = name in overrides ? overrides[name]! : name === 'github-token' ? fake.token : String(spec.default ?? '');
    env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] = value;
  }
  return env;
}

/** A `pull_request` event payload with the fields GitHub sends (trimmed of what no one reads). */
export function pullPayload(fake: FakeGitHub, number: number, headSha: string, baseSha: string, fork: boolean, changedFiles: number, counts?: RunOptions['counts']): Record<string, unknown> {
  const repo = (owner: string) => ({ id: owner === fake.owner ? 1 : 2, node_id: 'R_kgDO', name: fake.repo, full_name: `${owner}/${fake.repo}`, private: false, owner: { login: owner, id: 9, type: 'User' }, fork: owner !== fake.owner, default_branch: 'main' });
  const author = fork ? 'contributor' : fake.owner;
  return {
    action: 'synchronize',
    number,
    before: baseSha,
    after: headSha,
    pull_request: {
      url: `${fake.url}/repos/${fake.owner}/${fake.repo}/pulls/${number}`,
      id: 100 + number,
      node_id: `PR_kwDOfake${number}`,
      html_url: `https://github.com/${fake.owner}/${fake.repo}/pull/${number}`,
      number,
      state: 'open',
      locked: false,
      title: 'Shorter cooldown',
      user: { login: fork ? 'contributor' : 'octocat', id: 2, type: 'User' },
      body: null,
      draft: false,
      head: { label: `${author}:cooldown`, ref: 'cooldown', sha: headSha, user: { login: author }, repo: repo(author) },
      base: { label: `${fake.owner}:main`, ref: 'main', sha: baseSha, user: { login: fake.owner }, repo: repo(fake.owner) },
      merged: false,
      commits: 1,
      additions: 10,
      deletions: 4,
      changed_files: changedFiles,
      comments: counts?.comments ?? fake.issueComments.get(number)?.length ?? 0,
      review_comments: counts?.reviewComments ?? fake.reviewComments.filter((c) => c.pull === number).length,
    },
    repository: repo(fake.owner),
    sender: { login: 'octocat', id: 2, type: 'User' },
  };
}

/** GITHUB_OUTPUT holds `name<<DELIMITER\nvalue\nDELIMITER` blocks. */
function parseOutputs(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of text.matchAll(/^([\w-]+)<<(\S+)\n([\s\S]*?)\n\2$/gm)) out[m[1]!] = m[3]!;
  return out;
}

export async function runBundle(bundle: string, fake: FakeGitHub, options: RunOptions = {}): Promise<ActionRun> {
  const dir = tempDir('run');
  const event = options.event ?? 'pull_request_target';
  const pr = options.pull !== undefined ? fake.pulls.get(options.pull)! : null;
  const payload = pr
    ? pullPayload(fake, pr.number, pr.headSha, pr.baseSha, options.fork ?? false, options.changedFiles ?? fake.pullFiles(pr.number).length, options.counts)
    : { ref: 'refs/heads/main', repository: { full_name: `${fake.owner}/${fake.repo}` } };
  writeFileSync(join(dir, 'event.json'), JSON.stringify(payload));
  for (const f of ['output', 'summary']) writeFileSync(join(dir, f), '');
  const workspace = options.workspace ?? tempDir('workspace');
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? dir,
    CI: 'true',
    GITHUB_ACTIONS: 'true',
    GITHUB_EVENT_NAME: event,
    GITHUB_EVENT_PATH: join(dir, 'event.json'),
    GITHUB_REPOSITORY: `${fake.owner}/${fake.repo}`,
    GITHUB_REPOSITORY_OWNER: fake.owner,
    GITHUB_API_URL: fake.url,
    GITHUB_GRAPHQL_URL: `${fake.url}/graphql`,
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_SHA: pr ? pr.headSha : '0'.repeat(40),
    GITHUB_REF: pr ? `refs/pull/${pr.number}/merge` : 'refs/heads/main',
    GITHUB_RUN_ID: '4242',
    GITHUB_WORKSPACE: workspace,
    GITHUB_OUTPUT: join(dir, 'output'),
    GITHUB_STEP_SUMMARY: join(dir, 'summary'),
    RUNNER_TEMP: dir,
    // The action looks up Hub dataset sizes by default: the tests' lookups go to the local fake, never the internet.
    TRAINLINT_HUB_URL: fake.url,
    ...inputEnv(fake, options.inputs ?? {}),
    ...options.env,
  };
  const first = fake.requests.length;
  const child = spawn(process.execPath, [bundle], { cwd: workspace, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => (stdout += c.toString('utf8')));
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
  const status = await new Promise<number | null>((resolve) => child.on('close', resolve));
  return {
    status,
    stdout,
    stderr,
    outputs: parseOutputs(readFileSync(join(dir, 'output'), 'utf8')),
    summary: readFileSync(join(dir, 'summary'), 'utf8'),
    requests: fake.requests.slice(first),
  };
}

export const requestLog = (r: ActionRun): string => r.requests.map((q) => `${q.method} ${q.path} -> ${q.status}${q.graphql ? ` (${q.graphql})` : ''}`).join('\n');

export const show = (r: ActionRun): string => `exit ${r.status}\n--- stdout\n${r.stdout.slice(-6000)}\n--- stderr\n${r.stderr.slice(-3000)}\n--- requests\n${requestLog(r)}`;

export const calls = (r: ActionRun, method: string, path: RegExp): RecordedRequest[] => r.requests.filter((q) => q.method === method && path.test(q.path));
