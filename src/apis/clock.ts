/**
 * Time as the agent sees it, injected everywhere so the same code runs in real
 * time (the embedded default, real clusters) and in simulated time (tests,
 * replays). Implementations: `realClock` in src/operator, `FakeClock` in
 * src/testing. Pure code never reads a clock; it is handed `now`.
 */

/** Cancels a timer set with {@link Clock.setTimeout} or {@link Clock.setInterval}. */
export type CancelTimer = () => void;

/** A time source with timers. */
export interface Clock {
  /** The current time. */
  now(): Date;
  /** Runs `fn` once after `ms` milliseconds of this clock's time; returns a cancel function. */
  setTimeout(fn: () => void, ms: number): CancelTimer;
  /** Runs `fn` every `ms` milliseconds of this clock's time (first after `ms`) until cancelled. */
  setInterval(fn: () => void, ms: number): CancelTimer;
}

/**
 * An interval on a simulated clock's one-shot timers: re-armed before each run, so advancing the clock fires every
 * period that falls due, in order with the clock's other timers. (Real clocks use the platform's `setInterval`.)
 */
export function intervalFromTimeouts(setTimeout: (fn: () => void, ms: number) => CancelTimer, fn: () => void, ms: number): CancelTimer {
  const period = Math.max(1, ms);
  let active = true;
  let cancel: CancelTimer = () => undefined;
  const arm = () => {
    cancel = setTimeout(() => {
      if (!active) return;
      arm();
      fn();
    }, period);
  };
  arm();
  return () => {
    active = false;
    cancel();
  };
}
