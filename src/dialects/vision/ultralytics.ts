// Ultralytics YOLO (ultralytics/ultralytics): train YAMLs (`cfg=` files of default.yaml's keys) and `yolo [task] train
// k=v` launch lines. Defaults: ultralytics/cfg/default.yaml @00033e8f (lr0 0.01, lrf 0.01, warmup_epochs 3.0,
// warmup_bias_lr 0.1, epochs 100, batch 16, nbs 64, optimizer auto, cos_lr False). Loading: PyYAML safe_load, then
// cfg/__init__.py @ae531d3b check_cfg refuses a non-number for a float key (CFG_FRACTION_KEYS lr0/lrf in [0, 1]).
// Schedule and optimizer=auto: ultralytics/engine/trainer.py @00016300 (8.4) and @3c5ac618 (8.3), see ultralytics/.
import schema from '../../../schemas/ultralytics.schema.json' with { type: 'json' };
import { defaulted, formatNumber, type DocReader } from '../../core/access.ts';
import { NOMINAL_UPDATES_PER_EPOCH, type AssumedLength, type Dialect, type PlanContext, type PlanResult } from '../../core/plan.ts';
import { focusLaunch, type LaunchDoc } from '../../core/parse-shell.ts';
import type { ParsedDoc } from '../../core/parse.ts';
import { roundHalfEven } from '../../core/python-numbers.ts';
import { makeSchedule } from '../../core/schedule.ts';
import type { Phase, Resolved } from '../../core/types.ts';
import { readDataset } from './ultralytics/dataset.ts';
import { autoOptimizer, lrIgnoredNote } from './ultralytics/optimizer.ts';
import { simulateYolo, warmupBatches, type YoloVersion } from './ultralytics/simulate.ts';

const SEMANTICS: Record<YoloVersion, string> = { '8.4': 'ultralytics@00016300', '8.3': 'ultralytics@3c5ac618' };

/** default.yaml's train and hyperparameter keys (@00033e8f): a file made of them is a train config. */
const TRAIN_KEYS = new Set([
  'task', 'mode', 'model', 'data', 'epochs', 'time', 'patience', 'batch', 'imgsz', 'save', 'save_period', 'cache', 'device', 'workers',
  'project', 'name', 'exist_ok', 'pretrained', 'optimizer', 'verbose', 'seed', 'deterministic', 'single_cls', 'rect', 'cos_lr',
  'close_mosaic', 'resume', 'amp', 'fraction', 'profile', 'freeze', 'multi_scale', 'compile', 'overlap_mask', 'mask_ratio', 'dropout',
  'val', 'split', 'save_json', 'conf', 'iou', 'max_det', 'half', 'dnn', 'plots', 'lr0', 'lrf', 'momentum', 'weight_decay',
  'warmup_epochs', 'warmup_momentum', 'warmup_bias_lr', 'box', 'cls', 'dfl', 'pose', 'kobj', 'rle', 'angle', 'nbs', 'hsv_h', 'hsv_s',
  'hsv_v', 'degrees', 'translate', 'scale', 'shear', 'perspective', 'flipud', 'fliplr', 'bgr', 'mosaic', 'mixup', 'cutmix',
  'copy_paste', 'copy_paste_mode', 'auto_augment', 'erasing', 'cfg', 'tracker', 'source', 'format', 'cls_pw',
]);
/** Keys only YOLO's train settings have (lr0 alone is also a YOLOv5 hyp key). */
const DISTINCT = ['lrf', 'warmup_epochs', 'warmup_bias_lr', 'close_mosaic', 'nbs', 'imgsz', 'cos_lr', 'mosaic', 'hsv_h', 'copy_paste', 'fliplr', 'box', 'dfl'];
/** YOLOv5 hyp files (train.py --hyp) share many keys but follow another trainer. */
const YOLOV5_HYP = ['anchor_t', 'iou_t', 'fl_gamma', 'obj_pw', 'anchors'];

function yoloLaunch(doc: ParsedDoc): LaunchDoc | undefined {
  return doc.shellLaunches?.find((l) => l.launch.target.kind === 'command' && /(?:^|\/)yolo$/.test(l.launch.target.name) && l.launch.positionals.some((p) => p.text === 'train'));
}

function detect(doc: ParsedDoc): number {
  if (doc.format === 'shell') return yoloLaunch(doc) ? 0.9 : 0;
  const data = doc.data;
  if (!data || typeof data !== 'object' || Array.isArray(data)) return 0;
  const keys = Object.keys(data);
  // Dataset YAMLs (path/train/val/names), model YAMLs (backbone/head), tracker YAMLs and YOLOv5 hyps are not train configs.
  if (keys.some((k) => ['backbone', 'head', 'names', 'train', 'tracker_type', ...YOLOV5_HYP].includes(k))) return 0;
  const known = keys.filter((k) => TRAIN_KEYS.has(k)).length;
  const distinct = DISTINCT.filter((k) => keys.includes(k)).length;
  if (known < 0.8 * keys.length) return 0;
  if (keys.includes('lr0') && distinct >= 2) return 0.85;
  if ((keys.includes('lr0') || keys.includes('epochs')) && distinct >= 4) return 0.8;
  return 0;
}

function focus(doc: ParsedDoc): ParsedDoc {
  const launch = doc.format === 'shell' ? yoloLaunch(doc) : undefined;
  return launch ? focusLaunch(doc, launch) : doc;
}

function num(r: DocReader, key: string, fallback: number): Resolved {
  return r.number([key]) ?? defaulted(fallback, `${key}: ${formatNumber(fallback)} (default.yaml default)`);
}

function versionOf(context: PlanContext): YoloVersion {
  const pinned = context.frameworkVersion?.trim().replace(/^v/, '');
  return pinned && /^8\.[0-3](?:\.|$)/.test(pinned) ? '8.3' : '8.4';
}

function plan(r: DocReader, context: PlanContext): PlanResult {
  const version = versionOf(context);
  const assumptions: string[] = [];
  const hours = r.raw(['time']);
  if (typeof hours === 'number' && hours > 0) {
    return { ok: false, problem: { kind: 'not-simulated', at: r.origin(['time']), message: `time=${formatNumber(hours)} makes the trainer recompute epochs after every epoch from the measured epoch time (trainer.py @00016300), so the run length and the LR curve depend on the hardware; no curve is drawn` } };
  }
  const batch = num(r, 'batch', 16);
  if (!(batch.value >= 1)) {
    return { ok: false, problem: { kind: 'not-simulated', at: r.origin(['batch']), message: `batch=${formatNumber(batch.value)} lets AutoBatch pick the batch size from GPU memory at run time, so the batches per epoch and the accumulation (nbs / batch) are unknown; no curve is drawn` } };
  }
  const epochsRaw = r.raw(['epochs']);
  const epochs = typeof epochsRaw === 'number' && epochsRaw > 0 ? r.number(['epochs'])! : defaulted(100, 'epochs: 100 (default.yaml; an unset epochs is 100)');
  const lr0 = num(r, 'lr0', 0.01);
  const lrf = num(r, 'lrf', 0.01);
  const nbs = num(r, 'nbs', 64);
  const warmupEpochs = num(r, 'warmup_epochs', 3);
  const cosLr = r.raw(['cos_lr']) === true;
  const fraction = num(r, 'fraction', 1).value;
  const optimizerName = typeof r.raw(['optimizer']) === 'string' ? String(r.raw(['optimizer'])) : 'auto';
  const dataValue = r.raw(['data']);
  const dataset = typeof dataValue === 'string' ? readDataset(context.repo, dataValue, context.path, fraction) : null;
  const nc = r.raw(['single_cls']) === true ? 1 : dataset?.nc;
  const images: Resolved | undefined = context.datasetSize !== undefined
    ? (context.datasetSource ?? defaulted(context.datasetSize, `${context.datasetSize} training images (.trainlint.yml datasets)`))
    : dataset?.images !== undefined ? defaulted(dataset.images, `${dataset.images} training images counted from ${dataset.yamlPath}'s train entries`, [r.origin(['data'])]) : undefined;
  const accumulate = Math.max(roundHalfEven(nbs.value / batch.value), 1);

  const auto = optimizerName.toLowerCase() === 'auto';
  let lr = lr0;
  let name = defaulted(optimizerName, `optimizer: ${optimizerName}`, r.has(['optimizer']) ? [r.origin(['optimizer'])] : []);
  const ignored = auto ? lrIgnoredNote(r, version) : undefined;
  if (auto) {
    if (!images) {
      return { ok: false, problem: { kind: 'not-simulated', ...(ignored ? { ignoredLr: ignored } : {}), at: r.origin(['optimizer']), message: `optimizer=auto picks SGD/MuSGD at LR 0.01 or AdamW at an LR fit from the class count by the run's iterations (ceil(images / max(batch, nbs)) x epochs), and the training image count is unknown${dataset?.imagesWhy ? ` (${dataset.imagesWhy})` : ''}; lr0 is ignored either way; set optimizer explicitly (e.g. optimizer: SGD) or give the image count in .trainlint.yml` } };
    }
    const chosen = autoOptimizer(version, images.value, batch.value, nbs.value, epochs.value, nc);
    if (chosen.lr === undefined) {
      return { ok: false, problem: { kind: 'not-simulated', ...(ignored ? { ignoredLr: ignored } : {}), at: r.origin(['optimizer']), message: `optimizer=auto picks AdamW with lr round(0.01 / (4 + nc), 6) for this run (${chosen.iterations} iterations <= 10000), and the class count nc is unknown (the dataset YAML was not found in the repository); lr0 is ignored; set optimizer explicitly` } };
    }
    name = defaulted(chosen.name, `optimizer=auto: ${chosen.how}`);
    lr = defaulted(chosen.lr, `optimizer=auto: ${chosen.how}`, r.has(['optimizer']) ? [r.origin(['optimizer'])] : []);
  }

  let nb: number;
  let assumed: AssumedLength | undefined;
  if (images) {
    nb = Math.ceil(images.value / batch.value);
    assumptions.push(`${nb} batches per epoch = ceil(${images.value} images / batch ${batch.value}) on one process`);
  } else {
    nb = NOMINAL_UPDATES_PER_EPOCH;
  }
  // Without the image count the curve is drawn per batch (nbs = batch: one update per batch), so the x axis is exact
  // in epochs; the LR each batch writes does not depend on the accumulation.
  const run = { version, lr0: lr.value, lrf: lrf.value, cosLr, warmupEpochs: warmupEpochs.value, epochs: epochs.value, batch: batch.value, nbs: images ? nbs.value : batch.value, nb };
  const curve = simulateYolo(run);
  if ('tooLong' in curve) return { ok: false, problem: { kind: 'not-simulated', at: r.origin(['warmup_epochs']), message: `the warmup spans ${curve.tooLong} batches, more than trainlint walks batch by batch` } };
  if (!images) {
    const why = `the batches per epoch are len(train_loader) = ceil(training images / batch ${batch.value}), and the image count is unknown${dataset?.imagesWhy ? ` (${dataset.imagesWhy})` : typeof dataValue === 'string' ? ` (data=${dataValue} is not a dataset YAML found in the repository)` : ''}`;
    assumed = { epochs: epochs.value, updatesPerEpoch: curve.totalSteps / epochs.value, why };
    assumptions.push(`${why}: the curve is drawn per batch over ${epochs.value} epochs of an assumed ${nb} batches (the run makes one update every ${accumulate} batches after warmup: round(nbs ${nbs.value} / batch ${batch.value}), fewer during the warmup ramp)`);
    assumptions.push(version === '8.3'
      ? `ultralytics 8.3 warms up max(round(warmup_epochs x batches per epoch), 100) batches: at least 100 batches, so with few images per epoch the warmup lasts more than ${formatNumber(warmupEpochs.value)} epochs; its length in epochs depends on the image count`
      : `ultralytics 8.4 warms up round(min(warmup_epochs, epochs - 1) x batches per epoch) batches (${formatNumber(Math.min(warmupEpochs.value, Math.max(epochs.value - 1, 0)))} epochs here); under 8.3 it was at least 100 batches, so its length in epochs depended on the image count`);
  }
  const nw = warmupBatches(run);
  const phases: Phase[] = [
    { kind: 'warmup', start: 0, end: curve.warmupPhaseEnd, style: 'linear' },
    { kind: 'decay', start: curve.warmupPhaseEnd, end: curve.totalSteps, style: cosLr ? 'cosine (set per epoch)' : 'linear (set per epoch)' },
  ];
  if (version === '8.4' && warmupEpochs.value > Math.max(epochs.value - 1, 0) && warmupEpochs.value > 0) {
    assumptions.push(`warmup_epochs ${formatNumber(warmupEpochs.value)} is cut to epochs - 1 = ${Math.max(epochs.value - 1, 0)} by ultralytics 8.4 (trainer.py @00016300 _get_warmup_iterations); 8.3 kept it (at least 100 batches)`);
  }
  assumptions.push(`warmup: ${nw > 0 ? `${nw} batches` : 'none'} (${version === '8.3' ? 'max(round(warmup_epochs x nb), 100)' : 'round(min(warmup_epochs, epochs - 1) x nb)'})${images ? `, ${curve.warmupUpdates} optimizer updates while accumulate ramps 1 -> ${curve.accumulateAfterWarmup}` : ''}; the LR is set per epoch (initial_lr x lf(epoch)) afterwards, ${cosLr ? 'one_cycle cosine' : 'linear'} to lrf ${formatNumber(lrf.value)}`);
  const warmupResolved = defaulted(curve.warmupPhaseEnd, `${curve.warmupPhaseEnd} updates: ${nw} warmup batches${curve.warmupPhaseEnd > curve.warmupUpdates ? ', then the last warmup LR held to the end of its epoch' : ''}`, r.has(['warmup_epochs']) ? [r.origin(['warmup_epochs'])] : []);
  const total = defaulted(curve.totalSteps, `${curve.totalSteps} ${assumed ? 'batches (drawn per batch, assumed batches per epoch)' : 'optimizer updates'} over ${epochs.value} epochs x ${nb} batches${images ? ` (accumulate ${curve.accumulateAfterWarmup} after warmup)` : ''}`, epochs.from);
  return {
    ok: true,
    plan: {
      dialect: 'ultralytics',
      semantics: SEMANTICS[version],
      optimizer: { name, lr, ...(ignored ? { ignoredLr: ignored } : {}) },
      totalSteps: total,
      totalStepsSource: 'derived',
      batchSize: defaulted(batch.value * curve.accumulateAfterWarmup, `batch ${batch.value} x accumulate ${curve.accumulateAfterWarmup}`, batch.from),
      ...(curve.warmupPhaseEnd > 0 ? { warmup: { steps: warmupResolved, style: 'linear' } } : {}),
      decay: { style: cosLr ? 'cosine' : 'linear', start: defaulted(curve.warmupPhaseEnd, 'after warmup'), steps: defaulted(curve.totalSteps - curve.warmupPhaseEnd, 'to the end of the run'), minLr: defaulted(lr.value * lrf.value, `lr0 x lrf = ${formatNumber(lr.value * lrf.value)}`, lrf.from) },
      schedule: makeSchedule({ totalSteps: curve.totalSteps, peakLr: lr.value, lrAt: curve.lrAt, phases }),
      assumptions,
      ...(assumed ? { assumedLength: assumed } : {}),
    },
  };
}

export const ultralytics: Dialect = {
  id: 'ultralytics',
  title: 'Ultralytics YOLO',
  follows: 'ultralytics/ultralytics @00016300 (8.4; 8.3 @3c5ac618 with frameworks: { ultralytics: "8.3" }): engine/trainer.py, cfg/default.yaml, cfg/__init__.py',
  schema,
  loader: { yaml: 'pyyaml', stringForNumber: 'fails', citation: 'yaml.safe_load then check_cfg type checks, ultralytics/cfg/__init__.py @ae531d3b' },
  formats: ['yaml', 'shell', 'markdown', 'notebook'],
  versionKeys: ['yolo', 'ultralytics-yolo'],
  detect,
  focus,
  plan,
};
