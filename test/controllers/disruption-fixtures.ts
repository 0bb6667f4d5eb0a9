/**
 * Fixtures of the disruption-condition, hash and expiration controller tests: a NodePool stamped with its hash, a
 * NodeClaim that is launched, registered and initialized with its Node, and a loop driver on the harness's FakeClock.
 */
import type { NodeClaim } from '../../src/apis/nodeclaim.js';
import type { NodePool } from '../../src/apis/nodepool.js';
import { KARPD_NODEPOOL_HASH_VERSION, nodePoolHash } from '../../src/apis/nodepool-hash.js';
import { Annotations, Labels } from '../../src/apis/well-known-labels.js';
import { findCondition } from '../../src/controllers/conditions.js';
import { type Reconciler, startControllerLoop } from '../../src/controllers/runtime/controller-loop.js';
import { node, nodeClaim, nodePool } from '../../src/testing/builders.js';
import { type DeepPartial, deepMerge } from '../../src/testing/merge.js';
import { type ControllerEnv, settle } from './harness.js';

/** The hash annotations karpd stamps for `pool`. */
export function stampOf(pool: NodePool, version = KARPD_NODEPOOL_HASH_VERSION): Record<string, string> {
  return { [Annotations.nodePoolHash]: nodePoolHash(pool), [Annotations.nodePoolHashVersion]: version };
}

/** A NodePool `default` (override anything), stored in the state with its hash annotations. */
export function addPool(env: ControllerEnv, overrides: DeepPartial<NodePool> = {}): NodePool {
  const pool = nodePool(overrides);
  const stamped = { ...pool, metadata: { ...pool.metadata, annotations: { ...pool.metadata.annotations, ...stampOf(pool) } } };
  env.state.upsert('nodePools', stamped);
  return stamped;
}

/** Options of {@link addClaim}. */
export interface ClaimOptions {
  readonly pool?: NodePool;
  /** Hash annotations (default: the pool's current ones). */
  readonly annotations?: Record<string, string>;
  readonly createdAt?: string;
  /** When it became Initialized (default: the creation time); `false` for a claim only launched. */
  readonly initializedAt?: string | false;
  readonly instanceType?: string;
  readonly overrides?: DeepPartial<NodeClaim>;
}

/** A launched NodeClaim `name` of `pool` on instance type `small` in test-zone-1, with its Node `<name>-node`. */
export function addClaim(env: ControllerEnv, name: string, options: ClaimOptions = {}): NodeClaim {
  const createdAt = options.createdAt ?? '2026-01-01T00:00:00Z';
  const providerID = `aws:///test-zone-1/i-${name}`;
  const initializedAt = options.initializedAt ?? createdAt;
  const ready = (type: string, at: string) => ({ type, status: 'True' as const, reason: type, lastTransitionTime: at });
  const built = nodeClaim({
    metadata: {
      name,
      uid: `uid-${name}`,
      creationTimestamp: createdAt,
      labels: {
        [Labels.nodePool]: options.pool?.metadata.name ?? 'default',
        [Labels.instanceType]: options.instanceType ?? 'small',
        [Labels.zone]: 'test-zone-1',
        [Labels.capacityType]: 'on-demand',
      },
      annotations: options.annotations ?? (options.pool ? stampOf(options.pool) : {}),
    },
    status: {
      providerID,
      nodeName: `${name}-node`,
      conditions: [
        ready('Launched', createdAt),
        ready('Registered', createdAt),
        ...(initializedAt === false ? [] : [ready('Initialized', initializedAt)]),
      ],
    },
  });
  const claim = deepMerge(built, options.overrides);
  env.state.upsert('nodeClaims', claim);
  env.state.upsert('nodes', node({ name: `${name}-node`, providerID }));
  return claim;
}

/** The condition `type` of claim `name` as the state holds it. */
export function conditionOf(env: ControllerEnv, name: string, type: string) {
  return findCondition(env.state.get('nodeClaims', name)?.status?.conditions, type);
}

/** Runs `reconcilers` in loops on the env's clock; `run(ms)` advances time in `stepMs` steps, letting passes finish. */
export function startLoops(env: ControllerEnv, loops: ReadonlyArray<{ reconciler: Reconciler; intervalMs: number }>) {
  const started = loops.map(({ reconciler, intervalMs }) =>
    startControllerLoop(reconciler, { state: env.state, logger: env.logger, clock: env.clock, intervalMs }),
  );
  const idle = async () => {
    for (let round = 0; round < 3; round += 1) {
      await settle();
      for (const loop of started) await loop.idle();
    }
  };
  return {
    idle,
    async run(ms: number, stepMs = 1000) {
      for (let t = 0; t < ms; t += stepMs) {
        env.clock.advance(Math.min(stepMs, ms - t));
        await idle();
      }
    },
    async stop() {
      for (const loop of started) await loop.stop();
    },
  };
}
