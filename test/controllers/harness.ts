/**
 * Karpenter-style controller test environment: a synced in-memory
 * ClusterState, a FakeClock, the fake cloud provider and an in-memory kube
 * writer, wired into one ControllerContext, plus a logger that keeps lines.
 */
import type { EC2NodeClass } from '../../src/apis/ec2nodeclass.js';
import type { Logger } from '../../src/apis/logger.js';
import { FakeCloudProvider } from '../../src/cloudprovider/fake/fake-cloud-provider.js';
import type { ControllerContext } from '../../src/controllers/runtime/controller-context.js';
import { createAgentMetrics } from '../../src/observe/metrics.js';
import { ClusterState, STATE_KINDS } from '../../src/state/cluster-state.js';
import { FakeClock } from '../../src/testing/fake-clock.js';
import { FakeKubeWriter } from '../../src/testing/fake-kube-writer.js';
import { instanceType } from '../../src/testing/instance-types.js';

/** One logged line. */
export interface LogLine {
  readonly level: 'debug' | 'info' | 'warn' | 'error';
  readonly fields: Record<string, unknown>;
  readonly message: string;
}

/** A logger that keeps every line. */
export function recordingLogger(): Logger & { lines: LogLine[] } {
  const lines: LogLine[] = [];
  const at = (level: LogLine['level']) => (fields: object, message: string) =>
    void lines.push({ level, fields: fields as Record<string, unknown>, message });
  return { lines, debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}

/** Everything a controller test touches. */
export interface ControllerEnv {
  readonly ctx: ControllerContext;
  readonly state: ClusterState;
  readonly clock: FakeClock;
  readonly cloud: FakeCloudProvider;
  readonly kube: FakeKubeWriter;
  readonly logger: ReturnType<typeof recordingLogger>;
}

/** A fresh environment at 2026-01-01T00:00:00Z with two instance types (2 and 8 cpu). */
export function controllerEnv(): ControllerEnv {
  const clock = new FakeClock(new Date('2026-01-01T00:00:00Z'));
  const state = new ClusterState();
  for (const kind of STATE_KINDS) state.markSynced(kind);
  const cloud = new FakeCloudProvider({
    instanceTypes: [
      instanceType({ name: 'small', cpu: '2', memory: '8Gi', price: 0.1 }),
      instanceType({ name: 'large', cpu: '8', memory: '32Gi', price: 0.4 }),
    ],
  });
  const kube = new FakeKubeWriter(state, () => clock.now());
  const logger = recordingLogger();
  const ctx: ControllerContext = {
    state,
    kube,
    cloud,
    now: () => clock.now().getTime(),
    logger,
    metrics: createAgentMetrics({ processMetrics: false }),
  };
  return { ctx, state, clock, cloud, kube, logger };
}

/** Lets pending promise chains (background launches, batch rounds) run; no timers involved. */
export async function settle(rounds = 20): Promise<void> {
  for (let i = 0; i < rounds; i += 1) await new Promise<void>((resolve) => setImmediate(resolve));
}

/** A valid EC2NodeClass named `name` (override `spec` fields to break it). */
export function ec2NodeClass(name: string, spec: Record<string, unknown> = {}, status?: Record<string, unknown>): EC2NodeClass {
  return {
    apiVersion: 'karpenter.k8s.aws/v1',
    kind: 'EC2NodeClass',
    metadata: { name, uid: `uid-${name}`, generation: 1 },
    spec: {
      role: 'KarpenterNodeRole',
      amiSelectorTerms: [{ alias: 'al2023@latest' }],
      subnetSelectorTerms: [{ tags: { a: 'b' } }],
      securityGroupSelectorTerms: [{ tags: { a: 'b' } }],
      ...spec,
    },
    ...(status === undefined ? {} : { status }),
  } as EC2NodeClass;
}
