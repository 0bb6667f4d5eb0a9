/**
 * GitOps sync of every cluster an agent serves: the {@link GitOpsService}
 * the agent API, CLI and dashboard use, over one ClusterSyncController per
 * cluster (each with its own kube connection). One cluster failing —
 * unreachable API, broken revision — never stops the others. A person's
 * suspension persists across restarts in the state folder.
 */
import type { DisruptionApproval } from '../../apis/cluster.js';
import type { Clock } from '../../apis/clock.js';
import type { Decision, DecisionState } from '../../apis/decision.js';
import type { Logger } from '../../apis/logger.js';
import type { AuditLog } from '../../gitops/decisions/audit-entry.js';
import { DecisionNotFoundError, UnknownClusterError } from '../../gitops/decisions/decision-errors.js';
import type { Actor, ClusterSyncState, GitOpsService } from '../../gitops/decisions/gitops-service.js';
import type { Suspensions } from '../../gitops/decisions/suspensions-file.js';
import { readSuspensions, writeSuspensions } from '../../gitops/decisions/suspensions-file.js';
import type { ClusterSyncController } from './cluster-sync-controller.js';
import { errorMessage } from './decision-steps.js';

/** Options of {@link GitOpsController}. */
export interface GitOpsControllerOptions {
  /** One per cluster, names unique. */
  readonly clusters: readonly ClusterSyncController[];
  /** The shared audit log (suspended, resumed, refreshed). */
  readonly audit: AuditLog;
  /** The suspensions file (`DIR/suspensions.json`). */
  readonly suspensionsPath: string;
  readonly clock: Clock;
  readonly logger: Logger;
}

function newestFirst(a: Decision, b: Decision): number {
  return (
    (b.metadata.creationTimestamp ?? '').localeCompare(a.metadata.creationTimestamp ?? '') ||
    (a.metadata.name ?? '').localeCompare(b.metadata.name ?? '')
  );
}

/** The GitOps service of one agent. */
export class GitOpsController implements GitOpsService {
  private readonly byName: ReadonlyMap<string, ClusterSyncController>;
  private suspensions: Suspensions = {};
  private writes: Promise<unknown> = Promise.resolve();

  constructor(private readonly options: GitOpsControllerOptions) {
    this.byName = new Map(options.clusters.map((cluster) => [cluster.name, cluster]));
  }

  /** Reads the persisted suspensions, then starts every cluster's sync. */
  async start(): Promise<void> {
    try {
      this.suspensions = await readSuspensions(this.options.suspensionsPath);
    } catch (error) {
      this.options.logger.error({ reason: errorMessage(error) }, 'suspensions file unreadable; starting with no cluster suspended');
    }
    for (const cluster of this.options.clusters) {
      const record = this.suspensions[cluster.name];
      cluster.setSuspension(record === undefined ? undefined : { by: record.by, at: new Date(record.at) });
      cluster.start();
    }
  }

  async stop(): Promise<void> {
    await Promise.all(this.options.clusters.map((cluster) => cluster.stop()));
  }

  clusters(): ClusterSyncState[] {
    return this.options.clusters.map((cluster) => cluster.state());
  }

  async decisions(filter: { readonly cluster?: string; readonly state?: DecisionState } = {}): Promise<Decision[]> {
    const clusters = filter.cluster === undefined ? this.options.clusters : [this.cluster(filter.cluster)];
    const lists = await Promise.all(clusters.map((cluster) => this.listOf(cluster)));
    return lists
      .flat()
      .filter((decision) => filter.state === undefined || (decision.status?.state ?? 'pending') === filter.state)
      .sort(newestFirst);
  }

  async approve(name: string, actor: Actor): Promise<Decision> {
    return (await this.owner(name)).approve(name, actor);
  }

  async reject(name: string, actor: Actor, reason?: string): Promise<Decision> {
    return (await this.owner(name)).reject(name, actor, reason);
  }

  /** Fetches Git and re-syncs every cluster (or one); a cluster that fails is logged and shown in its state. */
  async refresh(actor: Actor, cluster?: string): Promise<void> {
    const clusters = cluster === undefined ? this.options.clusters : [this.cluster(cluster)];
    await Promise.all(
      clusters.map(async (controller) => {
        try {
          await controller.refresh();
          await this.audit(actor, 'refreshed', controller.name, `refreshed by ${actor.name}: ${controller.state().status}`);
        } catch (error) {
          this.options.logger.warn({ cluster: controller.name, reason: errorMessage(error) }, 'refresh failed');
          await this.audit(actor, 'refreshed', controller.name, `refresh failed: ${errorMessage(error)}`);
        }
      }),
    );
  }

  async suspend(cluster: string, actor: Actor): Promise<void> {
    const controller = this.cluster(cluster);
    const at = this.options.clock.now();
    await this.persist((current) => ({ ...current, [cluster]: { by: actor.name, at: at.toISOString() } }));
    controller.setSuspension({ by: actor.name, at });
    await this.audit(actor, 'suspended', cluster, `suspended by ${actor.name}: nothing from Git is applied until resumed`);
    this.options.logger.info({ cluster, by: actor.name }, 'cluster sync suspended');
    controller.trigger();
  }

  async resume(cluster: string, actor: Actor): Promise<void> {
    const controller = this.cluster(cluster);
    await this.persist((current) => Object.fromEntries(Object.entries(current).filter(([name]) => name !== cluster)));
    controller.setSuspension(undefined);
    await this.audit(actor, 'resumed', cluster, `resumed by ${actor.name}`);
    this.options.logger.info({ cluster, by: actor.name }, 'cluster sync resumed');
    controller.trigger();
  }

  /** Cluster `name`'s in-force `spec.disruption.approval`, or undefined when the cluster or its revision is unknown. */
  disruptionApproval(name: string): DisruptionApproval | undefined {
    return this.byName.get(name)?.disruptionApproval();
  }

  private cluster(name: string): ClusterSyncController {
    const controller = this.byName.get(name);
    if (controller === undefined) throw new UnknownClusterError(name, [...this.byName.keys()]);
    return controller;
  }

  private async listOf(cluster: ClusterSyncController): Promise<Decision[]> {
    try {
      return await cluster.repository.list();
    } catch (error) {
      this.options.logger.warn({ cluster: cluster.name, reason: errorMessage(error) }, 'listing decisions failed');
      return [];
    }
  }

  /** The cluster whose repository holds Decision `name` (each cluster keeps its own Decisions). */
  private async owner(name: string): Promise<ClusterSyncController> {
    for (const cluster of this.options.clusters) {
      let decision: Decision | undefined;
      try {
        decision = await cluster.repository.get(name);
      } catch (error) {
        this.options.logger.warn({ cluster: cluster.name, decision: name, reason: errorMessage(error) }, 'reading decision failed');
        continue;
      }
      if (decision !== undefined) return cluster;
    }
    throw new DecisionNotFoundError(name);
  }

  /** Writes `update(current)` to the file, one write at a time, so two suspensions at once do not lose one. */
  private async persist(update: (current: Suspensions) => Suspensions): Promise<void> {
    const write = this.writes.then(async () => {
      const next = update(this.suspensions);
      await writeSuspensions(this.options.suspensionsPath, next);
      this.suspensions = next;
    });
    this.writes = write.catch(() => undefined);
    await write;
  }

  private async audit(actor: Actor, action: 'suspended' | 'resumed' | 'refreshed', cluster: string, result: string): Promise<void> {
    try {
      await this.options.audit.append({ at: this.options.clock.now().toISOString(), who: actor.name, action, cluster, result });
    } catch (error) {
      this.options.logger.error({ cluster, action, reason: errorMessage(error) }, 'audit log append failed');
    }
  }
}
