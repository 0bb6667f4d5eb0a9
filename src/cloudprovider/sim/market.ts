/**
 * The simulated EC2 market of one region: three zones, some instance types
 * missing in some zones, catalog on-demand prices and spot prices that sit
 * 50–85 % below on-demand and drift slowly with simulated time. Everything
 * is a pure function of the seed (and the time, for spot).
 */
import type { CapacityType } from '../../apis/well-known-labels.js';
import type { Ec2Catalog } from '../catalog/index.js';
import { unitHash } from './seeded.js';

/** Options of {@link SimMarket}. */
export interface SimMarketOptions {
  readonly region: string;
  readonly seed: number;
  readonly catalog: Ec2Catalog;
  /** Fraction of (type, zone) pairs not offered. @default 0.08 */
  readonly missingFraction?: number;
  /** @default 3 */
  readonly zoneCount?: number;
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const MIN_DISCOUNT = 0.5;
const MAX_DISCOUNT = 0.85;

/** Deterministic prices and availability zones for the simulated EC2. */
export class SimMarket {
  readonly region: string;
  readonly zones: readonly string[];
  readonly zoneIDs: Readonly<Record<string, string>>;
  private readonly seed: number;
  private readonly catalog: Ec2Catalog;
  private readonly missingFraction: number;
  private readonly offeredZones = new Map<string, readonly string[]>();

  /** Builds the market for one region. */
  constructor(options: SimMarketOptions) {
    this.region = options.region;
    this.seed = options.seed;
    this.catalog = options.catalog;
    this.missingFraction = options.missingFraction ?? 0.08;
    const letters = 'abcdef'.slice(0, options.zoneCount ?? 3).split('');
    this.zones = letters.map((letter) => `${options.region}${letter}`);
    const short = options.region.replace(/^(\w)\w*-(\w)\w*-(\d+)$/, '$1$2$3');
    this.zoneIDs = Object.fromEntries(this.zones.map((zone, i) => [zone, `${short}-az${i + 1}`]));
  }

  /** The zones a type is offered in (at least one; which ones depends on the seed). */
  zonesFor(instanceType: string): readonly string[] {
    const cached = this.offeredZones.get(instanceType);
    if (cached !== undefined) return cached;
    const scored = this.zones.map((zone) => ({ zone, score: unitHash(this.seed, 'zone', instanceType, zone) }));
    let offered = scored.filter((entry) => entry.score >= this.missingFraction).map((entry) => entry.zone);
    if (offered.length === 0) offered = [scored.reduce((best, entry) => (entry.score > best.score ? entry : best)).zone];
    this.offeredZones.set(instanceType, offered);
    return offered;
  }

  /** On-demand USD/hour (the catalog's us-east-1 price, whatever the region). */
  onDemandPrice(instanceType: string): number | undefined {
    return this.catalog.onDemandPrice(instanceType);
  }

  /** The spot discount (0.50–0.85) of a (type, zone) at `now`, moving hourly along a slow wave. */
  spotDiscount(instanceType: string, zone: string, now: Date): number {
    const base = MIN_DISCOUNT + 0.05 + (MAX_DISCOUNT - MIN_DISCOUNT - 0.1) * unitHash(this.seed, 'spot', instanceType, zone);
    const period = (3 + 7 * unitHash(this.seed, 'period', instanceType, zone)) * DAY;
    const phase = 2 * Math.PI * unitHash(this.seed, 'phase', instanceType, zone);
    const hour = Math.floor(now.getTime() / HOUR) * HOUR;
    const discount = base + 0.05 * Math.sin((2 * Math.PI * hour) / period + phase);
    return Math.min(MAX_DISCOUNT, Math.max(MIN_DISCOUNT, discount));
  }

  /** Spot USD/hour of a (type, zone) at `now`. */
  spotPrice(instanceType: string, zone: string, now: Date): number | undefined {
    const onDemand = this.onDemandPrice(instanceType);
    if (onDemand === undefined) return undefined;
    return Math.round(onDemand * (1 - this.spotDiscount(instanceType, zone, now)) * 1e5) / 1e5;
  }

  /** The price of an offering at `now`, undefined when the type is not offered in the zone. */
  price(instanceType: string, zone: string, capacityType: CapacityType, now: Date): number | undefined {
    if (!this.zonesFor(instanceType).includes(zone)) return undefined;
    if (capacityType === 'spot') return this.spotPrice(instanceType, zone, now);
    if (capacityType === 'on-demand') return this.onDemandPrice(instanceType);
    return undefined;
  }
}
