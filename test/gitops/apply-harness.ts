/**
 * Shared setup of the apply and prune tests: the sandbox objects of
 * repo-template, an embedded control plane, and a RestClient that records
 * every request it sends (so a test can tell a write from a dry run).
 */
import { resolve } from 'node:path';
import type { KubeObject } from '../../src/apis/object-meta.js';
import type { DesiredObject } from '../../src/gitops/diff/object-comparison.js';
import { loadClusterManifests } from '../../src/gitops/source/load-cluster.js';
import type { RestClient, RestRequest } from '../../src/kube/rest-client.js';
import { startEmbeddedCluster, type EmbeddedCluster } from '../../src/testing/embedded-cluster.js';

const TEMPLATE = resolve(import.meta.dirname, '../../repo-template');

/** A cluster, a recording client for it and the sandbox's desired objects. */
export interface ApplyHarness {
  readonly cluster: EmbeddedCluster;
  /** Records every request into {@link requests}. */
  readonly rest: RestClient;
  readonly requests: RestRequest[];
  /** The sandbox's EC2NodeClass and NodePools, rendered from repo-template (a fresh copy per call). */
  sandbox(): Promise<DesiredObject[]>;
  /** Reads one NodePool or EC2NodeClass from the cluster. */
  read(kind: 'NodePool' | 'EC2NodeClass', name: string): Promise<KubeObject & { spec?: Record<string, unknown> }>;
  /** The writes sent (dry runs and reads left out), as `METHOD path`. */
  writes(): string[];
}

/** Starts an embedded control plane with a recording client. */
export async function startApplyHarness(): Promise<ApplyHarness> {
  const cluster = await startEmbeddedCluster();
  const requests: RestRequest[] = [];
  const rest = Object.create(cluster.rest) as RestClient;
  rest.request = <T>(request: RestRequest): Promise<T> => {
    requests.push(request);
    return cluster.rest.request<T>(request);
  };
  return {
    cluster,
    rest,
    requests,
    sandbox: async () => structuredClone((await loadClusterManifests(TEMPLATE, 'sandbox')).objects) as DesiredObject[],
    read: (kind, name) =>
      cluster.rest.request({
        method: 'GET',
        path: kind === 'NodePool' ? `/apis/karpenter.sh/v1/nodepools/${name}` : `/apis/karpenter.k8s.aws/v1/ec2nodeclasses/${name}`,
      }),
    writes: () =>
      requests.filter((request) => request.method !== 'GET' && request.query?.dryRun === undefined).map((r) => `${r.method} ${r.path}`),
  };
}

/** The object of `objects` with `kind` and `name`. */
export function pick(objects: readonly DesiredObject[], kind: string, name: string): DesiredObject {
  const found = objects.find((object) => object.kind === kind && object.metadata.name === name);
  if (found === undefined) throw new Error(`no ${kind}/${name} in the sandbox objects`);
  return found;
}
