// How the goldens of frameworks configured in Python (nanoGPT, minimind, LLMs-from-scratch) are written as
// the files those frameworks read, so that each case goes through the Python reader and its dialect like
// a real file: the golden's inputs become assignments, argparse defaults or notebook-style settings.
// Which upstream version a case follows comes from the golden itself (a case's `source_commit`, else the
// commit of the golden file's scheduler source), handed over as `.trainlint.yml`'s frameworks setting.
import type { GoldenCase, GoldenFile } from './shared-data.ts';
import type { PreparedCase } from './torch-family-goldens.ts';

export type PythonPreparedCase = PreparedCase & { frameworkVersion?: string };

/** A JSON value as a Python literal (strings in the golden that hold expressions are passed through by the callers). */
export function pythonLiteral(value: unknown): string {
  if (value === true) return 'True';
  if (value === false) return 'False';
  if (value === null) return 'None';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : `float('${value}')`;
  return JSON.stringify(value);
}

const python = (text: string) => ({ text, extension: 'py' });

/** nanoGPT: the case's effective settings as a config/*.py file of assignments; the warmup formula follows the case's commit. */
export function nanogptCase(c: GoldenCase): PythonPreparedCase {
  const { config_file: configFile, ...settings } = c.config;
  return {
    config: settings,
    serialize: (config) => python(`# ${String(configFile ?? 'train.py defaults')} as the golden ran it\n${Object.entries(config).map(([k, v]) => `${k} = ${pythonLiteral(v)}`).join('\n')}\n`),
    ...(typeof c.source_commit === 'string' ? { frameworkVersion: c.source_commit } : {}),
  };
}

/** The commit of the golden file's first source (minimind: trainer/trainer_utils.py, where get_lr lives). */
function sourceCommit(file: GoldenFile): string | undefined {
  const sources = Array.isArray(file.source) ? file.source : [file.source];
  const first = sources[0] as { commit?: unknown } | undefined;
  return typeof first?.commit === 'string' ? first.commit : undefined;
}

/** minimind: argparse defaults of a pretraining script; iters_per_epoch is the data (samples / batch_size). */
export function minimindCase(c: GoldenCase, file: GoldenFile): PythonPreparedCase {
  const batchSize = 32;
  const version = sourceCommit(file);
  const { iters_per_epoch: iters, ...settings } = c.config;
  return {
    config: settings,
    datasetSize: Number(iters) * batchSize,
    serialize: (config) =>
      python(
        [
          'import argparse',
          'from trainer.trainer_utils import get_lr',
          '',
          '',
          'def train_epoch(epoch, loader, iters):',
          '    for step, batch in enumerate(loader, start=1):',
          '        lr = get_lr(epoch * iters + step, args.epochs * iters, args.learning_rate)',
          '',
          '',
          'if __name__ == "__main__":',
          '    parser = argparse.ArgumentParser(description="pretraining")',
          `    parser.add_argument("--epochs", type=int, default=${pythonLiteral(config.epochs)})`,
          `    parser.add_argument("--batch_size", type=int, default=${batchSize})`,
          `    parser.add_argument("--learning_rate", type=float, default=${pythonLiteral(config.learning_rate)})`,
          `    parser.add_argument("--accumulation_steps", type=int, default=${pythonLiteral(config.accumulation_steps)})`,
          '    args = parser.parse_args()',
          '',
        ].join('\n'),
      ),
    ...(version ? { frameworkVersion: version } : {}),
  };
}

/**
 * LLMs-from-scratch: notebook-style settings; `warmup_steps` / `min_lr` may be the notebook's expressions
 * (`int(0.2 * total_steps)`), written as such. len(train_loader) comes from the data: a loader with
 * batch_size 2 and drop_last=True over 2 x len_train_loader samples, as in appendix D.
 */
export function llmsFromScratchCase(c: GoldenCase): PythonPreparedCase {
  const { len_train_loader: batches, ...settings } = c.config;
  const value = (v: unknown) => (typeof v === 'string' ? v : pythonLiteral(v));
  return {
    config: settings,
    datasetSize: Number(batches) * 2,
    serialize: (config) =>
      python(
        [
          `n_epochs = ${value(config.n_epochs)}`,
          `initial_lr = ${value(config.initial_lr)}`,
          `peak_lr = ${value(config.peak_lr)}`,
          'train_loader = create_dataloader_v1(train_text, batch_size=2, max_length=256, stride=256, drop_last=True, shuffle=True)',
          'total_steps = len(train_loader) * n_epochs',
          `warmup_steps = ${value(config.warmup_steps)}`,
          `min_lr = ${value(config.min_lr)}`,
          '',
        ].join('\n'),
      ),
  };
}
