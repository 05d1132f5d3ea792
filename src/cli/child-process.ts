// node:child_process, loaded the first time git is run. A review of the files named on the command line never runs
// git, and loading the module is about 2.5 ms of a cold start on Node 20. Builtins resolve from any base path, so the
// require needs no module URL (the CLI bundle is CommonJS, where import.meta is empty).
import nodeModule from 'node:module';

type ChildProcess = typeof import('node:child_process');

let loaded: ChildProcess | undefined;

export function childProcess(): ChildProcess {
  return (loaded ??= nodeModule.createRequire(process.execPath)('node:child_process') as ChildProcess);
}
