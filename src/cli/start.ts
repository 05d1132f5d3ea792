// Starts the CLI from the entry point. In dist/, the CLI is its own bundle (dist/cli.cjs, see scripts/build.mjs)
// compiled with a V8 code cache kept between runs, so a linter started once per commit or per file does not parse and
// compile its 1.5 MB of code every time (Node's own module.enableCompileCache caches only what is compiled before
// the code runs, not the functions a review compiles lazily). Without the bundle (a source checkout) it imports the
// CLI's source.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { loadBundle } from './code-cache.ts';

interface CliBundle {
  runCli(): Promise<number>;
}

/** `entryUrl`: import.meta.url of the running entry point; the CLI bundle, when built, sits beside it. */
export async function startCli(entryUrl: string): Promise<number> {
  const bundleUrl = new URL('./cli.cjs', entryUrl);
  if (existsSync(bundleUrl)) {
    const bundle = loadBundle(fileURLToPath(bundleUrl), process.env);
    const status = await (bundle.exports as CliBundle).runCli();
    bundle.saveCache();
    return status;
  }
  // Left as a real import by the bundler: only a source checkout, which has no cli.cjs, takes this path.
  const { runCli } = (await import(/* webpackIgnore: true */ './bin.ts')) as CliBundle;
  return runCli();
}
