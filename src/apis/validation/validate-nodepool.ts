/**
 * Validation of a `karpenter.sh/v1` NodePool: the CRD schema, its CEL rules
 * and Karpenter's runtime checks (https://karpenter.sh/docs/concepts/nodepools/).
 */
import type { PathSegment, RawProblem } from '../problem.js';
import { ProblemList } from '../problem.js';
import { cronScheduleError } from './cron.js';
import { checkLabelKey, labelValueError } from './labels.js';
import { checkTopLevel, topLevelSchema } from './metadata.js';
import { NODEPOOL_SPEC_SCHEMA } from './nodepool-schema.js';
import { BUDGET_SCHEDULE_SHAPE } from './patterns.js';
import { checkRequirements } from './requirements.js';
import { isRecord } from './schema.js';
import { checkTaints } from './taints.js';

const SCHEMA = topLevelSchema(NODEPOOL_SPEC_SCHEMA);
const TEMPLATE: PathSegment[] = ['spec', 'template'];

function checkTemplateLabels(labels: unknown, problems: ProblemList): void {
  if (!isRecord(labels)) return;
  for (const [key, value] of Object.entries(labels)) {
    const at = [...TEMPLATE, 'metadata', 'labels', key];
    checkLabelKey(key, at, problems);
    if (typeof value !== 'string') {
      problems.error(at, 'invalid-type', `label value must be a string, got ${JSON.stringify(value)}`, `quote it: "${String(value)}"`);
    } else if (labelValueError(value) !== undefined) {
      problems.error(at, 'invalid-label-value', `invalid label value "${value}": ${labelValueError(value)}`);
    }
  }
}

function checkBudget(budget: unknown, at: readonly PathSegment[], problems: ProblemList): void {
  if (!isRecord(budget)) return;
  const hasSchedule = budget.schedule !== undefined && budget.schedule !== null;
  const hasDuration = budget.duration !== undefined && budget.duration !== null;
  if (hasSchedule && !hasDuration) {
    problems.error([...at, 'duration'], 'schedule-needs-duration', 'a budget with a schedule needs a duration', 'add e.g. duration: 8h');
  }
  if (hasDuration && !hasSchedule) {
    problems.error(
      [...at, 'schedule'],
      'duration-needs-schedule',
      'a budget with a duration needs a schedule',
      'add e.g. schedule: "0 9 * * mon-fri"',
    );
  }
  if (typeof budget.schedule !== 'string') return;
  const cronError = BUDGET_SCHEDULE_SHAPE.test(budget.schedule)
    ? cronScheduleError(budget.schedule)
    : 'expected 5 fields (minute hour day-of-month month day-of-week) or a descriptor such as @daily';
  if (cronError !== undefined) problems.error([...at, 'schedule'], 'invalid-cron', `invalid schedule "${budget.schedule}": ${cronError}`);
}

function checkDisruption(spec: Record<string, unknown>, problems: ProblemList): void {
  const disruption = spec.disruption;
  if (!isRecord(disruption) || !Array.isArray(disruption.budgets)) return;
  for (const [index, budget] of disruption.budgets.entries()) checkBudget(budget, ['spec', 'disruption', 'budgets', index], problems);
}

function checkStaticPool(spec: Record<string, unknown>, problems: ProblemList): void {
  if (spec.replicas === undefined || spec.replicas === null) return;
  if (spec.weight !== undefined)
    problems.error(['spec', 'weight'], 'static-weight', 'a static NodePool (spec.replicas set) must not set weight');
  if (isRecord(spec.limits)) {
    for (const key of Object.keys(spec.limits)) {
      if (key !== 'nodes')
        problems.error(['spec', 'limits', key], 'static-limits', `a static NodePool (spec.replicas set) may only limit nodes, not ${key}`);
    }
  }
}

function checkTemplate(spec: Record<string, unknown>, problems: ProblemList): void {
  const template = spec.template;
  if (!isRecord(template)) return;
  if (isRecord(template.metadata)) checkTemplateLabels(template.metadata.labels, problems);
  const templateSpec = template.spec;
  if (!isRecord(templateSpec)) return;
  checkRequirements(templateSpec.requirements, [...TEMPLATE, 'spec', 'requirements'], { checkRestricted: true }, problems);
  checkTaints(templateSpec, [...TEMPLATE, 'spec'], problems);
}

/** Every problem of one NodePool object (already converted to v1). */
export function validateNodePool(object: Record<string, unknown>): RawProblem[] {
  const problems = new ProblemList();
  checkTopLevel(object, SCHEMA, problems);
  const spec = object.spec;
  if (isRecord(spec)) {
    checkTemplate(spec, problems);
    checkDisruption(spec, problems);
    checkStaticPool(spec, problems);
  }
  return problems.toArray();
}
