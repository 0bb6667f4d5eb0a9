/**
 * Sync windows with Argo CD's semantics
 * (https://argo-cd.readthedocs.io/en/stable/user-guide/sync_windows/): a
 * change may sync automatically when no deny window is active and either
 * there are no allow windows or one of them is active. A person's approval
 * overrides a deny window (the caller records that in the audit log). A window
 * whose schedule cannot be read holds automatic sync (fail closed) and says
 * why. Pure: `now` is given, nothing is scheduled.
 */
import type { SyncWindow } from '../../apis/cluster.js';
import {
  compileWindow,
  firstWhere,
  isWindowActive,
  sortedUnique,
  WINDOW_SEARCH_OCCURRENCES,
  windowBoundaries,
  type CompiledWindow,
} from './sync-window-schedule.js';

/** Whether automatic sync may happen now, why, and until when the answer holds when it is no. */
export interface SyncWindowVerdict {
  readonly allowed: boolean;
  /** One line: `deny window "freeze" (0 18 * * 5, 64h) until 2026-12-07T10:00:00Z`. */
  readonly reason: string;
  /** The window the verdict is about (the blocking deny window, the allow window open or next to open). */
  readonly window?: string;
  /** When a blocked sync may run again (the deny window ends, the next allow window opens); absent when allowed or not found. */
  readonly until?: Date;
}

type ValidWindow = Extract<CompiledWindow, { ok: true }>;

/** RFC 3339 to the second. */
function formatTime(at: Date): string {
  return at.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function compileAll(windows: readonly SyncWindow[]): { valid: ValidWindow[]; invalid?: Extract<CompiledWindow, { ok: false }> } {
  const valid: ValidWindow[] = [];
  for (const window of windows) {
    const compiled = compileWindow(window);
    if (!compiled.ok) return { valid, invalid: compiled };
    valid.push(compiled);
  }
  return { valid };
}

function isAllowedAt(windows: readonly ValidWindow[], at: Date): boolean {
  if (windows.some((w) => w.kind === 'deny' && isWindowActive(w, at))) return false;
  const allows = windows.filter((w) => w.kind === 'allow');
  return allows.length === 0 || allows.some((w) => isWindowActive(w, at));
}

function boundaries(windows: readonly ValidWindow[], now: Date): number[] {
  return sortedUnique(windows.flatMap((w) => windowBoundaries(w, now)));
}

function notFound(): string {
  return `no end found within the next ${WINDOW_SEARCH_OCCURRENCES} occurrences`;
}

function denied(windows: readonly ValidWindow[], deny: ValidWindow, now: Date): SyncWindowVerdict {
  const until = firstWhere(boundaries(windows, now), (at) => isAllowedAt(windows, at));
  const denyEnd = firstWhere(sortedUnique(windowBoundaries(deny, now)), (at) => !isWindowActive(deny, at));
  let reason = `deny window ${deny.label} ${denyEnd === undefined ? `active (${notFound()})` : `until ${formatTime(denyEnd)}`}`;
  if (until !== undefined && denyEnd !== undefined && until.getTime() > denyEnd.getTime()) {
    reason += `, then held until ${formatTime(until)}`;
  }
  return { allowed: false, reason, window: deny.name, ...(until === undefined ? {} : { until }) };
}

function outsideAllow(windows: readonly ValidWindow[], now: Date): SyncWindowVerdict {
  const until = firstWhere(boundaries(windows, now), (at) => isAllowedAt(windows, at));
  if (until === undefined)
    return {
      allowed: false,
      reason: `outside every allow window (no opening found within the next ${WINDOW_SEARCH_OCCURRENCES} occurrences)`,
    };
  const opening = windows.find((w) => w.kind === 'allow' && isWindowActive(w, until));
  const which = opening === undefined ? '' : `, when allow window ${opening.label} opens`;
  return {
    allowed: false,
    reason: `outside every allow window until ${formatTime(until)}${which}`,
    until,
    ...(opening === undefined ? {} : { window: opening.name }),
  };
}

function allowed(windows: readonly ValidWindow[], now: Date): SyncWindowVerdict {
  const open = windows.find((w) => w.kind === 'allow' && isWindowActive(w, now));
  if (open !== undefined) return { allowed: true, reason: `inside allow window ${open.label}`, window: open.name };
  return { allowed: true, reason: windows.length === 0 ? 'no sync windows' : 'no deny window active' };
}

/** May a change sync automatically at `now` under `windows`? */
export function evaluateSyncWindows(windows: readonly SyncWindow[], now: Date): SyncWindowVerdict {
  const { valid, invalid } = compileAll(windows);
  if (invalid !== undefined) {
    return {
      allowed: false,
      reason: `${invalid.kind} window ${invalid.label} is invalid (${invalid.error}): automatic sync held until it is fixed`,
      window: invalid.name,
    };
  }
  const deny = valid.find((w) => w.kind === 'deny' && isWindowActive(w, now));
  if (deny !== undefined) return denied(valid, deny, now);
  if (valid.some((w) => w.kind === 'allow')) {
    if (!valid.some((w) => w.kind === 'allow' && isWindowActive(w, now))) return outsideAllow(valid, now);
  }
  return allowed(valid, now);
}

/**
 * The next instant after `now` at which automatic sync turns from allowed to held or back, for a controller
 * to wake up at; undefined without windows, with an invalid one, or when none is found within the search bound.
 */
export function nextWindowChange(windows: readonly SyncWindow[], now: Date): Date | undefined {
  const { valid, invalid } = compileAll(windows);
  if (invalid !== undefined || valid.length === 0) return undefined;
  const current = isAllowedAt(valid, now);
  return firstWhere(boundaries(valid, now), (at) => isAllowedAt(valid, at) !== current);
}
