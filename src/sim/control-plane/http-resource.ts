/**
 * Resource requests (https://kubernetes.io/docs/reference/using-api/api-concepts/): list/watch/create/deletecollection on a
 * collection, get/update/patch/delete on one object, and the status,
 * eviction and binding subresources.
 */
import type { ServerResponse } from 'node:http';
import { badRequestError, methodNotAllowedError, successStatus, unknownPathError } from './api-error.js';
import { deleteObject, deleteOptionsFromBody, type DeleteOptions } from './deletion.js';
import type { HandlerDeps, RequestContext } from './http-handler.js';
import { patchTypeOf, sendJson } from './http-io.js';
import { parseSelectors, type ListOptions } from './list-query.js';
import type { KubeObj } from './object.js';
import { bindPod, evictPod } from './pod-subresources.js';
import { scaleOf, writeScale } from './scale-subresource.js';
import type { WriteOptions } from './resource-api.js';
import type { ResourceTarget } from './router.js';
import { buildTable, type IncludeObject } from './table.js';
import { serveWatch } from './watch-stream.js';
import { groupVersion, type ResourceType } from './resource-type.js';

function wantsTable(accept: string): boolean {
  return /as=Table/.test(accept);
}

function includeObject(query: URLSearchParams): IncludeObject {
  const value = query.get('includeObject');
  return value === 'None' || value === 'Object' ? value : 'Metadata';
}

function intParam(query: URLSearchParams, name: string): number | undefined {
  const value = query.get(name);
  if (value === null || value === '') return undefined;
  if (!/^-?\d+$/.test(value)) throw badRequestError(`invalid value for ${name}: "${value}" is not an integer`);
  return Number(value);
}

function listOptions(query: URLSearchParams): ListOptions {
  return {
    labelSelector: query.get('labelSelector') ?? undefined,
    fieldSelector: query.get('fieldSelector') ?? undefined,
    limit: intParam(query, 'limit'),
    continue: query.get('continue') ?? undefined,
  };
}

function writeOptions(query: URLSearchParams, subresource?: string): WriteOptions {
  return {
    dryRun: query.getAll('dryRun').includes('All'),
    fieldManager: query.get('fieldManager') ?? undefined,
    force: query.get('force') === 'true',
    fieldValidation: query.get('fieldValidation') ?? undefined,
    subresource: subresource === 'status' ? 'status' : undefined,
  };
}

function deleteOptions(ctx: RequestContext): DeleteOptions {
  const fromBody = deleteOptionsFromBody(ctx.body);
  const policy = ctx.query.get('propagationPolicy');
  if (policy !== null && policy !== 'Orphan' && policy !== 'Background' && policy !== 'Foreground') {
    throw badRequestError(`unsupported propagationPolicy "${policy}": expected Orphan, Background or Foreground`);
  }
  return {
    ...fromBody,
    gracePeriodSeconds: intParam(ctx.query, 'gracePeriodSeconds') ?? fromBody.gracePeriodSeconds,
    propagationPolicy: (policy as DeleteOptions['propagationPolicy']) ?? fromBody.propagationPolicy,
    dryRun: fromBody.dryRun || ctx.query.getAll('dryRun').includes('All'),
  };
}

function isWatch(query: URLSearchParams): boolean {
  const value = query.get('watch');
  return value === 'true' || value === '1';
}

function sendObject(deps: HandlerDeps, ctx: RequestContext, res: ServerResponse, type: ResourceType, obj: KubeObj, code = 200): void {
  if (wantsTable(ctx.accept) && ctx.method === 'GET') {
    sendJson(
      res,
      code,
      buildTable(type, [obj], { resourceVersion: obj.metadata.resourceVersion }, deps.clock.now(), includeObject(ctx.query)),
    );
  } else sendJson(res, code, obj);
}

function serveList(deps: HandlerDeps, ctx: RequestContext, target: ResourceTarget, res: ServerResponse): void {
  const { type } = target;
  const page = deps.api.list(type, target.namespace, listOptions(ctx.query));
  const meta: Record<string, unknown> = { resourceVersion: page.resourceVersion };
  if (page.continue !== undefined) meta.continue = page.continue;
  if (page.remainingItemCount !== undefined) meta.remainingItemCount = page.remainingItemCount;
  if (wantsTable(ctx.accept)) {
    const objects = page.items.map((e) => deps.api.toView(type, e.obj));
    sendJson(res, 200, buildTable(type, objects, meta, deps.clock.now(), includeObject(ctx.query)));
    return;
  }
  const items = type.view ? page.items.map((e) => JSON.stringify(type.view?.fromStorage(e.obj))) : page.items.map((e) => e.json);
  sendJson(
    res,
    200,
    `{"kind":"${type.listKind}","apiVersion":"${groupVersion(type)}","metadata":${JSON.stringify(meta)},"items":[${items.join(',')}]}`,
  );
}

function serveWatchRequest(deps: HandlerDeps, ctx: RequestContext, target: ResourceTarget, res: ServerResponse): void {
  const options = listOptions(ctx.query);
  const nameSelector = target.name === undefined ? undefined : `metadata.name=${target.name}`;
  const fieldSelector = [options.fieldSelector, nameSelector].filter((s) => s).join(',');
  const selectors = parseSelectors(target.type, target.type.namespaced ? target.namespace : undefined, { ...options, fieldSelector });
  const rv = ctx.query.get('resourceVersion') ?? undefined;
  if (rv !== undefined && rv !== '' && !/^\d+$/.test(rv))
    throw badRequestError(`invalid resource version "${rv}": expected a decimal resourceVersion`);
  const end = serveWatch(res, deps.api.store, deps.clock, {
    type: target.type,
    selectors,
    resourceVersion: rv,
    timeoutSeconds: intParam(ctx.query, 'timeoutSeconds'),
    table: wantsTable(ctx.accept) ? includeObject(ctx.query) : undefined,
    bookmarks: ctx.query.get('allowWatchBookmarks') === 'true',
  });
  const untrack = deps.trackWatch(end);
  res.on('close', untrack);
}

function serveCollection(deps: HandlerDeps, ctx: RequestContext, target: ResourceTarget, res: ServerResponse): void {
  const { type } = target;
  if (type.namespaced && target.namespace === undefined && ctx.method !== 'GET') throw methodNotAllowedError(ctx.method);
  switch (ctx.method) {
    case 'GET':
      return isWatch(ctx.query) ? serveWatchRequest(deps, ctx, target, res) : serveList(deps, ctx, target, res);
    case 'POST':
      if (ctx.body === undefined) throw badRequestError(`the request has no body: expected a ${type.kind} object`);
      return sendJson(res, 201, deps.api.create(type, target.namespace, ctx.body, writeOptions(ctx.query)));
    case 'DELETE': {
      const page = deps.api.list(type, target.namespace, listOptions(ctx.query));
      const options = deleteOptions(ctx);
      const deleted = page.items.map(
        (e) => deleteObject(deps.api, type, e.obj.metadata.namespace, String(e.obj.metadata.name), options).obj,
      );
      return sendJson(res, 200, {
        kind: type.listKind,
        apiVersion: groupVersion(type),
        metadata: { resourceVersion: String(deps.api.store.currentRv()) },
        items: deleted,
      });
    }
    default:
      throw methodNotAllowedError(ctx.method);
  }
}

function deleteResponse(type: ResourceType, obj: KubeObj, finished: boolean): unknown {
  const returnsObject = !finished || type.custom || (type.group === '' && type.resource === 'pods');
  if (returnsObject) return obj;
  const details: Record<string, string> = { name: String(obj.metadata.name), kind: type.resource, uid: String(obj.metadata.uid) };
  if (type.group !== '') details.group = type.group;
  return successStatus(200, details);
}

function serveObject(deps: HandlerDeps, ctx: RequestContext, target: ResourceTarget, res: ServerResponse, name: string): void {
  const { type } = target;
  const options = writeOptions(ctx.query, target.subresource);
  switch (ctx.method) {
    case 'GET':
      if (isWatch(ctx.query)) return serveWatchRequest(deps, ctx, target, res);
      return sendObject(deps, ctx, res, type, deps.api.get(type, target.namespace, name));
    case 'PUT': {
      if (ctx.body === undefined) throw badRequestError(`the request has no body: expected a ${type.kind} object`);
      const result = deps.api.update(type, target.namespace, name, ctx.body, options);
      return sendJson(res, result.created ? 201 : 200, result.obj);
    }
    case 'PATCH': {
      if (ctx.body === undefined) throw badRequestError('the request has no body: expected a patch document');
      const result = deps.api.patch(type, target.namespace, name, patchTypeOf(ctx.contentType), ctx.body, options);
      return sendJson(res, result.created ? 201 : 200, result.obj);
    }
    case 'DELETE': {
      if (target.subresource !== undefined) throw methodNotAllowedError(ctx.method);
      const result = deleteObject(deps.api, type, target.namespace, name, deleteOptions(ctx));
      return sendJson(res, 200, deleteResponse(type, result.obj, result.finished));
    }
    default:
      throw methodNotAllowedError(ctx.method);
  }
}

function servePodSubresource(deps: HandlerDeps, ctx: RequestContext, target: ResourceTarget, res: ServerResponse, name: string): void {
  if (ctx.method !== 'POST') throw methodNotAllowedError(ctx.method);
  const namespace = String(target.namespace);
  const status =
    target.subresource === 'eviction'
      ? evictPod(deps.api, deps.registry, namespace, name, ctx.body, ctx.query.getAll('dryRun').includes('All'))
      : bindPod(deps.api, deps.registry, namespace, name, ctx.body);
  sendJson(res, 201, status);
}

function serveScale(deps: HandlerDeps, ctx: RequestContext, target: ResourceTarget, res: ServerResponse, name: string): void {
  const { type, namespace } = target;
  const options = writeOptions(ctx.query);
  switch (ctx.method) {
    case 'GET':
      return sendJson(res, 200, scaleOf(type, deps.api.getEntry(type, namespace, name).obj));
    case 'PUT':
      return sendJson(res, 200, writeScale(deps.api, type, namespace, name, ctx.body, undefined, options));
    case 'PATCH':
      return sendJson(res, 200, writeScale(deps.api, type, namespace, name, ctx.body, patchTypeOf(ctx.contentType), options));
    default:
      throw methodNotAllowedError(ctx.method);
  }
}

/** Serves a request addressed to a resource. */
export function serveResource(deps: HandlerDeps, ctx: RequestContext, target: ResourceTarget, res: ServerResponse): void {
  const { type, name, subresource } = target;
  if (name === undefined) return serveCollection(deps, ctx, target, res);
  if (subresource === undefined || (subresource === 'status' && type.hasStatus)) return serveObject(deps, ctx, target, res, name);
  if (subresource === 'scale' && type.scale !== undefined) return serveScale(deps, ctx, target, res, name);
  if ((subresource === 'eviction' || subresource === 'binding') && (type.extraSubresources ?? []).includes(subresource)) {
    return servePodSubresource(deps, ctx, target, res, name);
  }
  throw unknownPathError();
}
