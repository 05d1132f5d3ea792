// The `trainlint` command on this process: arguments, working folder, standard streams and environment handed to the
// CLI. scripts/build.mjs bundles this file alone (with everything it imports, and no GitHub client code) into
// dist/cli.cjs, which src/cli/start.ts loads; in a source checkout start.ts imports it directly.
import { runAsync } from './main.ts';

export { reviewRan } from './review-ran.ts';

export function runCli(): Promise<number> {
  return runAsync(process.argv.slice(2), {
    cwd: process.cwd(),
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    isTty: Boolean(process.stdout.isTTY),
    env: process.env,
  });
}
