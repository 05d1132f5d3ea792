// Entry point of the bundle (dist/index.js): the GitHub Action when the runner starts it with no
// arguments, the `trainlint` CLI otherwise. The action's code is imported only when it runs; the CLI's starter is
// small (it loads the CLI bundle), and a chunk of its own would cost a start one more module load.
import { startCli } from './cli/start.ts';

// The runner passes an action's inputs as INPUT_<NAME> (every input of action.yml has a default, so they are
// always set); a `run: npx trainlint` step in a workflow has none of them and gets the CLI.
const ACTION_INPUTS = ['INPUT_FAIL-ON', 'INPUT_COMMENT', 'INPUT_GITHUB-TOKEN', 'INPUT_SUGGESTIONS'];
const isAction =
  process.env.GITHUB_ACTIONS === 'true' && process.argv.length <= 2 && ACTION_INPUTS.some((name) => process.env[name] !== undefined) && process.env.TRAINLINT_MODE !== 'cli';

if (isAction) {
  // Loaded only for the action, so the CLI's cold start does not pay for Octokit.
  const { runAction } = await import('./github/main.ts');
  process.exitCode = await runAction();
} else {
  // The CLI bundle (dist/cli.cjs) holds no GitHub client code, and is loaded with a V8 code cache (src/cli/start.ts).
  // A source checkout has no CLI bundle: the bundler leaves this import alone, and only that checkout takes it.
  process.exitCode = await startCli(import.meta.url, () => import(/* webpackIgnore: true */ './cli/bin.ts'));
}
