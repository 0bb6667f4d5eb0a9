/**
 * Reads the source on the app's own tick (4–10 per second, batching every change in between) and re-renders
 * only when the view's version, the connection or the clock's second changed.
 */
import { useEffect, useRef, useState } from 'react';
import type { ViewModel } from '../../src/observe/view-model/view-model.js';
import type { ConnectionState, DashboardSource } from '../source/dashboard-source.js';

/** What the source held at the last tick. */
export interface SourceSnapshot {
  readonly view: ViewModel | undefined;
  readonly connection: ConnectionState;
  /** The wall clock at the tick. */
  readonly now: Date;
}

const sameConnection = (a: ConnectionState, b: ConnectionState) => a.state === b.state && a.message === b.message;

/** The snapshot, refreshed every `tickMs`; `onTick` runs every tick (flash expiry). */
export function useSourceTick(source: DashboardSource, now: () => Date, tickMs: number, onTick: (now: Date) => void): SourceSnapshot {
  const [snapshot, setSnapshot] = useState<SourceSnapshot>(() => ({ view: source.current(), connection: source.connection(), now: now() }));
  const onTickRef = useRef(onTick);
  onTickRef.current = onTick;
  useEffect(() => {
    const timer = setInterval(() => {
      const view = source.current();
      const connection = source.connection();
      const at = now();
      setSnapshot((prev) => {
        const sameView =
          prev.view?.version === view?.version &&
          prev.view?.generatedAt === view?.generatedAt &&
          (prev.view === undefined) === (view === undefined);
        const sameSecond = Math.floor(prev.now.getTime() / 1000) === Math.floor(at.getTime() / 1000);
        if (sameView && sameConnection(prev.connection, connection) && sameSecond) return prev;
        return { view, connection, now: at };
      });
      onTickRef.current(at);
    }, tickMs);
    return () => clearInterval(timer);
  }, [source, now, tickMs]);
  return snapshot;
}
