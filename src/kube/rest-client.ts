/**
 * A small JSON REST client over client-node's `KubeConfig`: client-node
 * resolves the cluster, credentials and TLS settings (tokens, exec plugins,
 * client certificates, CA bundles), and the request itself is a plain
 * `node:http(s)` call so every verb, subresource and patch type is reachable
 * and the answer is the JSON the server sent (no typed-class conversion).
 */
import http from 'node:http';
import https from 'node:https';
import type { KubeConfig } from '@kubernetes/client-node';
import { KubeApiError } from './errors.js';

/** Content types for PATCH. */
export const PatchTypes = {
  merge: 'application/merge-patch+json',
  json: 'application/json-patch+json',
  strategic: 'application/strategic-merge-patch+json',
  apply: 'application/apply-patch+yaml',
} as const;

export interface RestRequest {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Path below the server URL, e.g. `/api/v1/nodes`. */
  path: string;
  query?: Record<string, string | number | boolean | undefined>;
  body?: unknown;
  contentType?: string;
}

/** Options of {@link RestClient}. */
export interface RestClientOptions {
  /** Per-request timeout in milliseconds. @default 30000 */
  timeoutMs?: number;
}

/** Sends JSON requests to the current cluster of a KubeConfig. */
export class RestClient {
  private readonly timeoutMs: number;

  constructor(
    readonly kubeConfig: KubeConfig,
    options: RestClientOptions = {},
  ) {
    this.timeoutMs = options.timeoutMs ?? 30_000;
  }

  /** The API server URL of the current context. */
  get server(): string {
    const cluster = this.kubeConfig.getCurrentCluster();
    if (cluster === null) throw new KubeApiError('no current cluster in the kubeconfig', 0, undefined);
    return cluster.server;
  }

  /** Sends a request; resolves with the parsed JSON body, rejects with {@link KubeApiError} on a non-2xx answer. */
  async request<T>(request: RestRequest): Promise<T> {
    const url = new URL(this.server.replace(/\/$/, '') + request.path);
    for (const [key, value] of Object.entries(request.query ?? {})) {
      if (value !== undefined) url.searchParams.set(key, String(value));
    }
    const options: https.RequestOptions = { method: request.method, headers: { Accept: 'application/json' } };
    await this.kubeConfig.applyToHTTPSOptions(options);
    const body = request.body === undefined ? undefined : JSON.stringify(request.body);
    const headers = { ...(options.headers as Record<string, string>) };
    if (body !== undefined) {
      headers['Content-Type'] = request.contentType ?? 'application/json';
      headers['Content-Length'] = String(Buffer.byteLength(body));
    }
    return send<T>(url, { ...options, headers, timeout: this.timeoutMs }, body, `${request.method} ${request.path}`);
  }
}

function send<T>(url: URL, options: https.RequestOptions, body: string | undefined, what: string): Promise<T> {
  const transport = url.protocol === 'https:' ? https : http;
  return new Promise<T>((resolve, reject) => {
    const req = transport.request(url, options, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('error', (error) => reject(new KubeApiError(`${what}: ${error.message}`, 0, undefined, { cause: error })));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        const code = res.statusCode ?? 0;
        if (code >= 200 && code < 300) {
          resolve((text === '' ? {} : JSON.parse(text)) as T);
          return;
        }
        reject(errorFromResponse(code, text, what));
      });
    });
    req.on('timeout', () => req.destroy(new Error(`no answer within ${options.timeout} ms`)));
    req.on('error', (error) => reject(new KubeApiError(`${what}: ${error.message}`, 0, undefined, { cause: error })));
    if (body !== undefined) req.write(body);
    req.end();
  });
}

function errorFromResponse(code: number, text: string, what: string): KubeApiError {
  let status: { message?: string; reason?: string } = {};
  try {
    status = JSON.parse(text) as { message?: string; reason?: string };
  } catch {
    status = { message: text.slice(0, 300) };
  }
  return new KubeApiError(`${what}: ${status.message ?? `HTTP ${code}`}`, code, status.reason);
}
