/** Reading AWS SDK errors: their code, and which codes mean not-found or no capacity (retrying is the SDK's job, see clients.ts). */

/** The error code of an AWS SDK error (`name`, `Code` or `code`), or '' for anything else. */
export function awsErrorCode(error: unknown): string {
  if (typeof error !== 'object' || error === null) return '';
  const record = error as Record<string, unknown>;
  for (const field of ['Code', 'code', 'name'])
    if (typeof record[field] === 'string' && record[field] !== 'Error') return record[field] as string;
  return '';
}

/** Is this EC2's "instance not found" error? */
export function isInstanceNotFound(error: unknown): boolean {
  return awsErrorCode(error) === 'InvalidInstanceID.NotFound';
}

/** Fleet error codes that mean "no capacity for this offering" (aws/karpenter-provider-aws pkg/providers/instance CreateFleet launch). */
export const UNFULFILLABLE_CAPACITY_CODES: ReadonlySet<string> = new Set([
  'InsufficientInstanceCapacity',
  'MaxSpotInstanceCountExceeded',
  'VcpuLimitExceeded',
  'UnfulfillableCapacity',
  'Unsupported',
  'InsufficientFreeAddressesInSubnet',
  'MaxFleetCountExceeded',
]);

/** Is this fleet error code an insufficient-capacity one? */
export function isUnfulfillableCapacity(code: string | undefined): boolean {
  return code !== undefined && UNFULFILLABLE_CAPACITY_CODES.has(code);
}
