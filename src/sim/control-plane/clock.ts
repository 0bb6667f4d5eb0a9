/**
 * Time for the control plane's small controllers (pod termination, namespace
 * lifecycle, garbage collection), injected so tests can drive it by hand.
 */

/** A cancel handle returned by {@link Clock.setTimeout}. */
export type CancelTimer = () => void;

/** The time source and timer the control plane's controllers use. */
export interface Clock {
  /** The current time. */
  now(): Date;
  /** Runs `fn` once after `ms` milliseconds of this clock's time; returns a cancel function. */
  setTimeout(fn: () => void, ms: number): CancelTimer;
}

/** The wall clock, with Node's timers (unref'd so they never keep a process alive). */
export function realClock(): Clock {
  return {
    now: () => new Date(),
    setTimeout: (fn, ms) => {
      const timer = setTimeout(fn, Math.max(0, ms));
      timer.unref();
      return () => clearTimeout(timer);
    },
  };
}

interface PendingTimer {
  readonly at: number;
  readonly seq: number;
  readonly fn: () => void;
}

/** A clock that only moves when told to: `advance(ms)` fires every timer that falls due, in order. */
export class FakeClock implements Clock {
  private current: number;
  private seq = 0;
  private timers: PendingTimer[] = [];

  /** Starts at `start` (default 2026-01-01T00:00:00Z). */
  constructor(start: Date = new Date('2026-01-01T00:00:00Z')) {
    this.current = start.getTime();
  }

  /** The fake current time. */
  now(): Date {
    return new Date(this.current);
  }

  /** Schedules `fn` at now + `ms`; it runs during a later `advance`. */
  setTimeout(fn: () => void, ms: number): CancelTimer {
    const timer = { at: this.current + Math.max(0, ms), seq: this.seq++, fn };
    this.timers.push(timer);
    return () => {
      this.timers = this.timers.filter((t) => t !== timer);
    };
  }

  /** How many timers are waiting. */
  pending(): number {
    return this.timers.length;
  }

  /** Moves time forward by `ms`, running every due timer in due order (timers they add run too if due). */
  advance(ms: number): void {
    const target = this.current + ms;
    for (;;) {
      const due = this.timers.filter((t) => t.at <= target).sort((a, b) => a.at - b.at || a.seq - b.seq)[0];
      if (due === undefined) break;
      this.timers = this.timers.filter((t) => t !== due);
      this.current = Math.max(this.current, due.at);
      due.fn();
    }
    this.current = target;
  }
}
