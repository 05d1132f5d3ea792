// The schemas as editors use them (README, Editors): each has an `$id` that resolves (the raw file at the major
// release tag, which the release workflow moves), a title, a description; every schedule key says what it means
// (with the framework's default where it has one), and every key that chooses a schedule lists its choices. The
// additions are annotations: the schemas still compile with ajv as trainlint compiles them, and validate as before.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { Ajv } from 'ajv';
import { validate } from '../src/core/validate.ts';
import { DIALECTS } from '../src/dialects/index.ts';
import { REPO_ROOT } from './support/shared-data.ts';

interface Node {
  $id?: string;
  title?: string;
  description?: string;
  enum?: unknown[];
  anyOf?: Node[];
  oneOf?: Node[];
  allOf?: Node[];
  properties?: Record<string, Node>;
  items?: Node;
  additionalProperties?: Node | boolean;
  definitions?: Record<string, Node>;
}

const dir = join(REPO_ROOT, 'schemas');
const version = (JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string }).version;
const major = `v${version.split('.')[0]}`;
const schemas = readdirSync(dir)
  .filter((f) => f.endsWith('.schema.json'))
  .map((file) => ({ file, schema: JSON.parse(readFileSync(join(dir, file), 'utf8')) as Node }));

/** Every property of a schema with its dotted path (definitions as #name.key). */
function properties(node: Node, path = '', out: Array<[string, Node]> = []): Array<[string, Node]> {
  for (const [key, child] of Object.entries(node.properties ?? {})) {
    const at = path ? `${path}.${key}` : key;
    out.push([at, child]);
    properties(child, at, out);
  }
  for (const branch of [...(node.anyOf ?? []), ...(node.oneOf ?? []), ...(node.allOf ?? [])]) properties(branch, path, out);
  if (node.items) properties(node.items, `${path}[]`, out);
  if (node.additionalProperties && typeof node.additionalProperties === 'object') properties(node.additionalProperties, `${path}[]`, out);
  for (const [name, def] of Object.entries(node.definitions ?? {})) properties(def, `#${name}`, out);
  return out;
}

// Keys that shape the LR curve: the LR itself, warmup, decay, floor, cycles, the scheduler and the run's length.
const SCHEDULE_KEY = /(^|_)(lr|learning_rate|warmup|decay|scheduler|cycles?|steps|epochs|iters|t_max|t_warmup|alpha_f|min_factor|duration|eta_min|gamma|milestones|T_0|T_mult|power|pct_start|min_lr)(_|$)/i;
// Matches of the pattern that are not about the schedule (logging, evaluation, weight decay, clipping, data order).
const NOT_SCHEDULE = /eval|save|log|interval|clip_warmup|checkpoint|weight_decay|decay_norm|decay_embeddings|cancel/;

/** Keys that choose a schedule or its shape, by schema file: each must list its choices (enum, or an anyOf branch's). */
const CHOICE_KEYS: Record<string, string[]> = {
  'axolotl.schema.json': ['lr_scheduler'],
  'deepspeed.schema.json': ['scheduler.type', 'scheduler.params.warmup_type', 'scheduler.params.anneal_strategy'],
  'hf-trainer.schema.json': ['lr_scheduler_type', 'lr_scheduler_kwargs.warmup_type', 'lr_scheduler_kwargs.decay_type'],
  'llama-factory.schema.json': ['lr_scheduler_type', 'lr_scheduler_kwargs.warmup_type', 'lr_scheduler_kwargs.decay_type'],
  'nanotron.schema.json': ['optimizer.learning_rate_scheduler.lr_warmup_style', 'optimizer.learning_rate_scheduler.lr_decay_style'],
  'olmo.schema.json': ['scheduler.name', 'scheduler.units'],
  'onetrainer.schema.json': ['learning_rate_scheduler', 'learning_rate_scaler'],
  'torchtitan.schema.json': ['lr_scheduler.decay_type'],
  'torchtune.schema.json': ['lr_scheduler._component_'],
};

const choices = (node: Node): unknown[] => [...(node.enum ?? []), ...(node.anyOf ?? []).flatMap((b) => b.enum ?? [])];

describe('schemas for editors', () => {
  test('every dialect has its schema file', () => {
    for (const d of DIALECTS) assert.ok(schemas.some((s) => s.file === `${d.id}.schema.json`), d.id);
  });

  for (const { file, schema } of schemas) {
    test(`${file}: $id at the ${major} tag, title, description`, () => {
      assert.equal(schema.$id, `https://raw.githubusercontent.com/trainlint/trainlint/${major}/schemas/${file}`);
      assert.ok(schema.title && schema.title.length > 10, 'title');
      assert.ok(schema.description && schema.description.length > 40, 'description');
    });

    test(`${file}: compiles with ajv as trainlint compiles it`, () => {
      const ajv = new Ajv({ allErrors: true, strict: false, allowUnionTypes: true, verbose: true });
      assert.doesNotThrow(() => ajv.compile(schema));
    });

    if (file === 'trainlint-config.schema.json') continue;
    test(`${file}: every schedule key says what it means; every choice key lists its choices`, () => {
      const all = properties(schema);
      const undocumented = all.filter(([path, node]) => SCHEDULE_KEY.test(path.split('.').pop()!) && !NOT_SCHEDULE.test(path) && !node.description).map(([p]) => p);
      assert.deepEqual(undocumented, []);
      for (const key of CHOICE_KEYS[file] ?? []) {
        const node = all.find(([p]) => p === key)?.[1];
        assert.ok(node, `${key} not in ${file}`);
        assert.ok(choices(node).length >= 2, `${key} lists no choices`);
      }
    });
  }

  test('defaults named where the framework has one (spot checks)', () => {
    const get = (file: string, key: string) => properties(schemas.find((s) => s.file === file)!.schema).find(([p]) => p === key)?.[1].description ?? '';
    assert.match(get('deepspeed.schema.json', 'scheduler.params.cos_min_ratio'), /default 0\.0001/);
    assert.match(get('hf-trainer.schema.json', 'lr_scheduler_kwargs.lr_end'), /default 1e-7/);
    assert.match(get('olmo.schema.json', 'scheduler.alpha_f'), /default 0\.1/);
    assert.match(get('torchtitan.schema.json', 'lr_scheduler.decay_type'), /default linear/);
    assert.match(get('onetrainer.schema.json', 'learning_rate_scheduler'), /default CONSTANT/);
  });

  test('the choices added for editors validate nothing: an unknown name is still judged by the dialect, a wrong type as before', () => {
    const ds = DIALECTS.find((d) => d.id === 'deepspeed')!.schema;
    const config = (type: unknown) => ({ optimizer: { type: 'Adam', params: { lr: 1e-3 } }, scheduler: { type, params: {} } });
    assert.deepEqual(validate(config('WarmupLRR'), ds), [], 'a misspelt name is the plan\'s did-you-mean, not a schema problem');
    const wrongType = validate(config(3), ds);
    assert.equal(wrongType.length, 1, JSON.stringify(wrongType));
    assert.equal(wrongType[0]!.pointer, '/scheduler/type');
    const tt = DIALECTS.find((d) => d.id === 'torchtune')!.schema;
    assert.deepEqual(validate({ lr_scheduler: { _component_: 'my_recipes.schedulers.custom', num_warmup_steps: 10 } }, tt), []);
  });
});
