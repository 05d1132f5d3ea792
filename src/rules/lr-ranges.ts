// Usual peak-LR ranges by optimizer family, with their sources, for TL106.
//
// Each family says what LRs are usual, above which LR a run is unusual (warning), and at which LR it diverges in
// practice (error; Infinity where no LR is certain to). Families whose literature ties the LR to the batch size take
// the plan's global batch size (samples per optimizer update); without one they assume the largest batch the cited
// recipes ran, so a large batch that could justify the LR never draws a warning.
import { formatNumber } from '../core/access.ts';

export interface LrBand {
  /** Family name for people, e.g. `LAMB`. */
  family: string;
  /** The usual peak LRs in words, with numbers (and how they scale with the batch, where they do). */
  typical: string;
  /** Above this the LR is unusual for the family. */
  warnAbove: number;
  /** At or above this training diverges in practice; Infinity when no LR is certain to. */
  errorAt: number;
  /** An LR inside the family's usual range: the fix offered. */
  suggest: number;
  /** Where `suggest` comes from, for the fix text. */
  suggestWhy: string;
  /** The batch size the band was computed for, when the family scales with it. */
  batch?: { size: number; assumed: boolean };
}

interface Family {
  id: string;
  /** Tested against the normalised name (lower case, letters and digits only). */
  match: RegExp;
  band(batchSize: number | undefined): LrBand;
}

/** `PagedAdamW8bit` for `bitsandbytes.optim.PagedAdamW8bit`, `adamwtorchfused` for `adamw_torch_fused`. */
export function normaliseOptimizerName(name: string): string {
  const last = name.includes('.') ? name.slice(name.lastIndexOf('.') + 1) : name;
  return last.toLowerCase().replace(/[^a-z0-9]/g, '');
}

/** 2 significant digits: LRs derived from a formula read as LRs (0.0078, not 0.00777817459). */
function round(value: number): number {
  return Number(value.toPrecision(2));
}

// Adam and its variants (AdamW, 8-bit / paged / fused / 1-bit / 0/1 Adam, AdEMAMix, ADOPT, ...). Kingma & Ba 2015
// ("Adam: A Method for Stochastic Optimization") give 1e-3 as the default step size; LLM recipes peak at 1e-4 to 1e-3,
// fine-tuning goes down to 1e-6. At 0.1 AdamW diverges: minimind's pre-training at 0.1 went to NaN (the corpus row
// bad:lr-too-high-diverges).
const ADAM = { warnAbove: 1e-2, errorAt: 1e-1, typical: '1e-6 to 1e-3', suggest: 1e-3 };

// LAMB. You et al. 2019 ("Large Batch Optimization for Deep Learning: Training BERT in 76 minutes") scale LAMB's LR
// with the square root of the batch size. Published BERT recipes at a 65536-sample batch: DeepSpeedExamples
// training/bing_bert/deepspeed_bsz64k_lamb_config_seq128.json @83757d9c (Lamb, train_batch_size 65536, lr 11e-3) and NVIDIA
// DeepLearningExamples PyTorch/LanguageModeling/BERT/scripts/run_pretraining.sh @af011536 (8192 x 8 GPUs = 65536,
// learning_rate 6e-3; phase 2 at 32768: 4e-3). The highest of them, 0.011 at 65536, scaled by sqrt(batch/65536), is
// the top of the usual range; warnings start at twice that (the two 64K recipes already differ by 1.8x), and never
// below Adam's level (LAMB normalises Adam's update, so an LR Adam tolerates is no cause for alarm).
const LAMB_REFERENCE = { batch: 65536, lr: 0.011 };
function lambBand(batchSize: number | undefined): LrBand {
  const batch = batchSize ?? LAMB_REFERENCE.batch;
  const top = LAMB_REFERENCE.lr * Math.sqrt(batch / LAMB_REFERENCE.batch);
  const atBatch = batch === LAMB_REFERENCE.batch ? '' : `, about ${formatNumber(LAMB_REFERENCE.lr)} x sqrt(${batch}/${LAMB_REFERENCE.batch}) = ${formatNumber(round(top))} at a batch of ${batch}`;
  return {
    family: 'LAMB',
    typical: `up to ${formatNumber(LAMB_REFERENCE.lr)} at a batch of ${LAMB_REFERENCE.batch} samples (DeepSpeed's BERT recipe; NVIDIA's uses 0.006), growing with the square root of the batch (You et al. 2019)${atBatch}`,
    warnAbove: Math.max(ADAM.warnAbove, round(2 * top)),
    // The trust ratio makes each layer's update lr x its weight norm: at 1 every step is as large as the weights.
    errorAt: 1,
    suggest: round(top),
    suggestWhy: `${formatNumber(LAMB_REFERENCE.lr)} x sqrt(batch/${LAMB_REFERENCE.batch}), the published 64K-batch recipe scaled as You et al. 2019 scale LAMB`,
    batch: { size: batch, assumed: batchSize === undefined },
  };
}

// Momentum SGD. Goyal et al. 2017 ("Accurate, Large Minibatch SGD: Training ImageNet in 1 Hour"): 0.1 per 256
// samples, scaled linearly with the batch (their largest, 8192, ran at 3.2). Warnings start at 10x that rule (and
// never below 1); errors at 100x (and never below 10), where every update overshoots. Without a batch size the
// band is the one at 8192.
const GOYAL = { batch: 256, lr: 0.1, largestBatch: 8192 };
function sgdBand(batchSize: number | undefined, family = 'SGD with momentum', certainDivergence = true): LrBand {
  const batch = batchSize ?? GOYAL.largestBatch;
  const rule = (GOYAL.lr * batch) / GOYAL.batch;
  return {
    family,
    typical: `${formatNumber(GOYAL.lr)} per ${GOYAL.batch} samples, scaled linearly with the batch (Goyal et al. 2017): ${formatNumber(round(rule))} at a batch of ${batch}`,
    warnAbove: Math.max(1, round(10 * rule)),
    errorAt: certainDivergence ? Math.max(10, round(100 * rule)) : Infinity,
    suggest: batchSize === undefined ? GOYAL.lr : round(rule),
    suggestWhy: batchSize === undefined ? `Goyal et al.'s ${formatNumber(GOYAL.lr)} per ${GOYAL.batch} samples (scale it linearly with your batch)` : `${formatNumber(GOYAL.lr)} x ${batch}/${GOYAL.batch} (Goyal et al. 2017)`,
    batch: { size: batch, assumed: batchSize === undefined },
  };
}

function fixed(family: string, typical: string, warnAbove: number, errorAt: number, suggest: number, suggestWhy: string): () => LrBand {
  return () => ({ family, typical, warnAbove, errorAt, suggest, suggestWhy });
}

/** First match wins: specific names (Prodigy, LAMB, Lion, ...) before the Adam catch-all they may contain. */
const FAMILIES: Family[] = [
  {
    // Prodigy (Mishchenko & Defazio 2023) and D-Adaptation (Defazio & Mishchenko 2023) estimate the step size; `lr` is a
    // multiplier of that estimate. konstmish/prodigy README @6b9e2d6a recommends lr=1 (the default) for all networks
    // and d_coef, not lr, to force a smaller or larger estimate.
    // Includes OneTrainer's DADAPT_* (DADAPT_LION too) and PRODIGY_PLUS_SCHEDULE_FREE.
    id: 'lr-free',
    match: /prodigy|dadapt|dadaptation/,
    band: fixed('Prodigy/D-Adaptation', '1, the default for all networks (Prodigy README): a multiplier of the estimated step size, tuned through d_coef instead', 10, 100, 1, 'the default multiplier of Prodigy and D-Adaptation'),
  },
  {
    // facebookresearch/schedule_free README @00835729: "For SGD, a learning rate 10x-50x larger than classical rates
    // seems to be a good starting point."
    id: 'schedule-free-sgd',
    match: /schedulefreesgd|sgdschedulefree/,
    band: (batch) => {
      const sgd = sgdBand(batch, 'schedule-free SGD', false);
      return { ...sgd, typical: `10x to 50x classical SGD rates (schedule_free README), classical being ${sgd.typical}`, warnAbove: round(50 * sgd.warnAbove), suggest: round(10 * sgd.suggest), suggestWhy: `10x ${sgd.suggestWhy}` };
    },
  },
  {
    // Same README: "For AdamW, learning rates in the range 1x-10x larger than with schedule-based approaches seem to
    // work"; AdamWScheduleFree's default lr is 0.0025 (schedulefree/adamw_schedulefree.py @00835729). So Adam's levels x10.
    id: 'schedule-free-adam',
    match: /schedulefree/,
    band: fixed('schedule-free AdamW', '1e-5 to 1e-2 (1x to 10x scheduled AdamW rates, schedule_free README)', 10 * ADAM.warnAbove, 10 * ADAM.errorAt, 2.5e-3, "AdamWScheduleFree's default"),
  },
  { id: 'lamb', match: /lamb/, band: lambBand },
  {
    // LARS (You, Gitman & Ginsburg 2017) is momentum SGD with a per-layer trust ratio; its global LR follows SGD's
    // linear scaling. The trust coefficient, which trainlint does not read, sets the real step: no LR is certain to diverge.
    id: 'lars',
    match: /lars|larc/,
    band: (batch) => sgdBand(batch, 'LARS', false),
  },
  {
    // Muon (Jordan et al. 2024, KellerJordan/Muon README @50c4225d): hidden weights at lr=0.02 (its update is
    // orthogonalised, with its own shape scaling), the auxiliary AdamW at 3e-4. Variants that rescale the update to
    // AdamW's RMS (Moonlight, Liu et al. 2025 "Muon is Scalable for LLM Training"; torch.optim.Muon's
    // match_rms_adamw) take AdamW-like LRs. Dion (orthonormalised updates) is run like Muon.
    id: 'muon',
    match: /muon|^dion/,
    band: fixed('Muon', '0.02 for the hidden matrices (Muon README; AdamW-like 1e-4 to 1e-3 where the update is rescaled to AdamW\'s size)', 0.1, 1, 0.02, "the Muon README's LR for hidden weights"),
  },
  {
    // Lion (Chen et al. 2023, "Symbolic Discovery of Optimization Algorithms", section 5): "a suitable learning rate
    // for Lion is typically 3-10x smaller than that for AdamW" (its sign update has a larger norm). Adam's levels / 10;
    // lucidrains/lion-pytorch's default and README example use 1e-4.
    id: 'lion',
    match: /lion/,
    band: fixed('Lion', '1e-5 to 3e-4 (3-10x below AdamW\'s, Chen et al. 2023)', ADAM.warnAbove / 10, ADAM.errorAt / 10, 1e-4, "lion-pytorch's default"),
  },
  {
    // GaLore (jiaweizzhao/GaLore README @0c63f639: LLaMA pre-training at lr 0.01 with scale 0.25, 7B at 0.005) and
    // APOLLO (zhuhanqing/APOLLO scripts: lr 0.01) scale their projected updates down; the parameters they do not
    // project get the plain AdamW/Adafactor update at the full LR, so Adam's error level stands.
    id: 'low-rank',
    match: /galore|apollo/,
    band: fixed('GaLore/APOLLO', '1e-5 to 1e-2 (GaLore and APOLLO pre-train at 0.01)', 3e-2, ADAM.errorAt, 5e-3, "GaLore's 7B pre-training LR"),
  },
  {
    // Adafactor (Shazeer & Stern 2018): its relative step is min(1e-2, 1/sqrt(t)); with an explicit LR, transformers'
    // Adafactor docstring (src/transformers/optimization.py) recommends lr=1e-3 for T5 fine-tuning. CAME (Luo et al.
    // 2023) and AdaLomo (Lv et al. 2023) factor the second moment the same way and clip the update like it.
    id: 'adafactor',
    match: /adafactor|^came|adalomo/,
    band: fixed('Adafactor', '1e-5 to 1e-2 (1e-3 for T5 fine-tuning, transformers\' Adafactor docs)', 3e-2, 1e-1, 1e-3, "transformers' recommended Adafactor LR for T5 fine-tuning"),
  },
  {
    // LOMO (Lv et al. 2023) fuses a plain SGD step into the backward pass.
    id: 'sgd',
    match: /(?<!sign)sgd|momentum|nesterov|^lomo/,
    band: (batch) => sgdBand(batch),
  },
  {
    // torch.optim.Adagrad's default lr is 1e-2 (GloVe, Pennington et al. 2014, used 0.05). Its first update moves
    // every weight by the LR itself: at 1 the initial weights are gone after one step.
    id: 'adagrad',
    match: /adagrad/,
    band: fixed('Adagrad', '1e-3 to 0.1 (torch default 1e-2)', 0.1, 1, 1e-2, "torch.optim.Adagrad's default"),
  },
  {
    // TF-style RMSprop (timm `rmsproptf`: epsilon inside the square root, usually 1e-3): the EfficientNet / MnasNet /
    // MobileNetV3 recipes run 0.016 per 256 samples, scaled linearly (Tan & Le 2019: 0.256 at batch 4096; timm
    // hfdocs/source/training_script.mdx @aa4b5850: .016 at 2 x 128, .048 at 2 x 384, .064 at 8 x 128). Warnings start
    // at twice the linear rule; no LR is certain to diverge.
    id: 'rmsprop-tf',
    match: /rmsproptf/,
    band: (batchSize) => {
      const batch = batchSize ?? 4096;
      const rule = round((0.016 * batch) / 256);
      return { family: 'TF-style RMSprop', typical: `about 0.016 per 256 samples, linear in the batch (${formatNumber(rule)} at ${batch})`, warnAbove: 2 * rule, errorAt: Infinity, suggest: rule, suggestWhy: `0.016 x ${batch}/256 (EfficientNet recipes)`, batch: { size: batch, assumed: batchSize === undefined } };
    },
  },
  {
    // RMSprop normalises like Adam without momentum (Keras's default lr is 1e-3; torch's is 1e-2, and with alpha 0.99
    // its first step is 10x the LR), so Adam's levels apply.
    id: 'rmsprop',
    match: /rmsprop/,
    band: fixed('RMSprop', '1e-5 to 1e-3 (Keras default 1e-3)', ADAM.warnAbove, ADAM.errorAt, 1e-3, "Keras's RMSprop default"),
  },
  {
    id: 'adam',
    // adam covers AdamW, NAdam, RAdam, OneBitAdam, ZeroOneAdam, MuAdam(W), paged/8-bit/fused/torch/hf/bnb/ao variants.
    // AdEMAMix (Pagliardini et al. 2024), ADOPT (Taniguchi et al. 2024), AdaBelief (Zhuang et al. 2020) and Yogi
    // (Zaheer et al. 2018, default 1e-2) are Adam-like and use Adam's LRs.
    match: /adam|ademamix|adopt|adabelief|yogi/,
    band: fixed('the Adam family', ADAM.typical, ADAM.warnAbove, ADAM.errorAt, ADAM.suggest, "Adam's default step size, Kingma & Ba 2015"),
  },
];

export interface OptimizerBand extends LrBand {
  /** The family's id (`adam`, `lamb`, ...). */
  id: string;
}

/** The usual-LR band for an optimizer name from any dialect, or undefined when the name matches no known family. */
export function lrBandFor(optimizerName: string, batchSize?: number): OptimizerBand | undefined {
  const batch = batchSize !== undefined && Number.isFinite(batchSize) && batchSize > 0 ? batchSize : undefined;
  const last = normaliseOptimizerName(optimizerName);
  const whole = optimizerName.toLowerCase().replace(/[^a-z0-9]/g, '');
  const family = FAMILIES.find((f) => f.match.test(last)) ?? FAMILIES.find((f) => f.match.test(whole));
  return family ? { id: family.id, ...family.band(batch) } : undefined;
}

/** Adam's warning level: an unknown optimizer's LR above it is mentioned (at info level), never judged. */
export const UNKNOWN_OPTIMIZER_NOTE_ABOVE = ADAM.warnAbove;
