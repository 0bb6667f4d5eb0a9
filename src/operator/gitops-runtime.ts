/**
 * GitOps sync wired for a running agent process: one Git source, and for
 * each cluster a sync controller over that cluster's kube connection, its
 * agent's state (nodes per pool, the what-if) and its cloud provider; the
 * Decisions in the cluster, the audit log and the suspensions in the state
 * folder; the agent API routes over all of it. `karpd up` and `karpd run`
 * both start GitOps through here.
 */
import { join } from 'node:path';
import type { Clock } from '../apis/clock.js';
import type { KubeObject } from '../apis/object-meta.js';
import { Labels } from '../apis/well-known-labels.js';
import type { CloudProvider } from '../cloudprovider/types.js';
import { ClusterSyncController } from '../controllers/gitops/cluster-sync-controller.js';
import { clusterWhatIf } from '../controllers/gitops/cluster-what-if.js';
import { GitOpsController } from '../controllers/gitops/gitops-controller.js';
import type { ChangeResult } from '../controllers/gitops/sync-dependencies.js';
import { applyObjects } from '../gitops/apply/apply-objects.js';
import { pruneObjects } from '../gitops/apply/prune-objects.js';
import { JsonLinesAuditLog } from '../gitops/decisions/audit-log-file.js';
import { KubeDecisionRepository } from '../gitops/decisions/kube-decision-repository.js';
import { dueReminders } from '../gitops/decisions/reminders.js';
import { evaluateSyncWindows } from '../gitops/decisions/sync-windows.js';
import { WebhookNotifier } from '../gitops/decisions/webhook-notifier.js';
import { compareCluster } from '../gitops/diff/compare-objects.js';
import type { DesiredObject, ObjectRef } from '../gitops/diff/object-comparison.js';
import type { RevisionSource } from '../gitops/source/revision.js';
import type { Logger } from '../kube/logger.js';
import { Kinds } from '../kube/resource-kinds.js';
import { listObjects } from '../kube/list-objects.js';
import type { RestClient } from '../kube/rest-client.js';
import type { JsonRoute } from '../observe/agent-server.js';
import { AutoscalerError } from '../apis/errors.js';
import type { Agent } from './agent.js';
import { gitopsRoutes } from './gitops-routes.js';

const LEADERSHIP_POLL_MS = 500;

/** One cluster GitOps keeps in sync. */
export interface GitOpsTarget {
  readonly name: string;
  readonly rest: RestClient;
  readonly agent: Agent;
  readonly cloud: CloudProvider;
}

/** Options of {@link startGitOps}. */
export interface GitOpsRuntimeOptions {
  readonly source: RevisionSource;
  readonly targets: readonly GitOpsTarget[];
  readonly stateDir: string;
  readonly clock: Clock;
  readonly logger: Logger;
}

/** Running GitOps sync. */
export interface GitOpsRuntime {
  readonly controller: GitOpsController;
  readonly routes: Record<string, JsonRoute>;
  readonly auditPath: string;
  stop(): Promise<void>;
}

/** An apply or prune that did not fully happen: the Decision fails with every object's reason. */
export class ChangeFailedError extends AutoscalerError {
  constructor(message: string) {
    super(message);
    this.name = 'ChangeFailedError';
  }
}

type Result = { kind: string; name: string; action: string; error?: Error; reason?: string };

function checked(results: readonly Result[], what: string): ChangeResult[] {
  const failed = results.filter((result) => result.action === 'failed' || result.action === 'refused');
  if (failed.length > 0)
    throw new ChangeFailedError(
      `${what}: ${failed.map((result) => `${result.kind}/${result.name}: ${result.error?.message ?? result.reason ?? result.action}`).join('; ')}`,
    );
  return results.map(({ kind, name, action }) => ({ kind, name, action }));
}

async function listLive(rest: RestClient): Promise<KubeObject[]> {
  const [nodeClasses, nodePools] = await Promise.all([listObjects(rest, Kinds.ec2NodeClass), listObjects(rest, Kinds.nodePool)]);
  return [...nodeClasses, ...nodePools];
}

function nodesPerPool(agent: Agent): ReadonlyMap<string, number> {
  const counts = new Map<string, number>();
  for (const claim of agent.state.snapshot().nodeClaims) {
    const pool = claim.metadata.labels?.[Labels.nodePool];
    if (pool !== undefined) counts.set(pool, (counts.get(pool) ?? 0) + 1);
  }
  return counts;
}

/** Starts GitOps sync for every target. */
export async function startGitOps(options: GitOpsRuntimeOptions): Promise<GitOpsRuntime> {
  const { logger, clock } = options;
  const auditPath = join(options.stateDir, 'audit.log');
  const audit = new JsonLinesAuditLog(auditPath);
  const notifier = new WebhookNotifier({ logger });
  const unsubscribes: Array<() => void> = [];
  const clusters = options.targets.map((target) => {
    const controller = new ClusterSyncController({
      cluster: target.name,
      source: options.source,
      listLive: () => listLive(target.rest),
      nodesPerPool: async () => nodesPerPool(target.agent),
      compare: compareCluster,
      apply: async (objects: readonly DesiredObject[], revision: string) =>
        checked(await applyObjects(target.rest, objects, { revision }), 'applying'),
      prune: async (refs: readonly ObjectRef[]) => checked(await pruneObjects(target.rest, refs), 'pruning'),
      projectWhatIf: (before, after) =>
        clusterWhatIf({ snapshot: target.agent.state.snapshot(), cloud: target.cloud, before, after }).catch((error: unknown) => {
          logger.warn({ cluster: target.name, reason: error instanceof Error ? error.message : String(error) }, 'what-if failed');
          return undefined;
        }),
      evaluateWindows: evaluateSyncWindows,
      dueReminders: (input) => {
        const due = dueReminders({
          cluster: target.name,
          decisions: input.pending,
          ...(input.suspendedAt !== undefined ? { suspendedSince: input.suspendedAt } : {}),
          ...(input.suspendedRemindedAt !== undefined ? { lastSuspendedReminderAt: input.suspendedRemindedAt } : {}),
          remindAfterMs: input.remindAfterMs,
          now: input.now,
        });
        return {
          decisions: due.flatMap((reminder) => (reminder.event === 'decision-reminder' ? [reminder.decision.metadata.name ?? ''] : [])),
          suspended: due.some((reminder) => reminder.event === 'suspended-reminder'),
        };
      },
      repository: new KubeDecisionRepository({ rest: target.rest, cluster: target.name, clock, logger }),
      audit,
      notifier,
      clock,
      logger,
      canAct: () => target.agent.elector.isLeader(),
    });
    unsubscribes.push(
      target.agent.state.onChange((kind) => {
        if (kind === 'nodePools' || kind === 'nodeClasses') controller.trigger();
      }),
    );
    // A pass is skipped while this agent is not the leader: sync as soon as it becomes one.
    let leading = target.agent.elector.isLeader();
    unsubscribes.push(
      clock.setInterval(() => {
        const now = target.agent.elector.isLeader();
        if (now && !leading) controller.trigger();
        leading = now;
      }, LEADERSHIP_POLL_MS),
    );
    return controller;
  });
  const controller = new GitOpsController({ clusters, audit, suspensionsPath: join(options.stateDir, 'suspensions.json'), clock, logger });
  await controller.start();
  return {
    controller,
    routes: gitopsRoutes(controller, { audit }),
    auditPath,
    stop: async () => {
      for (const unsubscribe of unsubscribes) unsubscribe();
      await controller.stop();
    },
  };
}
