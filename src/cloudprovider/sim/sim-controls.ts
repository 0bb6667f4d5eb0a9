/**
 * The fault-injection API of the simulated EC2, as the dashboard, the agent
 * API and tests call it. Every call answers `{ ok }` or `{ ok: false, reason }`.
 */
import type { Check } from '../../scheduling/check.js';
import type { CapacityOutage, OfferingPattern } from './faults.js';
import type { SimInstance } from './instances.js';
import { interruptSpot, recommendRebalance, scheduleMaintenance, type InterruptionContext } from './interruptions.js';
import type { SimCloudProvider } from './sim-cloud-provider.js';

/** Fault injection on one {@link SimCloudProvider}. */
export class SimControls {
  /** Controls `sim`. */
  constructor(private readonly sim: SimCloudProvider) {}

  private context(): InterruptionContext {
    const sim = this.sim;
    return {
      clock: sim.clock,
      instances: sim.instances,
      bus: sim.bus,
      ice: sim.ice,
      terminateDelayMs: sim.terminateDelayMs,
      nextEventID: () => sim.nextEventID(),
    };
  }

  /** Makes the matching offerings fail with InsufficientInstanceCapacity for `durationMs`; returns the outage id. */
  insufficientCapacity(pattern: OfferingPattern & { durationMs: number }): string {
    const { durationMs, ...offering } = pattern;
    return this.sim.faults.addOutage(offering, new Date(this.sim.clock.now().getTime() + durationMs));
  }

  /** Makes the next `count` launches fail with a CreateError. */
  launchFailures(options: { count?: number; code?: string; message?: string } = {}): void {
    this.sim.faults.failLaunches(options.count ?? 1, {
      code: options.code ?? 'InternalError',
      message: options.message ?? 'simulated launch failure',
    });
  }

  /** Makes the next `count` launches boot `extraDelayMs` later than usual. */
  slowBoots(options: { extraDelayMs: number; count?: number }): void {
    this.sim.faults.slowBoots(options.extraDelayMs, options.count ?? 1);
  }

  /** A spot interruption warning for the instance; EC2 reclaims it two minutes later. */
  spotInterruption(idOrProviderID: string): Check {
    return interruptSpot(this.context(), idOrProviderID);
  }

  /** A rebalance recommendation for the instance (an event only). */
  rebalanceRecommendation(idOrProviderID: string): Check {
    return recommendRebalance(this.context(), idOrProviderID);
  }

  /** A scheduled-maintenance (AWS Health) notice; the instance is retired after `startsInMs` (default 1h) unless `retire: false`. */
  scheduledMaintenance(idOrProviderID: string, options: { startsInMs?: number; retire?: boolean } = {}): Check {
    return scheduleMaintenance(this.context(), idOrProviderID, options);
  }

  /** Publishes a new AMI for `@latest` aliases (nodes on the old one drift). */
  newAmi(): void {
    this.sim.publishNewAmi();
  }

  /** The active capacity outages. */
  outages(): CapacityOutage[] {
    return this.sim.faults.activeOutages(this.sim.clock.now());
  }

  /** Every instance the simulated EC2 knows (terminated ones for an hour). */
  instances(): SimInstance[] {
    return this.sim.instances.all();
  }

  /** Removes every injected fault (pending interruptions still run). */
  clear(): void {
    this.sim.faults.clear();
  }
}
