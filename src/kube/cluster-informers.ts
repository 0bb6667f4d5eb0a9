/** Feeds a {@link ClusterState} from informers on every kind it holds. */
import type { ClusterState, StateKind, StateObjects } from '../state/cluster-state.js';
import { startInformer, type RunningInformer } from './informer.js';
import type { Logger } from './logger.js';
import { listObjects } from './list-objects.js';
import { Kinds, type ResourceKind } from './resource-kinds.js';
import type { RestClient } from './rest-client.js';

const KIND_OF_STATE: Record<StateKind, ResourceKind> = {
  nodes: Kinds.node,
  pods: Kinds.pod,
  nodeClaims: Kinds.nodeClaim,
  nodePools: Kinds.nodePool,
  nodeClasses: Kinds.ec2NodeClass,
  daemonSets: Kinds.daemonSet,
  podDisruptionBudgets: Kinds.podDisruptionBudget,
};

/**
 * Lists every kind once into a new {@link ClusterState} (no watch): a one-off view of a cluster for commands
 * such as `karpd plan` that need the cluster's pods and nodes but run no agent.
 */
export async function listClusterState(rest: RestClient, state: ClusterState): Promise<ClusterState> {
  await Promise.all(
    (Object.entries(KIND_OF_STATE) as Array<[StateKind, ResourceKind]>).map(async ([stateKind, kind]) => {
      for (const object of await listObjects(rest, kind)) state.upsert(stateKind, object as never);
      state.markSynced(stateKind);
    }),
  );
  return state;
}

/** The running informers of one cluster. */
export interface ClusterInformers {
  /** Resolves once every informer has delivered its first list (the state is then `synced()`). */
  readonly whenSynced: Promise<void>;
  stop(): Promise<void>;
}

/** Starts one informer per state kind, each writing into `state`. */
export function startClusterInformers(rest: RestClient, state: ClusterState, logger: Logger): ClusterInformers {
  const informers: RunningInformer[] = [];
  for (const [stateKind, kind] of Object.entries(KIND_OF_STATE) as Array<[StateKind, ResourceKind]>) {
    const informer = startInformer<StateObjects[typeof stateKind]>(
      rest,
      kind,
      {
        upsert: (object) => state.upsert(stateKind, object),
        remove: (object) => state.remove(stateKind, object),
      },
      { logger },
    );
    void informer.whenSynced.then(() => state.markSynced(stateKind));
    informers.push(informer);
  }
  return {
    whenSynced: Promise.all(informers.map((informer) => informer.whenSynced)).then(() => undefined),
    stop: async () => {
      await Promise.all(informers.map((informer) => informer.stop()));
    },
  };
}
