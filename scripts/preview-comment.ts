// `npm run preview-comment`: renders the PR comment for the SmolLM-style example (this PR halves the
// cooldown; the base has it right) as GitHub would show it: GFM -> HTML page, and a PNG screenshot
// through headless Chromium when it is installed. Output in preview/ (not committed).
// `npm run preview-comment -- HEAD_FILE [BASE_FILE]` previews any config instead (the base is optional).
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { marked } from 'marked';
import { review } from '../src/core/review.ts';
import { renderMarkdown } from '../src/render/markdown.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
const [headArg, baseArg] = process.argv.slice(2);
const path = headArg ?? 'examples/nanotron/pretrain-135m-decay-too-early.yaml';
const head = readFileSync(headArg ? path : join(root, path), 'utf8');
// The base: the schedule before the slip (cooldown from 500k for 100k steps, 5000 warmup steps).
const base = headArg
  ? baseArg === undefined ? undefined : readFileSync(baseArg, 'utf8')
  : head.replace('lr_decay_starting_step: 250000', 'lr_decay_starting_step: 500000').replace('lr_decay_steps: 50000', 'lr_decay_steps: 100000').replace('lr_warmup_steps: 2500', 'lr_warmup_steps: 5000');
const body = renderMarkdown(review([{ path, text: head, ...(base !== undefined ? { baseText: base } : {}), explicit: true }]));
const html = `<!doctype html><meta charset="utf-8"><title>trainlint comment preview</title>
<style>
body { font: 14px/1.5 -apple-system, "Segoe UI", "Noto Sans", Helvetica, Arial, sans-serif; color: #1f2328; max-width: 880px; margin: 24px auto; padding: 0 16px; }
pre { background: #f6f8fa; padding: 16px; border-radius: 6px; overflow: auto; font: 12px/1.25 "DejaVu Sans Mono", ui-monospace, SFMono-Regular, Menlo, monospace; }
code { background: rgba(175,184,193,.2); padding: .1em .3em; border-radius: 4px; font: 12px ui-monospace, "DejaVu Sans Mono", monospace; }
pre code { background: none; padding: 0; }
table { border-collapse: collapse; } td, th { border: 1px solid #d1d9e0; padding: 4px 12px; }
blockquote { margin: 0; padding: 0 1em; color: #59636e; border-left: .25em solid #d1d9e0; }
</style>
<div class="markdown-body">${marked.parse(body, { gfm: true, async: false })}</div>`;
const out = join(root, 'preview');
mkdirSync(out, { recursive: true });
writeFileSync(join(out, 'comment.md'), body);
writeFileSync(join(out, 'comment.html'), html);
console.log(`wrote preview/comment.md and preview/comment.html (${body.length} characters)`);
try {
  execFileSync('chromium', ['--headless', '--no-sandbox', '--disable-gpu', '--hide-scrollbars', `--screenshot=${join(out, 'comment.png')}`, '--window-size=940,1500', `file://${join(out, 'comment.html')}`], { stdio: 'ignore' });
  console.log('wrote preview/comment.png');
} catch {
  console.log('no PNG: headless chromium is not installed (Debian: apt-get install chromium)');
}
