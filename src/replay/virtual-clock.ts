/**
 * The replay's virtual clock: a {@link Clock} whose time only moves when the replay loop says so, with its timers in
 * a binary heap (the simulated EC2 arms one per boot and termination, thousands over a day), fired in due order
 * (equal times in the order they were set). `FakeClock` in src/testing does the same for tests with a linear scan;
 * a 24 h replay needs the heap.
 */
import { type CancelTimer, type Clock, intervalFromTimeouts } from '../apis/clock.js';

interface Timer {
  readonly at: number;
  readonly seq: number;
  readonly fn: () => void;
  cancelled: boolean;
}

function before(a: Timer, b: Timer): boolean {
  return a.at < b.at || (a.at === b.at && a.seq < b.seq);
}

/** A manually advanced clock with heap-ordered timers. */
export class VirtualClock implements Clock {
  private current: number;
  private seq = 0;
  private readonly heap: Timer[] = [];

  /** Starts at `startMs` (ms since the epoch). */
  constructor(startMs: number) {
    this.current = startMs;
  }

  now(): Date {
    return new Date(this.current);
  }

  /** The current time in ms since the epoch. */
  nowMs(): number {
    return this.current;
  }

  setTimeout(fn: () => void, ms: number): CancelTimer {
    const timer: Timer = { at: this.current + Math.max(0, ms), seq: this.seq++, fn, cancelled: false };
    this.push(timer);
    return () => {
      timer.cancelled = true;
    };
  }

  setInterval(fn: () => void, ms: number): CancelTimer {
    return intervalFromTimeouts((f, delay) => this.setTimeout(f, delay), fn, ms);
  }

  /** When the next live timer is due, or undefined when none waits. */
  nextTimerAt(): number | undefined {
    this.dropCancelled();
    return this.heap[0]?.at;
  }

  /** Moves time to `targetMs` (never backwards), firing every timer due by then in order. */
  advanceTo(targetMs: number): void {
    for (;;) {
      this.dropCancelled();
      const top = this.heap[0];
      if (top === undefined || top.at > targetMs) break;
      this.pop();
      this.current = Math.max(this.current, top.at);
      top.fn();
    }
    this.current = Math.max(this.current, targetMs);
  }

  private dropCancelled(): void {
    while (this.heap.length > 0 && this.heap[0].cancelled) this.pop();
  }

  private push(timer: Timer): void {
    const heap = this.heap;
    heap.push(timer);
    let i = heap.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!before(heap[i], heap[parent])) break;
      [heap[i], heap[parent]] = [heap[parent], heap[i]];
      i = parent;
    }
  }

  private pop(): Timer | undefined {
    const heap = this.heap;
    const top = heap[0];
    const last = heap.pop();
    if (heap.length > 0 && last !== undefined) {
      heap[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < heap.length && before(heap[l], heap[m])) m = l;
        if (r < heap.length && before(heap[r], heap[m])) m = r;
        if (m === i) break;
        [heap[i], heap[m]] = [heap[m], heap[i]];
        i = m;
      }
    }
    return top;
  }
}
