/**
 * A small two-cluster view for `karpd why` and its route: in `sandbox` a node kept by a do-not-disrupt pod, a node
 * being consolidated under a pending node Decision, and a node of another name than its claim; `shared-1` in both
 * clusters; an unmanaged Node `ip-10-9-9-9` in sandbox's cache. Deterministic.
 */
import type { ViewModel } from '../observe/view-model/view-model.js';
import { ClusterState } from '../state/cluster-state.js';
import { node } from './builders.js';
import { clusterView, disruptingClaim, nodeClaimRow, nodeDecisionRow, viewModel } from './view-model-fixtures.js';

/** The view: see the module comment. */
export function whyView(): ViewModel {
  const moving = disruptingClaim({ nodeClaim: 'default-moving', node: 'ip-10-0-0-7', phase: 'waiting-approval' });
  return viewModel({
    clusters: [
      clusterView({
        name: 'sandbox',
        nodeClaims: [
          nodeClaimRow({
            name: 'default-kept',
            nodeName: 'default-kept',
            why: 'pod airflow/scheduler-0 has do-not-disrupt',
            disruption: { status: 'kept', kind: 'pod-blocked', method: 'emptiness', message: 'pod airflow/scheduler-0 has do-not-disrupt' },
          }),
          nodeClaimRow({
            name: 'default-moving',
            nodeName: 'ip-10-0-0-7',
            instanceType: 'm5.2xlarge',
            state: 'Disrupting',
            why: `waiting for approval: ${moving.summary}`,
            disruption: {
              status: 'disrupting',
              phase: moving.phase,
              method: moving.method,
              reason: moving.reason,
              summary: moving.summary,
              decision: 'consolidation-7f3a2',
              since: moving.since,
            },
          }),
          nodeClaimRow({ name: 'shared-1', nodeName: 'shared-1' }),
        ],
        decisions: [nodeDecisionRow({ name: 'consolidation-7f3a2' })],
      }),
      clusterView({ name: 'prod', nodeClaims: [nodeClaimRow({ name: 'shared-1', nodeName: 'shared-1' })], decisions: [] }),
    ],
  });
}

/** The clusters' caches of {@link whyView}: sandbox holds the unmanaged Node `ip-10-9-9-9`. */
export function whyClusters(): { name: string; state: ClusterState }[] {
  const sandbox = new ClusterState();
  sandbox.upsert('nodes', node({ name: 'ip-10-9-9-9' }));
  return [
    { name: 'sandbox', state: sandbox },
    { name: 'prod', state: new ClusterState() },
  ];
}
