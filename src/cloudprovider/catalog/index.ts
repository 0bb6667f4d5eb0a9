/** The EC2 instance-type catalog: loading, labels, capacity/allocatable and the InstanceType builder. */
export {
  loadEc2Catalog,
  parseEc2Catalog,
  CatalogLoadError,
  isCatalogLoadError,
  CATALOG_PRICE_REGION,
  DEFAULT_CATALOG_PATH,
} from './load.js';
export type { Ec2Catalog, PriceSource } from './load.js';
export type { CatalogEntry, InstanceTypeInfo } from './schema.js';
export { toInstanceTypeInfo } from './schema.js';
export {
  computeCapacity,
  computeOverhead,
  computeAllocatable,
  eniLimitedPods,
  podCapacity,
  memoryCapacity,
  ephemeralStorageCapacity,
  kubeReservedCPU,
  DEFAULT_VM_MEMORY_OVERHEAD_PERCENT,
} from './capacity.js';
export type { CapacityOptions } from './capacity.js';
export { instanceTypeLabels, instanceTypeRequirements, ExtraLabels } from './labels.js';
export { ec2InstanceTypes, buildInstanceType, buildOfferings, UNKNOWN_PRICE } from './build.js';
export type { Ec2InstanceType, Ec2InstanceTypesOptions, PriceLookup } from './build.js';
