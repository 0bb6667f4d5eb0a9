/**
 * Runs a controller's reconcile on every state change (coalesced: at most one
 * run at a time, one more queued) and at a fixed interval, only while the
 * cluster state is synced and this agent is allowed to act (leader).
 */
import type { Clock } from '../../apis/clock.js';
import type { Logger } from '../../kube/logger.js';
import type { ClusterState } from '../../state/cluster-state.js';
import { ObjectErrors } from './object-errors.js';

/** A controller as the loop sees it. */
export interface Reconciler {
  readonly name: string;
  /** One pass over the current state. Errors are logged; the next pass retries. */
  reconcile(): Promise<void>;
  /**
   * When a pass is due although nothing changed (ms since the epoch: the next expiry, the end of a
   * consolidateAfter wait), read after each pass; `undefined` for none. The loop runs a pass then, but no sooner
   * than {@link MIN_REQUEUE_MS} and no later than the interval would anyway.
   */
  nextPassAt?(): number | undefined;
}

/** The shortest wait before a requested pass, so a time already past never spins the loop. */
export const MIN_REQUEUE_MS = 1000;

/** Options of {@link startControllerLoop}. */
export interface ControllerLoopOptions {
  state: ClusterState;
  logger: Logger;
  /** The time the interval runs on (a FakeClock in tests). */
  clock: Clock;
  /** May this agent act now (leader elected)? @default always */
  canAct?: () => boolean;
  /** Reconcile at least this often. @default 1000 */
  intervalMs?: number;
  /** Also reconcile right after state changes. @default true */
  onChange?: boolean;
}

/** A running loop. */
export interface ControllerLoop {
  /** Requests a pass soon (coalesced). */
  trigger(): void;
  /** Resolves when no pass is running or queued. */
  idle(): Promise<void>;
  stop(): Promise<void>;
}

/** Starts running `reconciler` under the given options. */
export function startControllerLoop(reconciler: Reconciler, options: ControllerLoopOptions): ControllerLoop {
  let running: Promise<void> | undefined;
  let queued = false;
  let stopped = false;
  const canAct = options.canAct ?? (() => true);
  const errors = new ObjectErrors(reconciler.name, options.logger, () => options.clock.now().getTime());
  const intervalMs = options.intervalMs ?? 1000;
  let cancelRequeue: (() => void) | undefined;

  const requeue = () => {
    cancelRequeue?.();
    cancelRequeue = undefined;
    const at = reconciler.nextPassAt?.();
    if (at === undefined || stopped) return;
    const wait = Math.min(Math.max(at - options.clock.now().getTime(), MIN_REQUEUE_MS), intervalMs);
    if (wait < intervalMs) cancelRequeue = options.clock.setTimeout(trigger, wait);
  };

  const runOnce = async (): Promise<void> => {
    do {
      queued = false;
      if (stopped || !options.state.synced() || !canAct()) return;
      try {
        await reconciler.reconcile();
      } catch (error) {
        errors.report({ kind: 'Controller', name: reconciler.name }, error, 'reconcile failed');
      }
      requeue();
    } while (queued && !stopped);
  };

  const trigger = () => {
    if (stopped) return;
    if (running !== undefined) {
      queued = true;
      return;
    }
    // Started on a microtask: a reconcile whose writes update the state synchronously (an in-memory writer) would
    // otherwise re-enter trigger() before `running` is set and start passes inside passes until the stack overflows.
    running = Promise.resolve()
      .then(runOnce)
      .finally(() => {
        running = undefined;
      });
  };

  const unsubscribe = options.onChange === false ? () => undefined : options.state.onChange(() => trigger());
  const cancelTimer = options.clock.setInterval(trigger, intervalMs);
  trigger();
  return {
    trigger,
    idle: async () => {
      while (running !== undefined) await running;
    },
    stop: async () => {
      stopped = true;
      cancelTimer();
      cancelRequeue?.();
      unsubscribe();
      await running;
    },
  };
}
