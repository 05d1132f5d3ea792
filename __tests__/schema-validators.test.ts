// The validators in src/generated/schema-validators.ts are ajv's standalone output for schemas/*.schema.json: the
// committed copy must be what `npm run gen:validators` writes today, and must judge as ajv.compile judges at run time.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { Ajv } from 'ajv';
// @ts-expect-error: a plain .mjs script without type declarations
import { generateValidators, OUTPUT } from '../scripts/gen-validators.mjs';
import { validatorSources } from '../src/generated/schema-validators.ts';
import { validate } from '../src/core/validate.ts';
import { DIALECTS } from '../src/dialects/index.ts';

test('src/generated/schema-validators.ts is up to date with schemas/ (else run `npm run gen:validators`)', () => {
  assert.ok(readFileSync(OUTPUT, 'utf8') === generateValidators(), 'stale: run `npm run gen:validators` and commit src/generated/schema-validators.ts');
});

test('every dialect schema has a generated validator', () => {
  for (const dialect of DIALECTS) assert.ok(Object.hasOwn(validatorSources, (dialect.schema as { $id: string }).$id), dialect.id);
});

test('a generated validator reports the errors ajv.compile reports (same data, same schema)', () => {
  const ajv = new Ajv({ allErrors: true, strict: false, allowUnionTypes: true, verbose: true, validateSchema: false });
  const samples: unknown[] = [
    {},
    { learning_rate: 'fast', lr_scheduler_type: 'cosin', num_train_epochs: -1, warmup_ratio: [1], unknown_key: 1 },
    { optimizer: { type: 3, params: { lr: 'x' } }, scheduler: { type: 'WarmupLR', params: { warmup_num_steps: -5 } } },
    { optimizer: { learning_rate_scheduler: { learning_rate: null, lr_warmup_steps: 1.5 } }, tokens: { train_steps: '10' } },
    [1, 2],
    'text',
  ];
  for (const dialect of DIALECTS) {
    const reference = ajv.compile(dialect.schema);
    const generated = new Function(validatorSources[(dialect.schema as { $id: string }).$id]!)() as ((d: unknown) => boolean) & { errors?: unknown[] | null };
    for (const data of samples) {
      assert.equal(generated(data), reference(data), `${dialect.id}: ${JSON.stringify(data)}`);
      const strip = (errors: unknown[] | null | undefined) => (errors ?? []).map((e) => { const { schema: _s, parentSchema: _p, ...rest } = e as Record<string, unknown>; return rest; });
      assert.deepEqual(strip(generated.errors), strip(reference.errors), `${dialect.id}: ${JSON.stringify(data)}`);
    }
  }
  assert.ok(validate({ scheduler: { type: 3, params: {} } }, DIALECTS.find((d) => d.id === 'deepspeed')!.schema).length > 0);
});
