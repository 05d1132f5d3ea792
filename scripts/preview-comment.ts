// `npm run preview-comment [-- SCENARIO...]`: renders the PR comment of each scenario (scripts/comment-scenarios.ts;
// default: all of them) as GitHub would show it: GFM -> HTML (comment rendering: line breaks kept, alerts drawn as
// GitHub draws them), and PNG screenshots through headless Chromium when it is installed, in slices of at most
// SLICE pixels (preview/<scenario>-1.png, -2.png, ...). Output in preview/ (not committed).
// `npm run preview-comment -- HEAD_FILE [BASE_FILE]` previews any config instead (the base is optional).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { marked } from 'marked';
import { review, type ReviewInput } from '../src/pipeline/review.ts';
import { renderMarkdown } from '../src/render/markdown.ts';
import { SCENARIOS } from './comment-scenarios.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
const out = join(root, 'preview');
const WIDTH = 940;
const SLICE = 1800;

const ALERTS: Record<string, { color: string; title: string }> = {
  CAUTION: { color: '#d1242f', title: '⛔ Caution' },
  WARNING: { color: '#9a6700', title: '⚠ Warning' },
  NOTE: { color: '#0969da', title: 'ⓘ Note' },
};

/** GitHub draws `> [!CAUTION]` blockquotes as coloured alerts; marked leaves them as quotes, so this does. */
function withAlerts(html: string): string {
  return html.replace(/<blockquote>\s*<p>\[!(CAUTION|WARNING|NOTE)\]\s*(?:<br>)?\s*/g, (_, kind: string) => {
    const a = ALERTS[kind]!;
    return `<blockquote class="alert" style="border-left-color:${a.color}"><p class="alert-title" style="color:${a.color}">${a.title}</p><p>`;
  });
}

function page(body: string, offset = 0): string {
  return `<!doctype html><meta charset="utf-8"><title>trainlint comment preview</title>
<style>
body { font: 14px/1.5 -apple-system, "Segoe UI", "Noto Sans", Helvetica, Arial, sans-serif; color: #1f2328; max-width: 880px; margin: ${8 - offset}px auto 24px; padding: 0 16px; }
pre { background: #f6f8fa; padding: 16px; border-radius: 6px; overflow: auto; font: 12px/1.25 "DejaVu Sans Mono", ui-monospace, SFMono-Regular, Menlo, monospace; }
code { background: rgba(175,184,193,.2); padding: .1em .3em; border-radius: 4px; font: 12px ui-monospace, "DejaVu Sans Mono", monospace; }
pre code { background: none; padding: 0; }
table { border-collapse: collapse; display: block; overflow: auto; } td, th { border: 1px solid #d1d9e0; padding: 4px 12px; }
blockquote { margin: 0 0 16px; padding: 0 1em; color: #59636e; border-left: .25em solid #d1d9e0; }
blockquote.alert { color: #1f2328; } .alert-title { font-weight: 600; margin-bottom: 4px; }
details { margin-bottom: 16px; } summary { cursor: pointer; color: #0969da; }
</style>
<div class="markdown-body">${withAlerts(marked.parse(body, { gfm: true, breaks: true, async: false }))}</div>
<script>document.title = 'height=' + document.documentElement.scrollHeight;</script>`;
}

function chromium(args: string[]): string {
  return execFileSync('chromium', ['--headless', '--no-sandbox', '--disable-gpu', '--hide-scrollbars', ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
}

function preview(name: string, inputs: ReviewInput[]): void {
  const body = renderMarkdown(review(inputs));
  for (const f of readdirSync(out)) if (f.startsWith(`${name}-`) && f.endsWith('.png')) rmSync(join(out, f));
  writeFileSync(join(out, `${name}.md`), body);
  const html = join(out, `${name}.html`);
  writeFileSync(html, page(body));
  console.log(`${name}: preview/${name}.md and .html (${body.length} characters)`);
  let height: number;
  try {
    const dom = chromium(['--dump-dom', `file://${html}`]);
    height = Number(/height=(\d+)/.exec(dom)?.[1] ?? 1500);
  } catch {
    console.log('  no PNG: headless chromium is not installed (Debian: apt-get install chromium)');
    return;
  }
  for (let k = 0; k * SLICE < height; k++) {
    const slice = join(out, `${name}-slice.html`);
    writeFileSync(slice, page(body, k * SLICE));
    const png = join(out, `${name}-${k + 1}.png`);
    chromium([`--screenshot=${png}`, `--window-size=${WIDTH},${Math.min(SLICE, height - k * SLICE)}`, `file://${slice}`]);
    rmSync(slice);
    console.log(`  preview/${name}-${k + 1}.png`);
  }
}

mkdirSync(out, { recursive: true });
const args = process.argv.slice(2);
if (args.length && existsSync(args[0]!)) {
  const [head, base] = args as [string, string | undefined];
  preview('file', [{ path: head, text: readFileSync(head, 'utf8'), ...(base ? { baseText: readFileSync(base, 'utf8') } : {}), explicit: true }]);
} else {
  const names = args.length ? args : Object.keys(SCENARIOS);
  for (const name of names) {
    const scenario = SCENARIOS[name];
    if (!scenario) throw new Error(`unknown scenario ${name}: one of ${Object.keys(SCENARIOS).join(', ')}`);
    preview(name, scenario.inputs());
  }
}
