// Entry point of the bundle (dist/index.js): the GitHub Action when the runner starts it with no
// arguments, the `trainlint` CLI otherwise.
import { run } from './cli/main.ts';

const isAction = process.env.GITHUB_ACTIONS === 'true' && process.argv.length <= 2 && process.env.TRAINLINT_MODE !== 'cli';

if (isAction) {
  // Loaded only for the action, so the CLI's cold start does not pay for Octokit.
  const { runAction } = await import('./github/main.ts');
  process.exitCode = await runAction();
} else {
  process.exitCode = run(process.argv.slice(2), {
    cwd: process.cwd(),
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    isTty: Boolean(process.stdout.isTTY),
    env: process.env,
  });
}
