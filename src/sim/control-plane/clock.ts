/**
 * Time for the control plane's small controllers (pod termination, namespace
 * lifecycle, garbage collection): the shared `Clock` of `src/apis/clock.ts`,
 * injected so tests drive it with `src/testing/fake-clock.ts`.
 */
import type { Clock } from '../../apis/clock.js';

export type { CancelTimer, Clock } from '../../apis/clock.js';

/** The wall clock, with Node's timers (unref'd so they never keep a process alive); the server's default. */
export function realClock(): Clock {
  return {
    now: () => new Date(),
    setTimeout: (fn, ms) => {
      const timer = setTimeout(fn, Math.max(0, ms));
      timer.unref();
      return () => clearTimeout(timer);
    },
    setInterval: (fn, ms) => {
      const timer = setInterval(fn, Math.max(1, ms));
      timer.unref();
      return () => clearInterval(timer);
    },
  };
}
