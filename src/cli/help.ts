// The command line's help texts: `trainlint --help`, `trainlint help [COMMAND]`, `trainlint COMMAND --help`.
import { DIALECTS } from '../dialects/index.ts';

export const DEFAULT_JSON_SAMPLES = 200;

const EXIT_CODES = `Exit codes:
  0  nothing at or above --fail-on
  1  at least one finding at or above --fail-on
  2  usage error (unknown option, a path or glob that matches nothing, an unwritable --output) or internal failure`;

const CHECK = `Usage: trainlint [check] [PATH|GLOB ...] [options]

Reviews training configs: each file, folder (discovered) or glob given, or every training config under . when none is.
A path or glob that matches no file is a usage error (exit 2).

Options:
  --base REF                 also review each file as it was at git REF and compare (before -> after)
  --format FORMAT            text (default), json, markdown, sarif or github; TRAINLINT_FORMAT sets the default
  --output FILE              write the report to FILE instead of stdout (its folder must exist)
  --fail-on SEVERITY         error (default), warning, info or never: the lowest severity that exits 1
  --config FILE              project settings (default .trainlint.yml when present)
  --curves all|findings|none text: whose LR curve to draw (default: files with an error or a warning; the file's
                             own curve when a single file is reviewed)
  -q, --quiet                text: the findings only (no curves, no file list, no totals)
  --samples N                json: at most about N sampled points per curve (default ${DEFAULT_JSON_SAMPLES}), plus the exact LR
                             at every phase boundary
  --baseline FILE            findings recorded in FILE are listed as existing and not counted toward --fail-on
                             (default .trainlint-baseline.json when present); stale entries are reported
  --write-baseline FILE      record every finding of this run in FILE
  --hub                      look up the row counts of Hugging Face Hub datasets the configs name (dataset viewer
                             /size; only the name is sent; also hub: true in .trainlint.yml)
  -u, --ignore-unknown       skip named files that are not training configs, as discovery does (for hooks)
  --no-color                 no colour (colour is used only on a terminal, and never when NO_COLOR is set)

${EXIT_CODES}`;

const PLOT = `Usage: trainlint plot FILE [options]

Prints the LR curve of one config: as a chart, or as (step, lr) points.

Options:
  --base REF                 draw the curve at git REF too
  --width N, --height N      chart size in characters
  --config FILE              project settings (default .trainlint.yml when present)
  --format text|json         json: {"path", "dialect", "totalSteps", "points": [[step, lr], ...]}
  --at STEP,STEP,...         with --format json: the LR exactly these optimizer updates use (0-based)`;

const EXPLAIN = `Usage: trainlint explain RULE

Prints a rule's documentation; RULE is its id (TL101) or its name (decay-ends-before-training).`;

const SCHEMA = `Usage: trainlint schema DIALECT

Prints a dialect's JSON Schema (${DIALECTS.map((d) => d.id).join(', ')}), or the settings file's (trainlint-config).`;

export function mainHelp(version: string): string {
  return `trainlint ${version}: reviews ML training configs and their learning-rate schedules

Usage:
  trainlint [check] [PATH|GLOB ...]   review files (default: discover training configs under .)
  trainlint plot FILE                 print a config's LR curve
  trainlint explain RULE              a rule's documentation (id or name)
  trainlint schema DIALECT            a dialect's JSON Schema
  trainlint help [COMMAND]            this help, or a command's options (check, plot, explain, schema)
  trainlint --version

Common check options: --format text|json|markdown|sarif|github, --output FILE, --fail-on error|warning|info|never,
--base REF, --config FILE, --curves all|findings|none, --quiet, --samples N, --no-color (see trainlint help check).

${EXIT_CODES}`;
}

export const COMMAND_HELP: Record<string, string> = { check: CHECK, plot: PLOT, explain: EXPLAIN, schema: SCHEMA };
