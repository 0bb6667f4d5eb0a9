/**
 * Leader election over a `coordination.k8s.io/v1` Lease, as client-go does
 * it: the leader renews the lease every `retryPeriod`; a follower takes over
 * once the record has not changed for `leaseDuration` (measured on its own
 * clock, so clock skew between agents does not matter). Every write carries
 * the resourceVersion it read, so two candidates racing resolve by 409.
 */
import type { CancelTimer, Clock } from '../apis/clock.js';
import type { KubeObject } from '../apis/object-meta.js';
import { isAlreadyExistsError, isConflictError, isNotFoundError } from './errors.js';
import type { Logger } from './logger.js';
import { Kinds, collectionPath, objectPath } from './resource-kinds.js';
import type { RestClient } from './rest-client.js';

interface Lease extends KubeObject {
  spec: {
    holderIdentity?: string;
    leaseDurationSeconds?: number;
    acquireTime?: string;
    renewTime?: string;
    leaseTransitions?: number;
  };
}

/** Options of {@link LeaderElector}. */
export interface LeaderElectionOptions {
  /** This agent's identity (hostname + pid is a good one). */
  identity: string;
  /** @default 'kube-system' */
  namespace?: string;
  /** @default 'karpd-leader-election' */
  name?: string;
  /** @default 15000 */
  leaseDurationMs?: number;
  /** How often to try to acquire or renew. @default 2000 */
  retryPeriodMs?: number;
  logger: Logger;
  /** The clock (milliseconds since the epoch). */
  now: () => number;
  /** The timer the retry period runs on (a FakeClock in tests). @default Node's setInterval */
  timers?: Pick<Clock, 'setInterval'>;
  onStartedLeading?: () => void;
  onStoppedLeading?: () => void;
}

function microTime(ms: number): string {
  return new Date(ms).toISOString().replace(/Z$/, '000Z');
}

/** Campaigns for one Lease until stopped. */
export class LeaderElector {
  private leading = false;
  private timer: CancelTimer | undefined;
  private observedRecord = '';
  private observedAt = 0;
  private lastRenewAt = 0;
  private running: Promise<void> | undefined;

  constructor(
    private readonly rest: RestClient,
    private readonly options: LeaderElectionOptions,
  ) {}

  /** Is this agent the leader right now? */
  isLeader(): boolean {
    return this.leading;
  }

  /** Starts campaigning; the first attempt runs at once. */
  start(): void {
    if (this.timer !== undefined) return;
    const tick = () => {
      this.running = this.tryAcquireOrRenew().then(
        () => undefined,
        (error: unknown) => {
          this.options.logger.warn({ reason: error instanceof Error ? error.message : String(error) }, 'leader election attempt failed');
          if (this.options.now() - this.lastRenewAt >= this.leaseDurationMs) this.setLeading(false);
        },
      );
    };
    tick();
    const period = this.options.retryPeriodMs ?? 2000;
    if (this.options.timers !== undefined) this.timer = this.options.timers.setInterval(tick, period);
    else {
      const interval = setInterval(tick, period);
      this.timer = () => clearInterval(interval);
    }
  }

  /** Stops campaigning at once without another write, as a crashed agent would; the lease expires on its own. */
  abandon(): void {
    this.timer?.();
    this.timer = undefined;
    this.leading = false;
  }

  /**
   * Stops campaigning; a leader stops leading and releases the lease (holder cleared, as client-go's
   * ReleaseOnCancel, which upstream Karpenter turns on), so another replica takes over at its next retry instead of
   * after the lease duration. A failed release is logged: the lease then expires on its own.
   */
  async stop(): Promise<void> {
    this.timer?.();
    this.timer = undefined;
    await this.running;
    const wasLeading = this.leading;
    this.setLeading(false);
    if (wasLeading) await this.release();
  }

  private async release(): Promise<void> {
    try {
      const lease = await this.rest.request<Lease>({ method: 'GET', path: this.path });
      if (lease.spec.holderIdentity !== this.options.identity) return;
      const now = microTime(this.options.now());
      const spec = { ...lease.spec, holderIdentity: '', leaseDurationSeconds: 1, renewTime: now, acquireTime: now };
      await this.rest.request({ method: 'PUT', path: this.path, body: { ...lease, spec } });
    } catch (error) {
      this.options.logger.warn({ reason: error instanceof Error ? error.message : String(error) }, 'releasing the leader lease failed');
    }
  }

  private get leaseDurationMs(): number {
    return this.options.leaseDurationMs ?? 15_000;
  }

  private get path(): string {
    return objectPath(Kinds.lease, this.options.name ?? 'karpd-leader-election', this.options.namespace ?? 'kube-system');
  }

  /** One round: create, renew or take over the lease. */
  async tryAcquireOrRenew(): Promise<boolean> {
    const now = this.options.now();
    let lease: Lease;
    try {
      lease = await this.rest.request<Lease>({ method: 'GET', path: this.path });
    } catch (error) {
      if (!isNotFoundError(error)) throw error;
      return this.create(now);
    }
    this.observe(lease, now);
    const holder = lease.spec.holderIdentity;
    const mine = holder === this.options.identity;
    if (!mine && holder !== undefined && holder !== '' && now - this.observedAt < this.leaseDurationMs) {
      this.setLeading(false);
      return false;
    }
    return this.write(lease, now, mine);
  }

  private observe(lease: Lease, now: number): void {
    const record = `${lease.spec.holderIdentity}|${lease.spec.renewTime}`;
    if (record !== this.observedRecord) {
      this.observedRecord = record;
      this.observedAt = now;
    }
  }

  private async create(now: number): Promise<boolean> {
    const namespace = this.options.namespace ?? 'kube-system';
    const body: Lease = {
      apiVersion: 'coordination.k8s.io/v1',
      kind: 'Lease',
      metadata: { name: this.options.name ?? 'karpd-leader-election', namespace },
      spec: this.spec(now, now, 0),
    };
    try {
      await this.rest.request({ method: 'POST', path: collectionPath(Kinds.lease, namespace), body });
    } catch (error) {
      if (isAlreadyExistsError(error) || isConflictError(error)) return false;
      throw error;
    }
    this.lastRenewAt = now;
    this.setLeading(true);
    return true;
  }

  private async write(lease: Lease, now: number, renewing: boolean): Promise<boolean> {
    const acquireMs = renewing && lease.spec.acquireTime !== undefined ? Date.parse(lease.spec.acquireTime) : now;
    const transitions = (lease.spec.leaseTransitions ?? 0) + (renewing ? 0 : 1);
    const body: Lease = { ...lease, spec: this.spec(acquireMs, now, transitions) };
    try {
      await this.rest.request({ method: 'PUT', path: this.path, body });
    } catch (error) {
      if (!isConflictError(error)) throw error;
      if (renewing && now - this.lastRenewAt >= this.leaseDurationMs) this.setLeading(false);
      return false;
    }
    this.lastRenewAt = now;
    this.setLeading(true);
    return true;
  }

  private spec(acquireMs: number, renewMs: number, transitions: number): Lease['spec'] {
    return {
      holderIdentity: this.options.identity,
      leaseDurationSeconds: Math.ceil(this.leaseDurationMs / 1000),
      acquireTime: microTime(acquireMs),
      renewTime: microTime(renewMs),
      leaseTransitions: transitions,
    };
  }

  private setLeading(leading: boolean): void {
    if (leading === this.leading) return;
    this.leading = leading;
    this.options.logger.info({ identity: this.options.identity, leading }, leading ? 'became leader' : 'stopped leading');
    if (leading) this.options.onStartedLeading?.();
    else this.options.onStoppedLeading?.();
  }
}
