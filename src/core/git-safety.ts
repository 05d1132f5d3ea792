// How trainlint runs git in a repository it reviews (CLI discovery, `--base`, the action's local reader): the
// repository's own configuration must not run anything. `.git/config` may name an fsmonitor hook (run by ls-files),
// hooks, external diff and textconv drivers, pagers or credential helpers; command-line `-c` settings override every
// config file, and the environment drops the system config, prompts and optional index writes. Pure data: the edges
// (src/cli/files.ts, src/github/content.ts) pass these to execFileSync / spawnSync.

/** `-c` overrides placed before every git subcommand. */
export const SAFE_GIT_CONFIG: readonly string[] = [
  '-c', 'core.fsmonitor=false',
  '-c', 'core.hooksPath=/dev/null',
  '-c', 'core.pager=cat',
  '-c', 'core.sshCommand=false',
  '-c', 'core.askPass=',
  '-c', 'credential.helper=',
  '-c', 'diff.external=',
  '-c', 'protocol.allow=never',
  '-c', 'core.untrackedCache=false',
];

/** git with the safe configuration: `['-c', ..., subcommand, ...args]`. */
export function safeGitArgs(args: readonly string[]): string[] {
  return [...SAFE_GIT_CONFIG, ...args];
}

/** The environment git runs in: no system config, no prompts, no optional lock/index writes, no external diff. */
export function safeGitEnv(base: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...base, GIT_CONFIG_NOSYSTEM: '1', GIT_TERMINAL_PROMPT: '0', GIT_OPTIONAL_LOCKS: '0', GIT_PAGER: 'cat' };
  for (const key of ['GIT_EXTERNAL_DIFF', 'GIT_ASKPASS', 'SSH_ASKPASS', 'GIT_SSH', 'GIT_SSH_COMMAND', 'GIT_CONFIG_PARAMETERS', 'GIT_CONFIG_COUNT', 'GIT_EXEC_PATH']) delete env[key];
  return env;
}
