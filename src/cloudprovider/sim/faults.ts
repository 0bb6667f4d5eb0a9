/**
 * Faults injected into the simulated EC2 from tests and the dashboard:
 * capacity outages per offering pattern, failing launches and slow boots.
 * Interruption-type faults act on instances and live in the provider.
 */
import type { CapacityType } from '../../apis/well-known-labels.js';

/** An offering pattern: absent fields match anything. */
export interface OfferingPattern {
  readonly instanceType?: string;
  readonly zone?: string;
  readonly capacityType?: CapacityType;
}

/** A capacity outage of the matching offerings until `until`. */
export interface CapacityOutage extends OfferingPattern {
  readonly id: string;
  readonly until: Date;
}

/** A queued launch failure. */
export interface LaunchFailure {
  readonly code: string;
  readonly message: string;
}

/** The fault state of one simulated EC2 (mutable, owned by the provider). */
export class SimFaults {
  private outages: CapacityOutage[] = [];
  private launchFailures: LaunchFailure[] = [];
  private slowBoot: { extraMs: number; remaining: number } | undefined;
  private seq = 0;

  /** Adds an outage; returns its id. */
  addOutage(pattern: OfferingPattern, until: Date): string {
    const id = `ice-${++this.seq}`;
    this.outages.push({ ...pattern, id, until });
    return id;
  }

  /** Is the offering out of capacity at `now`? */
  isOutOfCapacity(instanceType: string, zone: string, capacityType: CapacityType, now: Date): boolean {
    this.outages = this.outages.filter((outage) => outage.until.getTime() > now.getTime());
    return this.outages.some(
      (o) =>
        (o.instanceType ?? instanceType) === instanceType && (o.zone ?? zone) === zone && (o.capacityType ?? capacityType) === capacityType,
    );
  }

  /** Queues `count` launch failures. */
  failLaunches(count: number, failure: LaunchFailure): void {
    for (let i = 0; i < count; i++) this.launchFailures.push(failure);
  }

  /** Takes the next queued launch failure, if any. */
  takeLaunchFailure(): LaunchFailure | undefined {
    return this.launchFailures.shift();
  }

  /** Makes the next `count` launches boot `extraMs` slower. */
  slowBoots(extraMs: number, count: number): void {
    this.slowBoot = { extraMs, remaining: count };
  }

  /** The extra boot delay for the next launch (consumes one slow boot). */
  takeBootDelay(): number {
    if (this.slowBoot === undefined || this.slowBoot.remaining <= 0) return 0;
    this.slowBoot.remaining--;
    return this.slowBoot.extraMs;
  }

  /** The active outages (for the dashboard). */
  activeOutages(now: Date): CapacityOutage[] {
    return this.outages.filter((outage) => outage.until.getTime() > now.getTime());
  }

  /** Removes every fault. */
  clear(): void {
    this.outages = [];
    this.launchFailures = [];
    this.slowBoot = undefined;
  }
}
