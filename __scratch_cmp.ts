import { readFileSync } from 'node:fs';
import { stringify } from 'yaml';
import { analyse } from './src/core/review.ts';
import { DEFAULT_SETTINGS } from './src/core/settings.ts';
const cases = JSON.parse(readFileSync('/tmp/scratch/olmo_cases.json', 'utf8'));
const refs = JSON.parse(readFileSync('/tmp/scratch/olmo_ref.json', 'utf8'));
let bad = 0; const kinds = new Map<string, number>();
cases.forEach((c: any, i: number) => {
  const ref = refs[i];
  const text = stringify(c);
  const a = analyse('x.yaml', text, DEFAULT_SETTINGS);
  const h = a.context.head;
  const errs = ref.lr.filter((v: any) => typeof v === 'string');
  const key = JSON.stringify(c.scheduler) + ' md=' + JSON.stringify(c.max_duration) + (c.stop_at ? ' stop_at=' + c.stop_at : '');
  if (!h) { if (!errs.length) { bad++; console.log('NOPLAN', key, a.context.planProblem?.message); } else kinds.set('noplan+err', (kinds.get('noplan+err') ?? 0) + 1); return; }
  if (errs.length) { kinds.set('plan-but-python-errors ' + errs[0], (kinds.get('plan-but-python-errors ' + errs[0]) ?? 0) + 1); if (kinds.get('plan-but-python-errors ' + errs[0])! < 4) console.log('PYERR', key, errs[0], 'first at', ref.lr.findIndex((v: any) => typeof v === 'string')); return; }
  if (h.plan.totalSteps.value !== ref.total) { bad++; console.log('TOTAL', key, h.plan.totalSteps.value, ref.total); return; }
  let worst = 0, ws = -1;
  ref.lr.forEach((want: number, k: number) => {
    const got = h.plan.schedule.lrAt(k);
    const r = want === 0 ? Math.abs(got) / 1e-18 : Math.abs(got - want) / Math.abs(want) / 1e-12;
    if (r > worst) { worst = r; ws = k; }
  });
  if (worst > 1) { bad++; if (bad < 30) console.log('LR', key, 'step', ws, h.plan.schedule.lrAt(ws), ref.lr[ws], worst); }
});
console.log('bad', bad, 'of', cases.length, kinds);
