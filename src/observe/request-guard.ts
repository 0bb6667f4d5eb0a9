/**
 * The checks every request to the agent API passes before a route sees it:
 * no `Origin` (a web page's request), a `Host` naming this listener (DNS
 * rebinding), the bearer token (compared in constant time), and a JSON body.
 * Each answers `undefined` when the request may go on, or the refusal.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';

/** Why a request is refused: the HTTP status and a message for the JSON error body. */
export interface Refusal {
  readonly status: 401 | 403 | 415;
  readonly message: string;
}

/** The `Host` values that name a listener on `host:port`: the address itself and the loopback names. */
export function allowedHosts(host: string, port: number): Set<string> {
  const named = host.includes(':') ? `[${host}]` : host;
  return new Set([`${named}:${port}`, `127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`].map((h) => h.toLowerCase()));
}

/** Refuses cross-origin requests (any `Origin`) and requests whose `Host` is not one of `hosts`. */
export function checkOrigin(headers: IncomingHttpHeaders, hosts: ReadonlySet<string>): Refusal | undefined {
  if (headers.origin !== undefined) return { status: 403, message: `cross-origin requests are refused (Origin: ${headers.origin})` };
  const host = (headers.host ?? '').toLowerCase();
  if (!hosts.has(host)) return { status: 403, message: `Host "${headers.host ?? ''}" is not this agent's address (${[...hosts][0]})` };
  return undefined;
}

const digest = (text: string): Buffer => createHash('sha256').update(text).digest();

/** True when `header` is `Bearer <token>`; the comparison takes the same time whatever the header holds. */
export function hasBearerToken(header: string | undefined, token: string): boolean {
  const match = /^Bearer +(\S+) *$/i.exec(header ?? '');
  const given = match?.[1] ?? '';
  return timingSafeEqual(digest(given), digest(token)) && match !== null;
}

/** Refuses a request without `Authorization: Bearer <token>`. */
export function checkToken(headers: IncomingHttpHeaders, token: string): Refusal | undefined {
  if (hasBearerToken(headers.authorization, token)) return undefined;
  const message =
    headers.authorization === undefined ? 'missing bearer token (Authorization: Bearer …, see agent.json)' : 'invalid bearer token';
  return { status: 401, message };
}

/** True when the request carries a body (a length above 0, or chunked). */
export function hasBody(headers: IncomingHttpHeaders): boolean {
  if (headers['transfer-encoding'] !== undefined) return true;
  return headers['content-length'] !== undefined && headers['content-length'] !== '0';
}

/** Refuses a body that is not `application/json` (what a web form or `text/plain` fetch sends). */
export function checkJsonBody(headers: IncomingHttpHeaders): Refusal | undefined {
  if (!hasBody(headers)) return undefined;
  const type = (headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
  if (type === 'application/json') return undefined;
  return { status: 415, message: `request body must be application/json, got "${headers['content-type'] ?? '(no Content-Type)'}"` };
}
