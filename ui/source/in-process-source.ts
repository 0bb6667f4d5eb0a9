/**
 * The dashboard's source inside the agent's process (`karpd up`, `npm start`): the view straight from the
 * {@link ViewFeedReader}, always `live`; actions still go through the agent API, so they are audited the same
 * way as from an attached dashboard or the CLI.
 */
import type { ViewFeedReader } from '../../src/observe/dashboard-launch.js';
import { agentActions } from './agent-actions.js';
import type { DashboardSource } from './dashboard-source.js';

/** Options of {@link inProcessSource}. */
export interface InProcessSourceOptions {
  readonly feed: ViewFeedReader;
  readonly url: string;
  readonly token: string;
  /** @default globalThis.fetch */
  readonly fetch?: typeof fetch;
  /** Who acts (`by`) on actions. */
  readonly by?: string;
}

/** A source over the process's own feed. */
export function inProcessSource(options: InProcessSourceOptions): DashboardSource {
  const unsubscribes = new Set<() => void>();
  const since = new Date().toISOString();
  return {
    current: () => options.feed.current(),
    connection: () => ({ state: 'live', since }),
    subscribe: (listener) => {
      const unsubscribe = options.feed.subscribe(listener);
      unsubscribes.add(unsubscribe);
      return () => {
        unsubscribes.delete(unsubscribe);
        unsubscribe();
      };
    },
    actions: agentActions({
      url: options.url,
      token: options.token,
      ...(options.fetch !== undefined ? { fetch: options.fetch } : {}),
      ...(options.by !== undefined ? { by: options.by } : {}),
    }),
    close: () => {
      for (const unsubscribe of unsubscribes) unsubscribe();
      unsubscribes.clear();
    },
  };
}
