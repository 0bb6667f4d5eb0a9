/**
 * Reading requests and writing responses: size-limited bodies, content-type
 * dispatch (JSON, YAML, protobuf of common built-in kinds, the four patch types; CBOR is 415) and
 * JSON/Status responses.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { parse as parseYaml } from 'yaml';
import { valueDepth } from '../../apis/bounded-json.js';
import { ApiError, badRequestError, unsupportedMediaTypeError, type StatusObject } from './api-error.js';
import { decodeProtobufObject } from './protobuf/k8s-protobuf.js';
import type { PatchType } from './resource-api.js';

/**
 * The deepest nesting a request body may have (a Kubernetes object rarely goes past 30): kube-apiserver's
 * decoders refuse documents nested past a fixed depth, and without a bound a few kilobytes of nested arrays
 * overflow the stack of the recursive code that later copies, merges or validates the body.
 */
export const MAX_BODY_DEPTH = 1000;

/** Default maximum request body: 3 MiB, as kube-apiserver. */
export const DEFAULT_MAX_BODY_BYTES = 3 * 1024 * 1024;

/** Reads the whole body; a body over `limit` bytes is 413. */
export function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let failed = false;
    req.on('data', (chunk: Buffer) => {
      if (failed) return;
      size += chunk.length;
      if (size > limit) {
        failed = true;
        reject(new ApiError(413, 'RequestEntityTooLarge', `the request body is ${size}+ bytes, over the limit of ${limit} bytes`));
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      if (!failed) resolve(Buffer.concat(chunks));
    });
    req.on('error', (error) => {
      if (!failed) reject(error);
      failed = true;
    });
  });
}

/** The media type of a Content-Type header, lower-cased, without parameters. */
export function mediaType(header: string | undefined): string {
  return (header ?? '').split(';')[0].trim().toLowerCase();
}

const PATCH_TYPES: Record<string, PatchType> = {
  'application/json-patch+json': 'json',
  'application/merge-patch+json': 'merge',
  'application/strategic-merge-patch+json': 'strategic',
  'application/apply-patch+yaml': 'apply',
};

/** The patch type for a PATCH Content-Type, or 415. */
export function patchTypeOf(contentType: string | undefined): PatchType {
  const type = PATCH_TYPES[mediaType(contentType)];
  if (type === undefined) throw unsupportedMediaTypeError(Object.keys(PATCH_TYPES));
  return type;
}

function parseText(text: string, yaml: boolean): unknown {
  let value: unknown;
  try {
    value = yaml ? parseYaml(text) : JSON.parse(text);
  } catch (error) {
    const why = error instanceof Error ? error.message.split('\n')[0] : String(error);
    throw badRequestError(`the body of the request could not be decoded as ${yaml ? 'YAML' : 'JSON'}: ${why}`);
  }
  return checkedDepth(value);
}

/** A decoded body nested deeper than {@link MAX_BODY_DEPTH} is 400. */
export function checkedDepth(value: unknown): unknown {
  if (valueDepth(value, MAX_BODY_DEPTH) > MAX_BODY_DEPTH) {
    throw badRequestError(`the body of the request is nested deeper than ${MAX_BODY_DEPTH} levels`);
  }
  return value;
}

/** Decodes a request body by Content-Type; an empty body is undefined. */
export function decodeBody(body: Buffer, contentType: string | undefined, isPatch: boolean): unknown {
  const type = mediaType(contentType);
  if (type === 'application/vnd.kubernetes.protobuf' && !isPatch) return body.length === 0 ? undefined : decodeProtobufObject(body);
  if (type.includes('protobuf') || type.includes('cbor')) {
    const error = unsupportedMediaTypeError(['application/json', 'application/yaml', 'application/vnd.kubernetes.protobuf']);
    throw new ApiError(
      415,
      error.reason,
      `${error.message} (the embedded control plane reads JSON, YAML and the protobuf of common built-in kinds)`,
    );
  }
  if (body.length === 0) return undefined;
  const text = body.toString('utf8');
  if (isPatch) return parseText(text, type === 'application/apply-patch+yaml');
  if (type === '' || type === 'application/json' || type === '*/*') return parseText(text, false);
  if (type === 'application/yaml' || type === 'text/yaml') return parseText(text, true);
  throw unsupportedMediaTypeError(['application/json', 'application/yaml']);
}

/** Writes a JSON response (an already serialized body may be passed). */
export function sendJson(res: ServerResponse, code: number, body: unknown, contentType = 'application/json'): void {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  res.writeHead(code, { 'Content-Type': contentType, 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
}

/** Writes a Status, its HTTP code equal to `status.code`. */
export function sendStatus(res: ServerResponse, status: StatusObject): void {
  if (res.headersSent) {
    res.end();
    return;
  }
  sendJson(res, status.code, status);
}
