/**
 * One sync window's schedule as instants: when its occurrences start (croner,
 * in the window's time zone, DST included), whether it is active at an
 * instant, and the instants after which that may change. Pure: every answer
 * is computed from the `at` it is given; croner is only asked for dates, never
 * to schedule a job.
 */
import { Cron } from 'croner';
import type { SyncWindow } from '../../apis/cluster.js';
import { Duration } from '../../apis/duration.js';
import { isKnownTimeZone } from '../../apis/validation/sync-settings.js';

/** How many future occurrences of one window are looked at when searching for a change. */
export const WINDOW_SEARCH_OCCURRENCES = 48;

/** A window ready to be evaluated, or the reason it cannot be. */
export type CompiledWindow =
  | {
      readonly ok: true;
      readonly kind: SyncWindow['kind'];
      /** The name shown in reasons: `name`, else `<kind> <schedule>`. */
      readonly name: string;
      /** `"freeze" (0 18 * * 5, 64h)` or `(0 18 * * 5, 64h)` when unnamed. */
      readonly label: string;
      readonly durationMs: number;
      readonly cron: Cron;
    }
  | { readonly ok: false; readonly kind: SyncWindow['kind']; readonly name: string; readonly label: string; readonly error: string };

function describeWindow(window: SyncWindow): { name: string; label: string } {
  const schedule = `(${window.schedule}, ${window.duration}${window.timeZone === undefined ? '' : ` ${window.timeZone}`})`;
  if (window.name === undefined) return { name: `${window.kind} ${window.schedule}`, label: schedule };
  return { name: window.name, label: `"${window.name}" ${schedule}` };
}

/** Parses a window's schedule, duration and time zone (default UTC). */
export function compileWindow(window: SyncWindow): CompiledWindow {
  const { name, label } = describeWindow(window);
  const duration = Duration.tryParse(window.duration);
  if (duration === undefined || duration.isNever() || duration.toMillis() <= 0) {
    return { ok: false, kind: window.kind, name, label, error: `duration "${window.duration}" is not a positive duration` };
  }
  const timeZone = window.timeZone ?? 'UTC';
  if (!isKnownTimeZone(timeZone)) return { ok: false, kind: window.kind, name, label, error: `unknown time zone "${timeZone}"` };
  try {
    // `?` means "any" in the cron dialect karpd validates; croner reads it as "the current value".
    const pattern = window.schedule.trim().replace(/\?/g, '*');
    const cron = new Cron(pattern, { timezone: timeZone, mode: '5-part' });
    return { ok: true, kind: window.kind, name, label, durationMs: duration.toMillis(), cron };
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return { ok: false, kind: window.kind, name, label, error: `schedule "${window.schedule}" cannot be read: ${reason}` };
  }
}

type ValidWindow = Extract<CompiledWindow, { ok: true }>;

/** The start of the latest occurrence at or before `at`. */
function latestStart(window: ValidWindow, at: Date): Date | undefined {
  return window.cron.previousRuns(1, new Date(at.getTime() + 1))[0];
}

/** Is the window open at `at` (its latest occurrence at or before `at` began less than `duration` ago)? */
export function isWindowActive(window: ValidWindow, at: Date): boolean {
  const start = latestStart(window, at);
  return start !== undefined && at.getTime() - start.getTime() < window.durationMs;
}

/** The instants after `at` at which this window may open or close: the end of the current occurrence, the next starts and ends. */
export function windowBoundaries(window: ValidWindow, at: Date): number[] {
  const times: number[] = [];
  const start = latestStart(window, at);
  if (start !== undefined) times.push(start.getTime() + window.durationMs);
  for (const next of window.cron.nextRuns(WINDOW_SEARCH_OCCURRENCES, at)) times.push(next.getTime(), next.getTime() + window.durationMs);
  return times.filter((time) => time > at.getTime());
}

/** The first of `candidates` (ascending) at which `holds` is true, bounded by the list. */
export function firstWhere(candidates: readonly number[], holds: (at: Date) => boolean): Date | undefined {
  for (const time of candidates) {
    const at = new Date(time);
    if (holds(at)) return at;
  }
  return undefined;
}

/** Sorted, without repeats. */
export function sortedUnique(times: readonly number[]): number[] {
  return [...new Set(times)].sort((a, b) => a - b);
}
