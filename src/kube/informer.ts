/**
 * Informers: list, then watch from the list's resourceVersion, re-list on
 * 410 Gone (client-node's `ListWatch` does both), and — what ListWatch leaves
 * to its user — restart with exponential backoff after any other error.
 */
import { ListWatch, Watch, type KubernetesListObject, type KubernetesObject } from '@kubernetes/client-node';
import type { KubeObject } from '../apis/object-meta.js';
import type { Logger } from './logger.js';
import { collectionPath, type ResourceKind } from './resource-kinds.js';
import type { RestClient } from './rest-client.js';

/** What an informer reports to. */
export interface InformerHandler<T extends KubeObject> {
  /** An object was added or changed (also called for every object of a re-list). */
  upsert(object: T): void;
  /** An object is gone (also called for objects missing from a re-list). */
  remove(object: T): void;
}

/** Options of {@link startInformer}. */
export interface InformerOptions {
  logger: Logger;
  /** First retry delay after an error. @default 500 */
  initialBackoffMs?: number;
  /** Largest retry delay. @default 30000 */
  maxBackoffMs?: number;
}

/** A running informer. */
export interface RunningInformer {
  readonly kind: ResourceKind;
  /** True once the first list has been delivered to the handler. */
  readonly synced: boolean;
  /** Resolves when the first list has been delivered. */
  readonly whenSynced: Promise<void>;
  stop(): Promise<void>;
}

/** Starts an informer for `kind`; returns at once (see `whenSynced`). */
export function startInformer<T extends KubeObject>(
  rest: RestClient,
  kind: ResourceKind,
  handler: InformerHandler<T>,
  options: InformerOptions,
): RunningInformer {
  const path = collectionPath(kind);
  const list = () =>
    rest.request<KubernetesListObject<KubernetesObject>>({ method: 'GET', path }).then((result) => ({
      ...result,
      items: result.items.map((item) => ({ apiVersion: kind.apiVersion, kind: kind.kind, ...item })),
    }));
  const informer = new ListWatch<KubernetesObject>(path, new Watch(rest.kubeConfig), list, false);
  informer.on('add', (object) => handler.upsert(object as unknown as T));
  informer.on('update', (object) => handler.upsert(object as unknown as T));
  informer.on('delete', (object) => handler.remove(object as unknown as T));
  return new InformerRunner(kind, informer, options);
}

class InformerRunner implements RunningInformer {
  synced = false;
  readonly whenSynced: Promise<void>;
  private markSynced!: () => void;
  private stopped = false;
  private failures = 0;
  private retryTimer: NodeJS.Timeout | undefined;

  constructor(
    readonly kind: ResourceKind,
    private readonly informer: ListWatch<KubernetesObject>,
    private readonly options: InformerOptions,
  ) {
    this.whenSynced = new Promise((resolve) => (this.markSynced = resolve));
    informer.on('error', (error) => this.onError(error));
    void this.run();
  }

  private async run(): Promise<void> {
    if (this.stopped) return;
    const failuresBefore = this.failures;
    await this.informer.start();
    if (this.failures === failuresBefore && !this.stopped) {
      this.failures = 0;
      if (!this.synced) {
        this.synced = true;
        this.markSynced();
      }
    }
  }

  private onError(error: unknown): void {
    if (this.stopped) return;
    this.failures += 1;
    const initial = this.options.initialBackoffMs ?? 500;
    const delay = Math.min(initial * 2 ** Math.min(this.failures - 1, 10), this.options.maxBackoffMs ?? 30_000);
    const message = error instanceof Error ? error.message : String(error);
    this.options.logger.warn({ kind: this.kind.kind, reason: message, retryInMs: delay }, 'informer failed; retrying');
    clearTimeout(this.retryTimer);
    this.retryTimer = setTimeout(() => void this.run(), delay);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.retryTimer);
    await this.informer.stop();
  }
}
