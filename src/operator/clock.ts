/** The wall clock, with Node's timers (unref'd so a pending timer never keeps the process alive). */
import type { Clock } from '../apis/clock.js';

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
