// How a diffusers example script builds its training set, read from the script's text (huggingface/diffusers
// examples @58eb52c0). Three families of loading code exist there:
//   `imagefolder`  examples/text_to_image/train_text_to_image.py main(): --dataset_name goes to
//                  load_dataset(dataset_name, dataset_config_name, ...), else --train_data_dir to
//                  load_dataset("imagefolder", data_files={"train": os.path.join(train_data_dir, "**")}); the "train"
//                  split, then --max_train_samples as dataset["train"].shuffle(seed).select(range(max_train_samples));
//   `dreambooth`   examples/dreambooth/train_dreambooth.py DreamBoothDataset: every entry of --instance_data_dir
//                  (Path.iterdir, not recursive, not filtered), repeated --repeats times where the script has the flag
//                  (train_dreambooth_lora_sdxl.py); with --with_prior_preservation the script first generates class
//                  images until --class_data_dir holds --num_class_images, and the length is max(class, instance);
//                  some scripts batch with a BucketBatchSampler over the instance images only
//                  (train_dreambooth_lora_flux2.py, drop_last=True);
//   `textual-inversion` examples/textual_inversion/textual_inversion.py TextualInversionDataset: every entry of
//                  --train_data_dir (os.listdir), times --repeats for the train split.
export type LoadingKind = 'imagefolder' | 'dreambooth' | 'textual-inversion';

export interface LoadingFacts {
  kind: LoadingKind;
  /** imagefolder: --max_train_samples applied as shuffle(seed).select(range(n)). */
  selectsMaxSamples?: boolean;
  /** dreambooth / textual-inversion: the dataset takes repeats=args.repeats, with this argparse default. */
  repeatsDefault?: number;
  /** textual-inversion: a repeat count fixed in the script (no --repeats flag passed). */
  fixedRepeats?: number;
  /** dreambooth: --num_class_images' argparse default. */
  numClassDefault?: number;
  /** dreambooth: --dataset_name loads a Hub/local dataset whose "train" rows are the instance images. */
  datasetName?: boolean;
  /** dreambooth: batches come from a BucketBatchSampler over the instance images (drop_last=True). */
  bucketed?: boolean;
}

function intDefault(text: string, flag: string): number | undefined {
  const m = new RegExp(`["']--${flag}["'][^)]*?default\\s*=\\s*(\\d+)`).exec(text);
  return m ? Number(m[1]) : undefined;
}

/** The loading code of a script's text, or undefined when it is none of the three modelled. */
export function loadingFacts(text: string): LoadingFacts | undefined {
  if (/class\s+DreamBoothDataset\b/.test(text)) {
    const iterdir = /Path\(\s*instance_data_root\s*\)\.iterdir\(\)/.test(text);
    const length = /self\._length\s*=\s*max\(\s*self\.num_class_images\s*,\s*self\.num_instance_images\s*\)/.test(text);
    const classNum = /class_num\s*=\s*args\.num_class_images/.test(text);
    if (!iterdir || !length || !classNum) return undefined;
    const repeats = /repeats\s*=\s*args\.repeats\b/.test(text);
    const numClass = intDefault(text, 'num_class_images');
    const repeatsDefault = repeats ? intDefault(text, 'repeats') : undefined;
    if (numClass === undefined || (repeats && repeatsDefault === undefined)) return undefined;
    return {
      kind: 'dreambooth',
      numClassDefault: numClass,
      ...(repeatsDefault !== undefined ? { repeatsDefault } : {}),
      ...(/instance_images\s*=\s*dataset\[\s*["']train["']\s*\]\[\s*image_column\s*\]/.test(text) ? { datasetName: true } : {}),
      ...(/BucketBatchSampler\(/.test(text) ? { bucketed: true } : {}),
    };
  }
  if (/class\s+TextualInversionDataset\b/.test(text)) {
    if (!/os\.listdir\(\s*self\.data_root\s*\)/.test(text) || !/self\._length\s*=\s*self\.num_images\s*\*\s*repeats/.test(text)) return undefined;
    if (/repeats\s*=\s*args\.repeats\b/.test(text)) {
      const d = intDefault(text, 'repeats');
      return d === undefined ? undefined : { kind: 'textual-inversion', repeatsDefault: d };
    }
    const fixed = /TextualInversionDataset\([^)]*?\brepeats\s*=\s*(\d+)/.exec(text);
    const init = /def\s+__init__\([^)]*?\brepeats\s*=\s*(\d+)/.exec(text);
    const n = fixed?.[1] ?? init?.[1];
    return n === undefined ? undefined : { kind: 'textual-inversion', fixedRepeats: Number(n) };
  }
  if (/os\.path\.join\(\s*args\.train_data_dir\s*,\s*["']\*\*["']\s*\)/.test(text) && /load_dataset\(\s*["']imagefolder["']/.test(text)) {
    return { kind: 'imagefolder', selectsMaxSamples: /\.shuffle\(\s*seed\s*=\s*args\.seed\s*\)\.select\(\s*range\(\s*args\.max_train_samples\s*\)\s*\)/.test(text) };
  }
  return undefined;
}
