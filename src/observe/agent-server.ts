/**
 * The agent's HTTP endpoint on 127.0.0.1 (or the given host): `/metrics`
 * (Prometheus), `/healthz` (the process answers), `/readyz` (the cluster
 * state is synced and this agent may act), and JSON routes the dashboard and
 * CLI use, registered by the composition root.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Registry } from 'prom-client';
import { AutoscalerError, findError } from '../apis/errors.js';

/** A JSON route: answers with the returned value, or an error status. */
export type JsonRoute = (request: { method: string; path: string; query: URLSearchParams; body: unknown }) => Promise<unknown> | unknown;

/** Options of {@link startAgentServer}. */
export interface AgentServerOptions {
  registry: Registry;
  /** Is the agent ready (cache synced)? */
  ready: () => boolean;
  /** `METHOD /path` → handler, e.g. `GET /api/v1/state`. */
  routes?: Record<string, JsonRoute>;
  /** @default '127.0.0.1' */
  host?: string;
  /** @default 0 (any free port) */
  port?: number;
}

/** A running agent server. */
export interface AgentServer {
  readonly url: string;
  close(): Promise<void>;
}

/** An error a route throws to answer with a given HTTP status. */
export class HttpError extends AutoscalerError {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

const MAX_BODY_BYTES = 1 << 20;

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
      try {
        resolve(JSON.parse(text));
      } catch {
        reject(new HttpError(400, 'request body is not valid JSON'));
      }
    });
    req.on('error', reject);
  });
}

function send(res: http.ServerResponse, status: number, body: string, contentType = 'application/json'): void {
  res.writeHead(status, { 'Content-Type': contentType });
  res.end(body);
}

async function handle(options: AgentServerOptions, req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://agent');
  const method = req.method ?? 'GET';
  if (url.pathname === '/metrics') return send(res, 200, await options.registry.metrics(), options.registry.contentType);
  if (url.pathname === '/healthz') return send(res, 200, 'ok', 'text/plain');
  if (url.pathname === '/readyz') return options.ready() ? send(res, 200, 'ok', 'text/plain') : send(res, 503, 'cluster state not synced', 'text/plain');
  const route = options.routes?.[`${method} ${url.pathname}`];
  if (route === undefined) return send(res, 404, JSON.stringify({ error: `no route ${method} ${url.pathname}` }));
  const body = await readBody(req);
  const result = await route({ method, path: url.pathname, query: url.searchParams, body });
  send(res, 200, JSON.stringify(result ?? {}));
}

/** Starts the agent server; resolves once it listens. */
export async function startAgentServer(options: AgentServerOptions): Promise<AgentServer> {
  const server = http.createServer((req, res) => {
    handle(options, req, res).catch((error: unknown) => {
      const status = findError(error, HttpError)?.status ?? 500;
      const message = error instanceof Error ? error.message : String(error);
      if (!res.headersSent) send(res, status, JSON.stringify({ error: message }));
      else res.end();
    });
  });
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${host}:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
