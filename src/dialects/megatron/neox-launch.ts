// Which merged config a NeoX YAML is reviewed as. A file that a deepy.py launch loads with others is reviewed as the
// launch's merged config (neox-merge.ts) by one of its files only, so a finding is reported once: the file the run
// length comes from when trainlint recognises it as a NeoX config, else the first file of the launch it recognises.
// The launch's other files say where the merged config is reviewed.
import type { DocReader } from '../../core/access.ts';
import type { LoaderModel } from '../../core/loaders.ts';
import type { ParsedDoc } from '../../core/parse.ts';
import type { PlanContext, PlanProblem } from '../../core/plan.ts';
import { lineOf, mergeNeox, MergedNeoxReader, neoxLaunches, type NeoxLaunch } from './neox-merge.ts';

export interface MergedLaunch {
  reader: MergedNeoxReader;
  /** `run.sh line 3 (python deepy.py ...)`. */
  at: string;
  /** The files, in order, as a list for messages. */
  files: string;
  /** Sentences for the plan's assumptions. */
  notes: string[];
}

interface NeoxHooks {
  detect(doc: ParsedDoc, path: string): number;
  loader: LoaderModel;
}

const RUN_LENGTH = ['train_iters', 'train-iters', 'train_epochs', 'train-epochs'];

function reviewerOf(launch: NeoxLaunch, sourceOf: Map<string, { path: string; doc: ParsedDoc }>, hooks: NeoxHooks): string | undefined {
  const length = RUN_LENGTH.map((k) => sourceOf.get(k)).find((s) => s !== undefined);
  if (length && hooks.detect(length.doc, length.path) > 0) return length.path;
  return launch.sources.find((s) => hooks.detect(s.doc, s.path) > 0)?.path;
}

/**
 * The merged config of the first deepy.py launch whose merged config this file reviews; a stop when the file is part of
 * a launch reviewed with another of its files or that NeoX refuses; undefined when no launch merges it with others.
 */
export function mergedLaunch(alone: DocReader, context: PlanContext, hooks: NeoxHooks): MergedLaunch | { stop: PlanProblem } | undefined {
  const launches = neoxLaunches(context.repo, context.path, alone.doc, hooks.loader);
  if (launches.length === 0) return undefined;
  let reviewedElsewhere: { launch: NeoxLaunch; by: string } | undefined;
  for (const launch of launches) {
    const merged = mergeNeox(launch.sources);
    const at = `${launch.file} line ${launch.line} (\`${launch.command.length > 120 ? `${launch.command.slice(0, 117)}...` : launch.command}\`)`;
    const files = launch.sources.map((s) => s.path).join(', ');
    const by = reviewerOf(launch, merged.sourceOf, hooks);
    if (by !== context.path) {
      reviewedElsewhere ??= by ? { launch, by } : undefined;
      continue;
    }
    if (merged.duplicate) {
      const d = merged.duplicate;
      const message = `\`${d.key}\` in ${d.file} line ${d.line} is already set by ${d.earlier}: NeoXArgs.from_ymls raises ValueError "duplicate keys" when ${at} merges ${files} (keep the key in one file; a later file can only replace it through the other spelling, ${d.key.includes('-') ? d.key.replace(/-/g, '_') : d.key.replace(/_/g, '-')}, which from_ymls does not check)`;
      return { stop: { kind: 'invalid', message, ...(d.file === context.path ? { at: alone.origin([d.key]) } : {}) } };
    }
    if (merged.sameName) {
      return { stop: { kind: 'invalid', message: `${merged.sameName[0]} and ${merged.sameName[1]} have the same file name: NeoXArgs.from_ymls asserts config names are unique (they are saved side by side with the checkpoint) when ${at} merges ${files}` } };
    }
    const others = launches.length - 1;
    const notes = [`reviewed as the config ${at} runs: ${files} merged in this order as NeoXArgs.from_ymls does (gpt-neox @ea7aefd8); a key from another of these files is named with its file and line${others > 0 ? `; ${others} other deepy.py launch${others === 1 ? '' : 'es'} also load${others === 1 ? 's' : ''} this file` : ''}`];
    for (const [key, source] of merged.sourceOf) {
      if (source.path !== context.path && launch.sources.some((s) => s.path === context.path && key.replace(/-/g, '_') in Object.fromEntries(Object.keys(s.data).map((k) => [k.replace(/-/g, '_'), 1])))) {
        notes.push(`\`${key}\` of ${source.path} line ${lineOf(source.doc, key)} replaces this file's value (a later file's - spelling is stored over the _ one)`);
      }
    }
    return { reader: new MergedNeoxReader(alone.doc, merged.data, merged.sourceOf, context.path), at, files, notes };
  }
  if (reviewedElsewhere) {
    const { launch, by } = reviewedElsewhere;
    return {
      stop: {
        kind: 'not-simulated',
        message: `deepy.py loads this file with others (${launch.file} line ${launch.line}: ${launch.sources.map((s) => s.path).join(', ')}); the merged config is reviewed with ${by}, where its run length is`,
      },
    };
  }
  return undefined;
}
