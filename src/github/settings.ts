// The project settings for a run: the checked-out file when there is one (as the CLI reads it), else
// the file read as data at a trusted commit (under pull_request_target: the base, so a PR cannot turn
// its own review off).
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { loadSettings } from '../cli/command.ts';
import { DEFAULT_SETTINGS, settingsFromText, type Settings } from '../pipeline/settings.ts';
import type { ContentReader } from './content.ts';
import type { ActionInputs } from './context.ts';

export async function actionSettings(inputs: ActionInputs, workspace: string, remote?: { reader: ContentReader; sha: string }): Promise<{ settings: Settings; from: string }> {
  const path = inputs.config.replace(/^\.\//, '');
  if (existsSync(resolve(workspace, path))) return { settings: loadSettings(path, workspace), from: `${path} (checkout)` };
  if (remote) {
    const text = (await remote.reader.read([{ sha: remote.sha, path }])).get(`${remote.sha}:${path}`) ?? null;
    if (text !== null) return { settings: settingsFromText(text, path), from: `${path} at ${remote.sha.slice(0, 7)}` };
  }
  if (inputs.configExplicit) throw new Error(`input config: ${path} not found${remote ? ` in the checkout or at ${remote.sha.slice(0, 7)}` : ' in the checkout'}`);
  return { settings: DEFAULT_SETTINGS, from: 'defaults' };
}
