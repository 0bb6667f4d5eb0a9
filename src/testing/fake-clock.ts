/** A clock for tests that only moves when told to. */
import { type CancelTimer, type Clock, intervalFromTimeouts } from '../apis/clock.js';

interface PendingTimer {
  readonly at: number;
  readonly seq: number;
  readonly fn: () => void;
}

/** `advance(ms)` fires every timer that falls due, in due order (timers they add fire too if due). */
export class FakeClock implements Clock {
  private current: number;
  private seq = 0;
  private timers: PendingTimer[] = [];

  /** Starts at `start` (default 2026-01-01T00:00:00Z). */
  constructor(start: Date = new Date('2026-01-01T00:00:00Z')) {
    this.current = start.getTime();
  }

  now(): Date {
    return new Date(this.current);
  }

  setTimeout(fn: () => void, ms: number): CancelTimer {
    const timer = { at: this.current + Math.max(0, ms), seq: this.seq++, fn };
    this.timers.push(timer);
    return () => {
      this.timers = this.timers.filter((t) => t !== timer);
    };
  }

  /** Re-arms itself before each run, so `advance` fires every period that falls due, in order with other timers. */
  setInterval(fn: () => void, ms: number): CancelTimer {
    return intervalFromTimeouts((f, delay) => this.setTimeout(f, delay), fn, ms);
  }

  /** How many timers are waiting. */
  pending(): number {
    return this.timers.length;
  }

  /** Moves time forward by `ms`, running due timers in order. */
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
