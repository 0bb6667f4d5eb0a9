/** What every controller is given: read state, the writers, the cloud, time, logs and metrics. */
import type { CloudProvider } from '../../cloudprovider/types.js';
import type { KubeWrites } from '../../kube/kube-writer.js';
import type { Logger } from '../../kube/logger.js';
import type { AgentMetrics } from '../../observe/metrics.js';
import type { ClusterState } from '../../state/cluster-state.js';

/** The dependencies of a controller, passed in one object. */
export interface ControllerContext {
  readonly state: ClusterState;
  readonly kube: KubeWrites;
  readonly cloud: CloudProvider;
  /** Milliseconds since the epoch (real or simulated). */
  readonly now: () => number;
  readonly logger: Logger;
  readonly metrics: AgentMetrics;
}
