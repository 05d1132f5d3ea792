// `read -r -d '' VAR <<EOF ... EOF` then `deepspeed --module $VAR`: the launch idiom of OpenRLHF's example scripts (and
// of the many projects copied from them). bash sets VAR to the here-document's body (backslash-newlines joined, `$X`
// expanded unless the delimiter is quoted) and the unquoted `$VAR` splits it into words: each flag keeps the line
// it was written on inside the here-document.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseShell } from '../src/core/parse-shell.ts';

test('a here-document read into a variable becomes the words of the launch that expands it, at their own lines', () => {
  const text = [
    'LR=2e-6',
    "read -r -d '' training_commands <<EOF",
    'openrlhf.cli.train_sft \\',
    '   --train_batch_size 64 \\',
    '   --learning_rate $LR \\',
    '   --flash_attn',
    'EOF',
    '',
    'if [[ ${1} != "slurm" ]]; then',
    '    deepspeed --module $training_commands',
    'fi',
  ].join('\n');
  const r = parseShell(text);
  assert.ok(r.ok);
  const launches = r.doc.shellLaunches ?? [];
  assert.equal(launches.length, 1);
  const l = launches[0]!;
  assert.deepEqual(l.launch.target, { kind: 'module', name: 'openrlhf.cli.train_sft' });
  assert.equal(l.data['--train_batch_size'], 64);
  assert.equal(l.data['--learning_rate'], 2e-6);
  assert.equal(l.data['--flash_attn'], true);
  assert.equal(l.nodes.get('/--train_batch_size')?.keySpan?.line, 4);
  assert.equal(l.launch.values.get('/--train_batch_size')?.span.line, 4);
  assert.equal(l.launch.conditional, true);
});

test('a quoted here-document delimiter keeps $X literal; "$VAR" quoted stays one word', () => {
  const quoted = parseShell(["read -r -d '' cmd <<'EOF'", 'openrlhf.cli.train_rm --learning_rate $LR', 'EOF', 'deepspeed --module $cmd'].join('\n'));
  assert.ok(quoted.ok);
  const l = quoted.doc.shellLaunches![0]!;
  assert.equal(l.data['--learning_rate'], undefined);
  assert.ok(l.launch.unresolved.has('/--learning_rate') || l.launch.open.length > 0);
  const one = parseShell(["read -r -d '' cmd <<EOF", 'openrlhf.cli.train_rm --learning_rate 1e-5', 'EOF', 'deepspeed --module "$cmd"'].join('\n'));
  assert.ok(one.ok);
  assert.equal((one.doc.shellLaunches ?? []).length, 0);
});

test('a here-document fed to another command (cat <<EOF > file) sets no variable and launches nothing', () => {
  const r = parseShell(['cat <<EOF > run.sh', 'python train.py --lr 1', 'EOF', 'echo $training_commands'].join('\n'));
  assert.ok(r.ok);
  assert.equal((r.doc.shellLaunches ?? []).length, 0);
});
