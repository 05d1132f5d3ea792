// Every launch of a shell script is readable, whichever program it runs: a Python script, a module run with `-m`
// (verl, OpenRLHF), or a program of its own (`yolo train`, `./distributed_train.sh`), with `--flag value` and
// `key=value` words as keys at their positions. The default launch of the document stays what Megatron reads.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { focusLaunch, parseShell } from '../src/core/parse-shell.ts';
import type { ParsedDoc } from '../src/core/parse.ts';

function parsed(text: string): ParsedDoc {
  const r = parseShell(text);
  assert.ok(r.ok);
  return r.doc;
}

test('a module launch with Hydra overrides is read as keys, with + and ~ prefixes kept apart', () => {
  const doc = parsed(['LR=1e-6', 'python3 -m verl.trainer.main_ppo \\', '  --config-name ppo_trainer \\', '  actor_rollout_ref.actor.optim.lr=$LR \\', '  +trainer.extra=3 ~critic.optim \\', '  trainer.total_epochs=${EPOCHS:-15}'].join('\n'));
  assert.equal(doc.shell?.target.kind, 'module');
  assert.equal(doc.shell?.target.name, 'verl.trainer.main_ppo');
  const data = doc.data as Record<string, unknown>;
  assert.equal(data['--config-name'], 'ppo_trainer');
  assert.equal(data['actor_rollout_ref.actor.optim.lr'], 1e-6);
  assert.equal(data['trainer.extra'], 3);
  assert.equal(data['trainer.total_epochs'], 15);
  assert.deepEqual(doc.shell?.overrides.map((o) => `${o.prefix}${o.key}`), ['actor_rollout_ref.actor.optim.lr', '+trainer.extra', '~critic.optim', 'trainer.total_epochs']);
  // A value built by expansion has no single place a fix could edit; a literal one is edited after its `=`.
  assert.equal(doc.shell?.values.get('/actor_rollout_ref.actor.optim.lr'), undefined);
  assert.deepEqual(doc.shell?.values.get('/trainer.extra')?.span, { line: 5, column: 18, endLine: 5, endColumn: 19 });
  assert.equal(doc.nodes.get('/trainer.extra')?.keySpan?.line, 5);
});

test('python -m torch.distributed.launch ... train.py is a launch of the script, not of the launcher module', () => {
  const doc = parsed('python -m torch.distributed.launch --nproc_per_node 8 pretrain_gpt.py --lr 3e-4 --train-iters 100');
  assert.equal(doc.shell?.target.kind, 'script');
  assert.equal(doc.shell?.script, 'pretrain_gpt.py');
  assert.equal((doc.data as Record<string, unknown>)['--lr'], 3e-4);
  assert.deepEqual(doc.shell?.launcher.map((f) => f.text), ['python', '-m', 'torch.distributed.launch', '--nproc_per_node', '8']);
});

test('programs run directly are launches the dialects can focus on; the default stays the script launch', () => {
  const doc = parsed(['pip install ultralytics', 'yolo train data=coco8.yaml lr0=0.01 epochs=3', 'accelerate launch --num_processes 2 train_network.py --learning_rate 1e-4', './distributed_train.sh 4 --sched cosine --lr 0.4'].join('\n'));
  assert.equal(doc.shell?.script, 'train_network.py');
  const names = doc.shellLaunches!.map((l) => `${l.launch.target.kind}:${l.launch.target.name}`);
  assert.deepEqual(names, ['command:yolo', 'script:train_network.py', 'command:./distributed_train.sh']);
  const yolo = focusLaunch(doc, doc.shellLaunches![0]!);
  assert.equal((yolo.data as Record<string, unknown>)['lr0'], 0.01);
  assert.equal(yolo.nodes.get('/lr0')?.keySpan?.line, 2);
  assert.deepEqual(doc.shellLaunches![2]!.launch.positionals.map((f) => f.text), ['4']);
  // Focusing leaves the parsed document as it was.
  assert.equal((doc.data as Record<string, unknown>)['--learning_rate'], 1e-4);
});

test('a key=value word after a flag\'s first value is an override, not a second value of the flag', () => {
  const doc = parsed('python3 -m verl.trainer.main_ppo --config-path cfg data.train_batch_size=1024');
  const data = doc.data as Record<string, unknown>;
  assert.equal(data['--config-path'], 'cfg');
  assert.equal(data['data.train_batch_size'], 1024);
});
