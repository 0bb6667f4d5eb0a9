/** Decorators that add behaviour around any CloudProvider. */
export { withMetrics } from './metrics.js';
export type { MetricsOptions } from './metrics.js';
