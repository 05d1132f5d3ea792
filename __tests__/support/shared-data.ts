// Helpers for the tests that read data shared between checkouts (LR goldens, the real-config corpus).
// The data lives outside the repo; each suite finds its folder here and skips cleanly when it is absent.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root (this file is __tests__/support/shared-data.ts). */
export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

export type SharedFolder = { ok: true; path: string } | { ok: false; path: string; reason: string };

/**
 * The folder named by `envVar`, else `fallback` resolved against the repo root (relative values of the
 * variable are resolved against the repo root too, so the result does not depend on the cwd).
 */
export function sharedFolder(envVar: string, fallback: string): SharedFolder {
  const fromEnv = process.env[envVar];
  const given = fromEnv !== undefined && fromEnv.trim() !== '' ? fromEnv.trim() : fallback;
  const path = isAbsolute(given) ? given : resolve(REPO_ROOT, given);
  const origin = fromEnv ? `${envVar}=${fromEnv}` : `default ${fallback}; set ${envVar} to use another folder`;
  if (!existsSync(path)) return { ok: false, path, reason: `folder ${path} not found (${origin})` };
  if (!statSync(path).isDirectory()) return { ok: false, path, reason: `${path} is not a folder (${origin})` };
  return { ok: true, path };
}

// ---------------------------------------------------------------------------------------------------
// LR goldens (see goldens/README.md)

export interface GoldenCase {
  name: string;
  config: Record<string, unknown>;
  derived?: Record<string, unknown> & { total_steps?: number; warmup_steps?: number };
  steps?: 'all' | 'sampled';
  lr?: Array<[number, number]>;
  notes?: string;
  error?: unknown;
  [key: string]: unknown;
}

export interface GoldenFile {
  /** File name inside the goldens folder. */
  file: string;
  framework: string;
  source?: unknown;
  runtime?: string;
  cases: GoldenCase[];
}

/** A golden file that could not be read, reported as a failing test rather than stopping the suite. */
export interface UnreadableGoldenFile {
  file: string;
  error: string;
}

/** Every `*.json` golden file of the folder, sorted by name. */
export function readGoldenFiles(folder: string): Array<GoldenFile | UnreadableGoldenFile> {
  return readdirSync(folder)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((file) => {
      try {
        const data = parsePythonJson(readFileSync(join(folder, file), 'utf8')) as Omit<GoldenFile, 'file'>;
        if (typeof data.framework !== 'string' || !Array.isArray(data.cases)) return { file, error: 'not a golden file (needs "framework" and "cases")' };
        return { file, ...data };
      } catch (err) {
        return { file, error: err instanceof Error ? err.message : String(err) };
      }
    });
}

/** JSON as Python's json.dump writes it: also accepts the bare tokens NaN, Infinity and -Infinity. */
export function parsePythonJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    const tokens: Record<string, number> = { NaN: NaN, Infinity: Infinity, '-Infinity': -Infinity };
    const marked = text.replace(/"(?:[^"\\]|\\.)*"|-?Infinity|NaN/g, (m) => (m in tokens ? `"\\u0000${m}"` : m));
    return JSON.parse(marked, (_key, value: unknown) => (typeof value === 'string' && value.startsWith('\u0000') ? tokens[value.slice(1)] : value));
  }
}

/**
 * How far `got` is from `want`, as a multiple of the allowed tolerance: relative `rel` for a non-zero
 * golden, absolute `abs` where the golden is 0. <= 1 is within tolerance.
 */
export function toleranceRatio(got: number, want: number, rel = 1e-12, abs = 1e-18): number {
  if (Number.isNaN(got) || Number.isNaN(want)) return Number.isNaN(got) && Number.isNaN(want) ? 0 : Infinity;
  if (got === want) return 0;
  if (want === 0) return Math.abs(got) / abs;
  return Math.abs(got - want) / Math.abs(want) / rel;
}

// ---------------------------------------------------------------------------------------------------
// Corpus (see corpus/README.md)

export interface ManifestRow {
  /** 1-based line in MANIFEST.tsv. */
  line: number;
  /** Path relative to the corpus folder, or `-` (no file). */
  file: string;
  framework: string;
  repo: string;
  path: string;
  commit: string;
  license: string;
  /** `good`, `unknown` or `bad:<rule hint>`. */
  expect: string;
  note: string;
}

const MANIFEST_COLUMNS = ['file', 'framework', 'repo', 'path', 'commit', 'license', 'expect', 'note'] as const;

/** Parses MANIFEST.tsv: tab-separated, one header line naming the columns (in any order). */
export function readManifest(folder: string): ManifestRow[] {
  const text = readFileSync(join(folder, 'MANIFEST.tsv'), 'utf8');
  const lines = text.split(/\r?\n/);
  const header = (lines[0] ?? '').split('\t').map((h) => h.trim());
  const index = Object.fromEntries(MANIFEST_COLUMNS.map((c) => [c, header.indexOf(c)])) as Record<(typeof MANIFEST_COLUMNS)[number], number>;
  const missing = MANIFEST_COLUMNS.filter((c) => index[c] < 0);
  if (missing.length) throw new Error(`MANIFEST.tsv header lacks column(s) ${missing.join(', ')}: ${JSON.stringify(header)}`);
  const rows: ManifestRow[] = [];
  lines.forEach((content, i) => {
    if (i === 0 || content.trim() === '') return;
    const cells = content.split('\t');
    const cell = (c: (typeof MANIFEST_COLUMNS)[number]) => cells[index[c]] ?? '';
    if (cells.length < header.length - 1) throw new Error(`MANIFEST.tsv line ${i + 1}: ${cells.length} columns, expected ${header.length}`);
    rows.push({
      line: i + 1,
      file: cell('file').trim(),
      framework: cell('framework').trim(),
      repo: cell('repo'),
      path: cell('path'),
      commit: cell('commit'),
      license: cell('license'),
      expect: cell('expect').trim(),
      note: cell('note'),
    });
  });
  return rows;
}
