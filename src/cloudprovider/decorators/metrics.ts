/**
 * A CloudProvider decorator that times every call and counts the failed ones (upstream's
 * `karpenter_cloudprovider_duration_seconds` and `karpenter_cloudprovider_errors_total`, labelled with the calling
 * controller, the method, the provider and the error class) into instruments the caller owns: the agent gives each
 * controller its own wrapper over the one provider, so the label says who made the call.
 */
import type { Counter, Histogram } from 'prom-client';
import type { NodeClaim } from '../../apis/nodeclaim.js';
import type { NodePool } from '../../apis/nodepool.js';
import type { InstanceType } from '../../scheduling/instance-type.js';
import type { CloudProvider, DriftReason } from '../types.js';

/** The labels of both instruments. */
export type CloudProviderMetricLabel = 'controller' | 'method' | 'provider' | 'error';

/** Options of {@link withMetrics}. */
export interface MetricsOptions {
  /** Seconds per call (the agent's `karpenter_cloudprovider_duration_seconds`). */
  readonly duration: Histogram<CloudProviderMetricLabel>;
  /** Failed calls (the agent's `karpenter_cloudprovider_errors_total`). */
  readonly errors: Counter<CloudProviderMetricLabel>;
  /** The controller whose calls these are (`provisioner`, `disruption`, …). */
  readonly controller: string;
  /** A monotonic millisecond clock for latencies. @default performance.now */
  readonly now?: () => number;
}

/** The error class a failed call is counted under: the error's name (`NodeClaimNotFoundError`), never its message. */
function errorClass(caught: unknown): string {
  return caught instanceof Error ? caught.name : 'unknown';
}

class MetricsCloudProvider implements CloudProvider {
  readonly name: string;
  /** The inner provider's, when it has one. */
  readonly markOfferingUnavailable?: CloudProvider['markOfferingUnavailable'];
  private readonly now: () => number;

  constructor(
    private readonly inner: CloudProvider,
    private readonly options: MetricsOptions,
  ) {
    this.name = inner.name;
    this.now = options.now ?? (() => performance.now());
    const mark = inner.markOfferingUnavailable?.bind(inner);
    if (mark !== undefined) this.markOfferingUnavailable = mark;
  }

  private async measure<T>(method: string, call: () => Promise<T>): Promise<T> {
    const start = this.now();
    let error = '';
    try {
      return await call();
    } catch (caught) {
      error = errorClass(caught);
      this.options.errors.inc({ controller: this.options.controller, method, provider: this.name, error });
      throw caught;
    } finally {
      this.options.duration.observe(
        { controller: this.options.controller, method, provider: this.name, error },
        (this.now() - start) / 1000,
      );
    }
  }

  create(nodeClaim: NodeClaim): Promise<NodeClaim> {
    return this.measure('Create', () => this.inner.create(nodeClaim));
  }

  delete(nodeClaim: NodeClaim): Promise<void> {
    return this.measure('Delete', () => this.inner.delete(nodeClaim));
  }

  get(providerID: string): Promise<NodeClaim> {
    return this.measure('Get', () => this.inner.get(providerID));
  }

  list(): Promise<NodeClaim[]> {
    return this.measure('List', () => this.inner.list());
  }

  getInstanceTypes(nodePool: NodePool): Promise<InstanceType[]> {
    return this.measure('GetInstanceTypes', () => this.inner.getInstanceTypes(nodePool));
  }

  isDrifted(nodeClaim: NodeClaim): Promise<DriftReason | undefined> {
    return this.measure('IsDrifted', () => this.inner.isDrifted(nodeClaim));
  }
}

/** Wraps `provider` so every call is timed, and every failed one counted, under `options.controller`. */
export function withMetrics(provider: CloudProvider, options: MetricsOptions): CloudProvider {
  return new MetricsCloudProvider(provider, options);
}
