/**
 * A CloudProvider decorator that counts launches and terminations and times
 * every call (upstream's `karpenter_cloudprovider_duration_seconds` and
 * `…_errors_total`), into a registry the caller owns.
 */
import { Counter, Histogram, type Registry } from 'prom-client';
import type { NodeClaim } from '../../apis/nodeclaim.js';
import type { NodePool } from '../../apis/nodepool.js';
import { Labels } from '../../apis/well-known-labels.js';
import type { InstanceType } from '../../scheduling/instance-type.js';
import type { CloudProvider, DriftReason } from '../types.js';

/** Options of {@link withMetrics}. */
export interface MetricsOptions {
  /** Where the metrics are registered (one registry per decorated provider name). */
  readonly registry: Registry;
  /** A monotonic millisecond clock for latencies. @default performance.now */
  readonly now?: () => number;
}

interface Instruments {
  readonly duration: Histogram<'method' | 'provider' | 'error'>;
  readonly errors: Counter<'method' | 'provider' | 'error'>;
  readonly launched: Counter<'provider' | 'capacity_type' | 'zone'>;
  readonly terminated: Counter<'provider'>;
}

function instruments(registry: Registry): Instruments {
  const registers = [registry];
  return {
    duration: new Histogram({
      name: 'karpenter_cloudprovider_duration_seconds',
      help: 'Duration of cloud provider calls in seconds.',
      labelNames: ['method', 'provider', 'error'],
      registers,
      buckets: [0.005, 0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
    }),
    errors: new Counter({
      name: 'karpenter_cloudprovider_errors_total',
      help: 'Cloud provider calls that failed, by error class.',
      labelNames: ['method', 'provider', 'error'],
      registers,
    }),
    launched: new Counter({
      name: 'karpd_cloudprovider_instances_launched_total',
      help: 'Instances launched through the cloud provider.',
      labelNames: ['provider', 'capacity_type', 'zone'],
      registers,
    }),
    terminated: new Counter({
      name: 'karpd_cloudprovider_instances_terminated_total',
      help: 'Instance terminations requested through the cloud provider.',
      labelNames: ['provider'],
      registers,
    }),
  };
}

class MetricsCloudProvider implements CloudProvider {
  readonly name: string;

  constructor(
    private readonly inner: CloudProvider,
    private readonly metrics: Instruments,
    private readonly now: () => number,
  ) {
    this.name = inner.name;
    const mark = inner.markOfferingUnavailable?.bind(inner);
    if (mark !== undefined) this.markOfferingUnavailable = mark;
  }

  /** The inner provider's, when it has one. */
  readonly markOfferingUnavailable?: CloudProvider['markOfferingUnavailable'];

  private async measure<T>(method: string, call: () => Promise<T>): Promise<T> {
    const start = this.now();
    let error = '';
    try {
      return await call();
    } catch (caught) {
      error = caught instanceof Error ? caught.name : 'unknown';
      this.metrics.errors.inc({ method, provider: this.name, error });
      throw caught;
    } finally {
      this.metrics.duration.observe({ method, provider: this.name, error }, (this.now() - start) / 1000);
    }
  }

  async create(nodeClaim: NodeClaim): Promise<NodeClaim> {
    const launched = await this.measure('Create', () => this.inner.create(nodeClaim));
    const labels = launched.metadata.labels ?? {};
    this.metrics.launched.inc({ provider: this.name, capacity_type: labels[Labels.capacityType] ?? '', zone: labels[Labels.zone] ?? '' });
    return launched;
  }

  async delete(nodeClaim: NodeClaim): Promise<void> {
    await this.measure('Delete', () => this.inner.delete(nodeClaim));
    this.metrics.terminated.inc({ provider: this.name });
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

/** Wraps `provider` so every call is timed and counted in `options.registry`. */
export function withMetrics(provider: CloudProvider, options: MetricsOptions): CloudProvider {
  return new MetricsCloudProvider(provider, instruments(options.registry), options.now ?? (() => performance.now()));
}
