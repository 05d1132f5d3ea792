// How the detectron2 goldens map onto a config file (goldens.test.ts COVERAGE `prepare`). A golden's config is yacs keys
// `SOLVER.X` (the rest from config/defaults.py), plus `num_workers`, the world size DefaultTrainer.auto_scale_workers
// scales to when REFERENCE_WORLD_SIZE is set. The file is written as a detectron2 YAML config: `VERSION: 2` and a
// SOLVER section (empty when every value is a default), floats written with a decimal point so yacs reads the same
// Python type as the generator passed (an int where defaults.py has a float is a yacs type error).
import type { GoldenCase } from './shared-data.ts';
import type { PreparedCase } from './torch-family-goldens.ts';

const FLOAT_KEYS = new Set(['BASE_LR', 'BASE_LR_END', 'GAMMA', 'WARMUP_FACTOR', 'MOMENTUM', 'WEIGHT_DECAY']);

function yamlValue(key: string, value: unknown): string {
  if (typeof value === 'number') return FLOAT_KEYS.has(key) && Number.isInteger(value) ? `${value}.0` : String(value);
  if (Array.isArray(value)) return `[${value.map((v) => yamlValue('', v)).join(', ')}]`;
  return JSON.stringify(value);
}

export function detectron2Case(c: GoldenCase): PreparedCase & { worldSize?: number } {
  const { num_workers: workers, ...rest } = c.config;
  const solver: Record<string, unknown> = {};
  const config: Record<string, unknown> = { VERSION: 2, SOLVER: solver };
  for (const [key, value] of Object.entries(rest)) {
    const [section, name] = key.split('.', 2);
    if (section === 'SOLVER' && name) solver[name] = value;
    else config[key] = value;
  }
  const serialize = (cfg: Record<string, unknown>) => {
    const lines: string[] = [];
    for (const [section, body] of Object.entries(cfg)) {
      if (body !== null && typeof body === 'object' && !Array.isArray(body)) {
        const entries = Object.entries(body as Record<string, unknown>);
        lines.push(entries.length ? `${section}:` : `${section}: {}`);
        for (const [k, v] of entries) lines.push(`  ${k}: ${yamlValue(k, v)}`);
      } else lines.push(`${section}: ${yamlValue(section, body)}`);
    }
    return { text: `${lines.join('\n')}\n`, extension: 'yaml' };
  };
  return { config, serialize, ...(typeof workers === 'number' ? { worldSize: workers } : {}) };
}
