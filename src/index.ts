// Entry point of the bundle (dist/index.js): the GitHub Action when the runner starts it with no
// arguments, the `trainlint` CLI otherwise. Both are imported dynamically, after the compile cache is on.
import nodeModule from 'node:module';

// The runner passes an action's inputs as INPUT_<NAME> (every input of action.yml has a default, so they are
// always set); a `run: npx trainlint` step in a workflow has none of them and gets the CLI.
const ACTION_INPUTS = ['INPUT_FAIL-ON', 'INPUT_COMMENT', 'INPUT_GITHUB-TOKEN', 'INPUT_SUGGESTIONS'];
const isAction =
  process.env.GITHUB_ACTIONS === 'true' && process.argv.length <= 2 && ACTION_INPUTS.some((name) => process.env[name] !== undefined) && process.env.TRAINLINT_MODE !== 'cli';

// `trainlint --format json | head`: a closed pipe ends the output quietly, as for any Unix tool.
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw err;
});

if (isAction) {
  // Loaded only for the action, so the CLI's cold start does not pay for Octokit.
  const { runAction } = await import('./github/main.ts');
  process.exitCode = await runAction();
} else {
  // Node >= 22.1 keeps V8's compiled code of the bundle between runs (in the OS temp folder; NODE_DISABLE_COMPILE_CACHE=1
  // turns it off), so a linter started once per file or per commit does not parse its million characters each time.
  // Only for the CLI: an action runs once on a fresh runner, where a cache would only be written, never read.
  (nodeModule as { enableCompileCache?: () => unknown }).enableCompileCache?.();
  const { runAsync } = await import('./cli/main.ts');
  process.exitCode = await runAsync(process.argv.slice(2), {
    cwd: process.cwd(),
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    isTty: Boolean(process.stdout.isTTY),
    env: process.env,
  });
}
