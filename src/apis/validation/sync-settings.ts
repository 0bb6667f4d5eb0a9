/**
 * The checks of a Cluster's sync windows (`spec.sync.windows`, Argo CD's sync
 * windows: allow or deny, a cron schedule, a duration, a time zone) and of its
 * notification settings (`spec.notify`), beyond what the schema checks.
 */
import { Duration } from '../duration.js';
import type { PathSegment, ProblemList } from '../problem.js';
import { didYouMean } from '../suggest.js';
import { cronScheduleError } from './cron.js';
import { isRecord } from './schema.js';
import { checkWebhookUrl, redactWebhookUrl } from './webhook-url.js';

/** The shortest `remindAfter`: reminders more often than once a minute would be noise. */
const MIN_REMIND_AFTER_MS = 60_000;

/** Is `zone` an IANA time zone this runtime knows (`UTC`, `Europe/Berlin`)? */
export function isKnownTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

function positiveDuration(text: string): Duration | undefined {
  const duration = Duration.tryParse(text);
  return duration === undefined || duration.isNever() || (duration.nanos ?? 0n) <= 0n ? undefined : duration;
}

function checkSchedule(schedule: unknown, at: PathSegment[], problems: ProblemList): void {
  if (typeof schedule !== 'string') return;
  if (/^\s*(CRON_)?TZ=/.test(schedule)) {
    problems.error(at, 'invalid-cron', `schedule "${schedule}" has a time zone prefix`, 'drop the TZ= prefix and set timeZone instead');
    return;
  }
  const error = cronScheduleError(schedule);
  if (error !== undefined)
    problems.error(
      at,
      'invalid-cron',
      `invalid schedule "${schedule}": ${error}`,
      'use five cron fields, e.g. "0 18 * * 5" (Fridays 18:00)',
    );
}

function checkWindow(window: Record<string, unknown>, at: PathSegment[], problems: ProblemList): void {
  checkSchedule(window.schedule, [...at, 'schedule'], problems);
  if (typeof window.duration === 'string' && positiveDuration(window.duration) === undefined) {
    problems.error(
      [...at, 'duration'],
      'invalid-duration',
      `invalid duration "${window.duration}" (expected a positive duration such as 1h, 8h or 64h)`,
    );
  }
  if (typeof window.timeZone === 'string' && !isKnownTimeZone(window.timeZone)) {
    problems.error(
      [...at, 'timeZone'],
      'unknown-time-zone',
      `unknown time zone "${window.timeZone}" (expected an IANA zone such as UTC or Europe/Berlin)`,
      didYouMean(window.timeZone, ['UTC', ...Intl.supportedValuesOf('timeZone')]),
    );
  }
}

/** Checks `spec.sync.windows`: each schedule, duration and time zone, and names used twice. */
export function checkSyncWindows(windows: unknown, problems: ProblemList): void {
  if (!Array.isArray(windows)) return;
  const names = new Set<string>();
  for (const [index, window] of windows.entries()) {
    if (!isRecord(window)) continue;
    const at: PathSegment[] = ['spec', 'sync', 'windows', index];
    checkWindow(window, at, problems);
    if (typeof window.name !== 'string') continue;
    if (names.has(window.name))
      problems.warn(
        [...at, 'name'],
        'duplicate-window-name',
        `window name "${window.name}" is used twice`,
        'give each window its own name',
      );
    names.add(window.name);
  }
}

function checkWebhook(webhook: unknown, problems: ProblemList): void {
  if (typeof webhook !== 'string') return;
  const at = ['spec', 'notify', 'webhook'];
  const check = checkWebhookUrl(webhook);
  if (!check.ok) {
    problems.error(at, 'invalid-webhook', `webhook ${redactWebhookUrl(webhook)} ${check.reason}`, check.hint);
  } else if (check.hasCredentials) {
    problems.warn(
      at,
      'webhook-credentials',
      `webhook ${redactWebhookUrl(webhook)} carries a user name or password, kept in Git in plain text`,
      'prefer a token the receiver checks in the path, and keep the repository private',
    );
  }
}

function checkRemindAfter(remindAfter: unknown, problems: ProblemList): void {
  if (typeof remindAfter !== 'string') return;
  const at = ['spec', 'notify', 'remindAfter'];
  const duration = positiveDuration(remindAfter);
  if (duration === undefined) {
    problems.error(at, 'invalid-duration', `invalid remindAfter "${remindAfter}" (expected a positive duration such as 30m or 4h)`);
  } else if (duration.toMillis() < MIN_REMIND_AFTER_MS) {
    problems.error(at, 'short-remind-after', `remindAfter ${remindAfter} is shorter than 1m`, 'use 1m or more, e.g. 4h');
  }
}

/** Checks `spec.notify`: the webhook URL and `remindAfter`. */
export function checkNotify(notify: unknown, problems: ProblemList): void {
  if (!isRecord(notify)) return;
  checkWebhook(notify.webhook, problems);
  checkRemindAfter(notify.remindAfter, problems);
}
