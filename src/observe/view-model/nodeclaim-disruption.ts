/**
 * What the NodeClaims window says about a claim's disruption (karpenter-semantics.md §4, §5): the verdict of the
 * disruption controller (why the node stays: its message, method and kind) or, while a command holds it, the
 * phase, the command's summary and its Decision; and the one-line WHY text of both. Pure.
 */
import type { DisruptingClaim, DisruptionPhase } from '../../disruption/report.js';
import type { NodeVerdict } from '../../disruption/types.js';
import type { NodeClaimDisruption } from './view-model.js';

/** A phase in words (`waiting-approval` → `waiting for approval`). */
export const PHASE_TEXT: Readonly<Record<DisruptionPhase, string>> = {
  'waiting-approval': 'waiting for approval',
  validating: 'validating',
  launching: 'launching replacements',
  draining: 'draining',
};

/** The phase in words; an unknown phase (a newer agent) as it is. */
export function phaseText(phase: string): string {
  return (PHASE_TEXT as Readonly<Record<string, string>>)[phase] ?? phase;
}

/** The claim's disruption as the row carries it: being disrupted wins over a verdict; undefined when neither. */
export function claimDisruption(
  verdict: NodeVerdict | undefined,
  disrupting: DisruptingClaim | undefined,
): NodeClaimDisruption | undefined {
  if (disrupting !== undefined)
    return {
      status: 'disrupting',
      phase: disrupting.phase,
      method: disrupting.method,
      reason: disrupting.reason,
      summary: disrupting.summary,
      ...(disrupting.decision === undefined ? {} : { decision: disrupting.decision }),
      since: disrupting.since,
    };
  if (verdict === undefined) return undefined;
  return {
    status: 'kept',
    kind: verdict.kind,
    ...(verdict.method === undefined ? {} : { method: verdict.method }),
    message: verdict.message,
  };
}

/** The WHY column's line: the verdict's message, or `launching replacements: replace m5.2xlarge with m5.large`. */
export function whyText(disruption: NodeClaimDisruption | undefined): string | undefined {
  if (disruption === undefined) return undefined;
  if (disruption.status === 'kept') return disruption.message;
  return `${phaseText(disruption.phase)}: ${disruption.summary}`;
}

/** Do two claims' report entries read the same (so a row built from one holds for the other)? */
export function sameDisruption(
  a: { readonly verdict?: NodeVerdict; readonly disrupting?: DisruptingClaim },
  b: { readonly verdict?: NodeVerdict; readonly disrupting?: DisruptingClaim },
): boolean {
  return sameVerdict(a.verdict, b.verdict) && sameDisrupting(a.disrupting, b.disrupting);
}

function sameVerdict(a: NodeVerdict | undefined, b: NodeVerdict | undefined): boolean {
  if (a === b) return true;
  if (a === undefined || b === undefined) return false;
  return a.kind === b.kind && a.method === b.method && a.message === b.message;
}

function sameDisrupting(a: DisruptingClaim | undefined, b: DisruptingClaim | undefined): boolean {
  if (a === b) return true;
  if (a === undefined || b === undefined) return false;
  return (
    a.phase === b.phase &&
    a.method === b.method &&
    a.reason === b.reason &&
    a.summary === b.summary &&
    a.decision === b.decision &&
    a.since === b.since
  );
}
