/**
 * Instance types as the simulated EC2 offers them to one NodeClass: the
 * catalog built with the NodeClass's kubelet and block devices, offered in
 * the market's zones at market prices, minus ICE-marked offerings. Cached
 * per NodeClass settings, price hour and ICE sequence.
 */
import type { EC2NodeClass } from '../../apis/ec2nodeclass.js';
import { ec2InstanceTypes, type Ec2Catalog, type Ec2InstanceType } from '../catalog/index.js';
import type { UnavailableOfferings } from '../launch/unavailable-offerings.js';
import type { Clock } from './clock.js';
import type { SimMarket } from './market.js';

const HOUR = 3_600_000;

/** Builds and caches the simulated instance types. */
export class SimInstanceTypes {
  private cacheKey = '';
  private readonly cache = new Map<string, Ec2InstanceType[]>();

  /** Reads prices from `market`, availability from `ice`, time from `clock`. */
  constructor(
    private readonly deps: { readonly clock: Clock; readonly market: SimMarket; readonly ice: UnavailableOfferings; readonly catalog: Ec2Catalog },
    private readonly filter?: (name: string) => boolean,
  ) {}

  /** The types for a NodeClass (undefined: default AL2023 settings) restricted to `zones`. */
  forNodeClass(nodeClass: EC2NodeClass | undefined, zones: readonly string[] = this.deps.market.zones): Ec2InstanceType[] {
    const now = this.deps.clock.now();
    const epoch = `${Math.floor(now.getTime() / HOUR)}:${this.deps.ice.sequence}`;
    if (epoch !== this.cacheKey) {
      this.deps.ice.cleanup();
      this.cache.clear();
      this.cacheKey = `${Math.floor(now.getTime() / HOUR)}:${this.deps.ice.sequence}`;
    }
    const spec = nodeClass?.spec;
    const key = JSON.stringify([spec?.kubelet, spec?.blockDeviceMappings, spec?.amiFamily, spec?.amiSelectorTerms, spec?.instanceStorePolicy, zones]);
    const cached = this.cache.get(key);
    if (cached !== undefined) return cached;
    const { market, ice, catalog } = this.deps;
    const infos = this.filter === undefined ? catalog.infos : catalog.infos.filter((info) => this.filter!(info.name));
    const built = ec2InstanceTypes({
      region: market.region,
      zones,
      catalog,
      infos,
      nodeClass: spec === undefined ? undefined : { ...spec, amiFamily: amiFamilyFor(nodeClass!) },
      zonesFor: (name) => market.zonesFor(name),
      zoneIDs: market.zoneIDs,
      price: (name, zone, capacityType) => market.price(name, zone, capacityType, now),
      isAvailable: (name, zone, capacityType) => !ice.isUnavailable(capacityType, name, zone),
    });
    this.cache.set(key, built);
    return built;
  }
}

function amiFamilyFor(nodeClass: EC2NodeClass): EC2NodeClass['spec']['amiFamily'] {
  const alias = nodeClass.spec.amiSelectorTerms.find((term) => term.alias !== undefined)?.alias;
  const families: Record<string, NonNullable<EC2NodeClass['spec']['amiFamily']>> = {
    al2: 'AL2',
    al2023: 'AL2023',
    bottlerocket: 'Bottlerocket',
    windows2019: 'Windows2019',
    windows2022: 'Windows2022',
    windows2025: 'Windows2025',
  };
  return (alias === undefined ? undefined : families[alias.split('@')[0].toLowerCase()]) ?? nodeClass.spec.amiFamily ?? 'AL2023';
}
