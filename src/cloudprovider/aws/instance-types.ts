/**
 * Instance types from EC2 itself (https://karpenter.sh/docs/reference/instance-types/): DescribeInstanceTypes
 * (hvm, x86_64/arm64) and DescribeInstanceTypeOfferings by zone, both
 * paginated and refreshed every 12 h; built into InstanceTypes per NodeClass
 * with prices from {@link AwsPricing} and availability from the ICE cache.
 */
import { paginateDescribeInstanceTypeOfferings, paginateDescribeInstanceTypes, type EC2Client } from '@aws-sdk/client-ec2';
import type { EC2NodeClass } from '../../apis/ec2nodeclass.js';
import { ec2InstanceTypes, type Ec2Catalog, type Ec2InstanceType, type InstanceTypeInfo } from '../catalog/index.js';
import type { UnavailableOfferings } from '../launch/unavailable-offerings.js';
import { amiFamilyOf } from '../nodeclass/hash.js';
import { fromDescribeInstanceType } from './instance-type-info.js';
import type { AwsPricing } from './pricing.js';

/** How often instance types and offerings are re-read. */
export const INSTANCE_TYPES_REFRESH_MS = 12 * 3_600_000;
/** How long computed instance types are reused. */
export const COMPUTED_TTL_MS = 5 * 60_000;

/** Reads and caches EC2's instance types and where each is offered. */
export class AwsInstanceTypes {
  private infos: InstanceTypeInfo[] = [];
  private zones = new Map<string, string[]>();
  private refreshedAt: number | undefined;
  private version = 0;
  private readonly computed = new Map<string, { at: number; types: Ec2InstanceType[] }>();

  /** Uses `ec2` for the describe calls, the catalog for facts EC2 does not return. */
  constructor(
    private readonly deps: {
      readonly ec2: EC2Client;
      readonly catalog: Ec2Catalog;
      readonly pricing: AwsPricing;
      readonly ice: UnavailableOfferings;
      readonly now: () => Date;
    },
    private readonly options: { readonly region: string; readonly vmMemoryOverheadPercent?: number; readonly reservedENIs?: number },
  ) {}

  /** Re-reads types and offerings from EC2. */
  async refresh(): Promise<void> {
    const infos: InstanceTypeInfo[] = [];
    const catalogEntries = new Map(this.deps.catalog.entries.map((entry) => [entry.name, entry]));
    const typePages = paginateDescribeInstanceTypes(
      { client: this.deps.ec2, pageSize: 100 },
      {
        Filters: [
          { Name: 'supported-virtualization-type', Values: ['hvm'] },
          { Name: 'processor-info.supported-architecture', Values: ['x86_64', 'arm64'] },
        ],
      },
    );
    for await (const page of typePages) {
      for (const info of page.InstanceTypes ?? []) {
        const known = catalogEntries.get(info.InstanceType ?? '');
        const mapped = fromDescribeInstanceType(info, { networkBandwidthMbps: known?.networkBandwidthMbps, podEni: known?.podEni });
        if (mapped !== undefined) infos.push(mapped);
      }
    }
    const zones = new Map<string, string[]>();
    const offeringPages = paginateDescribeInstanceTypeOfferings(
      { client: this.deps.ec2, pageSize: 1000 },
      { LocationType: 'availability-zone' },
    );
    for await (const page of offeringPages) {
      for (const offering of page.InstanceTypeOfferings ?? []) {
        if (offering.InstanceType === undefined || offering.Location === undefined) continue;
        zones.set(offering.InstanceType, [...(zones.get(offering.InstanceType) ?? []), offering.Location]);
      }
    }
    this.infos = infos;
    this.zones = zones;
    this.refreshedAt = this.deps.now().getTime();
    this.version++;
    this.computed.clear();
  }

  /** Refreshes when never done or older than 12 h. */
  async ensureFresh(): Promise<void> {
    if (this.refreshedAt === undefined || this.deps.now().getTime() - this.refreshedAt >= INSTANCE_TYPES_REFRESH_MS) await this.refresh();
  }

  /** The InstanceTypes for a NodeClass whose status lists its subnets' zones (cached 5 min per NodeClass, prices and ICE state). */
  async forNodeClass(nodeClass: EC2NodeClass): Promise<Ec2InstanceType[]> {
    await this.ensureFresh();
    const now = this.deps.now().getTime();
    this.deps.ice.cleanup();
    const key = JSON.stringify([
      nodeClass.spec,
      nodeClass.status?.subnets,
      this.version,
      this.deps.ice.sequence,
      this.deps.pricing.version,
    ]);
    const cached = this.computed.get(key);
    if (cached !== undefined && now - cached.at < COMPUTED_TTL_MS) return cached.types;
    const types = this.build(nodeClass);
    this.computed.clear();
    this.computed.set(key, { at: now, types });
    return types;
  }

  private build(nodeClass: EC2NodeClass): Ec2InstanceType[] {
    const subnets = nodeClass.status?.subnets ?? [];
    const zones = [...new Set(subnets.map((subnet) => subnet.zone))].sort();
    const zoneIDs = Object.fromEntries(subnets.flatMap((subnet) => (subnet.zoneID === undefined ? [] : [[subnet.zone, subnet.zoneID]])));
    const { pricing, ice } = this.deps;
    return ec2InstanceTypes({
      region: this.options.region,
      zones,
      infos: this.infos,
      nodeClass: { ...nodeClass.spec, amiFamily: amiFamilyOf(nodeClass) as EC2NodeClass['spec']['amiFamily'] },
      vmMemoryOverheadPercent: this.options.vmMemoryOverheadPercent,
      reservedENIs: this.options.reservedENIs,
      zonesFor: (name) => this.zones.get(name) ?? [],
      zoneIDs,
      price: (name, zone, capacityType) => pricing.price(name, zone, capacityType),
      isAvailable: (name, zone, capacityType) => !ice.isUnavailable(capacityType, name, zone),
      priceSource: pricing.priceSource,
    });
  }
}
