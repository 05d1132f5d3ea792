// optimizer=auto (ultralytics/engine/trainer.py build_optimizer, @00016300 for 8.4 and @3c5ac618 for 8.3): the run's
// iterations = ceil(images / max(batch, nbs)) x epochs pick the optimizer; above 10000 MuSGD (8.4) or SGD (8.3) at LR
// 0.01, else AdamW at round(0.002 x 5 / (4 + nc), 6) (nc from the dataset, 10 when it has none); lr0 and momentum are
// ignored and warmup_bias_lr becomes 0. The maintainers' answer when a user's lr0 had no effect (ultralytics#8400,
// #22782): set `optimizer` explicitly; so a configured lr0 under auto is a warning, not an error (the run works).
import { formatNumber, formatValue, type DocReader } from '../../../core/access.ts';
import type { IgnoredLr } from '../../../core/plan.ts';
import type { YoloVersion } from './simulate.ts';

export interface AutoChoice {
  name: string;
  lr?: number;
  iterations: number;
  how: string;
}

export function autoOptimizer(version: YoloVersion, images: number, batch: number, nbs: number, epochs: number, nc: number | undefined): AutoChoice {
  const iterations = Math.ceil(images / Math.max(batch, nbs)) * epochs;
  const counted = `iterations = ceil(${images} / max(batch ${batch}, nbs ${nbs})) x ${epochs} epochs = ${iterations}`;
  if (iterations > 10000) {
    const name = version === '8.3' ? 'SGD' : 'MuSGD';
    return { name, lr: 0.01, iterations, how: `${counted} > 10000, so ${name} at LR 0.01` };
  }
  if (nc === undefined) return { name: 'AdamW', iterations, how: `${counted} <= 10000, so AdamW at an LR fit from the class count` };
  const lr = Number((0.01 / (4 + nc)).toFixed(6));
  return { name: 'AdamW', lr, iterations, how: `${counted} <= 10000, so AdamW at round(0.002 x 5 / (4 + nc ${nc}), 6) = ${formatValue(lr)}` };
}

/** The finding for an lr0 written in the file while optimizer=auto ignores it (warning; info when it is the default 0.01). */
export function lrIgnoredNote(r: DocReader, version: YoloVersion): IgnoredLr | undefined {
  const lr0 = r.number(['lr0']);
  if (!lr0) return undefined;
  const explicit = r.has(['optimizer']);
  const isDefault = lr0.value === 0.01;
  const auto = explicit ? 'optimizer: auto' : 'optimizer is unset, so auto (the default)';
  return {
    at: lr0.from[0]!,
    severity: isDefault ? 'info' : 'warning',
    message:
      `lr0 ${formatNumber(lr0.value)} is ignored: ${auto}, and ultralytics ${version}'s build_optimizer then picks the optimizer and its LR ` +
      `from the run's iterations (SGD/MuSGD at 0.01 above 10000 iterations, else AdamW at 0.01 / (4 + classes)) and sets warmup_bias_lr to 0 (ultralytics#8400, #22782)` +
      (isDefault ? '; 0.01 is also the default, so nothing the file says is lost.' : '.'),
    fix: `Set optimizer to SGD (or AdamW) so lr0 ${formatNumber(lr0.value)} is used${explicit ? '' : ' (add `optimizer: SGD`)'}.`,
  };
}
