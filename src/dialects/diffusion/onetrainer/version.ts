// Which OneTrainer code to follow. The scheduler changed in fix 2678f667 (2024-11-16, "fix a potential bug where an
// additional learning rate cycle could start during the last few training steps"): restart schedules clamp their
// progress to (scheduler_steps - 1) / scheduler_steps. learning_rate_min_factor arrived later (dab5fc23, 2025-01-18).
// The choice comes from `.trainlint.yml` (`frameworks: { onetrainer: ... }`), else from what the config records
// (`__version`, written by BaseConfig.to_dict), else the current code.
import type { DocReader } from '../../../core/access.ts';

export interface Semantics {
  id: 'pre-fix' | 'post-fix';
  /** Short commit whose code is followed. */
  commit: string;
  clampRestarts: boolean;
  hasMinFactor: boolean;
  /** path_util.SUPPORTED_IMAGE_EXTENSIONS at that commit (.avif was added after 714d7a48). */
  imageExtensions: readonly string[];
  /** LearningRateScaler members at that commit. */
  scalers: readonly string[];
}

export const PRE_FIX: Semantics = {
  id: 'pre-fix',
  commit: '714d7a48',
  clampRestarts: false,
  hasMinFactor: false,
  imageExtensions: ['.bmp', '.jpg', '.jpeg', '.png', '.tif', '.tiff', '.webp'],
  scalers: ['NONE', 'BATCH', 'GRADIENT_ACCUMULATION', 'BOTH'],
};

export const POST_FIX: Semantics = {
  id: 'post-fix',
  commit: '23df3832',
  clampRestarts: true,
  hasMinFactor: true,
  imageExtensions: ['.bmp', '.jpg', '.jpeg', '.png', '.tif', '.tiff', '.webp', '.avif'],
  scalers: ['NONE', 'BATCH', 'GLOBAL_BATCH', 'GRADIENT_ACCUMULATION', 'BOTH', 'GLOBAL_BOTH'],
};

export const FIX_COMMIT = '2678f667';

/** Commits trainlint can place on either side of the fix (full hashes; a prefix of 7+ hex digits matches). */
const KNOWN_COMMITS: Array<{ hash: string; side: Semantics; what: string }> = [
  { hash: '23df3832e8f213d64c337e39f9365ba46e99fed0', side: POST_FIX, what: 'the current code' },
  { hash: '2678f667395df01e750a69915230bbe551a37674', side: POST_FIX, what: 'the fix itself' },
  { hash: '714d7a481825970c90f65ec0c70d15f711c1c89a', side: PRE_FIX, what: 'the parent of the fix' },
  { hash: '20bd2454', side: PRE_FIX, what: 'before the fix' },
  { hash: '29d73f80c77f0d7e86478d140f6ad01115863ee4', side: PRE_FIX, what: 'before the fix' },
  { hash: '089a2ba6ef160b30e9ca046c6f81fc20b0cb1c40', side: PRE_FIX, what: 'before the fix (2023)' },
];

const ALIASES: Record<string, Semantics> = {
  'pre-fix': PRE_FIX,
  'before-fix': PRE_FIX,
  before_fix: PRE_FIX,
  'post-fix': POST_FIX,
  'after-fix': POST_FIX,
  after_fix: POST_FIX,
  current: POST_FIX,
  latest: POST_FIX,
};

export interface VersionChoice {
  semantics: Semantics;
  /** `default`: nothing said which OneTrainer runs the config; `config`: its __version or keys did. */
  source: 'settings' | 'config' | 'default';
  /** Where the choice came from, in words, for plan.assumptions (empty when the settings name a known side). */
  notes: string[];
}

const SETTLE = 'set `frameworks: { onetrainer: pre-fix }` (or `post-fix`, or a commit) in .trainlint.yml to settle it';

function fromSetting(value: string): VersionChoice {
  const v = value.trim().toLowerCase();
  const alias = ALIASES[v];
  if (alias) return { semantics: alias, source: 'settings', notes: [] };
  if (/^[0-9a-f]{7,40}$/.test(v)) {
    const known = KNOWN_COMMITS.find((c) => c.hash.startsWith(v) || v.startsWith(c.hash));
    if (known) return { semantics: known.side, source: 'settings', notes: [] };
    return {
      semantics: POST_FIX,
      source: 'settings',
      notes: [`OneTrainer commit ${value} (.trainlint.yml) is not one trainlint can place before or after fix ${FIX_COMMIT} (2024-11-16): following the current code (@${POST_FIX.commit}); use \`pre-fix\` or \`post-fix\` instead`],
    };
  }
  return { semantics: POST_FIX, source: 'settings', notes: [`frameworks.onetrainer "${value}" (.trainlint.yml) is neither pre-fix, post-fix nor a commit: following the current code (@${POST_FIX.commit})`] };
}

/** BaseConfig.to_dict writes `__version`: TrainConfig's config_version was 6 from 7cde3bb3 (2024-10-20) to c581f229 (2025-08-31). */
function fromConfig(r: DocReader): VersionChoice | null {
  const version = r.raw(['__version']);
  if (r.has(['learning_rate_min_factor'])) {
    return { semantics: POST_FIX, source: 'config', notes: [`the config has learning_rate_min_factor, which OneTrainer writes since dab5fc23 (2025-01-18), after fix ${FIX_COMMIT}: following the current code (@${POST_FIX.commit})`] };
  }
  if (typeof version !== 'number') return null;
  if (version >= 7) {
    return { semantics: POST_FIX, source: 'config', notes: [`config __version ${version} was written by OneTrainer c581f229 (2025-08-31) or later, after fix ${FIX_COMMIT}: following the current code (@${POST_FIX.commit})`] };
  }
  if (version <= 5) {
    return {
      semantics: PRE_FIX,
      source: 'config',
      notes: [
        `config __version ${version} was written before 2024-10-20 (version 6 came with 7cde3bb3), by a OneTrainer older than fix ${FIX_COMMIT}: following that code (@${PRE_FIX.commit}); if a newer OneTrainer trains it, set \`frameworks: { onetrainer: post-fix }\` in .trainlint.yml`,
      ],
    };
  }
  return null;
}

export function chooseVersion(setting: string | undefined, r: DocReader): VersionChoice {
  if (setting !== undefined) return fromSetting(setting);
  const recorded = fromConfig(r);
  if (recorded) return recorded;
  const version = r.raw(['__version']);
  const why =
    typeof version === 'number'
      ? `config __version ${version} was written between 2024-10-20 and 2025-08-31, a span that includes fix ${FIX_COMMIT} (2024-11-16)`
      : 'neither .trainlint.yml nor the config says which OneTrainer runs it';
  return { semantics: POST_FIX, source: 'default', notes: [`${why}: following the current code (@${POST_FIX.commit}, after fix ${FIX_COMMIT}); ${SETTLE}`] };
}

/** Fix 29d73f80 (2024-11-10) made a learning_rate_warmup_steps in (0, 1] a fraction of the run; before, it was int(w / accumulation). */
export const FRACTION_WARMUP_COMMIT = '29d73f80';

/** Whether the config was written by a OneTrainer older than the warmup-fraction change (its __version predates it). */
export function writtenBeforeFractionWarmup(r: DocReader): boolean {
  const version = r.raw(['__version']);
  return typeof version === 'number' && version <= 5;
}
