// diffusers example scripts: the training-set size found where the launch says it (resolve/diffusers-data.ts), and the
// update counts the dialect derives from it. Launch lines, image folders and scripts are written for these tests.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { analyse } from '../src/pipeline/review.ts';
import { DEFAULT_SETTINGS } from '../src/pipeline/settings.ts';
import type { HubSizes } from '../src/resolve/types.ts';
import { loadingFacts } from '../src/resolve/diffusers-loading.ts';
import { memoryRepo } from './support/memory-repo.ts';

const launch = (script: string, flags: string[]) => ['#!/bin/bash', `python ${script} \\`, '  --pretrained_model_name_or_path=some/model \\', ...flags.map((f) => `  ${f} \\`), '  --output_dir=out', ''].join('\n');

function planOf(text: string, files: Record<string, string>, hub?: HubSizes) {
  const analysis = analyse('scripts/train.sh', text, DEFAULT_SETTINGS, { repo: memoryRepo(files), ...(hub ? { hub } : {}) });
  const plan = analysis.context.head?.plan;
  assert.ok(plan, JSON.stringify(analysis.context.head ?? analysis, null, 1).slice(0, 1500));
  return plan;
}

/** n small files named img0.png ... under dir (contents do not matter: only names are counted). */
function images(dir: string, n: number, ext = 'png'): Record<string, string> {
  return Object.fromEntries(Array.from({ length: n }, (_, i) => [`${dir}/img${i}.${ext}`, 'x']));
}

const derived = (plan: ReturnType<typeof planOf>) => plan.totalStepsSource === 'derived' && !plan.assumedLength;

test('--train_data_dir: load_dataset("imagefolder") counts image files at any depth; metadata.jsonl, other files and hidden folders add none', () => {
  const files = {
    ...images('data/pokemon', 7),
    ...images('data/pokemon/more', 2, 'JPG'),
    'data/pokemon/extra.webp': 'x',
    'data/pokemon/metadata.jsonl': '{"file_name": "img0.png", "text": "a"}\n',
    'data/pokemon/README.txt': 'x',
    ...images('data/pokemon/.cache', 3),
  };
  const plan = planOf(launch('train_text_to_image.py', ['--train_data_dir=data/pokemon', '--train_batch_size=4', '--num_train_epochs=3', '--learning_rate=1e-4']), files);
  assert.ok(derived(plan), plan.assumptions.join('\n'));
  // 10 images: 3 epochs x ceil(ceil(10 / 4) / 1) = 9 updates.
  assert.equal(plan.totalSteps.value, 9);
  assert.ok(plan.assumptions.some((a) => /10 images under data\/pokemon\/ \(load_dataset\("imagefolder"\)/.test(a) && /train_text_to_image\.py @58eb52c0/.test(a)), plan.assumptions.join('\n'));
});

test('--max_train_samples caps the train split (shuffle(seed).select(range(n))); past the split it raises, so no size is given', () => {
  const files = images('data/imgs', 10);
  const capped = planOf(launch('train_text_to_image.py', ['--train_data_dir=data/imgs', '--max_train_samples=6', '--train_batch_size=4', '--num_train_epochs=2']), files);
  assert.ok(derived(capped));
  assert.equal(capped.totalSteps.value, 2 * Math.ceil(6 / 4));
  assert.ok(capped.assumptions.some((a) => /--max_train_samples 6: shuffle\(seed\)\.select\(range\(6\)\) -> 6/.test(a)), capped.assumptions.join('\n'));
  const over = planOf(launch('train_text_to_image.py', ['--train_data_dir=data/imgs', '--max_train_samples=20', '--train_batch_size=4', '--num_train_epochs=2']), files);
  assert.ok(over.assumedLength, 'no length is invented');
  assert.ok(over.assumptions.some((a) => /select\(range\(20\)\) raises IndexError/.test(a)), over.assumptions.join('\n'));
});

test('--dataset_name with --dataset_config_name: the Hub train split through the lookup; without --hub the existing note', () => {
  const asked: Array<[string, string | undefined, string]> = [];
  const hub: HubSizes = { rows: (d, c, s) => (asked.push([d, c, s]), d === 'org/pokemon-captions' && s === 'train' ? { ok: true, rows: 833 } : { ok: false, why: 'no such split' }) };
  const text = launch('train_text_to_image_lora.py', ['--dataset_name=org/pokemon-captions', '--dataset_config_name=default', '--train_batch_size=8', '--num_train_epochs=2', '--max_train_samples=800']);
  const plan = planOf(text, {}, hub);
  assert.deepEqual(asked, [['org/pokemon-captions', 'default', 'train']]);
  assert.ok(derived(plan));
  assert.equal(plan.totalSteps.value, 2 * Math.ceil(800 / 8));
  const offline = planOf(text, {});
  assert.ok(offline.assumedLength);
  assert.ok(offline.assumptions.some((a) => /looked up only with --hub/.test(a)), offline.assumptions.join('\n'));
});

test('DreamBooth: every entry of --instance_data_dir; with prior preservation max(instances, --num_class_images, default 100)', () => {
  const files = { ...images('dog', 5, 'jpeg'), 'dog/notes.md': 'x' };
  const base = ['--instance_data_dir=dog', '--instance_prompt="a sks dog"', '--train_batch_size=2', '--num_train_epochs=3'];
  // Path.iterdir: 6 entries, ceil(6 / 2) = 3 batches x 3 epochs.
  assert.equal(planOf(launch('train_dreambooth.py', base), files).totalSteps.value, 9);
  const prior = [...base, '--with_prior_preservation', '--class_data_dir=class_dog', '--num_class_images=50'];
  assert.equal(planOf(launch('train_dreambooth.py', prior), files).totalSteps.value, 3 * 25);
  const defaulted = planOf(launch('train_dreambooth.py', prior.slice(0, -1)), files);
  assert.equal(defaulted.totalSteps.value, 3 * 50);
  assert.ok(defaulted.assumptions.some((a) => /max\(6 entries in dog\/, --num_class_images unset: default 100 class images/.test(a)), defaulted.assumptions.join('\n'));
  const noClassDir = planOf(launch('train_dreambooth.py', prior.filter((x) => !x.startsWith('--class_data_dir'))), files);
  assert.ok(noClassDir.assumedLength);
});

test('DreamBooth LoRA SDXL: --repeats multiplies the instance images; a missing folder gives a note, not a number', () => {
  const files = images('subject', 5);
  const plan = planOf(launch('train_dreambooth_lora_sdxl.py', ['--instance_data_dir=subject', '--repeats=4', '--train_batch_size=2', '--num_train_epochs=1']), files);
  assert.ok(derived(plan));
  assert.equal(plan.totalSteps.value, 10);
  const missing = planOf(launch('train_dreambooth_lora_sdxl.py', ['--instance_data_dir=elsewhere', '--train_batch_size=2']), files);
  assert.ok(missing.assumedLength);
  assert.ok(missing.assumptions.some((a) => /--instance_data_dir elsewhere is not a folder of the repository/.test(a)), missing.assumptions.join('\n'));
});

/** A textual-inversion script of the repository (its own copy, max_train_steps default None). */
const TI_SCRIPT = `
import argparse, math, os
from diffusers.optimization import get_scheduler

def parse_args():
    parser = argparse.ArgumentParser()
    parser.add_argument("--learning_rate", type=float, default=1e-4)
    parser.add_argument("--lr_scheduler", type=str, default="constant")
    parser.add_argument("--lr_warmup_steps", type=int, default=0)
    parser.add_argument("--max_train_steps", type=int, default=None)
    parser.add_argument("--num_train_epochs", type=int, default=1)
    parser.add_argument("--gradient_accumulation_steps", type=int, default=1)
    parser.add_argument("--train_batch_size", type=int, default=4)
    parser.add_argument("--repeats", type=int, default=100, help="How many times to repeat the training data.")
    return parser.parse_args()

class TextualInversionDataset:
    def __init__(self, data_root, repeats=100, set="train"):
        self.data_root = data_root
        self.image_paths = [os.path.join(self.data_root, p) for p in os.listdir(self.data_root)]
        self.num_images = len(self.image_paths)
        self._length = self.num_images
        if set == "train":
            self._length = self.num_images * repeats

def main(args):
    train_dataset = TextualInversionDataset(data_root=args.train_data_dir, repeats=args.repeats, set="train")
    if args.max_train_steps is None:
        args.max_train_steps = args.num_train_epochs * math.ceil(len(train_dataloader) / args.gradient_accumulation_steps)
    lr_scheduler = get_scheduler(args.lr_scheduler, optimizer=optimizer, num_warmup_steps=args.lr_warmup_steps * accelerator.num_processes, num_training_steps=args.max_train_steps * accelerator.num_processes)
`;

test('textual inversion read from the repository: --repeats (default 100) x the entries of --train_data_dir', () => {
  const files = { 'scripts/textual_inversion.py': TI_SCRIPT, ...images('cat', 3) };
  const plan = planOf(launch('textual_inversion.py', ['--train_data_dir=cat', '--train_batch_size=4', '--num_train_epochs=2']), files);
  assert.ok(derived(plan), plan.assumptions.join('\n'));
  assert.equal(plan.totalSteps.value, 2 * Math.ceil(300 / 4));
  assert.ok(plan.assumptions.some((a) => /3 entries in cat\/ x --repeats unset: default 100 = 300 \(scripts\/textual_inversion\.py\)/.test(a)), plan.assumptions.join('\n'));
  const fewer = planOf(launch('textual_inversion.py', ['--train_data_dir=cat', '--repeats=10', '--train_batch_size=4', '--num_train_epochs=2']), files);
  assert.equal(fewer.totalSteps.value, 2 * Math.ceil(30 / 4));
});

test('loading code trainlint does not model is not counted', () => {
  assert.equal(loadingFacts('from datasets import load_dataset\ndataset = load_dataset(args.train_data_dir)\n'), undefined);
  const script = TI_SCRIPT.replace('os.listdir(self.data_root)', 'glob.glob(self.data_root + "/*.png")');
  const plan = planOf(launch('textual_inversion.py', ['--train_data_dir=cat', '--num_train_epochs=2']), { 'scripts/textual_inversion.py': script, ...images('cat', 3) });
  assert.ok(plan.assumedLength);
  assert.ok(plan.assumptions.some((a) => /builds its training set with code trainlint does not model/.test(a)), plan.assumptions.join('\n'));
});
