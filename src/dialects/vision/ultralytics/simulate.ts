// The LR of every optimizer update of an Ultralytics YOLO run, batch by batch as BaseTrainer._do_train produces it.
// 8.4: ultralytics/ultralytics ultralytics/engine/trainer.py @00016300 (_get_warmup_iterations, _setup_scheduler,
// the warmup block of _do_train); 8.3: the same file @3c5ac618. one_cycle: ultralytics/utils/torch_utils.py @0009995d.
//
// What happens per batch ni = i + nb * epoch:
// - scheduler.step() at the START of each epoch sets every group's lr to initial_lr * lf(epoch);
// - while warming up, the lr is np.interp(ni, [0, nw], [0, initial_lr * lf(epoch)]) (weight groups; the bias group
//   starts from warmup_bias_lr), and accumulate = max(1, round(np.interp(ni, [0, nw], [1, nbs / batch])));
// - the optimizer steps at ni when ni - last_opt_step >= accumulate (last_opt_step starts at -1, and never resets
//   across epochs); the update uses the lr written for that batch.
// After warmup ends mid-epoch, the last interpolated lr stays until the next epoch's scheduler.step().
import { roundHalfEven } from '../../../core/python-numbers.ts';

export type YoloVersion = '8.4' | '8.3';

export interface YoloRun {
  version: YoloVersion;
  /** initial_lr of the weight groups (lr0, or what optimizer=auto chose). */
  lr0: number;
  lrf: number;
  cosLr: boolean;
  warmupEpochs: number;
  epochs: number;
  batch: number;
  nbs: number;
  /** Batches per epoch: len(train_loader). */
  nb: number;
}

export interface YoloCurve {
  totalSteps: number;
  totalBatches: number;
  /** Warmup length in batches as the trainer computes it (8.3: -1 when disabled). */
  nw: number;
  /** Updates made on warmup batches. */
  warmupUpdates: number;
  /** Updates before the first epoch that starts after warmup (the held warmup LR ends there). */
  warmupPhaseEnd: number;
  accumulateAfterWarmup: number;
  lrAt(k: number): number;
}

/** np.interp(x, [0, x1], [y0, y1]) for 0 <= x <= x1 (numpy: slope * (x - xp[0]) + fp[0], fp[1] at the right end). */
function interp(x: number, x1: number, y0: number, y1: number): number {
  if (x >= x1) return y1;
  return ((y1 - y0) / x1) * x + y0;
}

/** lf(epoch): linear `max(1 - x / epochs, 0) * (1 - lrf) + lrf`, or one_cycle(1, lrf, epochs) for cos_lr. */
export function yoloLambda(run: Pick<YoloRun, 'cosLr' | 'lrf' | 'epochs'>): (epoch: number) => number {
  const { lrf, epochs } = run;
  if (run.cosLr) return (x) => Math.max((1 - Math.cos((x * Math.PI) / epochs)) / 2, 0) * (lrf - 1) + 1;
  return (x) => Math.max(1 - x / epochs, 0) * (1 - lrf) + lrf;
}

/** nw: 8.4 leaves the last epoch out of warmup and has no minimum; 8.3 warms up at least 100 batches. */
export function warmupBatches(run: Pick<YoloRun, 'version' | 'warmupEpochs' | 'epochs' | 'nb'>): number {
  if (run.version === '8.3') return run.warmupEpochs > 0 ? Math.max(roundHalfEven(run.warmupEpochs * run.nb), 100) : -1;
  const epochs = Math.min(run.warmupEpochs, Math.max(run.epochs - 1, 0));
  return epochs > 0 ? roundHalfEven(epochs * run.nb) : 0;
}

/** Warmup batches walked one by one; above this the run is not simulated (nothing real warms up that long). */
export const MAX_WARMUP_BATCHES = 5_000_000;

export function simulateYolo(run: YoloRun): YoloCurve | { tooLong: number } {
  const { nb, epochs, nbs, batch, lr0 } = run;
  const lf = yoloLambda(run);
  const nw = warmupBatches(run);
  const totalBatches = nb * epochs;
  const warming = run.version === '8.3' ? (ni: number) => ni <= nw : (ni: number) => ni < nw;
  const lastWarm = run.version === '8.3' ? nw : nw - 1;
  const warmLr = (ni: number) => interp(ni, nw, 0, lr0 * lf(Math.floor(ni / nb)));
  const warmEnd = Math.min(lastWarm + 1, totalBatches);
  if (warmEnd > MAX_WARMUP_BATCHES) return { tooLong: warmEnd };
  const lrOfBatch = (ni: number): number => {
    if (warming(ni)) return warmLr(ni);
    const epoch = Math.floor(ni / nb);
    if (lastWarm >= 0 && Math.floor(lastWarm / nb) === epoch) return warmLr(lastWarm);
    return lr0 * lf(epoch);
  };
  let accumulate = Math.max(roundHalfEven(nbs / batch), 1);
  let last = -1;
  const warmSteps: number[] = [];
  for (let ni = 0; ni < warmEnd; ni++) {
    accumulate = Math.max(1, roundHalfEven(interp(ni, nw, 1, nbs / batch)));
    if (ni - last >= accumulate) {
      warmSteps.push(ni);
      last = ni;
    }
  }
  const first = Math.max(warmEnd, last + accumulate);
  const later = first < totalBatches ? Math.floor((totalBatches - 1 - first) / accumulate) + 1 : 0;
  const batchOf = (k: number) => (k < warmSteps.length ? warmSteps[k]! : first + (k - warmSteps.length) * accumulate);
  const totalSteps = warmSteps.length + later;
  const heldUntil = lastWarm >= 0 ? (Math.floor(lastWarm / nb) + 1) * nb : 0;
  let warmupPhaseEnd = warmSteps.length;
  while (warmupPhaseEnd < totalSteps && batchOf(warmupPhaseEnd) < heldUntil) warmupPhaseEnd++;
  return {
    totalSteps,
    totalBatches,
    nw,
    warmupUpdates: warmSteps.length,
    warmupPhaseEnd,
    accumulateAfterWarmup: accumulate,
    lrAt: (k) => lrOfBatch(batchOf(k)),
  };
}
