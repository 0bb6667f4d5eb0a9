/**
 * The agent's HTTP endpoint on 127.0.0.1 (or the given host): `/metrics`
 * (Prometheus), `/healthz` (the process answers), `/readyz` (the cluster
 * state is synced and this agent may act), and JSON routes the dashboard and
 * CLI use, registered by the composition root.
 *
 * Nobody else gets in: every route but the probes needs the bearer token of
 * agent.json; requests from a web page (an `Origin`) or through a rebound
 * DNS name (a `Host` that is not this listener) are refused; bodies must be
 * `application/json`, at most 1 MiB and 32 levels deep. A second, probes-only
 * listener (`probesOnly`) serves /metrics, /healthz and /readyz to
 * Prometheus and the kubelet on a cluster-reachable address. A route may
 * answer with server-sent events (the dashboard's view stream) by returning
 * an `EventStream`; the same checks apply before it starts.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Registry } from 'prom-client';
import { parseBoundedJson } from '../apis/bounded-json.js';
import { HttpError } from './http-error.js';
import { allowedHosts, checkJsonBody, checkOrigin, checkToken, type Refusal } from './request-guard.js';
import { type EventSink, type EventStream, formatComment, formatEvent, isEventStream } from './server-sent-events.js';

export { HttpError, isHttpError, type RequestIssue } from './http-error.js';
import { findError } from '../apis/errors.js';

/** One request as a JSON route sees it; `headers` lets a route tell who sent it (`X-Karpd-Client`). */
export interface JsonRouteRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  body: unknown;
  headers: http.IncomingHttpHeaders;
}

/** A JSON route: answers with the returned value (or streams, when it returns an {@link EventStream}), or an error status. */
export type JsonRoute = (request: JsonRouteRequest) => Promise<unknown> | unknown;

/** Options of {@link startAgentServer}. */
export interface AgentServerOptions {
  registry: Registry;
  /** Is the agent ready (cache synced)? */
  ready: () => boolean;
  /**
   * `METHOD /path` → handler, e.g. `GET /api/v1/state`; `METHOD /path/*` answers every path one segment below
   * `/path` that has no route of its own (the route reads the segment from `request.path`).
   */
  routes?: Record<string, JsonRoute>;
  /** @default '127.0.0.1' */
  host?: string;
  /** @default 0 (any free port) */
  port?: number;
  /** The bearer token every route but /healthz and /readyz (and a public /metrics) requires. Required unless `probesOnly`. */
  token?: string;
  /** Whether /metrics needs the token. @default 'public' */
  metrics?: 'public' | 'token';
  /** Serve only /metrics, /healthz, /readyz (public, any Host): the listener Prometheus and the kubelet reach. @default false */
  probesOnly?: boolean;
}

/** A running agent server. */
export interface AgentServer {
  readonly url: string;
  close(): Promise<void>;
}

const MAX_BODY_BYTES = 1 << 20;
const MAX_BODY_DEPTH = 32;

function readBody(req: http.IncomingMessage): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) reject(new HttpError(413, `request body over ${MAX_BODY_BYTES} bytes`));
      else chunks.push(chunk);
    });
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      if (text === '') return resolve(undefined);
      const parsed = parseBoundedJson(text, { maxDepth: MAX_BODY_DEPTH });
      if (parsed.ok) resolve(parsed.value);
      else reject(new HttpError(400, `request body is ${parsed.code === 'too-deep' ? parsed.message : 'not valid JSON'}`));
    });
    req.on('error', reject);
  });
}

function send(
  res: http.ServerResponse,
  status: number,
  body: string,
  contentType = 'application/json',
  headers: http.OutgoingHttpHeaders = {},
): void {
  res.writeHead(status, { 'Content-Type': contentType, ...headers });
  res.end(body);
}

function refuse(res: http.ServerResponse, refusal: Refusal): void {
  const headers = refusal.status === 401 ? { 'WWW-Authenticate': 'Bearer realm="karpd"' } : {};
  send(res, refusal.status, JSON.stringify({ error: refusal.message }), 'application/json', headers);
}

/** Answers /metrics, /healthz and /readyz; false when `path` is none of them. */
async function serveProbe(options: AgentServerOptions, path: string, res: http.ServerResponse): Promise<boolean> {
  if (path === '/metrics') send(res, 200, await options.registry.metrics(), options.registry.contentType);
  else if (path === '/healthz') send(res, 200, 'ok', 'text/plain');
  else if (path === '/readyz') {
    if (options.ready()) send(res, 200, 'ok', 'text/plain');
    else send(res, 503, 'cluster state not synced', 'text/plain');
  } else return false;
  return true;
}

function isPublic(options: AgentServerOptions, path: string): boolean {
  return path === '/healthz' || path === '/readyz' || (path === '/metrics' && options.metrics !== 'token');
}

/** Open streams, so that closing the server ends them first. */
type OpenStreams = Set<() => void>;

/** Answers with `stream`: the headers, then what its route sends, keep-alives, until either side ends it. */
function serveStream(stream: EventStream, req: http.IncomingMessage, res: http.ServerResponse, open: OpenStreams): void {
  res.writeHead(200, { 'Content-Type': 'text/event-stream; charset=utf-8', 'Cache-Control': 'no-cache', Connection: 'keep-alive' });
  res.flushHeaders();
  let closed = false;
  let cleanup: (() => void) | undefined;
  const end = () => {
    if (closed) return;
    closed = true;
    clearInterval(keepAlive);
    open.delete(end);
    cleanup?.();
    if (!res.writableEnded) res.end();
  };
  const write = (text: string) => {
    if (!closed && !res.writableEnded) res.write(text);
  };
  const sink: EventSink = {
    send: (event, data) => write(formatEvent(event, data)),
    comment: (text) => write(formatComment(text)),
    close: end,
    get closed() {
      return closed;
    },
  };
  const keepAlive = setInterval(() => sink.comment('keep-alive'), stream.keepAliveMs);
  keepAlive.unref();
  open.add(end);
  req.on('close', end);
  res.on('close', end);
  res.on('error', end);
  cleanup = stream.start(sink);
  if (closed) cleanup?.();
}

/** The route registered as `METHOD /prefix/*` for a path one segment below `/prefix` (`GET /api/v1/why/{node}`). */
function segmentRoute(routes: AgentServerOptions['routes'], method: string, path: string): JsonRoute | undefined {
  const slash = path.lastIndexOf('/');
  return slash <= 0 ? undefined : routes?.[`${method} ${path.slice(0, slash)}/*`];
}

async function handle(
  options: AgentServerOptions,
  open: OpenStreams,
  hosts: ReadonlySet<string>,
  req: http.IncomingMessage,
  res: http.ServerResponse,
): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://agent');
  const method = req.method ?? 'GET';
  if (options.probesOnly === true) {
    if (!(await serveProbe(options, url.pathname, res))) send(res, 404, JSON.stringify({ error: `no route ${method} ${url.pathname}` }));
    return;
  }
  const refusal =
    checkOrigin(req.headers, hosts) ?? (isPublic(options, url.pathname) ? undefined : checkToken(req.headers, options.token ?? ''));
  if (refusal !== undefined) return refuse(res, refusal);
  if (await serveProbe(options, url.pathname, res)) return;
  const route = options.routes?.[`${method} ${url.pathname}`] ?? segmentRoute(options.routes, method, url.pathname);
  if (route === undefined) return send(res, 404, JSON.stringify({ error: `no route ${method} ${url.pathname}` }));
  const badBody = checkJsonBody(req.headers);
  if (badBody !== undefined) return refuse(res, badBody);
  const body = await readBody(req);
  const result = await route({ method, path: url.pathname, query: url.searchParams, body, headers: req.headers });
  if (isEventStream(result)) serveStream(result, req, res, open);
  else send(res, 200, JSON.stringify(result ?? {}));
}

function answerError(res: http.ServerResponse, error: unknown): void {
  const failure = findError(error, HttpError);
  const status = failure?.status ?? 500;
  const message = error instanceof Error ? error.message : String(error);
  const issues = failure?.issues !== undefined ? { issues: failure.issues } : {};
  if (!res.headersSent)
    send(res, status, JSON.stringify({ error: message, ...issues }), 'application/json', status === 413 ? { Connection: 'close' } : {});
  else res.end();
}

/** Starts the agent server; resolves once it listens. Throws when neither `token` nor `probesOnly` is given. */
export async function startAgentServer(options: AgentServerOptions): Promise<AgentServer> {
  if (options.probesOnly !== true && (options.token === undefined || options.token.length < 32)) {
    throw new Error('starting the agent server: a bearer token of at least 32 characters is required');
  }
  const host = options.host ?? '127.0.0.1';
  let hosts: ReadonlySet<string> = new Set();
  const open: OpenStreams = new Set();
  const server = http.createServer((req, res) => {
    handle(options, open, hosts, req, res).catch((error: unknown) => answerError(res, error));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  hosts = allowedHosts(host, port);
  const shown = host.includes(':') ? `[${host}]` : host;
  return {
    url: `http://${shown}:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        for (const end of [...open]) end();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
