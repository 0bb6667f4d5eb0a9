/**
 * The shapes agent API requests name things by, shared by every route so a cluster or an instance is checked the
 * same way everywhere: bounded, and a message that says what was expected.
 */
import { z } from 'zod';

/** A cluster folder's name: a DNS label. */
export const ClusterName = z
  .string()
  .max(63)
  .regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/, 'expected a cluster name (a DNS label: lower-case letters, digits and -)');

/** A Kubernetes object name (a DNS subdomain); `what` names it in the message (`a decision name`). */
export function objectName(what: string) {
  return z
    .string()
    .min(1, `expected ${what}`)
    .max(253)
    .regex(/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/, `expected ${what} (lower-case letters, digits, - and .)`);
}

/** An EC2 instance id (`i-` and 8 or 17 hex digits) or its providerID (`aws:///<zone>/i-…`). */
export const InstanceRef = z
  .string()
  .max(128)
  .regex(
    /^(aws:\/\/\/[a-z0-9-]{1,32}\/)?i-[0-9a-f]{8,17}$/,
    'expected an instance id (i-0123456789abcdef0) or its providerID (aws:///zone/i-…)',
  );
