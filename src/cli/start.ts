// Starts the CLI from an entry point (dist/trainlint.cjs, the package's bin; or dist/index.js given arguments). In
// dist/, the CLI is its own bundle (dist/cli.cjs, see scripts/build.mjs) compiled with a V8 code cache kept between
// runs, so a linter started once per commit or per file does not parse and compile its 1.5 MB of code every time
// (Node's own module.enableCompileCache caches only what is compiled before the code runs, not the functions a
// review compiles lazily). A source checkout has no bundle: the entry point hands over a way to import the source.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { loadBundle } from './code-cache.ts';

export interface CliModule {
  runCli(): Promise<number>;
  /** Whether the run reviewed a file: only then is the code cache worth writing (src/cli/review-ran.ts). */
  reviewRan?(): boolean;
}

/**
 * `entryUrl`: the URL of the running entry point; the CLI bundle, when built, sits beside it. `fromSource`: the CLI
 * without a bundle (src/cli/bin.ts), for a source checkout.
 */
export async function startCli(entryUrl: string, fromSource?: () => Promise<CliModule>): Promise<number> {
  // `trainlint --format json | head`: a closed pipe ends the output quietly, as for any Unix tool.
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw err;
  });
  const bundleUrl = new URL('./cli.cjs', entryUrl);
  if (existsSync(bundleUrl)) {
    const bundle = loadBundle(fileURLToPath(bundleUrl), process.env);
    const cli = bundle.exports as CliModule;
    const status = await cli.runCli();
    if (cli.reviewRan?.() ?? true) bundle.saveCache();
    return status;
  }
  if (!fromSource) throw new Error(`trainlint: ${fileURLToPath(bundleUrl)} is missing; reinstall the package`);
  return (await fromSource()).runCli();
}
