/**
 * Instance types as the simulated EC2 offers them to one NodeClass: the
 * catalog built with the NodeClass's kubelet and block devices (cached per
 * NodeClass settings), with offerings re-priced every simulated hour and
 * re-checked against the ICE cache whenever it changes.
 */
import type { EC2NodeClass } from '../../apis/ec2nodeclass.js';
import { buildOfferings, ec2InstanceTypes, type Ec2Catalog, type Ec2InstanceType, type Ec2InstanceTypesOptions } from '../catalog/index.js';
import type { UnavailableOfferings } from '../launch/unavailable-offerings.js';
import { amiFamilyOf } from '../nodeclass/hash.js';
import type { Clock } from './clock.js';
import type { SimMarket } from './market.js';

const HOUR = 3_600_000;

/** Builds and caches the simulated instance types. */
export class SimInstanceTypes {
  private epoch = '';
  private readonly base = new Map<string, { options: Ec2InstanceTypesOptions; types: Ec2InstanceType[] }>();
  private readonly priced = new Map<string, Ec2InstanceType[]>();

  /** Reads prices from `market`, availability from `ice`, time from `clock`. */
  constructor(
    private readonly deps: {
      readonly clock: Clock;
      readonly market: SimMarket;
      readonly ice: UnavailableOfferings;
      readonly catalog: Ec2Catalog;
    },
    private readonly filter?: (name: string) => boolean,
  ) {}

  private baseTypes(
    nodeClass: EC2NodeClass | undefined,
    zones: readonly string[],
    key: string,
  ): { options: Ec2InstanceTypesOptions; types: Ec2InstanceType[] } {
    const cached = this.base.get(key);
    if (cached !== undefined) return cached;
    const { market, catalog } = this.deps;
    const options: Ec2InstanceTypesOptions = {
      region: market.region,
      zones,
      catalog,
      infos: this.filter === undefined ? catalog.infos : catalog.infos.filter((info) => this.filter!(info.name)),
      nodeClass:
        nodeClass === undefined ? undefined : { ...nodeClass.spec, amiFamily: amiFamilyOf(nodeClass) as EC2NodeClass['spec']['amiFamily'] },
      zonesFor: (name) => market.zonesFor(name),
      zoneIDs: market.zoneIDs,
      price: (name) => market.onDemandPrice(name),
    };
    const built = { options, types: ec2InstanceTypes(options) };
    this.base.set(key, built);
    return built;
  }

  /** The types for a NodeClass (undefined: default AL2023 settings) restricted to `zones`. */
  forNodeClass(nodeClass: EC2NodeClass | undefined, zones: readonly string[] = this.deps.market.zones): Ec2InstanceType[] {
    const { clock, market, ice } = this.deps;
    const now = clock.now();
    ice.cleanup();
    const epoch = `${Math.floor(now.getTime() / HOUR)}:${ice.sequence}`;
    if (epoch !== this.epoch) {
      this.priced.clear();
      this.epoch = epoch;
    }
    const spec = nodeClass?.spec;
    const key = JSON.stringify([
      spec?.kubelet,
      spec?.blockDeviceMappings,
      spec?.amiFamily,
      spec?.amiSelectorTerms,
      spec?.instanceStorePolicy,
      zones,
    ]);
    const cached = this.priced.get(key);
    if (cached !== undefined) return cached;
    const { options, types } = this.baseTypes(nodeClass, zones, key);
    const priceOptions: Ec2InstanceTypesOptions = {
      ...options,
      isAvailable: (name, zone, capacityType) => !ice.isUnavailable(capacityType, name, zone),
    };
    const price = (name: string, zone: string, capacityType: Parameters<SimMarket['price']>[2]) =>
      market.price(name, zone, capacityType, now);
    const priced = types.map((type) => ({ ...type, offerings: buildOfferings(type.info, priceOptions, price) }));
    this.priced.set(key, priced);
    return priced;
  }
}
