/**
 * When a cronjob workload fires during a replay: its standard 5-field schedule (validated with the strict parser of
 * disruption budgets, src/apis/validation/cron.ts) read by croner — the library budgets.ts uses — in UTC on the
 * scenario's calendar (time-of-day.ts: day 0 is Monday 2026-01-05). As Kubernetes CronJobs do, a firing at the
 * replay's first instant counts; the last instant (the end) does not.
 */
import { Cron } from 'croner';
import { DAY_ZERO_EPOCH_MS, startOffsetMs } from './time-of-day.js';

/** The most firings one cronjob may have in a replay (every minute for 7 days is 10,080). */
export const MAX_FIRINGS = 20_000;

/** The spelling croner reads for a schedule upstream's cron parser reads (`@midnight`, `@annually`, `?`). */
function cronPattern(schedule: string): string {
  const text = schedule.trim();
  if (text === '@midnight') return '@daily';
  if (text === '@annually') return '@yearly';
  return text.replace(/\?/g, '*');
}

/** What {@link cronFirings} is asked. */
export interface CronFiringsInput {
  readonly schedule: string;
  /** `HH:MM`: when on day 0 the replay starts. */
  readonly startAt: string;
  readonly durationMs: number;
}

/** The replay times (ms since the start, ascending) at which `schedule` fires, at most {@link MAX_FIRINGS} + 1. */
export function cronFirings(input: CronFiringsInput): number[] {
  const cron = new Cron(cronPattern(input.schedule), { timezone: 'UTC', mode: '5-part' });
  const startEpoch = DAY_ZERO_EPOCH_MS + startOffsetMs(input.startAt);
  const endEpoch = startEpoch + input.durationMs;
  const firings: number[] = [];
  let next = cron.nextRun(new Date(startEpoch - 1));
  while (next !== null && next.getTime() < endEpoch && firings.length <= MAX_FIRINGS) {
    firings.push(next.getTime() - startEpoch);
    next = cron.nextRun(next);
  }
  return firings;
}
