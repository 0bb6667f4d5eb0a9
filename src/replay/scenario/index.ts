/**
 * The pure public API of replay scenarios (docs/replay-scenarios.md): parse and expand. The disk reader,
 * `scenario-files.ts` (`loadScenario`), is this pure folder's one I/O edge and is imported directly by the CLI.
 */
export { cronFirings, MAX_FIRINGS } from './cron-firings.js';
export { expandWorkloads, jitteredRunMs, RUN_TIME_JITTER } from './expand-workloads.js';
export { MAX_PODS_PER_WORKLOAD, WORKLOAD_KINDS } from './parse-workload.js';
export { MAX_PODS_PER_SCENARIO, type ParseScenarioResult, parseScenario, ScenarioDefaults } from './parse-scenario.js';
export { burstStart, type ReplicaChange, replicaChanges, replicasAt } from './replay-clock.js';
export { MAX_DURATION_MS } from './scenario-fields.js';
export { SCENARIO_IMAGE } from './scenario-pods.js';
export { DAY_ZERO_EPOCH_MS, formatTimeOfDay, parseTimeOfDay } from './time-of-day.js';
