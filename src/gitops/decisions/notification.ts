/**
 * The JSON message a cluster's webhook (`spec.notify.webhook`) receives.
 * Types only; `webhook-notifier.ts` sends them.
 */
import type { DecisionKind, DecisionState, DecisionWhatIf } from '../../apis/decision.js';

export type NotificationEvent = 'decision-waiting' | 'decision-applied' | 'decision-failed' | 'decision-reminder' | 'suspended-reminder';

export interface NotificationMessage {
  readonly event: NotificationEvent;
  readonly cluster: string;
  /** RFC 3339. */
  readonly at: string;
  /** One human line (`Decision sandbox-git-change-3f2a91c0 waits for approval: sync policy manual`). */
  readonly text: string;
  readonly decision?: {
    readonly name: string;
    readonly kind: DecisionKind;
    readonly summary: string;
    readonly state: DecisionState;
    readonly revision: string;
    readonly waitingFor?: string;
    readonly whatIf?: DecisionWhatIf;
  };
}

/** Sends notifications; never throws and never blocks the sync (failures are logged, rate-limited). */
export interface Notifier {
  send(webhook: string, message: NotificationMessage): void;
}
