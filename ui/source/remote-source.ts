/**
 * The dashboard's source for an agent in another process (`karpd dash`): reads the agent API's view stream
 * (a snapshot, then deltas, as server-sent events over fetch), applies each delta, and when a delta does not
 * follow its version or the connection drops, reconnects with back-off (0.5 s doubling to 5 s) for a fresh
 * snapshot, saying so in `connection()` (`agent unreachable (ECONNREFUSED); retrying in 2 s`, `token refused`,
 * then `reconnected (the agent restarted)`).
 */
import { DASHBOARD_CLIENT_HEADER, DashboardRoutes, ViewEventNames } from '../../src/observe/dashboard-api.js';
import { EventStreamParser } from '../../src/observe/server-sent-events.js';
import { applyViewDelta } from '../../src/observe/view-model/view-changes.js';
import { VIEW_MODEL_SCHEMA, type ViewDelta, type ViewModel } from '../../src/observe/view-model/view-model.js';
import { agentActions, networkReason } from './agent-actions.js';
import type { ConnectionState, DashboardSource } from './dashboard-source.js';

/** Options of {@link remoteSource}. */
export interface RemoteSourceOptions {
  readonly url: string;
  readonly token: string;
  /** Where the agent is now, asked on every (re)connect and action. @default the fixed `url` and `token` */
  readonly address?: () => { readonly url: string; readonly token: string };
  /** @default globalThis.fetch */
  readonly fetch?: typeof fetch;
  /** Reconnect back-off: first wait and the most it grows to. @default { initialMs: 500, maxMs: 5000 } */
  readonly retry?: { readonly initialMs?: number; readonly maxMs?: number };
  /** Who acts (`by`) on actions. */
  readonly by?: string;
  /** Reconnect when nothing (not even a keep-alive) arrived for this long. @default 45000 (three keep-alives) */
  readonly idleMs?: number;
  /** @default () => new Date() */
  readonly now?: () => Date;
}

/** `0.5 s`, `2 s`. */
function seconds(ms: number): string {
  return `${Math.round(ms / 100) / 10} s`;
}

/** Thrown inside the read loop to reconnect with `message` shown. */
class Reconnect extends Error {}

/** A source that follows the agent at `url` until closed. */
export function remoteSource(options: RemoteSourceOptions): DashboardSource {
  const fetcher = options.fetch ?? globalThis.fetch;
  const now = options.now ?? (() => new Date());
  const initialMs = options.retry?.initialMs ?? 500;
  const maxMs = options.retry?.maxMs ?? 5000;
  const listeners = new Set<() => void>();
  let view: ViewModel | undefined;
  let connection: ConnectionState = { state: 'connecting', since: now().toISOString() };
  let closed = false;
  let abort: AbortController | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let delayMs = initialMs;
  /** The highest version seen before the link went down (a lower one after means the agent restarted). */
  let lastVersion: number | undefined;
  let everLive = false;

  const notify = () => {
    for (const listener of [...listeners]) listener();
  };
  const setConnection = (state: ConnectionState['state'], message?: string) => {
    connection = { state, ...(message !== undefined ? { message } : {}), since: now().toISOString() };
    notify();
  };

  const onSnapshot = (snapshot: ViewModel) => {
    if (snapshot.schema !== VIEW_MODEL_SCHEMA)
      throw new Reconnect(`the agent serves view schema ${String(snapshot.schema)}, this dashboard reads ${VIEW_MODEL_SCHEMA}`);
    const restarted = lastVersion !== undefined && snapshot.version < lastVersion;
    const wasLive = everLive;
    view = snapshot;
    lastVersion = snapshot.version;
    everLive = true;
    delayMs = initialMs;
    setConnection('live', wasLive ? (restarted ? 'reconnected (the agent restarted)' : 'reconnected') : undefined);
  };

  const onDelta = (delta: ViewDelta) => {
    if (view === undefined || delta.from !== view.version) throw new Reconnect('missed a change; reading the view again');
    try {
      view = applyViewDelta(view, delta);
    } catch (error) {
      throw new Reconnect(`could not apply a change (${error instanceof Error ? error.message : String(error)}); reading the view again`);
    }
    lastVersion = view.version;
    notify();
  };

  const idleMs = options.idleMs ?? 45_000;

  const read = async (signal: AbortSignal, abortRead: () => void): Promise<string> => {
    let response: Response;
    try {
      const { url, token } = options.address?.() ?? options;
      response = await fetcher(new URL(DashboardRoutes.viewEvents, url), {
        headers: { ...DASHBOARD_CLIENT_HEADER, Authorization: `Bearer ${token}`, Accept: 'text/event-stream' },
        signal,
      });
    } catch (error) {
      return `agent unreachable (${networkReason(error)})`;
    }
    if (response.status === 401) {
      await response.body?.cancel().catch(() => undefined);
      return 'token refused';
    }
    if (!response.ok || response.body === null) {
      await response.body?.cancel().catch(() => undefined);
      return `agent answered ${response.status}`;
    }
    const parser = new EventStreamParser();
    const decoder = new TextDecoder();
    const reader = response.body.getReader();
    let idle = false;
    let watchdog: ReturnType<typeof setTimeout> | undefined;
    const arm = () => {
      if (watchdog !== undefined) clearTimeout(watchdog);
      watchdog = setTimeout(() => {
        idle = true;
        abortRead();
      }, idleMs);
    };
    try {
      arm();
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return 'the agent closed the stream';
        arm();
        for (const event of parser.push(decoder.decode(value, { stream: true }))) {
          if (event.event === ViewEventNames.snapshot) onSnapshot(JSON.parse(event.data) as ViewModel);
          else if (event.event === ViewEventNames.delta) onDelta(JSON.parse(event.data) as ViewDelta);
        }
      }
    } catch (error) {
      if (idle) return `nothing from the agent for ${seconds(idleMs)}`;
      if (error instanceof Reconnect) return error.message;
      if (error instanceof SyntaxError) return 'the agent sent a message that is not JSON';
      return `connection lost (${networkReason(error)})`;
    } finally {
      if (watchdog !== undefined) clearTimeout(watchdog);
      reader.cancel().catch(() => undefined);
    }
  };

  const connect = () => {
    timer = undefined;
    if (closed) return;
    const controller = new AbortController();
    abort = controller;
    void read(controller.signal, () => controller.abort()).then((reason) => {
      if (closed) return;
      abort?.abort();
      const wait = delayMs;
      delayMs = Math.min(maxMs, delayMs * 2);
      setConnection(everLive ? 'reconnecting' : 'connecting', `${reason}; retrying in ${seconds(wait)}`);
      timer = setTimeout(connect, wait);
    });
  };

  connect();
  return {
    current: () => view,
    connection: () => connection,
    subscribe: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    actions: agentActions({
      url: options.url,
      token: options.token,
      ...(options.address !== undefined ? { address: options.address } : {}),
      ...(options.fetch !== undefined ? { fetch: options.fetch } : {}),
      ...(options.by !== undefined ? { by: options.by } : {}),
    }),
    close: () => {
      closed = true;
      if (timer !== undefined) clearTimeout(timer);
      abort?.abort();
      listeners.clear();
    },
  };
}
