// timm: the training images of an ImageFolder dataset (--dataset unset) under --data-dir, counted as timm counts them
// (huggingface/pytorch-image-models @aa4b5850): create_dataset looks for the split's folder under the root
// (`train`, else its synonym `training`, else the root itself: timm/data/dataset_factory.py _search_split), then
// ReaderImageFolder walks it recursively and keeps every file whose extension, lower-cased, is .png, .jpg or .jpeg
// (readers/reader_image_folder.py find_images_and_targets, readers/img_extensions.py).
import { countFiles, joinPath, locate } from './repo-paths.ts';
import type { DataSize, DataSizeInput } from './types.ts';

const IMAGE = /\.(?:png|jpe?g)$/i;
/** A walk stops after this many folder listings (a checked-in dataset is small; a huge tree is not counted). */
const MAX_FOLDERS = 5000;

export function timmDataSize({ reader: r, path, repo }: DataSizeInput): DataSize {
  const dir = r.raw(['data_dir']) ?? r.raw(['data']);
  if (!repo || typeof dir !== 'string' || !dir) return { notes: [] };
  const dataset = r.raw(['dataset']);
  if (typeof dataset === 'string' && dataset !== '' && !/^(?:folder|imagefolder)\//i.test(dataset)) return { notes: [`dataset ${dataset} is not an image folder trainlint can count`] };
  const found = locate(repo, path, dir);
  if (!found || found.kind !== 'folder') return { notes: [`data_dir ${dir} is not a folder of the repository`] };
  const split = typeof r.raw(['train_split']) === 'string' ? (r.raw(['train_split']) as string).split('[')[0]! : 'train';
  const synonyms = split === 'train' || split === 'training' ? [split, 'train', 'training'] : [split];
  const sub = synonyms.find((s) => found.entries.includes(`${s}/`));
  const root = sub ? joinPath(found.path, sub) : found.path;
  const n = countFiles(repo, root, { matches: (name) => IMAGE.test(name), maxFolders: MAX_FOLDERS });
  if (n === null) return { notes: [`${root} holds more folders than trainlint walks (${MAX_FOLDERS}); the image count is not known`] };
  if (n === 0) return { notes: [`${root} holds no .png/.jpg/.jpeg image`] };
  return { size: { value: n, how: `${n} images under ${root}/ (ImageFolder: .png/.jpg/.jpeg files, walked recursively)`, from: [r.origin(['data_dir'])] }, notes: [] };
}
