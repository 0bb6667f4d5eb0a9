/**
 * The report `karpd plan` prints and a CI job posts on a pull request, one
 * import for the CLI: the {@link ClusterPlan} data, its exit code (as
 * `flux diff`: 0 nothing to do, 1 changes, 2 an error) and the text, markdown
 * and JSON formats.
 */
export type { ClusterPlan, PlanExitCode, PlanOutcome } from './plan.js';
export { planExitCode, planOutcome, isChange } from './plan.js';
export { formatPlanText } from './plan-text.js';
export { formatPlanMarkdown, PLAN_MARKDOWN_MARKER } from './plan-markdown.js';
export { formatPlanJson, planJson, PLAN_JSON_FORMAT_VERSION } from './plan-json.js';
export type { PlanJson, PlanJsonCluster, PlanJsonObject } from './plan-json.js';
