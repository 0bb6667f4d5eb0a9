/**
 * Test helper: an embedded control plane on a free port and a kube-layer
 * RestClient connected to it through a real kubeconfig (the same code path
 * the agent uses against EKS).
 */
import type { Clock } from '../apis/clock.js';
import { connect } from '../kube/connect.js';
import type { RestClient } from '../kube/rest-client.js';
import { kubeconfigFor } from '../sim/control-plane/kubeconfig.js';
import { startControlPlane, type ControlPlane } from '../sim/control-plane/control-plane.js';

/** A running embedded cluster and a client for it. */
export interface EmbeddedCluster {
  readonly controlPlane: ControlPlane;
  readonly rest: RestClient;
  close(): Promise<void>;
}

/** Starts a control plane and connects a RestClient to it. */
export async function startEmbeddedCluster(options: { clock?: Clock; podTerminationDelayMs?: number } = {}): Promise<EmbeddedCluster> {
  const controlPlane = await startControlPlane({
    ...(options.clock ? { clock: options.clock } : {}),
    podTerminationDelayMs: options.podTerminationDelayMs ?? 0,
  });
  const rest = connect({ kubeconfig: JSON.stringify(kubeconfigFor(controlPlane.url)) });
  return { controlPlane, rest, close: () => controlPlane.close() };
}
