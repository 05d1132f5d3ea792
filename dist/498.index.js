export const id = 498;
export const ids = [498];
export const modules = {

/***/ 7498:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  runAction: () => (/* binding */ runAction)
});

// EXTERNAL MODULE: ./node_modules/@actions/core/lib/core.js + 14 modules
var core = __webpack_require__(6421);
// EXTERNAL MODULE: ./src/cli/main.ts + 7 modules
var main = __webpack_require__(9953);
// EXTERNAL MODULE: ./src/core/report.ts
var core_report = __webpack_require__(8557);
// EXTERNAL MODULE: ./src/pipeline/review.ts + 16 modules
var review = __webpack_require__(81);
// EXTERNAL MODULE: ./src/cli/repo-view.ts
var repo_view = __webpack_require__(3908);
// EXTERNAL MODULE: ./src/edge/hub.ts + 1 modules
var edge_hub = __webpack_require__(8848);
// EXTERNAL MODULE: ./src/render/markdown.ts + 2 modules
var markdown = __webpack_require__(4037);
// EXTERNAL MODULE: ./node_modules/@actions/github/lib/github.js + 22 modules
var github = __webpack_require__(2413);
;// CONCATENATED MODULE: ./src/github/api.ts
// The action's only door to GitHub: an Octokit from @actions/github whose every request (REST and
// GraphQL alike go through `octokit.request`) is counted, logged, and retried with a bounded backoff
// when GitHub says "try again" (5xx, 429, secondary rate limit, connection dropped).


/** A call that failed for good; `status` 0 when no response came back. */
class ApiError extends Error {
    status;
    call;
    rateLimited;
    constructor(message, status, call, 
    /** GitHub refused because the token's hourly quota is spent (not a permission problem). */
    rateLimited = false) {
        super(message);
        this.status = status;
        this.call = call;
        this.rateLimited = rateLimited;
    }
}
const MAX_ATTEMPTS = 4;
const MAX_DELAY_MS = 60_000;
function errorText(err) {
    const data = err.response?.data;
    const text = typeof data?.message === 'string' ? data.message : (err.message ?? 'no response');
    return text.split('\n')[0].slice(0, 300);
}
/** How long to wait before trying again, or null when the failure is not worth retrying. */
function retryDelay(err, attempt) {
    if (attempt >= MAX_ATTEMPTS)
        return null;
    const status = err.status ?? 0;
    const headers = err.response?.headers ?? {};
    const retryAfter = Number(headers['retry-after']);
    const secondary = status === 403 && (/secondary rate limit|abuse/i.test(errorText(err)) || headers['retry-after'] !== undefined);
    // A spent primary quota only comes back at x-ratelimit-reset (up to an hour): waiting is not an option.
    const primary = (status === 403 || status === 429) && String(headers['x-ratelimit-remaining']) === '0' && !secondary;
    const transient = status === 0 || status >= 500 || status === 429 || secondary;
    if (!transient || primary)
        return null;
    if (Number.isFinite(retryAfter) && retryAfter >= 0)
        return Math.min(retryAfter * 1000, MAX_DELAY_MS);
    return Math.min(1000 * 2 ** (attempt - 1), MAX_DELAY_MS);
}
/** ` (rate limit spent until 12:34:56 UTC)` when GitHub refused for the hourly quota, else null. */
function quotaSpent(err) {
    const headers = err.response?.headers ?? {};
    if ((err.status !== 403 && err.status !== 429) || String(headers['x-ratelimit-remaining']) !== '0')
        return null;
    const reset = Number(headers['x-ratelimit-reset']);
    return Number.isFinite(reset) && reset > 0 ? ` (rate limit spent until ${new Date(reset * 1000).toISOString().slice(11, 19)} UTC)` : ' (rate limit spent)';
}
class GitHubApi {
    urls;
    octokit;
    calls = [];
    constructor(token, urls) {
        this.urls = urls;
        this.octokit = (0,github/* getOctokit */.Q)(token, { baseUrl: urls.api });
        this.octokit.hook.wrap('request', async (request, options) => {
            const { method, url } = this.octokit.request.endpoint.parse(options);
            const path = url.startsWith(this.urls.api) ? url.slice(this.urls.api.length) : url.replace(/^https?:\/\/[^/]+/, '');
            const call = `${method} ${path}`;
            for (let attempt = 1;; attempt++) {
                const started = Date.now();
                try {
                    const response = await request(options);
                    this.record(method, path, response.status, started);
                    return response;
                }
                catch (err) {
                    const e = err;
                    this.record(method, path, e.status ?? 0, started);
                    const wait = retryDelay(e, attempt);
                    if (wait === null) {
                        const tries = attempt > 1 ? ` after ${attempt} attempts` : '';
                        const quota = quotaSpent(e);
                        throw new ApiError(`GitHub API call ${call} failed${tries}: ${e.status ?? 'no response'} ${errorText(e)}${quota ?? ''}`, e.status ?? 0, call, quota !== null);
                    }
                    core/* info */.pq(`${call}: ${e.status ?? 'no response'} ${errorText(e)}; retrying in ${wait} ms (attempt ${attempt + 1} of ${MAX_ATTEMPTS})`);
                    await new Promise((resolve) => setTimeout(resolve, wait));
                }
            }
        });
    }
    record(method, path, status, started) {
        const ms = Date.now() - started;
        this.calls.push({ method, path, status, ms });
        core/* info */.pq(`GitHub API ${method} ${path} -> ${status || 'no response'} (${ms} ms)`);
    }
    /** A GraphQL query against GITHUB_GRAPHQL_URL; variables are passed as variables, never spliced in. */
    async graphql(query, variables) {
        return this.octokit.graphql({ query, ...variables, url: this.urls.graphql });
    }
    /** `12 GitHub API calls (10 REST, 2 GraphQL)`. */
    tally() {
        const graphql = this.calls.filter((c) => c.path.endsWith('/graphql')).length;
        const total = this.calls.length;
        return `${total} GitHub API call${total === 1 ? '' : 's'} (${total - graphql} REST, ${graphql} GraphQL)`;
    }
}

// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
// EXTERNAL MODULE: ./src/core/baseline.ts
var baseline = __webpack_require__(288);
;// CONCATENATED MODULE: ./src/github/baseline.ts
// The action's `baseline` input: the baseline file of the checkout (as the CLI reads it) holds back the findings it
// records; they are listed in the job summary as existing and do not count toward fail-on. Read from the checkout
// only: under pull_request_target without a checkout there is none, and every finding counts.




function applyActionBaseline(report, workspace, notices) {
    const input = core/* getInput */.V4('baseline').trim();
    const path = input || baseline/* DEFAULT_BASELINE_FILE */.vy;
    const file = (0,external_node_path_.resolve)(workspace, path);
    if (!(0,external_node_fs_.existsSync)(file)) {
        if (input)
            throw new Error(`input baseline: ${path} not found in the checkout (write it with \`trainlint --write-baseline ${path}\`)`);
        return report;
    }
    const outcome = (0,baseline/* applyBaseline */.Qp)(report, (0,baseline/* parseBaseline */.nk)((0,external_node_fs_.readFileSync)(file, 'utf8'), path), path);
    const text = (0,baseline/* describeBaseline */.FT)(outcome);
    core/* info */.pq(`trainlint: ${text}`);
    notices.push(text.split('\n')[0]);
    return outcome.report;
}

;// CONCATENATED MODULE: ./src/github/comment.ts
// The one PR comment, found again by its hidden marker. `update` edits it in place; `hide-and-new`
// minimizes it and posts a new one; an unchanged body is left alone (no edit, no notification).
// Two runs racing both find nothing and both create: each then re-lists, and the one whose comment
// is not the oldest of the newly posted deletes its own and writes its body into the survivor.



/** The author of every comment written with the workflow's `GITHUB_TOKEN`. */
const ACTIONS_BOT = 'github-actions[bot]';
/**
 * Whether a comment was written by the token's own user, known without an API call: the `GITHUB_TOKEN` writes as
 * the Bot `github-actions[bot]`; another token (a PAT, an app) writes as the login given in `TRAINLINT_COMMENT_AUTHOR`
 * (context.ts), or as the login learnt from the comment this run created. Anyone else's comment is never ours, whatever
 * its text. Logins compare without case, as GitHub does.
 */
function isOwnAuthor(user, authors = []) {
    if (!user?.login)
        return false;
    const login = user.login.toLowerCase();
    if (login === ACTIONS_BOT && user.type === 'Bot')
        return true;
    return authors.some((a) => a.trim() !== '' && a.trim().toLowerCase() === login);
}
/** trainlint's comments: the marker opens the body AND the token's own user wrote it (see isOwnAuthor). */
async function listOwnComments(api, t, authors = []) {
    const all = await api.octokit.paginate(api.octokit.rest.issues.listComments, { owner: t.owner, repo: t.repo, issue_number: t.number, per_page: 100 });
    return all.filter((c) => (c.body ?? '').startsWith(markdown/* COMMENT_MARKER */.JO) && isOwnAuthor(c.user, authors)).sort((a, b) => a.id - b.id);
}
/** A token that may read but not write (a fork's PR under `pull_request`); a spent quota is not that. */
function isForbidden(err) {
    return err instanceof ApiError && err.status === 403 && !err.rateLimited;
}
/**
 * `body` is the comment to show; `null` when the PR touches no training config, in which case an
 * existing comment is replaced by `noConfigsBody` and none is created.
 */
async function upsertComment(api, t, mode, body, noConfigsBody, knownComments = null, commentAuthor = '') {
    if (mode === 'never')
        return { action: 'skipped' };
    const { owner, repo } = t;
    // The event said the PR has no comment at all: nothing to list. Only in `update` mode, where a stale count (a re-run)
    // is harmless: the listing after posting finds the earlier comment, keeps it and deletes this one.
    const skipListing = knownComments === 0 && mode === 'update' && body !== null;
    const authors = [commentAuthor];
    const existing = skipListing ? [] : await listOwnComments(api, t, authors);
    const current = existing.at(-1);
    const wanted = body ?? (current ? noConfigsBody : null);
    if (wanted === null)
        return { action: 'none' };
    if (current && current.body === wanted)
        return { action: 'unchanged', id: current.id, url: current.html_url };
    try {
        if (current && (mode === 'update' || body === null)) {
            const { data } = await api.octokit.rest.issues.updateComment({ owner, repo, comment_id: current.id, body: wanted });
            return { action: 'updated', id: data.id, url: data.html_url };
        }
        if (current)
            await minimize(api, current);
        const { data: created } = await api.octokit.rest.issues.createComment({ owner, repo, issue_number: t.number, body: wanted });
        // The created comment names the token's user: a PAT's earlier comments are recognised from here on (with
        // `current` unknown, the oldest of them survives below and this run's new one is deleted).
        const learnt = created.user?.login ?? '';
        if (learnt && !isOwnAuthor(created.user, authors)) {
            authors.push(learnt);
            core/* info */.pq(`trainlint: this token writes as ${learnt}; set TRAINLINT_COMMENT_AUTHOR: ${learnt} in the step's env to find its comment without posting a new one`);
        }
        // Another run may have posted at the same time: keep the oldest comment posted after `current`.
        const posted = (await listOwnComments(api, t, authors)).filter((c) => c.id > (current?.id ?? 0));
        const survivor = posted[0];
        if (survivor && survivor.id !== created.id) {
            core/* info */.pq(`trainlint: another run posted comment ${survivor.id} at the same time; deleting this run's duplicate ${created.id}`);
            await api.octokit.rest.issues.deleteComment({ owner, repo, comment_id: created.id });
            if (survivor.body !== wanted)
                await api.octokit.rest.issues.updateComment({ owner, repo, comment_id: survivor.id, body: wanted });
            return { action: 'updated', id: survivor.id, url: survivor.html_url };
        }
        return { action: current ? 'replaced' : 'created', id: created.id, url: created.html_url };
    }
    catch (err) {
        if (isForbidden(err))
            return { action: 'forbidden', reason: err.message };
        throw err;
    }
}
async function minimize(api, comment) {
    const mutation = 'mutation($id: ID!) { minimizeComment(input: {subjectId: $id, classifier: OUTDATED}) { minimizedComment { isMinimized } } }';
    try {
        await api.graphql(mutation, { id: comment.node_id });
    }
    catch (err) {
        if (err instanceof ApiError && !isForbidden(err))
            throw err;
        // GraphQL reports a missing permission as an error in a 200 answer: the old comment stays visible.
        core/* warning */.$e(`trainlint: could not hide the previous comment ${comment.id}: ${err.message}`);
    }
}

;// CONCATENATED MODULE: ./src/github/context.ts
// What the runner tells the action: the event (from GITHUB_EVENT_PATH), the repository, the API
// addresses and the inputs of action.yml. Read once, validated, handed on as plain data.


class InputError extends Error {
}
const DEFAULT_CONFIG = '.trainlint.yml';
function readInputs() {
    const failOn = core/* getInput */.V4('fail-on').trim().toLowerCase();
    if (failOn && !['error', 'warning', 'info', 'never'].includes(failOn))
        throw new InputError(`input fail-on: "${failOn}" is not one of error, warning, info, never`);
    const comment = (core/* getInput */.V4('comment').trim().toLowerCase() || 'update');
    if (!['update', 'hide-and-new', 'never'].includes(comment))
        throw new InputError(`input comment: "${comment}" is not one of update, hide-and-new, never`);
    const suggestionsText = core/* getInput */.V4('suggestions').trim().toLowerCase() || 'true';
    if (!['true', 'false'].includes(suggestionsText))
        throw new InputError(`input suggestions: "${suggestionsText}" is not true or false`);
    const config = core/* getInput */.V4('config').trim() || DEFAULT_CONFIG;
    return {
        token: core/* getInput */.V4('github-token').trim() || process.env.GITHUB_TOKEN || '',
        paths: core/* getMultilineInput */.q3('paths').map((p) => p.trim().replace(/^\.\//, '')).filter(Boolean),
        config,
        configExplicit: config !== DEFAULT_CONFIG,
        failOn: failOn,
        comment,
        commentAuthor: core/* getInput */.V4('comment-author').trim() || (process.env.TRAINLINT_COMMENT_AUTHOR ?? '').trim(),
        suggestions: suggestionsText === 'true',
    };
}
function readContext() {
    const eventName = github/* context */._.eventName ?? '';
    const { owner, repo } = github/* context */._.repo;
    let pullRequest = null;
    if (eventName === 'pull_request' || eventName === 'pull_request_target') {
        const pr = github/* context */._.payload.pull_request;
        const number = pr?.number;
        const baseSha = pr?.base?.sha;
        const headSha = pr?.head?.sha;
        if (!number || !baseSha || !headSha)
            throw new InputError(`the ${eventName} event payload has no pull_request number, base.sha and head.sha (GITHUB_EVENT_PATH)`);
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
    const serverUrl = github/* context */._.serverUrl.replace(/\/$/, '');
    const runId = process.env.GITHUB_RUN_ID;
    return {
        eventName,
        owner,
        repo,
        pullRequest,
        workspace: process.env.GITHUB_WORKSPACE || process.cwd(),
        apiUrl: github/* context */._.apiUrl.replace(/\/$/, ''),
        graphqlUrl: github/* context */._.graphqlUrl,
        serverUrl,
        runUrl: runId ? `${serverUrl}/${owner}/${repo}/actions/runs/${runId}` : null,
        inputs: readInputs(),
    };
}

// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __webpack_require__(8161);
// EXTERNAL MODULE: ./src/cli/help.ts
var help = __webpack_require__(7911);
// EXTERNAL MODULE: ./src/render/escape.ts
var render_escape = __webpack_require__(7789);
;// CONCATENATED MODULE: ./src/github/outputs.ts
// What the run leaves on the runner: an annotation per finding, the step outputs, the JSON report in
// RUNNER_TEMP, and the job summary. GitHub shows only the first 10 annotations of each kind per step,
// so the summary carries every finding and every curve.








/** Characters, not bytes: charts are 3-byte box drawing, and GitHub takes at most 1 MiB per step. */
const SUMMARY_LIMIT = 300_000;
const ANNOTATIONS_SHOWN = 10;
function annotate(report) {
    for (const f of report.findings) {
        const props = { title: `${f.ruleId} ${f.rule}`, file: f.path, startLine: f.line };
        // GitHub takes columns only for an annotation on one line.
        if (!f.endLine || f.endLine === f.line) {
            props.startColumn = f.column;
            if (f.endColumn && f.endColumn > f.column)
                props.endColumn = f.endColumn;
        }
        else
            props.endLine = f.endLine;
        const message = f.fix ? `${f.message}\nFix: ${f.fix.description}` : f.message;
        if (f.severity === 'error')
            core/* error */.z3(message, props);
        else if (f.severity === 'warning')
            core/* warning */.$e(message, props);
        else
            core/* notice */.lm(message, props);
    }
}
/** Writes the JSON report (spec/report.md) into the runner's temp directory and returns its path. */
function writeReport(report) {
    const path = (0,external_node_path_.join)(process.env.RUNNER_TEMP || (0,external_node_os_.tmpdir)(), 'trainlint-report.json');
    (0,external_node_fs_.writeFileSync)(path, `${(0,core_report/* jsonReportText */.WB)(report, help/* DEFAULT_JSON_SAMPLES */.pk)}\n`);
    return path;
}
function setOutputs(report, reportPath) {
    core/* setOutput */.uH('errors', report.summary.errors);
    core/* setOutput */.uH('warnings', report.summary.warnings);
    core/* setOutput */.uH('files', report.summary.reviewed);
    core/* setOutput */.uH('report', reportPath);
}
function overflowNote(findings) {
    const count = (s) => findings.filter((f) => f.severity === s).length;
    const over = ['error', 'warning', 'info'].filter((s) => count(s) > ANNOTATIONS_SHOWN);
    if (!over.length)
        return null;
    return `GitHub shows the first ${ANNOTATIONS_SHOWN} annotations of each kind per step (${over.map((s) => `${count(s)} ${s}s`).join(', ')} here); every finding is listed below.`;
}
function summaryMarkdown(report, parts) {
    const out = ['## trainlint'];
    for (const w of parts.warnings)
        out.push(`> [!WARNING]\n> ${(0,render_escape/* inlineMarkdown */.x)(w)}`);
    const list = [...parts.facts.map((f) => `- ${(0,render_escape/* inlineMarkdown */.x)(f)}`), ...parts.links.map((l) => `- [${(0,render_escape/* escapeMarkdown */.FV)(l.label)}](${encodeURI(l.url)})`)];
    if (list.length)
        out.push(list.join('\n'));
    if (report) {
        const note = overflowNote(report.findings);
        if (note)
            out.push(`_${(0,render_escape/* escapeMarkdown */.FV)(note)}_`);
        out.push((0,markdown/* renderMarkdown */.Gc)(report, { notices: parts.notices, limit: SUMMARY_LIMIT, fullReportHint: 'the JSON report (output `report`)' }));
    }
    return out.join('\n\n');
}
async function writeSummary(markdown) {
    if (!process.env.GITHUB_STEP_SUMMARY) {
        core/* info */.pq('trainlint: no GITHUB_STEP_SUMMARY; job summary not written');
        return;
    }
    await core/* summary */.z.addRaw(markdown, true).write();
}

// EXTERNAL MODULE: ./src/core/parse.ts + 6 modules
var parse = __webpack_require__(6446);
// EXTERNAL MODULE: ./src/pipeline/settings.ts
var settings = __webpack_require__(6757);
// EXTERNAL MODULE: external "node:child_process"
var external_node_child_process_ = __webpack_require__(1421);
// EXTERNAL MODULE: ./src/core/git-safety.ts
var git_safety = __webpack_require__(6306);
// EXTERNAL MODULE: ./src/core/plan.ts
var plan = __webpack_require__(4620);
;// CONCATENATED MODULE: ./src/github/content.ts
// File contents at a commit, as data (nothing from the PR is ever executed). From the local checkout
// when it holds both commits (`git cat-file --batch`: one process for all files, no API calls), else
// through GraphQL with many blobs per query: a PR with hundreds of configs costs a handful of calls.






const blobKey = (r) => `${r.sha}:${r.path}`;
/**
 * Blobs per GraphQL query. Each is one node (GitHub's limit is 500,000 a call) and configs are kilobytes, so a PR of
 * 1,000 configs is read in one query for the heads and one for the bases. GitHub also caps the resources one query
 * may use (github.blog changelog 2025-09-01) without saying where: a batch it refuses is split in half and retried.
 */
const GRAPHQL_BATCH = 2000;
function git(cwd, args, input) {
    const r = (0,external_node_child_process_.spawnSync)('git', (0,git_safety/* safeGitArgs */.tQ)(args), { cwd, input, env: (0,git_safety/* safeGitEnv */.tl)(), maxBuffer: 1024 * 1024 * 1024, stdio: ['pipe', 'pipe', 'ignore'] });
    return r.status === 0 ? r.stdout : null;
}
/** A local reader when `workspace` is a git repository that has both commits. */
function localReader(workspace, shas) {
    if (!git(workspace, ['rev-parse', '--is-inside-work-tree']))
        return null;
    if (!shas.every((sha) => git(workspace, ['cat-file', '-e', `${sha}^{commit}`]) !== null))
        return null;
    return {
        kind: 'git',
        async read(requests) {
            const out = new Map();
            // cat-file's batch input is one object name a line: a path with a line break cannot be asked for.
            const named = requests.filter((r) => !/[\n\r]/.test(r.path));
            for (const r of requests)
                out.set(blobKey(r), null);
            if (!named.length)
                return out;
            // Sizes first, so that a huge file in the PR is never loaded: it only needs to be reported as too large.
            const check = git(workspace, ['cat-file', '--batch-check'], Buffer.from(named.map((r) => `${blobKey(r)}\n`).join('')));
            if (!check)
                throw new Error('git cat-file --batch-check failed in the checkout');
            const sizes = check.toString('utf8').split('\n').slice(0, named.length).map((line) => /^[0-9a-f]+ (\w+) (\d+)$/.exec(line));
            const small = [];
            named.forEach((r, i) => {
                const m = sizes[i];
                if (!m || m[1] !== 'blob')
                    return; // missing, or a folder / submodule
                if (Number(m[2]) > parse/* LIMITS */.b1.maxBytes)
                    out.set(blobKey(r), tooLarge(''));
                else
                    small.push(r);
            });
            if (!small.length)
                return out;
            const stdout = git(workspace, ['cat-file', '--batch'], Buffer.from(small.map((r) => `${blobKey(r)}\n`).join('')));
            if (!stdout)
                throw new Error('git cat-file --batch failed in the checkout');
            let at = 0;
            for (const r of small) {
                const newline = stdout.indexOf(0x0a, at);
                const m = /^[0-9a-f]+ (\w+) (\d+)$/.exec(stdout.subarray(at, newline).toString('utf8'));
                at = newline + 1;
                if (!m)
                    continue;
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
function outsideReason(path) {
    if (path.startsWith('/'))
        return 'it is an absolute path outside the repository';
    let depth = 0;
    for (const part of path.split('/')) {
        if (part === '..')
            depth--;
        else if (part !== '' && part !== '.')
            depth++;
        if (depth < 0)
            return 'its `..` climbs out of the repository';
    }
    return null;
}
/** Repo-relative, no way out of the repository. */
function safePath(path) {
    const clean = path.replace(/^\.\//, '').replace(/\/+$/, '');
    if (clean.startsWith('/') || clean.split('/').some((part) => part === '..'))
        return null;
    return clean === '.' ? '' : clean;
}
/** The tree of one commit, read with git (links are not followed: only regular files and folders). */
function commitView(cwd, sha) {
    const entries = (dir) => {
        const out = git(cwd, ['ls-tree', '-z', `${sha}:${dir}`]);
        if (!out)
            return null;
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
    const refusals = [];
    const refuse = (path, reason) => {
        if (refusals.length < plan/* MAX_REFUSALS */.p9)
            refusals.push({ path, reason });
        return null;
    };
    const LINK = 'it is a symbolic link, which trainlint does not follow in a commit (it could lead outside the repository)';
    /** The path itself, or a folder on its way, is a committed symbolic link. */
    const throughLink = (clean) => {
        const parts = clean.split('/');
        for (let i = 1; i <= parts.length; i++) {
            const entry = entries(parts.slice(0, i - 1).join('/'))?.find((e) => e.name === parts[i - 1]);
            if (!entry)
                return false;
            if (entry.mode === '120000')
                return true;
            if (entry.type !== 'tree')
                return false;
        }
        return false;
    };
    const unsafe = (path) => {
        const why = outsideReason(path.replace(/^\.\//, ''));
        return why ? refuse(path, why) : null;
    };
    return {
        refused: () => refusals,
        list(dir) {
            const clean = safePath(dir);
            if (clean === null)
                return unsafe(dir);
            const list = entries(clean);
            if (!list)
                return clean && throughLink(clean) ? refuse(clean, LINK) : null;
            return list
                .filter((e) => e.type === 'tree' || (e.type === 'blob' && e.mode !== '120000'))
                .map((e) => (e.type === 'tree' ? `${e.name}/` : e.name))
                .sort();
        },
        read(path) {
            const clean = safePath(path);
            if (clean === null)
                return unsafe(path);
            if (!clean)
                return null;
            const slash = clean.lastIndexOf('/');
            const entry = entries(slash < 0 ? '' : clean.slice(0, slash))?.find((e) => e.name === clean.slice(slash + 1));
            if (!entry)
                return slash > 0 && throughLink(clean) ? refuse(clean, LINK) : null;
            if (entry.mode === '120000')
                return refuse(clean, LINK);
            if (entry.type !== 'blob')
                return null;
            try {
                return (0,external_node_child_process_.execFileSync)('git', (0,git_safety/* safeGitArgs */.tQ)(['cat-file', 'blob', `${sha}:${clean}`]), { cwd, env: (0,git_safety/* safeGitEnv */.tl)(), maxBuffer: parse/* LIMITS */.b1.maxBytes + 1, stdio: ['ignore', 'pipe', 'ignore'] }).toString('utf8');
            }
            catch (err) {
                const partial = err.stdout;
                return partial && partial.length > parse/* LIMITS */.b1.maxBytes ? partial.toString('utf8') : null;
            }
        },
    };
}
/**
 * A file larger than any config we parse stands in as its beginning padded past the limit: the parser
 * then reports it as too large (a finding), exactly as for a file read from disk, without reading more.
 */
function tooLarge(start) {
    return start + ' '.repeat(Math.max(0, parse/* LIMITS */.b1.maxBytes + 1 - Buffer.byteLength(start)));
}
/** Reads through the API: GraphQL, GRAPHQL_BATCH blobs per query, each addressed as `SHA:path`. */
function apiReader(api, owner, repo) {
    return {
        kind: 'api',
        async read(requests) {
            const out = new Map();
            const unique = [...new Map(requests.map((r) => [blobKey(r), r])).values()];
            let queries = 0;
            const readBatch = async (batch) => {
                const declarations = batch.map((_, i) => `$e${i}: String!`).join(', ');
                const fields = batch.map((_, i) => `f${i}: object(expression: $e${i}) { __typename ... on Blob { text isBinary isTruncated byteSize } }`).join('\n    ');
                const query = `query($owner: String!, $name: String!, ${declarations}) {\n  repository(owner: $owner, name: $name) {\n    ${fields}\n  }\n}`;
                const variables = { owner, name: repo };
                batch.forEach((r, i) => (variables[`e${i}`] = blobKey(r)));
                let data;
                try {
                    queries++;
                    data = await api.graphql(query, variables);
                }
                catch (err) {
                    if (batch.length < 2 || !tooBig(err))
                        throw err;
                    core/* info */.pq(`GitHub did not answer a query for ${batch.length} files (${err.message.split('\n')[0]}); splitting it in two`);
                    const half = Math.ceil(batch.length / 2);
                    await readBatch(batch.slice(0, half));
                    await readBatch(batch.slice(half));
                    return;
                }
                if (!data.repository)
                    throw new Error(`GraphQL: repository ${owner}/${repo} not found or not readable with this token`);
                for (const [i, r] of batch.entries())
                    out.set(blobKey(r), await blobText(api, owner, repo, r, data.repository[`f${i}`] ?? null));
            };
            // Even batches: 1,001 files are two queries of 501 and 500, not 2,000 and 1.
            const count = Math.ceil(unique.length / GRAPHQL_BATCH);
            const size = Math.ceil(unique.length / Math.max(1, count));
            for (let start = 0; start < unique.length; start += size)
                await readBatch(unique.slice(start, start + size));
            if (unique.length)
                core/* info */.pq(`read ${unique.length} file version${unique.length === 1 ? '' : 's'} in ${queries} GraphQL quer${queries === 1 ? 'y' : 'ies'}`);
            return out;
        },
        view() {
            return undefined; // the API cannot answer synchronously; dialects treat the neighbourhood as unknown
        },
    };
}
/** GitHub refused the query for its size (resource limits: errors in a 200 answer) or timed out on it (5xx). */
function tooBig(err) {
    const e = err;
    // Not a matter of size: the repository or the token.
    if (Array.isArray(e.errors))
        return !e.errors.some((x) => ['NOT_FOUND', 'FORBIDDEN', 'UNAUTHORIZED'].includes(x.type ?? ''));
    return err instanceof ApiError && err.status >= 500;
}
async function blobText(api, owner, repo, r, node) {
    if (!node || node.__typename !== 'Blob' || node.isBinary || typeof node.text !== 'string')
        return null;
    if (!node.isTruncated)
        return node.text;
    const size = node.byteSize ?? 0;
    if (size > parse/* LIMITS */.b1.maxBytes)
        return tooLarge(node.text);
    // GraphQL cut a file we can parse: fetch it whole (rare: one REST call for this file).
    const response = await api.octokit.rest.repos.getContent({ owner, repo, path: r.path, ref: r.sha, mediaType: { format: 'raw' } });
    return typeof response.data === 'string' ? response.data : null;
}

// EXTERNAL MODULE: ./src/core/glob.ts
var glob = __webpack_require__(6085);
;// CONCATENATED MODULE: ./src/github/files.ts
// The files a pull request changes (REST, paginated; GitHub lists at most 3000), which of them are
// candidates for review, and which lines of each the PR added (for one-click suggestions).


/** GitHub's cap on the pull-request file listing. */
const FILE_LIST_LIMIT = 3000;
async function listPullFiles(api, owner, repo, pullNumber, changedFiles) {
    const raw = await api.octokit.paginate(api.octokit.rest.pulls.listFiles, { owner, repo, pull_number: pullNumber, per_page: 100 });
    const files = raw.map((f) => ({
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
function isCandidate(path, settings, pathGlobs) {
    if ((0,parse/* formatOf */.be)(path) === null)
        return false;
    if ((0,glob/* inSkippedFolder */.Gh)(path))
        return false;
    if ((0,glob/* matchesAny */._I)(path, settings.ignore))
        return false;
    if (pathGlobs.length && !(0,glob/* matchesAny */._I)(path, pathGlobs))
        return false;
    if (settings.paths.length && !(0,glob/* matchesAny */._I)(path, settings.paths))
        return false;
    return true;
}
/** 1-based line numbers (in the new version) of the lines a unified diff adds. */
function addedLines(patch) {
    const out = new Set();
    if (!patch)
        return out;
    let line = 0;
    let inHunk = false;
    for (const text of patch.split('\n')) {
        const hunk = /^@@ -\d+(?:,\d+)? \+(\d+)(?:,\d+)? @@/.exec(text);
        if (hunk) {
            line = Number(hunk[1]);
            inHunk = true;
            continue;
        }
        if (!inHunk)
            continue;
        if (text.startsWith('+'))
            out.add(line++);
        else if (text.startsWith(' ') || text === '')
            line++;
        // '-' lines and "\ No newline at end of file" take no line of the new version.
    }
    return out;
}

;// CONCATENATED MODULE: ./src/github/settings.ts
// The project settings for a run: the checked-out file when there is one (as the CLI reads it), else
// the file read as data at a trusted commit (under pull_request_target: the base, so a PR cannot turn
// its own review off).




async function actionSettings(inputs, workspace, remote) {
    const path = inputs.config.replace(/^\.\//, '');
    if ((0,external_node_fs_.existsSync)((0,external_node_path_.resolve)(workspace, path)))
        return { settings: (0,main/* loadSettings */.M5)(path, workspace), from: `${path} (checkout)` };
    if (remote) {
        const text = (await remote.reader.read([{ sha: remote.sha, path }])).get(`${remote.sha}:${path}`) ?? null;
        if (text !== null)
            return { settings: (0,settings/* settingsFromText */.lR)(text, path), from: `${path} at ${remote.sha.slice(0, 7)}` };
    }
    if (inputs.configExplicit)
        throw new Error(`input config: ${path} not found${remote ? ` in the checkout or at ${remote.sha.slice(0, 7)}` : ' in the checkout'}`);
    return { settings: settings/* DEFAULT_SETTINGS */.a$, from: 'defaults' };
}

;// CONCATENATED MODULE: ./src/github/pull-request.ts
// Reviewing a pull request: its changed files, read at the head and at the base (renames from the old
// path, added files without a base), kept when a dialect recognises them, reviewed before vs after.









function isTrainingConfig(path, text) {
    const format = (0,parse/* formatOf */.be)(path);
    if (format === null)
        return false;
    const parsed = (0,review/* parseAny */.Sb)(text, format);
    return parsed.ok && (0,review/* detectDialect */.IZ)(parsed.doc, path) !== null;
}
/** Where a changed file's base version is: none for a new (or copied-to) file. */
function basePath(file) {
    if (file.status === 'added' || file.status === 'copied')
        return null;
    return file.previousPath ?? file.path;
}
/** No ignore or paths globs: the settings are not known yet when the first batch is chosen. */
const NO_SETTINGS = { ...settings/* DEFAULT_SETTINGS */.a$, ignore: [], paths: [] };
/** A reader that answers from what was already read, and asks `fallback` for the rest. */
function preloaded(known, fallback) {
    return {
        kind: fallback.kind,
        async read(requests) {
            const missing = requests.filter((r) => !known.has(blobKey(r)));
            const more = missing.length ? await fallback.read(missing) : new Map();
            return new Map(requests.map((r) => [blobKey(r), known.get(blobKey(r)) ?? more.get(blobKey(r)) ?? null]));
        },
        view: (sha) => fallback.view(sha),
    };
}
const tick = (path) => `\`${path.replace(/`/g, "'")}\``;
async function reviewPullRequest(ctx, pr, api) {
    const { owner, repo } = ctx;
    const listing = await listPullFiles(api, owner, repo, pr.number, pr.changedFiles);
    const local = localReader(ctx.workspace, [pr.baseSha, pr.headSha]);
    const reader = local ?? apiReader(api, owner, repo);
    const facts = [
        `${listing.files.length} changed file${listing.files.length === 1 ? '' : 's'} listed`,
        local ? 'contents read from the local checkout (git)' : 'contents read through the GitHub API (GraphQL, batched)',
    ];
    // Under pull_request_target the base is the trusted side; under pull_request the head is what runs.
    const trusted = ctx.eventName === 'pull_request_target' ? pr.baseSha : pr.headSha;
    // Which files may be configs does not depend on the settings but for their ignore and paths globs: read the heads (and
    // deleted files' last versions) together with the settings file, then apply the settings, so the read is one batch.
    const maybe = listing.files.filter((f) => isCandidate(f.path, NO_SETTINGS, ctx.inputs.paths));
    const head = (f) => ({ sha: pr.headSha, path: f.path });
    const base = (f) => {
        const p = basePath(f);
        return p === null ? null : { sha: pr.baseSha, path: p };
    };
    const settingsFile = { sha: trusted, path: ctx.inputs.config.replace(/^\.\//, '') };
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
    const headText = (f) => first.get(blobKey(head(f))) ?? null;
    const configs = present.filter((f) => {
        const text = headText(f);
        return text !== null && isTrainingConfig(f.path, text);
    });
    const baseRequests = configs.map(base).filter((r) => r !== null);
    const bases = baseRequests.length ? await reader.read(baseRequests) : new Map();
    const inputs = [];
    const changed = new Map();
    for (const f of present) {
        const text = headText(f);
        if (text === null)
            continue;
        const b = base(f);
        // Not a config: handed on all the same so that a broken file that looks like one gets its TL001.
        const baseText = b === null ? null : (bases.get(blobKey(b)) ?? null);
        inputs.push({ path: f.path, text, baseText, explicit: false });
        changed.set(f.path, { text, added: addedLines(f.patch) });
    }
    const headView = local ? local.view(pr.headSha) : undefined;
    // Hub dataset sizes (action input hub, default true): only the dataset names of the changed configs are sent.
    const hub = core/* getInput */.V4('hub').trim().toLowerCase() === 'false' ? undefined : await (0,edge_hub/* lookUpHubSizes */.g7)((0,edge_hub/* hubRequestsOf */.PO)(inputs, settings, headView), (0,edge_hub/* hubLookupOptions */.cJ)(settings, process.env));
    const report = (0,review/* review */.NQ)(inputs, { settings, toolVersion: main/* VERSION */.xv, ...(headView ? { repo: headView } : {}), ...(hub ? { hub } : {}) });
    for (const path of [...changed.keys()])
        if (!report.files.some((f) => f.path === path))
            changed.delete(path);
    const notices = [];
    if (listing.truncated) {
        const total = pr.changedFiles ?? listing.files.length;
        notices.push(`This pull request changes ${total} files; GitHub lists only the first ${FILE_LIST_LIMIT}, so only the training configs among those were reviewed.`);
    }
    const deleted = removed.filter((f) => {
        const text = first.get(`${pr.baseSha}:${f.path}`) ?? null;
        return text !== null && isTrainingConfig(f.path, text);
    });
    for (const f of deleted)
        notices.push(`Deleted training config: ${tick(f.path)}.`);
    facts.push(`${report.summary.reviewed} training config${report.summary.reviewed === 1 ? '' : 's'} reviewed${deleted.length ? `, ${deleted.length} deleted` : ''}`);
    core/* info */.pq(`trainlint: ${facts.join('; ')}`);
    return { report, settings, notices, facts, changed, touchesConfigs: report.files.length > 0 || deleted.length > 0 };
}

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
// EXTERNAL MODULE: ./src/core/edit-text.ts
var edit_text = __webpack_require__(8287);
// EXTERNAL MODULE: ./src/rules/index.ts + 19 modules
var rules = __webpack_require__(7023);
// EXTERNAL MODULE: ./src/rules/rule.ts
var rules_rule = __webpack_require__(281);
;// CONCATENATED MODULE: ./src/github/suggestions.ts
// One-click fixes: a finding whose fix edits a line the PR added becomes an inline review comment with
// a ```suggestion block (GitHub refuses review comments outside the diff; the rest stay in the main
// comment). Each carries a hidden key (finding fingerprint + the suggested line), so a later run posts
// nothing twice and deletes its own suggestions that no longer apply.








const SUGGESTION_MARKER = '<!-- trainlint:suggestion ';
/** New inline comments per run (posted as one review); the fixes are in the main comment anyway. */
const MAX_NEW_SUGGESTIONS = 10;
const RANK = { error: 0, warning: 1, info: 2 };
function fence(text) {
    const longest = Math.max(2, ...(text.match(/`+/g) ?? []).map((r) => r.length));
    return '`'.repeat(longest + 1);
}
function suggestionBody(f, key, newLine) {
    const rule = (0,rules/* findRule */.I)(f.ruleId);
    const title = rule ? `[${f.ruleId} ${f.rule}](${(0,rules_rule/* docsUrl */.fs)(rule)})` : f.ruleId;
    const icon = f.severity === 'error' ? '❌' : f.severity === 'warning' ? '⚠️' : 'ℹ️';
    const f3 = fence(newLine);
    return [`${SUGGESTION_MARKER}${key} -->`, `${icon} **${f.severity}** ${title}: ${(0,render_escape/* inlineMarkdown */.x)(f.message)}`, '', `${f3}suggestion`, newLine, f3, '', `_${(0,render_escape/* inlineMarkdown */.x)(f.fix?.description ?? '')}_`].join('\n');
}
/** The suggestions this run would post: one per changed line, the most severe finding's fix first. */
function planSuggestions(report, changed) {
    const out = [];
    const taken = new Set();
    const findings = [...report.findings].sort((a, b) => RANK[a.severity] - RANK[b.severity]);
    for (const f of findings) {
        // A fix of several edits is applied whole or not at all: one line of it alone would be a wrong suggestion.
        const edit = f.fix?.edits.length === 1 ? f.fix.edits[0] : undefined;
        const file = edit ? changed.get(edit.path) : undefined;
        const format = edit ? (0,parse/* formatOf */.be)(edit.path) : null;
        if (!edit || !file || !format || !file.added.has(edit.line))
            continue;
        const lineText = file.text.split(/\r?\n/)[edit.line - 1];
        if (lineText === undefined)
            continue;
        const newLine = (0,edit_text/* rewriteLine */.d_)(lineText, edit.key, edit.value, format);
        if (newLine === null || newLine === lineText || taken.has(`${edit.path}:${edit.line}`))
            continue;
        taken.add(`${edit.path}:${edit.line}`);
        const key = `${f.fingerprint}-${(0,external_node_crypto_.createHash)('sha256').update(newLine).digest('hex').slice(0, 8)}`;
        out.push({ key, path: edit.path, line: edit.line, body: suggestionBody(f, key, newLine) });
    }
    return out;
}
function keyOf(body) {
    // Only a marker that opens the body is ours: the same text quoted further down (a reply, a config value) is not.
    if (!(body ?? '').startsWith(SUGGESTION_MARKER))
        return null;
    const m = /^([\w-]+) -->/.exec((body ?? '').slice(SUGGESTION_MARKER.length));
    return m ? m[1] : null;
}
/** Marks the review that carries a run's new suggestions (GitHub asks a review of event COMMENT for a body). */
const SUGGESTION_REVIEW_BODY = '<!-- trainlint:suggestions -->\ntrainlint: one-click fixes for lines this pull request changed (the full review is in the trainlint comment).';
async function syncSuggestions(api, t, wanted, options = {}) {
    const { owner, repo } = t;
    const listed = options.noneYet ? [] : await api.octokit.paginate(api.octokit.rest.pulls.listReviewComments, { owner, repo, pull_number: t.number, per_page: 100 });
    // Only the token's own user's comments: another user's text that opens with the marker is never deleted.
    const own = listed.filter((c) => isOwnAuthor(c.user, [options.commentAuthor ?? ''])).map((c) => ({ id: c.id, key: keyOf(c.body) })).filter((c) => c.key !== null).sort((a, b) => a.id - b.id);
    const wantedKeys = new Set(wanted.map((s) => s.key));
    const seen = new Set();
    // Stale (the finding or its fix is gone) or a duplicate left by a race: delete our own only.
    const stale = own.filter((c) => {
        const drop = !wantedKeys.has(c.key) || seen.has(c.key);
        seen.add(c.key);
        return drop;
    });
    const fresh = wanted.filter((s) => !seen.has(s.key));
    const outcome = { posted: 0, kept: wanted.length - fresh.length, deleted: 0, notPosted: Math.max(0, fresh.length - MAX_NEW_SUGGESTIONS) };
    try {
        for (const c of stale) {
            await api.octokit.rest.pulls.deleteReviewComment({ owner, repo, comment_id: c.id });
            outcome.deleted++;
        }
        const batch = fresh.slice(0, MAX_NEW_SUGGESTIONS);
        if (batch.length > 1 && (await postAsOneReview(api, t, batch)))
            outcome.posted += batch.length;
        else
            for (const s of batch)
                await postOne(api, t, s, outcome);
    }
    catch (err) {
        if (!isForbidden(err))
            throw err;
        outcome.forbidden = err.message;
    }
    return outcome;
}
/**
 * All new suggestions in one call (a review of event COMMENT), so a PR with many fixes costs one request. GitHub refuses
 * the whole review (422) when one line has left the diff (a newer push): then false, and they are posted one by one.
 */
async function postAsOneReview(api, t, batch) {
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
    }
    catch (err) {
        if (err.status !== 422)
            throw err;
        core/* info */.pq(`trainlint: GitHub refused the suggestions as one review (${err.message}); posting them one by one`);
        return false;
    }
}
async function postOne(api, t, s, outcome) {
    try {
        await api.octokit.rest.pulls.createReviewComment({ owner: t.owner, repo: t.repo, pull_number: t.number, commit_id: t.headSha, path: s.path, line: s.line, side: 'RIGHT', body: s.body });
        outcome.posted++;
    }
    catch (err) {
        // 422: the line is no longer part of the diff (a newer push); the fix is in the main comment.
        if (err.status !== 422)
            throw err;
        core/* info */.pq(`trainlint: suggestion on ${s.path}:${s.line} not accepted by GitHub: ${err.message}`);
        outcome.notPosted++;
    }
}

;// CONCATENATED MODULE: ./src/github/main.ts
// The GitHub Action (spec/cli.md): on pull_request / pull_request_target it reviews the training configs
// the PR changes (head vs base), keeps one comment up to date, posts one-click suggestions on changed
// lines, annotates every finding and writes the job summary; on push / workflow_dispatch it reviews the
// checked-out configs (summary and annotations only). It never executes anything from the PR: files
// are read as data (git objects or the API), so it is safe under pull_request_target without checkout.















const NO_CONFIGS = 'This pull request no longer changes any training config.';
function message(err) {
    return err instanceof Error ? err.message : String(err);
}
async function runAction() {
    const parts = { facts: [], links: [], warnings: [], notices: [] };
    let api;
    let report = null;
    try {
        const ctx = readContext();
        core/* info */.pq(`trainlint ${main/* VERSION */.xv}: ${ctx.eventName || 'unknown event'} on ${ctx.owner}/${ctx.repo}`);
        let failure = null;
        let failOnFromSettings;
        if (ctx.pullRequest) {
            if (!ctx.inputs.token)
                throw new Error('input github-token is empty: the action needs a token to read the pull request');
            api = new GitHubApi(ctx.inputs.token, { api: ctx.apiUrl, graphql: ctx.graphqlUrl });
            const result = await reviewPullRequest(ctx, ctx.pullRequest, api);
            report = result.report = applyActionBaseline(result.report, ctx.workspace, result.notices);
            failOnFromSettings = result.settings.failOn;
            parts.facts.push(`pull request #${ctx.pullRequest.number}: head ${ctx.pullRequest.headSha.slice(0, 7)} against base ${ctx.pullRequest.baseSha.slice(0, 7)}`, ...result.facts);
            parts.notices.push(...result.notices);
            annotate(report);
            publishReport(report);
            failure = await writeToPullRequest(ctx, ctx.pullRequest, api, result, parts);
        }
        else {
            const { settings, from } = await actionSettings(ctx.inputs, ctx.workspace);
            failOnFromSettings = settings.failOn;
            const targets = (0,main/* collectInputs */.Cm)(ctx.inputs.paths, settings, ctx.workspace);
            const inputs = (0,main/* readInputs */.Ko)(targets, undefined, ctx.workspace);
            const repo = (0,repo_view/* workTreeView */.j)(ctx.workspace);
            // Hub dataset sizes: on by default in the action (input hub), off with hub: false.
            const hub = core/* getInput */.V4('hub').trim().toLowerCase() === 'false' ? undefined : await (0,edge_hub/* lookUpHubSizes */.g7)((0,edge_hub/* hubRequestsOf */.PO)(inputs, settings, repo), (0,edge_hub/* hubLookupOptions */.cJ)(settings, process.env));
            report = applyActionBaseline((0,review/* review */.NQ)(inputs, { settings, toolVersion: main/* VERSION */.xv, repo, ...(hub ? { hub } : {}) }), ctx.workspace, parts.notices);
            parts.facts.push(`${ctx.eventName || 'this event'}: every training config in the checkout (${ctx.workspace}); no comment`, `settings: ${from}`, `${report.summary.reviewed} training configs reviewed`);
            if (!report.files.length)
                parts.notices.push('No training config found in the checkout (is the repository checked out?).');
            annotate(report);
            publishReport(report);
        }
        if (api)
            parts.facts.push(api.tally());
        if (failure)
            parts.warnings.push(failure);
        await writeSummary(summaryMarkdown(report, parts));
        if (api)
            core/* info */.pq(`trainlint: ${api.tally()}`);
        if (failure) {
            core/* setFailed */.C1(`trainlint: ${failure}`);
            return 2;
        }
        const failOn = ctx.inputs.failOn || failOnFromSettings;
        if ((0,main/* exitCodeFor */.Rr)(report, failOn)) {
            const s = report.summary;
            core/* setFailed */.C1(`trainlint: ${s.errors} error(s), ${s.warnings} warning(s), ${s.infos} info in ${s.reviewed} training config(s); fail-on is ${failOn}`);
            return 1;
        }
        core/* info */.pq(`trainlint: ${report.summary.errors} error(s), ${report.summary.warnings} warning(s); nothing at or above fail-on ${failOn}`);
        return 0;
    }
    catch (err) {
        const text = message(err);
        if (api) {
            parts.facts.push(api.tally());
            core/* info */.pq(`trainlint: ${api.tally()}`);
        }
        parts.warnings.push(`trainlint failed: ${text}`);
        try {
            await writeSummary(summaryMarkdown(report, parts));
        }
        catch {
            // the failure itself is what matters
        }
        core/* setFailed */.C1(`trainlint: ${text}`);
        return 2;
    }
}
function publishReport(report) {
    setOutputs(report, writeReport(report));
}
/**
 * The comment and the suggestions. A token that may not write (a fork's PR under `pull_request`) is a
 * warning, not a failure: the review still passes or fails on its findings. Any other failed call is
 * returned as the failure of the step (with the call that failed).
 */
async function writeToPullRequest(ctx, pr, api, result, parts) {
    const target = { owner: ctx.owner, repo: ctx.repo, number: pr.number };
    const forbiddenHelp = pr.fromFork
        ? 'this is a fork\'s pull request, whose `GITHUB_TOKEN` is read-only under `pull_request`; use the `pull_request_target` workflow from the README to get a comment'
        : 'give the job `permissions: pull-requests: write`';
    try {
        const body = result.touchesConfigs ? (0,markdown/* renderMarkdown */.Gc)(result.report, { notices: result.notices, fullReportHint: 'the job summary of the trainlint check' }) : null;
        const noConfigs = (0,markdown/* renderMarkdown */.Gc)((0,core_report/* buildReport */.FK)([], [], main/* VERSION */.xv), { notices: [NO_CONFIGS] });
        const outcome = await upsertComment(api, target, ctx.inputs.comment, body, noConfigs, pr.comments, ctx.inputs.commentAuthor);
        if (outcome.action === 'forbidden') {
            const text = `The review comment could not be written (${outcome.reason}): ${forbiddenHelp}. The findings are in the annotations and below.`;
            core/* warning */.$e(text);
            parts.warnings.push(text);
        }
        else if ('url' in outcome) {
            parts.links.push({ label: `comment ${outcome.action}`, url: outcome.url });
            core/* info */.pq(`trainlint: comment ${outcome.action} (${outcome.url})`);
        }
        else {
            parts.facts.push(outcome.action === 'skipped' ? 'no comment (input comment: never)' : 'no comment: the pull request changes no training config');
        }
        if (ctx.inputs.suggestions && outcome.action !== 'forbidden') {
            const wanted = planSuggestions(result.report, result.changed);
            // This run posted the PR's first comment and the event saw no review comment: none of them can be ours yet.
            const noneYet = outcome.action === 'created' && pr.reviewComments === 0;
            const s = await syncSuggestions(api, { ...target, headSha: pr.headSha }, wanted, { noneYet, commentAuthor: ctx.inputs.commentAuthor });
            if (s.forbidden) {
                const text = `One-click suggestions could not be posted (${s.forbidden}): ${forbiddenHelp}.`;
                core/* warning */.$e(text);
                parts.warnings.push(text);
            }
            const more = s.notPosted ? `, ${s.notPosted} not posted (at most 10 new per run; their fixes are in the comment)` : '';
            parts.facts.push(`suggestions on changed lines: ${s.posted} posted, ${s.kept} already there, ${s.deleted} stale deleted${more}`);
        }
        return null;
    }
    catch (err) {
        if (err instanceof ApiError)
            return err.message;
        throw err;
    }
}


/***/ })

};
