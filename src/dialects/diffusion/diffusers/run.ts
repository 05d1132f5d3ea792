// The run a diffusers example script makes from its flags, and what its get_scheduler call receives, per convention
// (script-facts.ts). Sources @58eb52c0: examples/text_to_image/train_text_to_image.py main() (`sharded`),
// examples/dreambooth/train_dreambooth.py main() (`processes`), examples/text_to_image/train_text_to_image_lora_sdxl.py
// (`accumulation`); huggingface/accelerate @16cb6eb8 src/accelerate/data_loader.py BatchSamplerShard.__len__ (a
// process's share of the batches) and src/accelerate/scheduler.py AcceleratedScheduler.step (num_processes scheduler
// steps per optimizer update, none on a micro-batch that does not sync gradients).
import type { SchedulerConvention } from './script-facts.ts';

export interface RunInputs {
  convention: SchedulerConvention;
  warmupFlag: number;
  /** --max_train_steps, or null (None). */
  maxTrainSteps: number | null;
  epochs: number;
  accumulation: number;
  batch: number;
  processes: number;
  dropLast: boolean;
  /** len(train_dataset), when known. */
  samples?: number;
}

export interface RunShape {
  /** Optimizer updates the loop makes. */
  updates: number;
  updatesHow: string;
  /** get_scheduler's num_warmup_steps and num_training_steps (scheduler steps). */
  schedulerWarmup: number;
  warmupHow: string;
  schedulerTotal: number;
  totalHow: string;
}

/** The run's length and the scheduler's arguments; null when the run length needs the dataset size. */
export function runShape(a: RunInputs): RunShape | null {
  const np = a.processes;
  const accum = a.accumulation;
  const npText = `num_processes ${np}`;
  // DataLoader without / with drop_last: len = ceil / floor(samples / train_batch_size).
  const loader = a.samples === undefined ? undefined : a.dropLast ? Math.floor(a.samples / a.batch) : Math.ceil(a.samples / a.batch);
  const loaderHow = a.samples === undefined ? '' : `len(train_dataloader) = ${a.dropLast ? 'floor' : 'ceil'}(${a.samples} samples / train_batch_size ${a.batch}) = ${loader}`;
  // BatchSamplerShard.__len__: a process gets len / np batches, rounded up unless the sampler drops the last batch.
  const perProcess = loader === undefined ? undefined : a.dropLast ? Math.floor(loader / np) : Math.ceil(loader / np);
  const sharded = np === 1 ? loaderHow : `${loaderHow}, per process ${a.dropLast ? 'floor' : 'ceil'}(${loader} / ${np}) = ${perProcess}`;
  let updates: number;
  let updatesHow: string;
  if (a.maxTrainSteps !== null) {
    updates = a.maxTrainSteps;
    updatesHow = `--max_train_steps ${a.maxTrainSteps}`;
  } else {
    if (perProcess === undefined) return null;
    const perEpoch = Math.ceil(perProcess / accum);
    updates = a.epochs * perEpoch;
    updatesHow = `${a.epochs} epochs x ceil(${perProcess} batches / gradient_accumulation_steps ${accum}) = ${updates} (${sharded})`;
  }
  // What the script computed BEFORE accelerator.prepare, from the unsharded dataloader (the older conventions).
  const unsharded = () => {
    if (a.maxTrainSteps !== null) return { value: a.maxTrainSteps, how: `--max_train_steps ${a.maxTrainSteps}` };
    const perEpoch = Math.ceil(loader! / accum);
    return { value: a.epochs * perEpoch, how: `max_train_steps computed before accelerator.prepare from the unsharded dataloader: ${a.epochs} epochs x ceil(${loader} / ${accum}) = ${a.epochs * perEpoch} (${loaderHow})` };
  };
  switch (a.convention) {
    case 'sharded': {
      const total = a.maxTrainSteps !== null ? a.maxTrainSteps * np : a.epochs * Math.ceil(Math.ceil(loader! / np) / accum) * np;
      const totalHow = a.maxTrainSteps !== null
        ? `--max_train_steps ${a.maxTrainSteps} x ${npText} = ${total}`
        : `num_training_steps_for_scheduler = ${a.epochs} epochs x ceil(ceil(${loader} / ${np}) / ${accum}) x ${npText} = ${total}`;
      return { updates, updatesHow, schedulerWarmup: a.warmupFlag * np, warmupHow: `--lr_warmup_steps ${a.warmupFlag} x ${npText} = ${a.warmupFlag * np}`, schedulerTotal: total, totalHow };
    }
    case 'processes': {
      const m = unsharded();
      return { updates, updatesHow, schedulerWarmup: a.warmupFlag * np, warmupHow: `--lr_warmup_steps ${a.warmupFlag} x ${npText} = ${a.warmupFlag * np}`, schedulerTotal: m.value * np, totalHow: `${m.how} x ${npText} = ${m.value * np}` };
    }
    case 'accumulation': {
      const m = unsharded();
      return {
        updates,
        updatesHow,
        schedulerWarmup: a.warmupFlag * accum,
        warmupHow: `--lr_warmup_steps ${a.warmupFlag} x gradient_accumulation_steps ${accum} = ${a.warmupFlag * accum}`,
        schedulerTotal: m.value * accum,
        totalHow: `${m.how} x gradient_accumulation_steps ${accum} = ${m.value * accum}`,
      };
    }
    case 'loader-epochs': {
      // train_unconditional.py: get_scheduler is built before prepare, from the unsharded micro-batch count.
      if (loader === undefined) return null;
      const total = loader * a.epochs;
      return {
        updates,
        updatesHow,
        schedulerWarmup: a.warmupFlag * accum,
        warmupHow: `--lr_warmup_steps ${a.warmupFlag} x gradient_accumulation_steps ${accum} = ${a.warmupFlag * accum}`,
        schedulerTotal: total,
        totalHow: `len(train_dataloader) ${loader} x ${a.epochs} epochs = ${total} (${loaderHow}, before accelerator.prepare)`,
      };
    }
    case 'plain': {
      const m = unsharded();
      return { updates, updatesHow, schedulerWarmup: a.warmupFlag, warmupHow: `--lr_warmup_steps ${a.warmupFlag}`, schedulerTotal: m.value, totalHow: m.how };
    }
  }
}
