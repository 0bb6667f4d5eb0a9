/**
 * A provisioner driven round by round against a ClusterState, an in-memory kube writer and the fake cloud
 * provider, with launches that lag: a NodeClaim stays in flight (zone undecided, no providerID) for as many
 * rounds as the test says, then launches in the cheapest zone its requirements allow, registers a Node and
 * gets the pods planned onto it bound (as kube-scheduler would bind the pods nominated to it).
 */
import type { Node, Pod, PodAffinityTerm } from '../../src/apis/core-v1.js';
import type { NodeClaim } from '../../src/apis/nodeclaim.js';
import type { NodePool } from '../../src/apis/nodepool.js';
import { Labels } from '../../src/apis/well-known-labels.js';
import { FakeCloudProvider } from '../../src/cloudprovider/fake/fake-cloud-provider.js';
import { ProvisionerController } from '../../src/controllers/provisioner/provisioner-controller.js';
import type { ControllerContext } from '../../src/controllers/runtime/controller-context.js';
import type { EventRecord, KubeWriter } from '../../src/kube/kube-writer.js';
import { silentLogger } from '../../src/kube/logger.js';
import { createAgentMetrics } from '../../src/observe/metrics.js';
import { solverPlanner } from '../../src/operator/solver-planner.js';
import type { InstanceType } from '../../src/scheduling/instance-type.js';
import { ClusterState, objectKey } from '../../src/state/cluster-state.js';
import { FakeClock } from '../../src/testing/fake-clock.js';

/** A pending pod as kube-scheduler leaves it when nothing fits: PodScheduled=False, Unschedulable. */
export function pendingPod(name: string, labels: Record<string, string>, antiAffinity: PodAffinityTerm[] = [], cpu = '100m'): Pod {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: 'default', uid: `uid-${name}`, labels, resourceVersion: '1' },
    spec: {
      containers: [{ name: 'app', image: 'app', resources: { requests: { cpu } } }],
      ...(antiAffinity.length > 0
        ? { affinity: { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: antiAffinity } } }
        : {}),
    },
    status: {
      phase: 'Pending',
      conditions: [{ type: 'PodScheduled', status: 'False', reason: 'Unschedulable', message: '0/0 nodes are available' }],
    },
  };
}

/** The pool every test uses: no zone restriction, the fake cloud's instance types. */
export function defaultPool(): NodePool {
  return {
    apiVersion: 'karpenter.sh/v1',
    kind: 'NodePool',
    metadata: { name: 'default', uid: 'pool-uid' },
    spec: { template: { spec: { requirements: [], nodeClassRef: { group: 'karpenter.k8s.aws', kind: 'EC2NodeClass', name: 'default' } } } },
  };
}

/** One simulated cluster under a provisioner. */
export class InflightHarness {
  readonly clock = new FakeClock();
  readonly state = new ClusterState();
  readonly cloud: FakeCloudProvider;
  readonly provisioner: ProvisionerController;
  /** Every NodeClaim the provisioner created, in order. */
  readonly created: NodeClaim[] = [];
  /** Events the provisioner recorded. */
  readonly events: EventRecord[] = [];
  /** Pod key → the claim (or node) name it was last planned onto. */
  readonly plannedOn = new Map<string, string>();
  private readonly launchAfter = new Map<string, number>();
  private round = 0;
  private sequence = 0;
  private rv = 10;

  /** @param launchDelay rounds each new claim (by creation order) stays in flight before it launches */
  constructor(
    types: readonly InstanceType[],
    private readonly launchDelay: (index: number) => number,
  ) {
    this.cloud = new FakeCloudProvider({ instanceTypes: types });
    const kube = {
      createNodeClaim: async (claim: NodeClaim) => {
        const name = `${claim.metadata.generateName ?? 'claim-'}${String(++this.sequence).padStart(3, '0')}`;
        const stored: NodeClaim = {
          ...claim,
          metadata: { ...claim.metadata, name, uid: `uid-${name}`, resourceVersion: String(++this.rv) },
        };
        this.created.push(stored);
        this.launchAfter.set(name, this.round + this.launchDelay(this.created.length - 1));
        return stored;
      },
      recordEvent: async (event: EventRecord) => void this.events.push(event),
    } as unknown as KubeWriter;
    const ctx: ControllerContext = {
      state: this.state,
      kube,
      cloud: this.cloud,
      now: () => this.clock.now().getTime(),
      logger: silentLogger,
      metrics: createAgentMetrics({ processMetrics: false }),
    };
    this.provisioner = new ProvisionerController(ctx, { planner: solverPlanner(), clock: this.clock });
    for (const kind of ['nodes', 'pods', 'nodeClaims', 'nodePools', 'nodeClasses', 'daemonSets', 'podDisruptionBudgets'] as const)
      this.state.markSynced(kind);
    this.state.upsert('nodePools', defaultPool());
  }

  addPods(pods: readonly Pod[]): void {
    // Straight into the cache, as an informer would deliver them (no admission on the way).
    for (const pod of pods) this.state.upsert('pods', pod);
  }

  /** One provisioning round (a second later than the last), then the launches that are due. */
  async step(): Promise<void> {
    this.round++;
    this.clock.advance(1000);
    const plan = await this.provisioner.provision();
    this.recordPlan();
    for (const { nodeName, pods } of plan?.existing ?? []) {
      if (this.state.get('nodes', nodeName) === undefined) continue;
      for (const pod of pods) this.bind(objectKey(pod), nodeName);
    }
    await this.launchDue();
  }

  /** Reads who was planned where from the claims' nominations (what the provisioner told ClusterState). */
  private recordPlan(): void {
    for (const stateNode of this.state.snapshot().stateNodes) {
      const name = stateNode.nodeClaim?.metadata.name;
      if (name === undefined) continue;
      for (const pod of stateNode.nominatedPods ?? []) this.plannedOn.set(pod, name);
    }
  }

  private async launchDue(): Promise<void> {
    for (const claim of this.created) {
      const name = claim.metadata.name ?? '';
      if ((this.launchAfter.get(name) ?? Infinity) > this.round) continue;
      this.launchAfter.delete(name);
      const launched = await this.cloud.create(claim);
      this.state.upsert('nodeClaims', { ...launched, metadata: { ...launched.metadata, resourceVersion: String(++this.rv) } });
      const node: Node = {
        apiVersion: 'v1',
        kind: 'Node',
        metadata: { name, labels: { ...launched.metadata.labels, [Labels.hostname]: name } },
        spec: { providerID: launched.status?.providerID },
        status: { allocatable: launched.status?.allocatable, capacity: launched.status?.capacity },
      };
      this.state.upsert('nodes', node);
      for (const [key, target] of this.plannedOn) if (target === name) this.bind(key, name);
    }
  }

  private bind(key: string, nodeName: string): void {
    const pod = this.state.get('pods', key);
    if (pod === undefined || pod.spec.nodeName !== undefined) return;
    this.state.upsert('pods', {
      ...pod,
      metadata: { ...pod.metadata, resourceVersion: String(++this.rv) },
      spec: { ...pod.spec, nodeName },
      status: { phase: 'Running' },
    });
  }

  /** Claims no pod was ever bound to, once launched. */
  emptyClaims(): string[] {
    const used = new Set(
      this.state
        .snapshot()
        .pods.map((p) => p.spec.nodeName)
        .filter((n) => n !== undefined),
    );
    return this.created.map((c) => c.metadata.name ?? '').filter((name) => !used.has(name));
  }

  /** Zone of each bound pod (by key). */
  zoneOf(key: string): string | undefined {
    const pod = this.state.get('pods', key);
    const node = pod?.spec.nodeName !== undefined ? this.state.get('nodes', pod.spec.nodeName) : undefined;
    return node?.metadata.labels?.[Labels.zone];
  }

  pending(): Pod[] {
    return this.state.snapshot().pods.filter((p) => p.spec.nodeName === undefined);
  }

  key(pod: Pod): string {
    return objectKey(pod);
  }
}
