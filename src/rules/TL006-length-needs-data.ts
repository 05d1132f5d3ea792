import { fileOrigin } from './origin.ts';
import type { Rule } from './rule.ts';

export const lengthNeedsData: Rule = {
  id: 'TL006',
  name: 'length-needs-data',
  defaultSeverity: 'info',
  summary: "The run's length depends on something outside the config (the dataset size), so the schedule was not simulated.",
  check({ planProblem }) {
    if (!planProblem || planProblem.kind !== 'needs-data') return [];
    return [{ at: planProblem.at ?? fileOrigin(), message: `${planProblem.message}.`, data: {} }];
  },
};
