// Bundles src/index.ts with ncc into OUT_DIR (default dist/) and makes index.js the `trainlint` bin; bundles the CLI
// (src/cli/bin.ts) with esbuild into OUT_DIR/cli.cjs, which index.js loads for a command line.
// The dist check test builds into a temporary folder with this same script and compares.
import { execFileSync } from 'node:child_process';
import { chmodSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateValidatorFunctions } from './gen-validators.mjs';
import { build, buildSync, transformSync } from 'esbuild';
import { createHash } from 'node:crypto';

const root = fileURLToPath(new URL('..', import.meta.url));
const out = resolve(root, process.argv[2] ?? 'dist');
rmSync(out, { recursive: true, force: true });
const ncc = join(root, 'node_modules', '@vercel', 'ncc', 'dist', 'ncc', 'cli.js');
execFileSync(process.execPath, [ncc, 'build', 'src/index.ts', '-o', out, '--minify', '--license', 'licenses.txt', '--quiet'], { cwd: root, stdio: 'inherit' });
// ncc minifies only index.js; the chunks it splits off (the CLI and the action, each loaded by a dynamic import) are
// minified here, since a cold start parses every character of them (about 17 ms of the CLI's start on Node 20).
for (const name of readdirSync(out).filter((f) => /^\d+\.index\.js$/.test(f))) {
  const path = join(out, name);
  writeFileSync(path, transformSync(readFileSync(path, 'utf8'), { minify: true, format: 'esm', target: 'node20', legalComments: 'none' }).code);
}
// The CLI as one CommonJS file, built by esbuild rather than ncc: esbuild hoists every module into one scope (ncc wraps
// each in a function that V8 compiles again when it runs: about 25 ms more of a start on Node 20), and CommonJS can be
// compiled through node:vm with a V8 code cache (src/cli/code-cache.ts); ESM chunks cannot.
// @lezer/python builds its parse tables when its module runs (with @lezer/lr, /common and /highlight: about 4 ms of a
// start), though only Python configs need it. In the CLI bundle, imports of it get a stand-in that requires the real
// module on first use: esbuild runs a required module's code when the require runs, not at start.
const lazyPythonGrammar = {
  name: 'lazy-python-grammar',
  setup(build) {
    build.onResolve({ filter: /^@lezer\/python$/ }, (args) => (args.namespace === 'lazy-python-grammar' ? undefined : { path: '@lezer/python', namespace: 'lazy-python-grammar' }));
    build.onLoad({ filter: /.*/, namespace: 'lazy-python-grammar' }, () => ({
      resolveDir: root,
      loader: 'js',
      contents: `let grammar;
const real = () => (grammar ??= require('@lezer/python').parser);
export const parser = new Proxy({}, {
  get: (_, key) => { const p = real(); const value = Reflect.get(p, key, p); return typeof value === 'function' ? value.bind(p) : value; },
  has: (_, key) => key in real(),
  getPrototypeOf: () => Object.getPrototypeOf(real()),
});`,
    }));
  },
};
// The `yaml` package, likewise: its module builds its schemas and tag tables when it runs (about 1.5 ms of a start),
// though a review reads most configs without it (src/core/yaml-plain-subset.ts). The stand-in exports what src/ uses:
// functions that call the real ones, constructors that build the real classes, and `Scalar`'s type constants. A name
// src/ starts to import from 'yaml' without a stand-in here fails the build ("No matching export").
const lazyYaml = {
  name: 'lazy-yaml',
  setup(build) {
    build.onResolve({ filter: /^yaml$/ }, (args) => (args.namespace === 'lazy-yaml' ? undefined : { path: 'yaml', namespace: 'lazy-yaml' }));
    const functions = ['parse', 'parseDocument', 'isAlias', 'isMap', 'isPair', 'isScalar', 'isSeq'];
    const classes = ['LineCounter', 'Parser'];
    build.onLoad({ filter: /.*/, namespace: 'lazy-yaml' }, () => ({
      resolveDir: root,
      loader: 'js',
      contents: [
        `let yaml;`,
        `const real = () => (yaml ??= require('yaml'));`,
        ...functions.map((name) => `export function ${name}(...args) { return real().${name}(...args); }`),
        ...classes.map((name) => `export function ${name}(...args) { return new (real().${name})(...args); }`),
        `export const Scalar = { get PLAIN() { return real().Scalar.PLAIN; } };`,
      ].join('\n'),
    }));
  },
};
// Both CommonJS bundles for Node 20 and later, minified; the dependencies they hold are the ones ncc bundles for the
// action, whose notices are in licenses.txt.
const COMMONJS = { bundle: true, platform: 'node', format: 'cjs', target: 'node20', minify: true, legalComments: 'none', charset: 'ascii', logLevel: 'error' };
// The schemas' validators as functions rather than text (src/core/validate.ts takes either): the code cache then keeps
// the compiled validators a run used, where text is compiled again by every start.
const validatorFunctions = {
  name: 'validator-functions',
  setup(build) {
    build.onLoad({ filter: /[\\/]src[\\/]generated[\\/]schema-validators\.ts$/ }, () => ({ loader: 'js', contents: generateValidatorFunctions() }));
  },
};
const cli = (await build({
  ...COMMONJS,
  entryPoints: [join(root, 'src', 'cli', 'bin.ts')],
  plugins: [lazyPythonGrammar, lazyYaml, validatorFunctions],
  define: { 'import.meta.url': '__trainlintBundleUrl' },
  write: false,
})).outputFiles[0].text;
if (/\bimport\(/.test(cli)) throw new Error('the CLI bundle kept an import(): node:vm runs it without a module loader');
// The code cache is keyed by this id (src/cli/code-cache.ts BUILD_ID_LINE): a rebuilt bundle never reads an old cache.
const body = `(function (exports, require, module, __filename, __dirname, __trainlintBundleUrl) {${cli}\n})`;
const buildId = createHash('sha256').update(body).digest('hex').slice(0, 16);
// Written as the function Node's CommonJS loader would wrap it in (plus the bundle's URL), so that the loader compiles
// the file's text as it is: no 1.5 MB string built around it at each start. ASCII only (esbuild's charset), so the
// loader reads it as latin1, a plain copy, instead of decoding UTF-8.
const wrapped = `// trainlint-cli build ${buildId}\n${body}`;
if (!/^[\x00-\x7f]*$/.test(wrapped)) throw new Error('the CLI bundle is not ASCII: src/cli/code-cache.ts reads it as latin1');
writeFileSync(join(out, 'cli.cjs'), wrapped);

// The package's bin: a small CommonJS starter for cli.cjs (a CommonJS entry spares Node its ES module loader).
const bin = join(out, 'trainlint.cjs');
buildSync({
  ...COMMONJS,
  entryPoints: [join(root, 'src', 'trainlint.ts')],
  banner: { js: '#!/usr/bin/env node\nconst __trainlintBundleUrl = require("node:url").pathToFileURL(__filename).href;' },
  outfile: bin,
});
chmodSync(bin, 0o755);

const index = join(out, 'index.js');
const code = readFileSync(index, 'utf8');
// ncc keeps no shebang for ESM input; the bin needs one.
if (!code.startsWith('#!')) writeFileSync(index, `#!/usr/bin/env node\n${code}`);
chmodSync(index, 0o755);
