// How many training samples one OneTrainer epoch has, from what the repository, the settings or the config say.
// OneTrainer (modules/dataLoader/mixin/DataLoaderMgdsMixin.py @23df3832) takes the inline `concepts`, else the JSON list
// in `concept_file_name`, drops VALIDATION concepts, and mgds (Nerogar/mgds @3a6994a, pinned by OneTrainer) does the rest:
// CollectPaths lists each enabled concept's folder (subfolders if include_subdirectories, skipping ones starting with '.'),
// keeps files whose lower-cased extension is a supported image extension and whose stem does not end in -masklabel or
// -condlabel; VariationSorting / DiskCache then give each concept floor(files x balancing) samples (REPEATS) or
// int(balancing) samples (SAMPLES). Image contents are never read.
import type { DocReader } from '../../../core/access.ts';
import { formatNumber } from '../../../core/access.ts';
import type { PlanContext, RepoView } from '../../../core/plan.ts';
import type { Origin } from '../../../core/types.ts';
import { isObject } from '../../shared.ts';

/** Samples per epoch assumed when nothing says how large the dataset is. */
export const ASSUMED_SAMPLES = 100;
/** ModelSetup's default concept file (TrainConfig default_values, @23df3832 and @714d7a48). */
export const DEFAULT_CONCEPT_FILE = 'training_concepts/concepts.json';
const MAX_DEPTH = 32;

export interface DatasetSize {
  samples: number;
  /** The arithmetic, e.g. `15 images in data/cats (counted in the repository)`. */
  how: string;
  from: Origin[];
  source: 'repository' | 'settings' | 'concept-stats' | 'assumed';
  /** What was assumed and which setting would settle it. */
  notes: string[];
  /** With source `assumed`: why the size is unknown and how to give it (the plan's assumedLength says the rest). */
  unknownWhy?: string;
}

interface ConceptList {
  concepts: Array<Record<string, unknown>>;
  /** `concepts` (inline) or the concept file's path. */
  where: string;
  at: Origin;
}

function normalise(path: string): string {
  const parts: string[] = [];
  for (const part of path.replace(/\\/g, '/').split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') {
      if (parts.length === 0 || parts[parts.length - 1] === '..') parts.push('..');
      else parts.pop();
    } else parts.push(part);
  }
  return parts.join('/');
}

function isAbsolute(path: string): boolean {
  return /^(?:[/\\]|[A-Za-z]:[/\\]|~)/.test(path);
}

/** OneTrainer resolves relative paths against its working directory: try the repository root, then the config's folder. */
function candidates(path: string, configPath: string): string[] {
  if (isAbsolute(path)) return [];
  const configDir = configPath.includes('/') ? configPath.slice(0, configPath.lastIndexOf('/')) : '';
  const out = [normalise(path), normalise(`${configDir}/${path}`)];
  const inside = [...new Set(out)].filter((p) => !p.startsWith('..'));
  // A path that climbs out from every folder goes to the view as written, which refuses it and says so (TL006).
  return inside.length ? inside : [out[0]!];
}

function readConcepts(r: DocReader, context: PlanContext): ConceptList | { missing: string; at: Origin } {
  const inline = r.raw(['concepts']);
  if (Array.isArray(inline)) {
    return { concepts: inline.filter(isObject), where: '`concepts`', at: r.origin(['concepts']) };
  }
  const named = r.raw(['concept_file_name']);
  const file = typeof named === 'string' ? named : DEFAULT_CONCEPT_FILE;
  const at = r.origin(['concept_file_name']);
  const label = typeof named === 'string' ? `concept_file_name ${file}` : `concept_file_name unset: ${file} (OneTrainer default)`;
  if (!context.repo) return { missing: `${label}: no repository to read it from`, at };
  for (const path of candidates(file, context.path)) {
    const text = context.repo.read(path);
    if (text === null) continue;
    try {
      const data: unknown = JSON.parse(text);
      if (Array.isArray(data)) return { concepts: data.filter(isObject), where: path, at };
      return { missing: `${label}: ${path} is not a JSON list of concepts`, at };
    } catch {
      return { missing: `${label}: ${path} is not valid JSON`, at };
    }
  }
  return { missing: `${label} is not in the repository`, at };
}

function extensionOf(name: string): string {
  // os.path.splitext: leading dots belong to the name, the extension is the last dot onwards.
  const stem = name.replace(/^\.+/, '');
  const dot = stem.lastIndexOf('.');
  return dot <= 0 ? '' : stem.slice(dot).toLowerCase();
}

function countImages(repo: RepoView, dir: string, subdirs: boolean, extensions: readonly string[], depth = 0): number | null {
  const names = repo.list(dir);
  if (names === null) return null;
  let count = 0;
  for (const name of names) {
    if (name.endsWith('/')) {
      if (subdirs && !name.startsWith('.') && depth < MAX_DEPTH) count += countImages(repo, `${dir}/${name.slice(0, -1)}`, subdirs, extensions, depth + 1) ?? 0;
      continue;
    }
    const ext = extensionOf(name);
    const stem = ext ? name.slice(0, name.length - ext.length) : name;
    if (extensions.includes(ext) && !stem.endsWith('-masklabel') && !stem.endsWith('-condlabel')) count++;
  }
  return count;
}

/** Concepts the training data loader uses: enabled and not VALIDATION (`validation_concept` before ConceptConfig v2). */
function isTrainingConcept(c: Record<string, unknown>): boolean {
  if (c.enabled === false) return false;
  if (c.type === 'VALIDATION') return false;
  if (c.type === undefined && c.validation_concept === true) return false;
  return true;
}

/** floor(files x balancing) for REPEATS, int(balancing) for SAMPLES; ConceptConfig migration 0 renamed `repeats`. */
function balanced(c: Record<string, unknown>, files: number): { samples: number; how: string } {
  const hasBalancing = typeof c.balancing === 'number';
  const legacyRepeats = !hasBalancing && c.__version === undefined && typeof c.repeats === 'number';
  const raw = hasBalancing ? (c.balancing as number) : legacyRepeats ? (c.repeats as number) : 1.0;
  const key = legacyRepeats ? 'repeats' : 'balancing';
  if (c.balancing_strategy === 'SAMPLES') {
    const samples = Math.trunc(raw);
    return { samples, how: `${key} ${formatNumber(raw)} SAMPLES: ${samples}` };
  }
  const samples = Math.floor(files * raw);
  return { samples, how: raw === 1 ? `${samples}` : `floor(${files} x ${key} ${formatNumber(raw)}) = ${samples}` };
}

function conceptName(c: Record<string, unknown>, i: number): string {
  return typeof c.name === 'string' && c.name !== '' ? c.name : typeof c.path === 'string' ? c.path : `concept ${i + 1}`;
}

function fromRepository(list: ConceptList, context: PlanContext, extensions: readonly string[]): DatasetSize | { missing: string } {
  const repo = context.repo;
  if (!repo) return { missing: 'no repository to count the concept folders in' };
  const used = list.concepts.map((c, i) => ({ c, i })).filter(({ c }) => isTrainingConcept(c));
  const parts: string[] = [];
  let samples = 0;
  for (const { c, i } of used) {
    const path = typeof c.path === 'string' ? c.path.trim() : '';
    let files: number | null = null;
    if (path === '') return { missing: `concept "${conceptName(c, i)}" has no path (OneTrainer cannot list it)` };
    let dir = '';
    for (const candidate of candidates(path, context.path)) {
      files = countImages(repo, candidate === '' ? '.' : candidate, c.include_subdirectories === true, extensions);
      dir = candidate;
      if (files !== null) break;
    }
    if (files === null) return { missing: `the folder of concept "${conceptName(c, i)}" (${path || 'no path'}) is not in the repository` };
    const b = balanced(c, files);
    samples += b.samples;
    parts.push(`${files} images in ${dir || '.'}/${c.include_subdirectories === true ? ' (with subfolders)' : ''}${b.how === String(b.samples) ? '' : ` -> ${b.how}`}`);
  }
  const skipped = list.concepts.length - used.length;
  const tail = skipped > 0 ? `; ${skipped} disabled or validation concept${skipped === 1 ? '' : 's'} not counted` : '';
  const counted = used.length === 0 ? 'no training concepts' : parts.join(' + ');
  return {
    samples,
    // A single concept's arithmetic already ends in its count; a negative sum (a negative balancing) is no sample count.
    how: `counted in the repository (${list.where}): ${counted}${parts.length === 1 && counted.endsWith(`= ${samples}`) ? '' : ` = ${samples}`}${samples < 0 ? ', a negative sum' : ` sample${samples === 1 ? '' : 's'} per epoch`}${tail}`,
    from: [list.at],
    source: 'repository',
    notes: [],
  };
}

/** concept_stats.image_count, which OneTrainer's concept window records when it scans a folder (newer versions). */
function fromConceptStats(list: ConceptList): DatasetSize | null {
  const used = list.concepts.filter(isTrainingConcept);
  if (used.length === 0) return null;
  let samples = 0;
  const parts: string[] = [];
  for (const c of used) {
    const stats = c.concept_stats;
    if (!isObject(stats) || typeof stats.image_count !== 'number' || stats.force_cancelled === true) return null;
    const b = balanced(c, stats.image_count);
    samples += b.samples;
    parts.push(b.how === String(b.samples) ? `${stats.image_count}` : b.how);
  }
  return {
    samples,
    how: `${parts.join(' + ')}${used.length > 1 ? ` = ${samples}` : ''} samples per epoch (concept_stats.image_count)`,
    from: [list.at],
    source: 'concept-stats',
    notes: [],
  };
}

export function resolveDataset(r: DocReader, context: PlanContext, extensions: readonly string[]): DatasetSize {
  const list = readConcepts(r, context);
  let why: string;
  if ('concepts' in list) {
    const counted = fromRepository(list, context, extensions);
    if ('samples' in counted) return counted;
    why = counted.missing;
  } else why = list.missing;
  const settle = `keep the concept folders in the repository, or set \`datasets: { "${context.path}": <samples per epoch> }\` in .trainlint.yml`;
  if (context.datasetSize !== undefined) {
    return { samples: context.datasetSize, how: `${context.datasetSize} samples per epoch (datasets in .trainlint.yml)`, from: [], source: 'settings', notes: [] };
  }
  const stats = 'concepts' in list ? fromConceptStats(list) : null;
  if (stats) {
    stats.notes.push(`${why}: using the image counts OneTrainer's concept window recorded (concept_stats), which may be out of date; ${settle}`);
    return stats;
  }
  return {
    samples: ASSUMED_SAMPLES,
    how: `assumed ${ASSUMED_SAMPLES} samples per epoch (dataset size unknown)`,
    from: [],
    source: 'assumed',
    notes: [],
    unknownWhy: `the run length is epochs x floor(N samples / batch_size) micro-batches, and the dataset size N is unknown (${why}): ${settle}`,
  };
}
