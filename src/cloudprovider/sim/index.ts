/** The simulated EC2 CloudProvider, its clock and its fault-injection API. */
export { SimCloudProvider } from './sim-cloud-provider.js';
export type { SimCloudProviderOptions, SimCloudProviderDeps } from './sim-cloud-provider.js';
export { SimControls } from './sim-controls.js';
export type { Clock } from './clock.js';
export { SimMarket } from './market.js';
export type { SimInstance, SimInstanceState, InstanceChange, InstanceListener } from './instances.js';
export type { OfferingPattern, CapacityOutage } from './faults.js';
export { SPOT_INTERRUPTION_NOTICE_MS } from './interruptions.js';
export { simNodeClassStatus, resolveSimNodeClass } from './nodeclass.js';
export type { SimNodeClassResolution } from './nodeclass.js';
