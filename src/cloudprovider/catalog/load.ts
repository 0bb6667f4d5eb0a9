/**
 * Reads `data/ec2-instance-types.json` once, on first use, and validates it
 * with zod. Nothing happens at import time, so commands that never touch the
 * catalog (e.g. `karpd --help`) do not pay for the 780 kB parse.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { catalogFileSchema, toInstanceTypeInfo, type CatalogEntry, type InstanceTypeInfo } from './schema.js';
import { AutoscalerError, hasError } from '../../apis/errors.js';

/** Where on-demand prices came from: the static table (us-east-1 for every region) or the live Pricing API. */
export type PriceSource = 'catalog-us-east-1' | 'aws-pricing-api';

/** The region whose static prices the catalog carries; used for every region until a live price answers. */
export const CATALOG_PRICE_REGION = 'us-east-1';

/** The loaded EC2 catalog: instance-type facts, on-demand prices and where they came from. */
export interface Ec2Catalog {
  readonly infos: readonly InstanceTypeInfo[];
  readonly byName: ReadonlyMap<string, InstanceTypeInfo>;
  /** The raw entries (incl. the `karpenterAllocatable` golden vectors). */
  readonly entries: readonly CatalogEntry[];
  /** Always `catalog-us-east-1`: the static table has no other region's prices. */
  readonly priceSource: PriceSource;
  /** On-demand USD/hour from the static table (us-east-1's price whatever the region), undefined when unknown. */
  onDemandPrice(instanceType: string): number | undefined;
  /** The upstream commit the data was generated from. */
  readonly sourceCommit: string;
}

/** The catalog file could not be read or did not have the expected shape. */
export class CatalogLoadError extends AutoscalerError {
  override readonly name = 'CatalogLoadError';
  constructor(
    message: string,
    readonly path: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

/** True when `error` is a {@link CatalogLoadError}. */
export function isCatalogLoadError(error: unknown): boolean {
  return hasError(error, CatalogLoadError);
}

/** The default location of the catalog inside the project. */
export const DEFAULT_CATALOG_PATH = fileURLToPath(new URL('../../../data/ec2-instance-types.json', import.meta.url));

const loaded = new Map<string, Ec2Catalog>();

/** Parses and validates catalog text (no I/O); throws {@link CatalogLoadError} with the zod issues. */
export function parseEc2Catalog(text: string, path = '<inline>'): Ec2Catalog {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (cause) {
    throw new CatalogLoadError(`parsing ${path}: not JSON`, path, { cause });
  }
  const result = catalogFileSchema.safeParse(json);
  if (!result.success) {
    const issues = result.error.issues.slice(0, 5).map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    throw new CatalogLoadError(`validating ${path}: expected an EC2 instance-type catalog, got ${issues.join('; ')}`, path);
  }
  const entries = result.data.instanceTypes;
  const infos = entries.map(toInstanceTypeInfo);
  const prices = new Map(entries.map((entry) => [entry.name, entry.onDemandUSDPerHour[CATALOG_PRICE_REGION] ?? undefined]));
  return {
    infos,
    byName: new Map(infos.map((info) => [info.name, info])),
    entries,
    priceSource: 'catalog-us-east-1',
    onDemandPrice: (instanceType) => prices.get(instanceType) ?? undefined,
    sourceCommit: result.data.source.commit,
  };
}

/** Loads the catalog from `path` (default: the project's `data/` copy), reading and validating it only once per path. */
export function loadEc2Catalog(path: string = DEFAULT_CATALOG_PATH): Ec2Catalog {
  const cached = loaded.get(path);
  if (cached !== undefined) return cached;
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (cause) {
    throw new CatalogLoadError(`reading ${path}: the EC2 catalog file is missing or unreadable`, path, { cause });
  }
  const catalog = parseEc2Catalog(text, path);
  loaded.set(path, catalog);
  return catalog;
}
