/**
 * The request handler of the embedded API server: routes a request, reads
 * and decodes its body, calls the API semantics and writes JSON, Tables,
 * watch streams or Status errors. It never lets an error escape.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { type ApiError, badRequestError, internalError, findApiError, methodNotAllowedError, unknownPathError } from './api-error.js';
import type { Clock } from './clock.js';
import type { Logger } from './controller-deps.js';
import { aggregatedDiscovery, AGGREGATED_DISCOVERY_CONTENT_TYPE, wantsAggregatedDiscovery } from './aggregated-discovery.js';
import { apiGroup, apiGroupList, apiResourceList, apiVersions, versionInfo } from './discovery.js';
import { DEFAULT_MAX_BODY_BYTES, decodeBody, readBody, sendJson, sendStatus } from './http-io.js';
import { serveResource } from './http-resource.js';
import { openApiGroupVersion, openApiRoot } from './openapi.js';
import type { Registry } from './registry.js';
import type { ResourceApi } from './resource-api.js';
import { route } from './router.js';

/** Everything the handler needs. */
export interface HandlerDeps {
  readonly api: ResourceApi;
  readonly registry: Registry;
  readonly clock: Clock;
  readonly logger: Logger;
  /** Maximum request body in bytes. @default 3 MiB */
  readonly maxBodyBytes?: number;
  /** Called with every open watch's end function (so the server can close them). */
  readonly trackWatch: (end: () => void) => () => void;
}

/** The parsed parts of one request. */
export interface RequestContext {
  readonly method: string;
  readonly query: URLSearchParams;
  readonly accept: string;
  readonly contentType: string | undefined;
  readonly body: unknown;
  readonly host: string;
}

function serveDocument(res: ServerResponse, doc: unknown): void {
  if (doc === undefined) throw unknownPathError();
  sendJson(res, 200, doc);
}

async function dispatch(deps: HandlerDeps, req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
  const target = route(deps.registry, url.pathname);
  const method = req.method ?? 'GET';
  if (target.kind !== 'resource' && method !== 'GET' && method !== 'HEAD') throw methodNotAllowedError(method);
  switch (target.kind) {
    case 'version':
      return serveDocument(res, versionInfo());
    case 'health':
      return sendJson(res, 200, 'ok', 'text/plain');
    case 'api':
    case 'apis':
      if (wantsAggregatedDiscovery(String(req.headers.accept ?? ''))) {
        return sendJson(res, 200, aggregatedDiscovery(deps.registry, target.kind === 'api'), AGGREGATED_DISCOVERY_CONTENT_TYPE);
      }
      return serveDocument(res, target.kind === 'api' ? apiVersions(req.headers.host ?? '127.0.0.1') : apiGroupList(deps.registry));
    case 'group':
      return serveDocument(res, apiGroup(deps.registry, target.group));
    case 'group-version':
      return serveDocument(res, apiResourceList(deps.registry, target.group, target.version));
    case 'openapi-root':
      return serveDocument(res, openApiRoot(deps.registry));
    case 'openapi-gv':
      return serveDocument(res, openApiGroupVersion(deps.registry, target.group, target.version));
    case 'unknown':
      throw unknownPathError();
    case 'resource': {
      const raw = await readBody(req, deps.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES);
      const ctx: RequestContext = {
        method,
        query: url.searchParams,
        accept: String(req.headers.accept ?? ''),
        contentType: req.headers['content-type'],
        body: decodeBody(raw, req.headers['content-type'], method === 'PATCH'),
        host: req.headers.host ?? '127.0.0.1',
      };
      return serveResource(deps, ctx, target, res);
    }
  }
}

function toApiError(deps: HandlerDeps, error: unknown, req: IncomingMessage): ApiError {
  const failure = findApiError(error);
  if (failure !== undefined) return failure;
  deps.logger.error({ method: req.method, url: req.url, err: error instanceof Error ? error.stack : String(error) }, 'request failed');
  return internalError(error instanceof Error ? error.message : String(error));
}

/** Handles one request end to end. */
export async function handleRequest(deps: HandlerDeps, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const started = Date.now();
  // A client that goes away mid-request (ECONNRESET, EPIPE) is routine: kept at debug, with the reason.
  const dropped = (error: Error) =>
    deps.logger.debug({ method: req.method, url: req.url, reason: error.message }, 'client connection failed');
  res.on('error', dropped);
  req.on('error', dropped);
  try {
    let url: URL;
    try {
      url = new URL(req.url ?? '/', 'http://127.0.0.1');
    } catch {
      throw badRequestError(`malformed request URL "${req.url}"`);
    }
    await dispatch(deps, req, res, url);
  } catch (error) {
    const apiError = toApiError(deps, error, req);
    sendStatus(res, apiError.toStatus());
    if (apiError.code === 413) req.resume();
  } finally {
    deps.logger.debug(
      { method: req.method, url: req.url, contentType: req.headers['content-type'], status: res.statusCode, ms: Date.now() - started },
      'request',
    );
  }
}
