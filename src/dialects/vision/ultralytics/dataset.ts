// What a YOLO run's dataset YAML says about the run: its training image count (len(train_loader.dataset)) and its
// class count (optimizer=auto's LR). Read through the RepoView, bounded; null wherever the repository does not say.
// Dataset resolution: ultralytics/ultralytics ultralytics/data/utils.py @36bac453 check_det_dataset (root = `path`, else
// the YAML's folder; `train` is a folder, a .txt list of images, or a list of those), and ultralytics/data/base.py
// get_img_files (images found recursively by extension, `fraction` keeps the first round(n * fraction)).
import { parse } from 'yaml';
import type { RepoView } from '../../../core/plan.ts';
import { roundHalfEven } from '../../../core/python-numbers.ts';
import { countFiles, dirnameOf, joinPath, normalise } from '../../../resolve/repo-paths.ts';

const IMAGE = /\.(?:avif|bmp|dng|heic|heif|jp2|jpeg|jpeg2000|jpg|mpo|png|tif|tiff|webp)$/i;
const MAX_ENTRIES = 200_000;
const MAX_DEPTH = 12;

export interface DatasetFacts {
  yamlPath: string;
  images?: number;
  /** Why the image count is unknown. */
  imagesWhy?: string;
  nc?: number;
}

/** `rel` from folder `dir`, inside the repository; null when it climbs out of it. */
function join(dir: string, rel: string): string | null {
  return normalise(joinPath(dir, rel));
}

/** Images under a folder, recursively; null when the walk would exceed its bounds. */
function countImages(repo: RepoView, dir: string): number | null {
  return countFiles(repo, dir, { matches: (name) => IMAGE.test(name), maxEntries: MAX_ENTRIES, maxDepth: MAX_DEPTH });
}

function classCount(data: Record<string, unknown>): number | undefined {
  if (typeof data.nc === 'number' && Number.isInteger(data.nc)) return data.nc;
  const names = data.names;
  if (Array.isArray(names)) return names.length;
  if (names && typeof names === 'object') return Object.keys(names).length;
  return undefined;
}

/** The dataset YAML `data=` names, read from the repository (the repo root first, then the config's folder). */
export function readDataset(repo: RepoView | undefined, dataValue: string, configPath: string, fraction: number): DatasetFacts | null {
  if (!repo || !/\.ya?ml$/i.test(dataValue) || /^[a-z]+:\/\//i.test(dataValue) || dataValue.startsWith('/')) return null;
  const candidates = [normalise(dataValue), join(dirnameOf(configPath), dataValue)].filter((p): p is string => p !== null);
  for (const yamlPath of candidates) {
    const text = repo.read(yamlPath);
    if (text === null) continue;
    let data: unknown;
    try {
      data = parse(text);
    } catch {
      return { yamlPath, imagesWhy: `${yamlPath} is not valid YAML` };
    }
    if (!data || typeof data !== 'object' || Array.isArray(data)) return { yamlPath, imagesWhy: `${yamlPath} is not a mapping` };
    const d = data as Record<string, unknown>;
    const facts: DatasetFacts = { yamlPath, ...(classCount(d) === undefined ? {} : { nc: classCount(d) }) };
    const root = typeof d.path === 'string' && d.path !== '' ? (d.path.startsWith('/') ? null : (repo.list(normalise(d.path) ?? '') ? normalise(d.path) : join(dirnameOf(yamlPath), d.path))) : dirnameOf(yamlPath);
    const train = typeof d.train === 'string' ? [d.train] : Array.isArray(d.train) ? d.train : [];
    if (root === null || train.length === 0 || !train.every((t) => typeof t === 'string')) {
      return { ...facts, imagesWhy: `${yamlPath}'s \`path\`/\`train\` do not name files inside the repository` };
    }
    let images = 0;
    for (const entry of train as string[]) {
      const target = entry.startsWith('/') ? null : join(root, entry);
      const counted = target === null ? null : countEntry(repo, target);
      if (counted === null) return { ...facts, imagesWhy: `the training images \`${entry}\` of ${yamlPath} are not in the repository (or too many to count)` };
      images += counted;
    }
    if (images === 0) return { ...facts, imagesWhy: `no training image was found under ${yamlPath}'s \`train\` in the repository` };
    return { ...facts, images: fraction < 1 ? roundHalfEven(images * fraction) : images };
  }
  return null;
}

function countEntry(repo: RepoView, target: string): number | null {
  if (repo.list(target) !== null) return countImages(repo, target);
  if (/\.txt$/i.test(target)) {
    const text = repo.read(target);
    if (text === null) return null;
    return text.split(/\r?\n/).filter((line) => line.trim() !== '').length;
  }
  return null;
}
