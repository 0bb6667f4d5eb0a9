/**
 * Which reminders are due (`spec.notify.remindAfter`): a pending Decision that
 * has waited longer than remindAfter and was not reminded about within
 * remindAfter gets a `decision-reminder`; a cluster suspended longer than
 * remindAfter gets a `suspended-reminder`, again every remindAfter. Pure: the
 * caller sends them, then records `status.remindedAt` (and when it last
 * reminded about the suspension) so the next call does not repeat them.
 */
import type { Decision } from '../../apis/decision.js';
import type { NotificationMessage } from './notification.js';

/** A reminder to send. */
export type Reminder =
  | {
      readonly event: 'decision-reminder';
      readonly cluster: string;
      readonly decision: Decision;
      /** Since when the Decision waits. */
      readonly since: Date;
      readonly text: string;
    }
  | { readonly event: 'suspended-reminder'; readonly cluster: string; readonly since: Date; readonly text: string };

/** What {@link dueReminders} looks at. */
export interface ReminderInput {
  readonly cluster: string;
  readonly decisions: readonly Decision[];
  /** When the cluster was suspended; absent when it is not. */
  readonly suspendedSince?: Date;
  readonly lastSuspendedReminderAt?: Date;
  readonly remindAfterMs: number;
  readonly now: Date;
}

/** `2d 3h`, `4h 10m`, `12m` (minutes at least). */
export function formatWaited(ms: number): string {
  const minutes = Math.floor(ms / 60_000);
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  if (days > 0) return hours > 0 ? `${days}d ${hours}h` : `${days}d`;
  if (hours > 0) return minutes % 60 > 0 ? `${hours}h ${minutes % 60}m` : `${hours}h`;
  return `${minutes}m`;
}

function parseTime(text: string | undefined): Date | undefined {
  if (text === undefined) return undefined;
  const time = Date.parse(text);
  return Number.isNaN(time) ? undefined : new Date(time);
}

/** Since when a pending Decision waits: its latest `pending` history step, else its creation. */
export function pendingSince(decision: Decision): Date | undefined {
  const step = decision.status?.history.findLast((entry) => entry.state === 'pending');
  return parseTime(step?.at) ?? parseTime(decision.metadata.creationTimestamp);
}

/** Was the last reminder (at `last`, after `since`) sent less than `afterMs` before `now`? */
function remindedRecently(last: Date | undefined, since: Date, afterMs: number, now: Date): boolean {
  if (last === undefined || last.getTime() < since.getTime()) return false;
  return now.getTime() - last.getTime() < afterMs;
}

function decisionReminder(decision: Decision, input: ReminderInput): Reminder | undefined {
  if (decision.spec.cluster !== input.cluster || decision.status?.state !== 'pending') return undefined;
  const since = pendingSince(decision);
  if (since === undefined || input.now.getTime() - since.getTime() < input.remindAfterMs) return undefined;
  if (remindedRecently(parseTime(decision.status.remindedAt), since, input.remindAfterMs, input.now)) return undefined;
  const waited = formatWaited(input.now.getTime() - since.getTime());
  const why = decision.status.waitingFor === undefined ? '' : `: ${decision.status.waitingFor}`;
  const text = `Decision ${decision.metadata.name ?? '?'} (${decision.spec.summary}) has waited ${waited} for approval${why}`;
  return { event: 'decision-reminder', cluster: input.cluster, decision, since, text };
}

function suspendedReminder(input: ReminderInput): Reminder | undefined {
  const since = input.suspendedSince;
  if (since === undefined || input.now.getTime() - since.getTime() < input.remindAfterMs) return undefined;
  if (remindedRecently(input.lastSuspendedReminderAt, since, input.remindAfterMs, input.now)) return undefined;
  const text = `Cluster ${input.cluster} has been suspended for ${formatWaited(input.now.getTime() - since.getTime())}: nothing is applied until it is resumed`;
  return { event: 'suspended-reminder', cluster: input.cluster, since, text };
}

/** The reminders due at `input.now`: the suspension first, then pending Decisions, longest waiting first. */
export function dueReminders(input: ReminderInput): Reminder[] {
  if (!(input.remindAfterMs > 0)) return [];
  const reminders: Reminder[] = [];
  const suspended = suspendedReminder(input);
  if (suspended !== undefined) reminders.push(suspended);
  const decisions = input.decisions
    .map((decision) => decisionReminder(decision, input))
    .filter((reminder): reminder is Reminder => reminder !== undefined)
    .sort((a, b) => a.since.getTime() - b.since.getTime());
  return [...reminders, ...decisions];
}

/** The webhook message of a reminder. */
export function reminderMessage(reminder: Reminder, now: Date): NotificationMessage {
  const base = { event: reminder.event, cluster: reminder.cluster, at: now.toISOString(), text: reminder.text };
  if (reminder.event === 'suspended-reminder') return base;
  const { decision } = reminder;
  return {
    ...base,
    decision: {
      name: decision.metadata.name ?? '',
      kind: decision.spec.kind,
      summary: decision.spec.summary,
      state: decision.status?.state ?? 'pending',
      revision: decision.spec.revision,
      ...(decision.status?.waitingFor === undefined ? {} : { waitingFor: decision.status.waitingFor }),
      ...(decision.spec.whatIf === undefined ? {} : { whatIf: decision.spec.whatIf }),
    },
  };
}
