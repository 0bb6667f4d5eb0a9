/**
 * Prices for the AWS provider (https://aws.amazon.com/ec2/pricing/ and the AWS Price List API): on-demand from the
 * catalog's us-east-1 table until `pricing:GetProducts` answers, spot from
 * `DescribeSpotPriceHistory` (before the first spot refresh a spot offering
 * costs the on-demand price; after it, a zone without data has no price).
 */
import { paginateDescribeSpotPriceHistory, type EC2Client } from '@aws-sdk/client-ec2';
import { paginateGetProducts, type PricingClient } from '@aws-sdk/client-pricing';
import type { CapacityType } from '../../apis/well-known-labels.js';
import type { Ec2Catalog, PriceSource } from '../catalog/index.js';

/** Prices of one region, refreshed from the AWS APIs. */
export class AwsPricing {
  private onDemand = new Map<string, number>();
  private spot: Map<string, Map<string, number>> | undefined;
  private source: PriceSource = 'catalog-us-east-1';
  /** Changes whenever prices change (callers key caches on it). */
  version = 0;

  /** Starts from the catalog's static prices. */
  constructor(
    private readonly deps: {
      readonly ec2: EC2Client;
      readonly pricing: PricingClient;
      readonly catalog: Ec2Catalog;
      readonly now: () => Date;
    },
    private readonly region: string,
  ) {}

  /** Where the on-demand prices currently come from. */
  get priceSource(): PriceSource {
    return this.source;
  }

  /** True once a spot price refresh has succeeded. */
  get hasSpotPrices(): boolean {
    return this.spot !== undefined;
  }

  /** On-demand USD/hour: the Pricing API's when it answered for this type, else the catalog's us-east-1 price. */
  onDemandPrice(instanceType: string): number | undefined {
    return this.onDemand.get(instanceType) ?? this.deps.catalog.onDemandPrice(instanceType);
  }

  /** The price of an offering, undefined when unknown. */
  price(instanceType: string, zone: string, capacityType: CapacityType): number | undefined {
    if (capacityType === 'on-demand') return this.onDemandPrice(instanceType);
    if (capacityType !== 'spot') return undefined;
    if (this.spot === undefined) return this.onDemandPrice(instanceType);
    return this.spot.get(instanceType)?.get(zone);
  }

  /** Refreshes on-demand prices from `pricing:GetProducts` (shared and bare-metal queries); merges over old data. */
  async refreshOnDemand(): Promise<number> {
    const base = [
      ['regionCode', this.region],
      ['serviceCode', 'AmazonEC2'],
      ['preInstalledSw', 'NA'],
      ['operatingSystem', 'Linux'],
      ['capacitystatus', 'Used'],
      ['marketoption', 'OnDemand'],
    ];
    const queries = [
      [...base, ['tenancy', 'Shared'], ['productFamily', 'Compute Instance']],
      [...base, ['tenancy', 'Dedicated'], ['productFamily', 'Compute Instance (bare metal)']],
    ];
    const found = new Map<string, number>();
    await Promise.all(
      queries.map(async (filters) => {
        const pages = paginateGetProducts(
          { client: this.deps.pricing, pageSize: 100 },
          { ServiceCode: 'AmazonEC2', Filters: filters.map(([Field, Value]) => ({ Type: 'TERM_MATCH', Field, Value })) },
        );
        for await (const page of pages) for (const item of page.PriceList ?? []) readProduct(item, found);
      }),
    );
    if (found.size > 0) {
      this.onDemand = new Map([...this.onDemand, ...found]);
      this.source = 'aws-pricing-api';
      this.version++;
    }
    return found.size;
  }

  /** Refreshes spot prices (latest per type and zone) from `DescribeSpotPriceHistory`. */
  async refreshSpot(): Promise<number> {
    const next = new Map<string, Map<string, number>>();
    const pages = paginateDescribeSpotPriceHistory(
      { client: this.deps.ec2, pageSize: 2000 },
      { ProductDescriptions: ['Linux/UNIX', 'Linux/UNIX (Amazon VPC)'], StartTime: this.deps.now() },
    );
    let count = 0;
    for await (const page of pages) {
      for (const entry of page.SpotPriceHistory ?? []) {
        const price = Number(entry.SpotPrice);
        if (entry.InstanceType === undefined || entry.AvailabilityZone === undefined || !Number.isFinite(price)) continue;
        const zones = next.get(entry.InstanceType) ?? new Map<string, number>();
        if (!zones.has(entry.AvailabilityZone)) {
          zones.set(entry.AvailabilityZone, price);
          count++;
        }
        next.set(entry.InstanceType, zones);
      }
    }
    this.spot = next;
    this.version++;
    return count;
  }
}

function readProduct(item: string, into: Map<string, number>): void {
  let product: {
    product?: { attributes?: { instanceType?: string } };
    terms?: { OnDemand?: Record<string, { priceDimensions?: Record<string, { pricePerUnit?: Record<string, string> }> }> };
  };
  try {
    product = JSON.parse(item);
  } catch {
    return;
  }
  const instanceType = product.product?.attributes?.instanceType;
  if (instanceType === undefined) return;
  for (const term of Object.values(product.terms?.OnDemand ?? {})) {
    for (const dimension of Object.values(term.priceDimensions ?? {})) {
      const price = Number(dimension.pricePerUnit?.USD ?? dimension.pricePerUnit?.CNY);
      if (Number.isFinite(price) && price > 0) into.set(instanceType, price);
    }
  }
}
