/**
 * The deadline of an interruption notice and how the drain is told about it: a spot interruption warning gives
 * the instance two minutes (aws-provider.md §6.2, "the spot 2-minute warning is the whole budget"), so the
 * NodeClaim gets `karpenter.sh/nodeclaim-termination-timestamp` at that instant before it is deleted and the
 * termination controller force-drains whatever is left by then (karpenter-semantics.md §4.11, as
 * terminationGracePeriod does). Other notices carry no deadline of their own.
 */
import type { NodeClaim } from '../../apis/nodeclaim.js';
import { Annotations } from '../../apis/well-known-labels.js';
import type { InterruptionEvent } from '../../cloudprovider/types.js';
import type { ControllerContext } from '../runtime/controller-context.js';

/** How long EC2 gives a spot instance after its interruption warning. */
export const SPOT_INTERRUPTION_NOTICE_MS = 120_000;

/** When the notice's instance goes (ms), or undefined when the notice does not say (all but spot warnings). */
export function interruptionDeadline(event: Pick<InterruptionEvent, 'kind' | 'time'>): number | undefined {
  return event.kind === 'spot_interrupted' ? event.time.getTime() + SPOT_INTERRUPTION_NOTICE_MS : undefined;
}

/** RFC 3339 to the second, as the annotation is written (`2026-01-01T00:02:00Z`). */
export function rfc3339Seconds(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/**
 * Writes the termination timestamp `deadlineMs` on the claim unless it already has an earlier one (a deadline
 * is only ever brought forward); returns the timestamp the claim carries afterwards.
 */
export async function stampTerminationTimestamp(ctx: ControllerContext, claim: NodeClaim, deadlineMs: number): Promise<string> {
  const existing = claim.metadata.annotations?.[Annotations.nodeClaimTerminationTimestamp];
  const existingMs = existing === undefined ? Number.NaN : Date.parse(existing);
  if (existing !== undefined && !Number.isNaN(existingMs) && existingMs <= deadlineMs) return existing;
  const deadline = rfc3339Seconds(deadlineMs);
  const patched = await ctx.kube.patchNodeClaimMetadata(claim.metadata.name ?? '', {
    annotations: { [Annotations.nodeClaimTerminationTimestamp]: deadline },
  });
  ctx.state.upsert('nodeClaims', patched);
  return deadline;
}
