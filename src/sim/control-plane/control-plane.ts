/**
 * Starts the embedded control plane: the in-memory store, the registry with
 * karpd's CRDs preloaded, the small controllers a real cluster runs
 * (namespace lifecycle, PDB status, pod termination, garbage collection,
 * CRD registration) and a plain `node:http` server on 127.0.0.1.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { realClock, type Clock } from './clock.js';
import { startCrdController } from './crd-controller.js';
import { loadCrdManifests } from './crd-manifests.js';
import { silentLogger, type ControllerDeps, type Logger, type StopController } from './controller-deps.js';
import { startEventTtlController } from './event-ttl-controller.js';
import { startGarbageCollector } from './garbage-collector.js';
import { authenticate } from './bearer-auth.js';
import { handleRequest } from './http-handler.js';
import { sendStatus } from './http-io.js';
import { startNamespaceController } from './namespace-controller.js';
import { startPdbController } from './pdb-controller.js';
import { startPodTerminationController } from './pod-termination-controller.js';
import { Registry } from './registry.js';
import { generateServingCertificate } from './serving-cert.js';
import { ResourceApi } from './resource-api.js';
import { Store, type StoreSnapshot } from './store.js';

/** Options of {@link startControlPlane}; every field is optional. */
export interface ControlPlaneOptions {
  /** TCP port on 127.0.0.1. @default 0 (any free port) */
  readonly port?: number;
  /** Time source of the controllers. @default the wall clock */
  readonly clock?: Clock;
  /** pino-style logger. @default silent */
  readonly logger?: Logger;
  /** Events retained per resource for watch resumption. @default 10000 */
  readonly historyLimit?: number;
  /** Maximum request body in bytes. @default 3 MiB */
  readonly maxBodyBytes?: number;
  /** How long the simulated kubelet takes to stop a gracefully deleted pod. @default 0 */
  readonly podTerminationDelayMs?: number;
  /** How long Events live after their last update. @default 1 hour */
  readonly eventTtlMs?: number;
  /** CRD folder to preload. @default `deploy/crds` */
  readonly crdDirectory?: string;
  /**
   * Bearer token every request needs (`Authorization: Bearer …`) but /healthz, /livez, /readyz and /version;
   * 401 Unauthorized otherwise. With a token the server speaks HTTPS with a fresh self-signed certificate
   * ({@link ControlPlane.certificateAuthority}), since kubectl sends tokens only over TLS.
   * @default none: plain HTTP, every request accepted
   */
  readonly token?: string;
  /** A saved store to start from (a restart of `karpd up`); the CRDs are brought up to date. */
  readonly snapshot?: StoreSnapshot;
}

/** A running control plane. */
export interface ControlPlane {
  /** `http://127.0.0.1:PORT`, or `https://…` when started with a token. */
  readonly url: string;
  /** The PEM certificate the HTTPS server presents (trust it as the CA), when started with a token. */
  readonly certificateAuthority?: string;
  readonly port: number;
  /** The API semantics, for in-process callers (same rules as HTTP). */
  readonly api: ResourceApi;
  /** The object store (resourceVersions, watch history). */
  readonly store: Store;
  readonly registry: Registry;
  /** Ends every open watch stream (clients reconnect from their last resourceVersion). */
  closeWatches(): void;
  /** Stops the controllers and the HTTP server. */
  close(): Promise<void>;
}

/** The store, registry, API and controllers without HTTP (tests and in-process simulation). */
export function createControlPlaneCore(options: ControlPlaneOptions = {}): { deps: ControllerDeps; stop: StopController } {
  const clock = options.clock ?? realClock();
  const store = new Store({ historyLimit: options.historyLimit });
  store.addIndex('/pods', 'spec.nodeName', (pod) => (typeof pod.spec?.nodeName === 'string' ? pod.spec.nodeName : ''));
  const registry = new Registry();
  const api = new ResourceApi(store, clock);
  const deps: ControllerDeps = { api, registry, clock, logger: options.logger ?? silentLogger };
  const stops = [
    startCrdController(deps),
    startPdbController(deps),
    startPodTerminationController(deps, { terminationDelayMs: options.podTerminationDelayMs }),
    startNamespaceController(deps),
    startGarbageCollector(deps),
    startEventTtlController(deps, { ttlMs: options.eventTtlMs }),
  ];
  if (options.snapshot !== undefined) store.restore(options.snapshot);
  ensureBuiltinObjects(api, registry, options.crdDirectory);
  return {
    deps,
    stop: () => {
      for (const stop of stops) stop();
    },
  };
}

/** Creates the project's CRDs (updating saved ones that differ) and the four namespaces every cluster has. */
function ensureBuiltinObjects(api: ResourceApi, registry: Registry, crdDirectory: string | undefined): void {
  const crdType = registry.find('apiextensions.k8s.io', 'v1', 'customresourcedefinitions');
  for (const crd of loadCrdManifests(crdDirectory)) {
    if (crdType === undefined) break;
    const name = String(crd.metadata.name);
    const saved = api.store.get(crdType.storageKey, name)?.obj;
    if (saved === undefined) api.create(crdType, undefined, crd);
    else if (JSON.stringify(saved.spec) !== JSON.stringify(crd.spec)) {
      api.update(crdType, undefined, name, { ...crd, metadata: { ...crd.metadata, resourceVersion: saved.metadata.resourceVersion } });
    }
  }
  const nsType = registry.core('namespaces');
  for (const name of ['default', 'kube-system', 'kube-public', 'kube-node-lease']) {
    if (api.store.get(nsType.storageKey, name) === undefined) api.create(nsType, undefined, { metadata: { name } });
  }
}

function listen(server: Server, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

/** Starts the embedded API server. */
export async function startControlPlane(options: ControlPlaneOptions = {}): Promise<ControlPlane> {
  const { deps, stop } = createControlPlaneCore(options);
  const watches = new Set<() => void>();
  const trackWatch = (end: () => void): (() => void) => {
    watches.add(end);
    return () => watches.delete(end);
  };
  const handlerDeps = { ...deps, maxBodyBytes: options.maxBodyBytes, trackWatch };
  const token = options.token;
  const handler = (req: IncomingMessage, res: ServerResponse): void => {
    const unauthorized = token === undefined ? undefined : authenticate(req, token);
    if (unauthorized === undefined) void handleRequest(handlerDeps, req, res);
    else sendStatus(res, unauthorized);
  };
  const tls = token === undefined ? undefined : await generateServingCertificate(new Date());
  const server: Server = tls === undefined ? createServer(handler) : createHttpsServer({ cert: tls.cert, key: tls.key }, handler);
  server.requestTimeout = 0;
  server.timeout = 0;
  server.keepAliveTimeout = 60_000;
  server.on('clientError', (_error, socket) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
  });
  const port = await listen(server, options.port ?? 0);
  const closeWatches = (): void => {
    for (const end of [...watches]) end();
    watches.clear();
  };
  return {
    url: `${tls === undefined ? 'http' : 'https'}://127.0.0.1:${port}`,
    port,
    ...(tls === undefined ? {} : { certificateAuthority: tls.cert }),
    api: deps.api,
    store: deps.api.store,
    registry: deps.registry,
    closeWatches,
    close: async () => {
      stop();
      closeWatches();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}
