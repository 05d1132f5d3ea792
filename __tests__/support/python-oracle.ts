// Python as the oracle of the differential tests: a support script under __tests__/support/ reads a JSON list on
// standard input and prints one JSON result per item. The scripts only ever see the tests' own generated inputs.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { REPO_ROOT } from './shared-data.ts';

/** python3 is installed and can import `module` (the test is skipped otherwise). */
export function pythonHas(module: string): boolean {
  return spawnSync('python3', ['-c', `import ${module}`], { encoding: 'utf8' }).status === 0;
}

/** Runs __tests__/support/`script` on `inputs` and returns its results, one per input. */
export function askPython<T>(script: string, inputs: readonly unknown[]): T[] {
  const run = spawnSync('python3', [join(REPO_ROOT, '__tests__', 'support', script)], { input: JSON.stringify(inputs), encoding: 'utf8', maxBuffer: 256 * 1024 * 1024, timeout: 120_000 });
  assert.equal(run.error, undefined, String(run.error));
  assert.equal(run.status, 0, run.stderr);
  const results = JSON.parse(run.stdout) as T[];
  assert.equal(results.length, inputs.length, `${script} answered every input`);
  return results;
}
