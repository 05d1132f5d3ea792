// Interpolation resolves `${...}` into a copy-on-write view of the loaded config (src/core/copy-on-write.ts) instead of a
// structuredClone of it: after any writes, the view must hold exactly what the same writes give on a full clone, and
// the config as loaded (which other dialect code and the fix checks read again) must be untouched.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { CopyOnWrite, type Path } from '../src/core/copy-on-write.ts';

/** Every path to a value inside `data` (containers and leaves), root excluded. */
function pathsOf(data: unknown, prefix: Path = []): Path[] {
  if (data === null || typeof data !== 'object') return [];
  return Object.keys(data).flatMap((key) => {
    const step = Array.isArray(data) ? Number(key) : key;
    const path = [...prefix, step];
    return [path, ...pathsOf((data as Record<string, unknown>)[key], path)];
  });
}

const setIn = (root: unknown, path: Path, value: unknown) => {
  let node = root as Record<string | number, unknown>;
  for (const step of path.slice(0, -1)) node = node[step] as Record<string | number, unknown>;
  node[path[path.length - 1]!] = value;
};

const config = fc.jsonValue({ maxDepth: 4 }).filter((v) => v !== null && typeof v === 'object');

test('writes into the copy-on-write view equal the same writes on a structuredClone, and never reach the original', () => {
  fc.assert(
    fc.property(config, fc.array(fc.tuple(fc.nat(), fc.jsonValue({ maxDepth: 2 })), { maxLength: 6 }), (data, writes) => {
      const snapshot = structuredClone(data);
      const clone = structuredClone(data);
      const view = new CopyOnWrite(data);
      for (const [pick, value] of writes) {
        const paths = pathsOf(clone);
        if (paths.length === 0) break;
        const path = paths[pick % paths.length]!;
        setIn(clone, path, structuredClone(value));
        const parent = view.parentOf(path);
        parent[path[path.length - 1]!] = structuredClone(value);
        assert.deepEqual(view.at(path), path.reduce<unknown>((node, step) => (node as Record<string | number, unknown>)[step], clone));
      }
      assert.deepEqual(view.root, clone);
      assert.deepEqual(data, snapshot, 'the loaded config is unchanged');
    }),
    { numRuns: 1000, seed: 17 },
  );
});

test('a key named __proto__ stays an own key of the copy, as structuredClone keeps it', () => {
  const data = JSON.parse('{"__proto__": {"lr": 1}, "optimizer": {"lr": 2}}') as Record<string, unknown>;
  const view = new CopyOnWrite(data);
  view.parentOf(['optimizer', 'lr']).lr = 3;
  const root = view.root as Record<string, unknown>;
  assert.ok(Object.hasOwn(root, '__proto__'));
  assert.deepEqual(Object.getOwnPropertyDescriptor(root, '__proto__')?.value, { lr: 1 });
  assert.equal(({} as Record<string, unknown>).lr, undefined, 'Object.prototype untouched');
  assert.equal((data.optimizer as { lr: number }).lr, 2);
});
