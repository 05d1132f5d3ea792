// The `trainlint` command (package.json bin), built by scripts/build.mjs into dist/trainlint.cjs: CommonJS, so that
// Node starts it without its ES module loader (about 9 ms of CPU on Node 20), and small: it only loads the CLI bundle
// beside it (src/cli/start.ts). dist/index.js, the action's entry, also runs the CLI when given arguments.
import { startCli } from './cli/start.ts';

startCli(__trainlintBundleUrl).then((status) => {
  process.exitCode = status;
});

declare const __trainlintBundleUrl: string;
