/**
 * One line of the append-only audit log (`DIR/audit.log`, JSON lines): who
 * did what to which Decision of which cluster, at which commit, and how it
 * ended. Types only; `audit-log-file.ts` writes and reads them.
 */
import type { DecisionKind } from '../../apis/decision.js';

/** What happened. */
export type AuditAction =
  | 'decision-created'
  | 'approved'
  | 'rejected'
  | 'applied'
  | 'failed'
  | 'superseded'
  | 'suspended'
  | 'resumed'
  | 'refreshed'
  | 'revision-refused';

export interface AuditEntry {
  /** RFC 3339. */
  readonly at: string;
  /** The OS user, the token's name, or `karpd` for the agent's own steps (auto sync, self-heal). */
  readonly who: string;
  readonly action: AuditAction;
  readonly cluster: string;
  readonly decision?: string;
  readonly kind?: DecisionKind;
  /** The Git commit concerned. */
  readonly revision?: string;
  /** The result or reason, one line. */
  readonly result: string;
  /** A policy a person's approval overrode (`deny window "freeze" until 2026-12-02T18:00:00Z`). */
  readonly override?: string;
}

/** Appends to and reads the audit log. */
export interface AuditLog {
  append(entry: AuditEntry): Promise<void>;
  /** Newest last; `limit` keeps the newest N. */
  read(options?: { readonly cluster?: string; readonly limit?: number }): Promise<AuditEntry[]>;
}
