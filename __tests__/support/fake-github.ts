// A stand-in for api.github.com for the action's end-to-end tests: a real HTTP server on 127.0.0.1
// (random port) that answers the REST and GraphQL calls the action makes, over an in-memory repository
// of commits, with GitHub's response shapes (pagination through `Link`, 3000-file cap on a PR's files,
// 422 for a review comment outside the diff, 403 "Resource not accessible by integration"). Every
// request is recorded; faults (a status for the next N matching calls) and a race (another run's
// comment appearing while ours is posted) can be injected.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
  method: string;
  /** Path and query, e.g. `/repos/octo/models/pulls/1/files?per_page=100&page=2`. */
  path: string;
  status: number;
  /** For GraphQL: `blobs xN` or `minimizeComment`. */
  graphql?: string;
}

interface Fault {
  method: string;
  path: RegExp;
  status: number;
  times: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export interface PullRequestSpec {
  number: number;
  baseSha: string;
  headSha: string;
  /** new path -> old path */
  renames?: Record<string, string>;
}

export interface IssueCommentRecord {
  id: number;
  node_id: string;
  body: string;
  user: string;
  minimized: boolean;
  created_at: string;
  updated_at: string;
}

export interface ReviewCommentRecord {
  id: number;
  node_id: string;
  pull: number;
  body: string;
  path: string;
  line: number;
  side: string;
  commit_id: string;
  user: string;
}

const BOT = 'github-actions[bot]';
const DOCS = 'https://docs.github.com/rest';

function user(login: string): Record<string, unknown> {
  return { login, id: login === BOT ? 41898282 : 1001, node_id: 'MDM6Qm90NDE4OTgyODI=', type: login === BOT ? 'Bot' : 'User', site_admin: false, avatar_url: `https://avatars.githubusercontent.com/in/15368?v=4`, html_url: `https://github.com/apps/github-actions` };
}

/** A unified diff with 3 lines of context, as GitHub's `patch` field shows it. */
export function unifiedPatch(before: string | null, after: string | null): string {
  const a = before === null ? [] : before.replace(/\n$/, '').split('\n');
  const b = after === null ? [] : after.replace(/\n$/, '').split('\n');
  const n = a.length;
  const m = b.length;
  const lcs: number[][] = Array.from({ length: n + 1 }, () => new Array<number>(m + 1).fill(0));
  for (let i = n - 1; i >= 0; i--) for (let j = m - 1; j >= 0; j--) lcs[i]![j] = a[i] === b[j] ? lcs[i + 1]![j + 1]! + 1 : Math.max(lcs[i + 1]![j]!, lcs[i]![j + 1]!);
  const ops: Array<{ kind: ' ' | '-' | '+'; text: string; oldLine: number; newLine: number }> = [];
  let i = 0;
  let j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && a[i] === b[j]) ops.push({ kind: ' ', text: a[i]!, oldLine: ++i, newLine: ++j });
    else if (j < m && (i === n || lcs[i]![j + 1]! >= lcs[i + 1]![j]!)) ops.push({ kind: '+', text: b[j]!, oldLine: i, newLine: ++j });
    else ops.push({ kind: '-', text: a[i]!, oldLine: ++i, newLine: j });
  }
  const changed = ops.map((o, k) => (o.kind === ' ' ? -1 : k)).filter((k) => k >= 0);
  if (!changed.length) return '';
  const hunks: Array<[number, number]> = [];
  for (const k of changed) {
    const last = hunks.at(-1);
    if (last && k - last[1] <= 7) last[1] = k;
    else hunks.push([k, k]);
  }
  const out: string[] = [];
  for (const [first, lastChanged] of hunks) {
    const start = Math.max(0, first - 3);
    const end = Math.min(ops.length - 1, lastChanged + 3);
    const slice = ops.slice(start, end + 1);
    const oldCount = slice.filter((o) => o.kind !== '+').length;
    const newCount = slice.filter((o) => o.kind !== '-').length;
    const oldStart = slice.find((o) => o.kind !== '+')?.oldLine ?? 0;
    const newStart = slice.find((o) => o.kind !== '-')?.newLine ?? 0;
    out.push(`@@ -${oldStart},${oldCount} +${newStart},${newCount} @@`, ...slice.map((o) => `${o.kind}${o.text}`));
  }
  return out.join('\n');
}

export class FakeGitHub {
  readonly owner = 'octo';
  readonly repo = 'models';
  readonly token = 'ghs_faketoken';
  readonly commits = new Map<string, Map<string, string>>();
  readonly pulls = new Map<number, PullRequestSpec>();
  readonly issueComments = new Map<number, IssueCommentRecord[]>();
  readonly reviewComments: ReviewCommentRecord[] = [];
  readonly requests: RecordedRequest[] = [];
  /** GraphQL queries asking for more blobs than this are refused as GitHub's resource limits do (null: no limit). */
  graphqlObjectLimit: number | null = null;
  /** Runs when the action creates an issue comment, before the answer: simulates a racing run. */
  onCommentCreate: ((pull: number) => void) | null = null;
  /** The login the action's token writes as (github-actions[bot] for GITHUB_TOKEN; a PAT's owner otherwise). */
  tokenUser = BOT;
  private faults: Fault[] = [];
  private listings = new Map<string, Array<Record<string, unknown>>>();
  private nextId = 1000;
  private server: Server | null = null;
  url = '';

  addCommit(sha: string, files: Record<string, string>): void {
    this.commits.set(sha, new Map(Object.entries(files)));
  }

  addPull(spec: PullRequestSpec): void {
    this.pulls.set(spec.number, spec);
    if (!this.issueComments.has(spec.number)) this.issueComments.set(spec.number, []);
  }

  /** The next `times` calls matching method and path answer `status`. */
  fail(method: string, path: RegExp, status: number, times: number, extra: { body?: unknown; headers?: Record<string, string> } = {}): void {
    this.faults.push({ method, path, status, times, ...extra });
  }

  clearFaults(): void {
    this.faults = [];
  }

  /** Another user's (or run's) comment, as if posted through the UI or by a concurrent run. */
  postComment(pull: number, body: string, login = BOT): IssueCommentRecord {
    const now = new Date().toISOString();
    const c = { id: ++this.nextId, node_id: `IC_kwDOfake${this.nextId}`, body, user: login, minimized: false, created_at: now, updated_at: now };
    this.issueComments.get(pull)!.push(c);
    return c;
  }

  async start(): Promise<string> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => this.handle(req, res, Buffer.concat(chunks).toString('utf8')));
    });
    // Node closes an idle keep-alive socket after 5 s; a run that reviews 1,000 files between two calls would then meet
    // a reset socket (and retry), which GitHub's long keep-alive does not cause.
    this.server.keepAliveTimeout = 120_000;
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this.url;
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    // Keep-alive sockets of finished runs would hold close() open.
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private send(req: IncomingMessage, res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}, graphql?: string): void {
    const path = req.url ?? '';
    this.requests.push({ method: req.method ?? '', path, status, ...(graphql ? { graphql } : {}) });
    const text = status === 204 ? '' : JSON.stringify(body);
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'x-github-media-type': 'github.v3; format=json', 'x-ratelimit-limit': '1000', 'x-ratelimit-remaining': '990', ...headers });
    res.end(text);
  }

  private handle(req: IncomingMessage, res: ServerResponse, raw: string): void {
    const url = new URL(req.url ?? '/', this.url);
    const method = req.method ?? 'GET';
    if (req.headers.authorization !== `token ${this.token}`) return this.send(req, res, 401, { message: 'Bad credentials', documentation_url: DOCS, status: '401' });
    const fault = this.faults.find((f) => f.method === method && f.path.test(url.pathname) && f.times > 0);
    if (fault) {
      fault.times--;
      return this.send(req, res, fault.status, fault.body ?? { message: fault.status >= 500 ? 'Server Error' : 'Resource not accessible by integration', documentation_url: DOCS, status: String(fault.status) }, fault.headers);
    }
    const base = `/repos/${this.owner}/${this.repo}`;
    const p = url.pathname;
    let m: RegExpExecArray | null;
    const body = raw ? (JSON.parse(raw) as Record<string, unknown>) : {};
    if (method === 'POST' && p === '/graphql') return this.graphql(req, res, body);
    if (method === 'GET' && (m = new RegExp(`^${base}/pulls/(\\d+)/files$`).exec(p))) return this.paginated(req, res, url, this.pullFiles(Number(m[1])).slice(0, 3000));
    if ((m = new RegExp(`^${base}/issues/(\\d+)/comments$`).exec(p))) {
      const list = this.issueComments.get(Number(m[1]));
      if (!list) return this.send(req, res, 404, { message: 'Not Found', documentation_url: DOCS, status: '404' });
      if (method === 'GET') return this.paginated(req, res, url, list.map((c) => this.issueCommentJson(Number(m![1]), c)));
      if (method === 'POST') {
        this.onCommentCreate?.(Number(m[1]));
        const c = this.postComment(Number(m[1]), String(body.body), this.tokenUser);
        return this.send(req, res, 201, this.issueCommentJson(Number(m[1]), c));
      }
    }
    if ((m = new RegExp(`^${base}/issues/comments/(\\d+)$`).exec(p))) {
      const id = Number(m[1]);
      for (const [pull, list] of this.issueComments) {
        const at = list.findIndex((c) => c.id === id);
        if (at < 0) continue;
        if (method === 'PATCH') {
          list[at]!.body = String(body.body);
          list[at]!.updated_at = new Date().toISOString();
          return this.send(req, res, 200, this.issueCommentJson(pull, list[at]!));
        }
        if (method === 'DELETE') {
          list.splice(at, 1);
          return this.send(req, res, 204, null);
        }
      }
      return this.send(req, res, 404, { message: 'Not Found', documentation_url: DOCS, status: '404' });
    }
    if ((m = new RegExp(`^${base}/pulls/(\\d+)/comments$`).exec(p))) {
      const pull = Number(m[1]);
      if (method === 'GET') return this.paginated(req, res, url, this.reviewComments.filter((c) => c.pull === pull).map((c) => this.reviewCommentJson(c)));
      if (method === 'POST') return this.createReviewComment(req, res, pull, body);
    }
    if (method === 'POST' && (m = new RegExp(`^${base}/pulls/(\\d+)/reviews$`).exec(p))) return this.createReview(req, res, Number(m[1]), body);
    if (method === 'DELETE' && (m = new RegExp(`^${base}/pulls/comments/(\\d+)$`).exec(p))) {
      const at = this.reviewComments.findIndex((c) => c.id === Number(m![1]));
      if (at < 0) return this.send(req, res, 404, { message: 'Not Found', documentation_url: DOCS, status: '404' });
      this.reviewComments.splice(at, 1);
      return this.send(req, res, 204, null);
    }
    return this.send(req, res, 404, { message: `Not Found (fake GitHub has no ${method} ${p})`, documentation_url: DOCS, status: '404' });
  }

  private paginated(req: IncomingMessage, res: ServerResponse, url: URL, items: unknown[]): void {
    const perPage = Math.min(100, Number(url.searchParams.get('per_page') ?? 30));
    const page = Number(url.searchParams.get('page') ?? 1);
    const last = Math.max(1, Math.ceil(items.length / perPage));
    const link = (n: number) => {
      const u = new URL(url.href);
      u.searchParams.set('page', String(n));
      u.searchParams.set('per_page', String(perPage));
      return `<${this.url}${u.pathname}${u.search}>`;
    };
    const rels: string[] = [];
    if (page < last) rels.push(`${link(page + 1)}; rel="next"`, `${link(last)}; rel="last"`);
    if (page > 1) rels.push(`${link(1)}; rel="first"`, `${link(page - 1)}; rel="prev"`);
    this.send(req, res, 200, items.slice((page - 1) * perPage, page * perPage), rels.length ? { link: rels.join(', ') } : {});
  }

  /** The PR's files as GitHub lists them: sorted by path, with status, patch and previous_filename. */
  pullFiles(number: number): Array<Record<string, unknown>> {
    const pr = this.pulls.get(number)!;
    const key = `${number}:${pr.baseSha}:${pr.headSha}:${JSON.stringify(pr.renames ?? {})}`;
    const cached = this.listings.get(key);
    if (cached) return cached;
    const out = this.computePullFiles(pr);
    this.listings.set(key, out);
    return out;
  }

  private computePullFiles(pr: PullRequestSpec): Array<Record<string, unknown>> {
    const before = this.commits.get(pr.baseSha)!;
    const after = this.commits.get(pr.headSha)!;
    const renames = pr.renames ?? {};
    const renamedFrom = new Set(Object.values(renames));
    const paths = [...new Set([...before.keys(), ...after.keys()])].filter((path) => !(renamedFrom.has(path) && !after.has(path))).sort();
    const out: Array<Record<string, unknown>> = [];
    for (const path of paths) {
      const oldPath = renames[path] ?? path;
      const oldText = before.get(oldPath) ?? null;
      const newText = after.get(path) ?? null;
      if (oldText === newText && !renames[path]) continue;
      const status = renames[path] ? 'renamed' : oldText === null ? 'added' : newText === null ? 'removed' : 'modified';
      const patch = unifiedPatch(oldText, newText);
      const additions = patch.split('\n').filter((l) => l.startsWith('+')).length;
      const deletions = patch.split('\n').filter((l) => l.startsWith('-')).length;
      const enc = encodeURIComponent(path).replace(/%2F/g, '/');
      out.push({
        sha: `${pr.headSha.slice(0, 8)}${String(out.length).padStart(32, '0')}`,
        filename: path,
        status,
        additions,
        deletions,
        changes: additions + deletions,
        blob_url: `https://github.com/${this.owner}/${this.repo}/blob/${pr.headSha}/${enc}`,
        raw_url: `https://github.com/${this.owner}/${this.repo}/raw/${pr.headSha}/${enc}`,
        contents_url: `${this.url}/repos/${this.owner}/${this.repo}/contents/${enc}?ref=${pr.headSha}`,
        ...(patch ? { patch } : {}),
        ...(renames[path] ? { previous_filename: renames[path] } : {}),
      });
    }
    return out;
  }

  private issueCommentJson(pull: number, c: IssueCommentRecord): Record<string, unknown> {
    return {
      url: `${this.url}/repos/${this.owner}/${this.repo}/issues/comments/${c.id}`,
      html_url: `https://github.com/${this.owner}/${this.repo}/pull/${pull}#issuecomment-${c.id}`,
      issue_url: `${this.url}/repos/${this.owner}/${this.repo}/issues/${pull}`,
      id: c.id,
      node_id: c.node_id,
      user: user(c.user),
      created_at: c.created_at,
      updated_at: c.updated_at,
      author_association: 'NONE',
      body: c.body,
      reactions: { url: '', total_count: 0, '+1': 0, '-1': 0, laugh: 0, hooray: 0, confused: 0, heart: 0, rocket: 0, eyes: 0 },
      performed_via_github_app: c.user === BOT ? { id: 15368, slug: 'github-actions', name: 'GitHub Actions' } : null,
    };
  }

  private reviewCommentJson(c: ReviewCommentRecord): Record<string, unknown> {
    return {
      url: `${this.url}/repos/${this.owner}/${this.repo}/pulls/comments/${c.id}`,
      pull_request_review_id: c.id + 1,
      id: c.id,
      node_id: c.node_id,
      diff_hunk: '@@',
      path: c.path,
      commit_id: c.commit_id,
      original_commit_id: c.commit_id,
      user: user(c.user),
      body: c.body,
      created_at: new Date().toISOString(),
      updated_at: new Date().toISOString(),
      html_url: `https://github.com/${this.owner}/${this.repo}/pull/${c.pull}#discussion_r${c.id}`,
      pull_request_url: `${this.url}/repos/${this.owner}/${this.repo}/pulls/${c.pull}`,
      author_association: 'NONE',
      _links: {},
      start_line: null,
      original_start_line: null,
      start_side: null,
      line: c.line,
      original_line: c.line,
      side: c.side,
      subject_type: 'line',
    };
  }

  /** Why GitHub would refuse a review comment on this line of this PR, or null when it may go there. */
  private reviewCommentProblem(pull: number, commitId: unknown, comment: Record<string, unknown>): { field: string; message: string } | null {
    const pr = this.pulls.get(pull)!;
    if (commitId !== pr.headSha) return { field: 'commit_id', message: 'commit_id is not part of the pull request' };
    const file = this.pullFiles(pull).find((f) => f.filename === comment.path);
    const unresolved = { field: 'pull_request_review_thread.line', message: 'could not be resolved' };
    if (!file || typeof comment.line !== 'number' || comment.side !== 'RIGHT') return unresolved;
    const lines = new Set<number>();
    let n = 0;
    for (const l of String(file.patch ?? '').split('\n')) {
      const h = /^@@ -\d+(?:,\d+)? \+(\d+)/.exec(l);
      if (h) n = Number(h[1]);
      else if (l.startsWith('+') || l.startsWith(' ')) lines.add(n++);
    }
    return lines.has(comment.line) ? null : unresolved;
  }

  /** A review of event COMMENT with inline comments: all of them or none (422 when one line is outside the diff). */
  private createReview(req: IncomingMessage, res: ServerResponse, pull: number, body: Record<string, unknown>): void {
    const pr = this.pulls.get(pull);
    if (!pr) return this.send(req, res, 404, { message: 'Not Found', documentation_url: DOCS, status: '404' });
    const comments = Array.isArray(body.comments) ? (body.comments as Array<Record<string, unknown>>) : [];
    if (body.event !== 'COMMENT' || (!comments.length && !body.body)) return this.send(req, res, 422, { message: 'Unprocessable Entity', errors: ['Review body can\'t be blank'], documentation_url: DOCS, status: '422' });
    const problem = comments.map((c) => this.reviewCommentProblem(pull, body.commit_id, c)).find((x) => x !== null);
    if (problem) return this.send(req, res, 422, { message: 'Unprocessable Entity', errors: [`Line ${problem.message}`], documentation_url: DOCS, status: '422' });
    const reviewId = ++this.nextId;
    for (const c of comments) {
      this.reviewComments.push({ id: ++this.nextId, node_id: `PRRC_kwDOfake${this.nextId}`, pull, body: String(c.body), path: String(c.path), line: c.line as number, side: 'RIGHT', commit_id: pr.headSha, user: this.tokenUser });
    }
    this.send(req, res, 200, { id: reviewId, node_id: `PRR_kwDOfake${reviewId}`, user: user(BOT), body: String(body.body ?? ''), state: 'COMMENTED', commit_id: pr.headSha, html_url: `https://github.com/${this.owner}/${this.repo}/pull/${pull}#pullrequestreview-${reviewId}` });
  }

  private createReviewComment(req: IncomingMessage, res: ServerResponse, pull: number, body: Record<string, unknown>): void {
    const pr = this.pulls.get(pull);
    const invalid = (field: string, message: string) =>
      this.send(req, res, 422, { message: 'Validation Failed', errors: [{ resource: 'PullRequestReviewComment', code: 'custom', field, message }], documentation_url: DOCS, status: '422' });
    if (!pr) return this.send(req, res, 404, { message: 'Not Found', documentation_url: DOCS, status: '404' });
    if (body.commit_id !== pr.headSha) return invalid('commit_id', 'commit_id is not part of the pull request');
    const file = this.pullFiles(pull).find((f) => f.filename === body.path);
    if (!file || typeof body.line !== 'number' || body.side !== 'RIGHT') return invalid('pull_request_review_thread.line', 'could not be resolved');
    // A comment may go on any line of the diff's right side (added or context).
    const lines = new Set<number>();
    let n = 0;
    for (const l of String(file.patch ?? '').split('\n')) {
      const h = /^@@ -\d+(?:,\d+)? \+(\d+)/.exec(l);
      if (h) n = Number(h[1]);
      else if (l.startsWith('+') || l.startsWith(' ')) lines.add(n++);
    }
    if (!lines.has(body.line)) return invalid('pull_request_review_thread.line', 'could not be resolved');
    const c: ReviewCommentRecord = { id: ++this.nextId, node_id: `PRRC_kwDOfake${this.nextId}`, pull, body: String(body.body), path: String(body.path), line: body.line, side: 'RIGHT', commit_id: pr.headSha, user: this.tokenUser };
    this.reviewComments.push(c);
    this.send(req, res, 201, this.reviewCommentJson(c));
  }

  private graphql(req: IncomingMessage, res: ServerResponse, body: Record<string, unknown>): void {
    const query = String(body.query ?? '');
    const variables = (body.variables ?? {}) as Record<string, unknown>;
    const errors = (message: string) => this.send(req, res, 200, { errors: [{ type: 'UNSUPPORTED', message }] }, {}, 'error');
    if (/^\s*mutation\b/.test(query) && /minimizeComment\(input: \{subjectId: \$id, classifier: OUTDATED\}\)/.test(query)) {
      const comment = [...this.issueComments.values()].flat().find((c) => c.node_id === variables.id);
      if (!comment) return this.send(req, res, 200, { data: { minimizeComment: null }, errors: [{ type: 'NOT_FOUND', path: ['minimizeComment'], message: `Could not resolve to a node with the global id of '${String(variables.id)}'` }] }, {}, 'minimizeComment');
      comment.minimized = true;
      return this.send(req, res, 200, { data: { minimizeComment: { minimizedComment: { isMinimized: true } } } }, {}, 'minimizeComment');
    }
    if (!/repository\(owner: \$owner, name: \$name\)/.test(query)) return errors(`fake GitHub does not answer this query: ${query.slice(0, 200)}`);
    if (variables.owner !== this.owner || variables.name !== this.repo) return this.send(req, res, 200, { data: { repository: null }, errors: [{ type: 'NOT_FOUND', path: ['repository'], message: `Could not resolve to a Repository with the name '${String(variables.owner)}/${String(variables.name)}'.` }] });
    const fields = [...query.matchAll(/(\w+): object\(expression: \$(\w+)\) \{ __typename \.\.\. on Blob \{ text isBinary isTruncated byteSize \} \}/g)];
    if (!fields.length) return errors('no object fields in the query');
    if (this.graphqlObjectLimit !== null && fields.length > this.graphqlObjectLimit) {
      return this.send(req, res, 200, { data: null, errors: [{ type: 'RESOURCE_LIMITS_EXCEEDED', message: 'Resource limits for this query exceeded.' }] }, {}, `refused x${fields.length}`);
    }
    const repository: Record<string, unknown> = {};
    for (const [, alias, variable] of fields) {
      const expression = String(variables[variable!] ?? '');
      const colon = expression.indexOf(':');
      const text = this.commits.get(expression.slice(0, colon))?.get(expression.slice(colon + 1));
      repository[alias!] = text === undefined ? null : { __typename: 'Blob', text, isBinary: false, isTruncated: false, byteSize: Buffer.byteLength(text) };
    }
    this.send(req, res, 200, { data: { repository } }, {}, `blobs x${fields.length}`);
  }
}
