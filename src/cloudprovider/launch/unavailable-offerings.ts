/**
 * The ICE cache (aws/karpenter-provider-aws pkg/providers/instance CreateFleet launch): offerings that just failed with an
 * insufficient-capacity error are unavailable for 3 minutes, keyed by
 * (capacity type, instance type, zone). A sequence number changes on every
 * mark so callers can rebuild cached offerings.
 */
import type { CapacityType } from '../../apis/well-known-labels.js';

/** How long an offering stays unavailable after an ICE error. */
export const UNAVAILABLE_OFFERINGS_TTL_MS = 3 * 60_000;

/** One unavailable-offering entry, for display. */
export interface UnavailableOffering {
  readonly capacityType: CapacityType;
  readonly instanceType: string;
  readonly zone: string;
  readonly until: Date;
  readonly reason: string;
}

/** Offerings marked unavailable until a deadline on an injected clock. */
export class UnavailableOfferings {
  private readonly entries = new Map<string, UnavailableOffering>();
  private readonly unavailableCapacityTypes = new Map<CapacityType, Date>();
  private seq = 0;

  /** Uses `now` as its clock. */
  constructor(
    private readonly now: () => Date,
    private readonly ttlMs = UNAVAILABLE_OFFERINGS_TTL_MS,
  ) {}

  private static key(capacityType: string, instanceType: string, zone: string): string {
    return `${capacityType}:${instanceType}:${zone}`;
  }

  /** Marks one offering unavailable for the TTL. */
  mark(capacityType: CapacityType, instanceType: string, zone: string, reason: string): void {
    const until = new Date(this.now().getTime() + this.ttlMs);
    this.entries.set(UnavailableOfferings.key(capacityType, instanceType, zone), { capacityType, instanceType, zone, until, reason });
    this.seq++;
  }

  /** Marks a whole capacity type unavailable (e.g. spot without the service-linked role). */
  markCapacityType(capacityType: CapacityType): void {
    this.unavailableCapacityTypes.set(capacityType, new Date(this.now().getTime() + this.ttlMs));
    this.seq++;
  }

  /** Is this offering currently marked unavailable? */
  isUnavailable(capacityType: CapacityType, instanceType: string, zone: string): boolean {
    const now = this.now().getTime();
    const whole = this.unavailableCapacityTypes.get(capacityType);
    if (whole !== undefined && whole.getTime() > now) return true;
    const entry = this.entries.get(UnavailableOfferings.key(capacityType, instanceType, zone));
    return entry !== undefined && entry.until.getTime() > now;
  }

  /** Drops expired entries; returns how many were dropped. */
  cleanup(): number {
    const now = this.now().getTime();
    let dropped = 0;
    for (const [key, entry] of this.entries) {
      if (entry.until.getTime() <= now) {
        this.entries.delete(key);
        dropped++;
      }
    }
    if (dropped > 0) this.seq++;
    return dropped;
  }

  /** The live entries, soonest expiry first. */
  list(): UnavailableOffering[] {
    this.cleanup();
    return [...this.entries.values()].sort((a, b) => a.until.getTime() - b.until.getTime());
  }

  /** Changes whenever an entry is added or expires. */
  get sequence(): number {
    return this.seq;
  }
}
