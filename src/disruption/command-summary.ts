/**
 * The one line a person reads for a disruption command: `replace m5.2xlarge (spark-batch) with m5.large, saves
 * $0.29/h`, `delete 2 nodes (default), their 7 pods fit elsewhere, saves $0.38/h`. Pure text from data.
 */
import type { NewNodeClaim } from '../scheduling/snapshot.js';
import type { Candidate, DisruptionCommand } from './types.js';

/** `$0.29/h`; amounts under a cent keep two significant digits (`$0.0012/h`) so a tiny saving does not read `$0.00/h`. */
export function perHourText(amount: number): string {
  const magnitude = Math.abs(amount);
  const digits = magnitude === 0 || magnitude >= 0.01 ? amount.toFixed(2) : amount.toPrecision(2);
  return `$${digits}/h`;
}

/** `1 pod`, `7 pods`. */
export function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

/**
 * `m5.2xlarge (spark-batch)` for one candidate (its name when the type is unknown), `3 nodes (spark-batch, default)`
 * for several; `adjective` goes before either (`empty `, `drifted `).
 */
function subject(candidates: readonly Candidate[], adjective = ''): string {
  const pools = [...new Set(candidates.map((c) => c.nodePool.metadata.name ?? ''))].sort().join(', ');
  if (candidates.length === 1) return `${adjective}${candidates[0].instanceType?.name ?? candidates[0].name} (${pools})`;
  return `${candidates.length} ${adjective}nodes (${pools})`;
}

/** `m5.large`, or `m5.large or 14 other instance types` when the replacement may launch as any of several. */
function replacementText(replacements: readonly NewNodeClaim[]): string {
  if (replacements.length !== 1) return plural(replacements.length, 'new node');
  const options = replacements[0].instanceTypeOptions;
  const cheapest = options[0]?.name ?? 'a new node';
  return options.length > 1 ? `${cheapest} or ${plural(options.length - 1, 'other instance type')}` : cheapest;
}

/** `saves $0.29/h`, `costs $0.04/h more`, or `costs the same`. */
function savingText(priceBefore: number, priceAfter: number): string {
  const saved = priceBefore - priceAfter;
  if (saved > 0) return `saves ${perHourText(saved)}`;
  if (saved < 0) return `costs ${perHourText(-saved)} more`;
  return 'costs the same';
}

/** The summary line of a command (its other fields must be filled in). */
export function commandSummary(command: Omit<DisruptionCommand, 'summary'>): string {
  const { candidates, replacements, priceBefore, priceAfter } = command;
  const drifted = command.reason === 'Drifted' ? 'drifted ' : '';
  const pods = command.evictedPods.length;
  const saving = savingText(priceBefore, priceAfter);
  if (command.decision === 'delete') {
    if (pods === 0) return `delete ${subject(candidates, `empty ${drifted}`)}, ${saving}`;
    const their = candidates.length === 1 ? 'its' : 'their';
    return `delete ${subject(candidates, drifted)}, ${their} ${plural(pods, 'pod')} fit elsewhere, ${saving}`;
  }
  return `replace ${subject(candidates, drifted)} with ${replacementText(replacements)}, ${saving}`;
}
