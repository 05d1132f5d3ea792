// The report of spec/report.md (format version 1), built from the pipeline's results. The in-memory
// report keeps the plans (renderers draw from them); `toJsonReport` gives the published JSON shape.
import type { TrainingPlan } from './plan.ts';
import { cappedSamples, type CurveStats } from './schedule.ts';
import type { Finding, Origin, Resolved } from './types.ts';

export interface FileReport {
  path: string;
  /** The config's name when the file holds several (a torchtitan config registry): one FileReport each. */
  config?: string;
  dialect: string | null;
  /**
   * `not-simulated`: a training config whose schedule does not follow from the files (the note says what is missing);
   * `not-a-training-config`: a file of a framework's format that configures no training (named explicitly; discovery skips it).
   */
  status: 'reviewed' | 'unparsed' | 'unknown-dialect' | 'skipped' | 'not-simulated' | 'not-a-training-config';
  semantics: string | null;
  head?: { plan: TrainingPlan; curve: CurveStats } | undefined;
  base?: { plan: TrainingPlan; curve: CurveStats } | undefined;
  /** `added`: new in this change; `not-compared`: no --base. */
  baseStatus: 'reviewed' | 'added' | 'not-reviewed' | 'not-compared';
  /** Why a file was not (fully) reviewed. */
  note?: string;
}

export interface Report {
  version: 1;
  tool: { name: 'trainlint'; version: string };
  summary: { files: number; reviewed: number; skipped: number; errors: number; warnings: number; infos: number };
  files: FileReport[];
  findings: Finding[];
}

const SEVERITY_ORDER = { error: 0, warning: 1, info: 2 } as const;

export function compareFindings(a: Finding, b: Finding): number {
  return (
    (a.path < b.path ? -1 : a.path > b.path ? 1 : 0) ||
    a.line - b.line ||
    a.column - b.column ||
    (a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : 0) ||
    SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity]
  );
}

export function buildReport(files: FileReport[], findings: Finding[], toolVersion: string): Report {
  const sorted = [...findings].sort(compareFindings);
  const count = (s: Finding['severity']) => sorted.filter((f) => f.severity === s).length;
  const reviewed = files.filter((f) => f.status === 'reviewed').length;
  return {
    version: 1,
    tool: { name: 'trainlint', version: toolVersion },
    summary: {
      files: files.length,
      reviewed,
      skipped: files.length - reviewed,
      errors: count('error'),
      warnings: count('warning'),
      infos: count('info'),
    },
    files: [...files].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0)),
    findings: sorted,
  };
}

function where(from: Origin[]): Record<string, { line: number; column: number }> {
  return Object.fromEntries(from.map((o) => [o.key, { line: o.span.line, column: o.span.column }]));
}

/** The plan as published: numbers, the arithmetic behind each, and where each input was read. */
export function planJson(plan: TrainingPlan): Record<string, unknown> {
  const resolved: Array<Resolved<unknown> | undefined> = [
    plan.optimizer.lr,
    plan.optimizer.name,
    plan.totalSteps,
    plan.warmup?.steps,
    plan.warmup?.startLr,
    plan.decay?.start,
    plan.decay?.steps,
    plan.decay?.minLr,
    plan.horizon,
  ];
  const present = resolved.filter((r): r is Resolved<unknown> => r !== undefined);
  const out: Record<string, unknown> = {
    optimizer: { name: plan.optimizer.name.value, lr: plan.optimizer.lr.value },
    totalSteps: plan.totalSteps.value,
    totalStepsSource: plan.totalStepsSource,
    derivation: [...new Set(present.map((r) => r.how))],
    warmup: plan.warmup ? { steps: plan.warmup.steps.value, style: plan.warmup.style, ...(plan.warmup.startLr ? { startLr: plan.warmup.startLr.value } : {}) } : null,
    decay: plan.decay
      ? { style: plan.decay.style, start: plan.decay.start.value, steps: plan.decay.steps.value, minLr: plan.decay.minLr.value }
      : null,
    keys: Object.assign({}, ...present.map((r) => where(r.from))),
  };
  if (plan.horizon) out.horizon = plan.horizon.value;
  if (plan.assumptions.length) out.assumptions = plan.assumptions;
  // totalSteps is then a stand-in: the run makes `epochs` epochs of a length nobody gave.
  if (plan.assumedLength) out.assumedLength = { epochs: plan.assumedLength.epochs, updatesPerEpoch: plan.assumedLength.updatesPerEpoch, why: plan.assumedLength.why };
  return out;
}

/** The curve as published; `samples` caps its points (see cappedSamples), else all the pipeline drew. */
export function curveJson(curve: CurveStats, plan?: TrainingPlan, samples?: number): Record<string, unknown> {
  const points = plan && samples !== undefined ? cappedSamples(plan.schedule, samples) : curve.samples;
  return { peakLr: curve.peakLr, finalLr: curve.finalLr, zeroLrSteps: curve.zeroLrSteps, samples: points };
}

export interface JsonReportOptions {
  /** At most about this many sampled points per curve (plus phase boundaries); unset: the pipeline's samples. */
  samples?: number;
}

/**
 * The JSON report as text: indented for people, except each curve's samples, one line per curve (a curve of 200
 * points is then 200 short entries on a line instead of 800 lines), so a report of 1,000 files stays a few MB.
 */
export function jsonReportText(report: Report, samples?: number): string {
  const json = toJsonReport(report, samples === undefined ? {} : { samples });
  // A token no config text can guess (V8 seeds Math.random from the OS per process), so a string in a config that
  // looks like a placeholder is never replaced; node:crypto is not needed for that, and costs a CLI start ~5 ms.
  const nonce = `${Math.random().toString(16).slice(2)}${Math.random().toString(16).slice(2)}`;
  const inline: string[] = [];
  const placeholder = (points: unknown) => {
    inline.push(JSON.stringify(points));
    return `@samples:${nonce}:${inline.length - 1}`;
  };
  for (const file of json.files as Array<Record<string, unknown>>) {
    for (const holder of [file, file.base as Record<string, unknown> | undefined]) {
      const curve = holder?.curve as Record<string, unknown> | null | undefined;
      if (curve) curve.samples = placeholder(curve.samples);
    }
  }
  const pattern = new RegExp(`"@samples:${nonce}:(\\d+)"`, 'g');
  return JSON.stringify(json, null, 2).replace(pattern, (_, i: string) => inline[Number(i)]!);
}

export function toJsonReport(report: Report, options: JsonReportOptions = {}): Record<string, unknown> {
  return {
    version: report.version,
    tool: report.tool,
    summary: report.summary,
    files: report.files.map((f) => {
      const out: Record<string, unknown> = {
        path: f.path,
        ...(f.config !== undefined ? { config: f.config } : {}),
        dialect: f.dialect,
        status: f.status,
        semantics: f.semantics,
        plan: f.head ? planJson(f.head.plan) : null,
        curve: f.head ? curveJson(f.head.curve, f.head.plan, options.samples) : null,
      };
      if (f.base) out.base = { plan: planJson(f.base.plan), curve: curveJson(f.base.curve, f.base.plan, options.samples) };
      if (f.note) out.note = f.note;
      return out;
    }),
    findings: report.findings,
  };
}
