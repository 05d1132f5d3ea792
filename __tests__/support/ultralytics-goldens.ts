// How the Ultralytics goldens are written as the train YAML a user would pass with `cfg=`: the golden's `n_images`
// (len(train_loader.dataset)) is the dataset size the project gives in .trainlint.yml, and cases run on the 8.3 trainer
// (`v8.3_*`, source_commit 3c5ac618) pin that version as `frameworks: { ultralytics: "8.3" }` would. `nc` (the dataset
// YAML's class count) matters only where optimizer=auto fits an AdamW LR from it: a train YAML has no key for it and
// this test gives the dialect no repository to find the dataset YAML in, so those cases keep `nc` and are skipped.
import type { GoldenCase } from './shared-data.ts';
import type { PreparedCase } from './torch-family-goldens.ts';

export const ULTRALYTICS_NOT_CONFIG_KEYS: Record<string, string> = {
  nc: "is the dataset YAML's class count (names), which optimizer=auto's AdamW LR depends on; no train key holds it, and the goldens test gives the dialect no repository to read the dataset YAML from (the dialect reads it through data= in a repository: __tests__/ultralytics.test.ts)",
};

export function ultralyticsCase(c: GoldenCase): PreparedCase & { frameworkVersion?: string } {
  const { n_images: images, nc, ...config } = c.config;
  const derived = c.derived ?? {};
  const ncMatters = config.optimizer === 'auto' && derived.optimizer === 'AdamW';
  return {
    config: { ...config, ...(ncMatters ? { nc } : {}) },
    ...(typeof images === 'number' ? { datasetSize: images } : {}),
    ...(c.source_commit === '3c5ac618ec954b0f238c8f4ae558dac6e7f9991b' || c.name.startsWith('v8.3') ? { frameworkVersion: '8.3' } : {}),
  };
}
