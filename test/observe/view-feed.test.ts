/**
 * The live view feed over a real ClusterState, a fake GitOps service and a fake clock. The builder and the diff
 * are hand-made stand-ins (the real ones are tested in test/observe/view-model/): the feed's job is what it
 * gathers, when it rebuilds, and what it tells its listeners.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { silentLogger } from '../../src/apis/logger.js';
import type { NodePool } from '../../src/apis/nodepool.js';
import { LogRing } from '../../src/observe/log-ring.js';
import { applyViewDelta } from '../../src/observe/view-model/view-changes.js';
import { startViewFeed, type FeedCluster, type ViewFeedOptions } from '../../src/observe/view-feed.js';
import type { ViewInput } from '../../src/observe/view-model/view-input.js';
import {
  HISTORY_SAMPLE_MS,
  VIEW_MODEL_SCHEMA,
  type ViewChange,
  type ViewDelta,
  type ViewModel,
} from '../../src/observe/view-model/view-model.js';
import type { InstanceType } from '../../src/scheduling/instance-type.js';
import { ClusterState } from '../../src/state/cluster-state.js';
import { nodePool, pod } from '../../src/testing/builders.js';
import { FakeClock } from '../../src/testing/fake-clock.js';
import { clusterSyncState, FakeGitOpsService, gitopsDecision } from '../../src/testing/fake-gitops-service.js';
import { instanceType } from '../../src/testing/instance-types.js';

/** What the stand-in builder saw, so tests can assert on the feed's inputs. */
const inputs: ViewInput[] = [];

/** A view whose header says how many pods, decisions and log lines it was built from and one offering's price. */
function handMadeBuild(input: ViewInput): ViewModel {
  inputs.push(input);
  return {
    schema: VIEW_MODEL_SCHEMA,
    version: input.version,
    generatedAt: input.now.toISOString(),
    log: input.log,
    clusters: input.clusters.map((cluster) => ({
      name: cluster.name,
      cloud: cluster.cloud,
      simulated: cluster.cloud === 'sim',
      header: {
        sync: cluster.sync === undefined ? 'unknown' : cluster.sync.status === 'suspended' ? 'paused' : cluster.sync.status,
        syncDetail: cluster.sync?.status ?? '',
        pricePerHour: cluster.price('m5.large', 'spot', 'eu-west-2a') ?? 0,
        pricePerMonth: 0,
        pricesIncomplete: cluster.price('m5.large', 'spot', 'eu-west-2a') === undefined,
        nodes: cluster.objects.nodes.length,
        pendingPods: cluster.objects.pods.length,
        pendingDecisions: cluster.decisions.filter((decision) => decision.status?.state === 'pending').length,
      },
      pools: [],
      nodeClaims: [],
      pods: [],
      spotEvents: [],
      decisions: [],
      history: cluster.history,
    })),
  };
}

/** One change when anything but the version and time differs. */
function handMadeChanges(before: ViewModel, after: ViewModel): ViewChange[] {
  const same = JSON.stringify([before.clusters, before.log]) === JSON.stringify([after.clusters, after.log]);
  return same ? [] : after.clusters.map((cluster) => ({ op: 'header', cluster: cluster.name, header: cluster.header }));
}

function setup(overrides: Partial<ViewFeedOptions> & { instanceTypes?: FeedCluster['instanceTypes'] } = {}) {
  inputs.length = 0;
  const clock = new FakeClock(new Date('2026-01-01T10:00:00Z'));
  const state = new ClusterState();
  const cluster: FeedCluster = {
    name: 'sandbox',
    cloud: 'sim',
    state,
    pendingReasons: () => new Map([['default/web-1', 'no instance type fits']]),
    ...(overrides.instanceTypes !== undefined ? { instanceTypes: overrides.instanceTypes } : {}),
  };
  const options: ViewFeedOptions = { clusters: [cluster], clock, build: handMadeBuild, changes: handMadeChanges, ...overrides };
  return { clock, state, options };
}

describe('view feed', () => {
  it('GIVEN a started feed WHEN a burst of watch events arrives THEN it rebuilds once after the throttle, bumps the version by one and streams one delta', async () => {
    const { clock, state, options } = setup();
    const feed = await startViewFeed(options);
    const first = feed.current();
    const deltas: ViewDelta[] = [];
    let told = 0;
    feed.onDelta((delta) => deltas.push(delta));
    feed.subscribe(() => told++);
    const builds = inputs.length;
    for (let i = 0; i < 5; i++) state.upsert('pods', pod({ name: `web-${i}`, namespace: 'default' }));
    clock.advance(0);
    assert.equal(inputs.length, builds, 'no rebuild before the throttle has passed');
    clock.advance(250);
    assert.equal(inputs.length, builds + 1);
    assert.equal(feed.current().version, first.version + 1);
    assert.equal(feed.current().clusters[0].header.pendingPods, 5);
    assert.equal(deltas.length, 1);
    assert.equal(deltas[0].from, first.version);
    assert.equal(deltas[0].to, first.version + 1);
    assert.equal(told, 1);
    assert.equal(inputs.at(-1)?.clusters[0].pendingReasons.get('default/web-1'), 'no instance type fits');
    feed.stop();
  });

  it('GIVEN a change that does not change the view WHEN it is rebuilt THEN the version stays and nothing is streamed', async () => {
    const { clock, state, options } = setup();
    const feed = await startViewFeed(options);
    const version = feed.current().version;
    const deltas: ViewDelta[] = [];
    feed.onDelta((delta) => deltas.push(delta));
    state.upsert('nodePools', nodePool({ metadata: { name: 'general' } }));
    clock.advance(300);
    assert.equal(feed.current().version, version);
    assert.equal(deltas.length, 0);
    feed.stop();
  });

  it('GIVEN GitOps state WHEN the feed polls it THEN the sync state and the cluster Decisions reach the view, and a new Decision is seen within a poll', async () => {
    const gitops = new FakeGitOpsService({
      clusters: [clusterSyncState({ status: 'pending' })],
      decisions: [gitopsDecision({ name: 'sandbox-git-1' })],
    });
    const { clock, options } = setup({ gitops });
    const feed = await startViewFeed(options);
    const header = feed.current().clusters[0].header;
    assert.equal(header.sync, 'pending');
    assert.equal(header.pendingDecisions, 1);
    assert.equal(inputs.at(-1)?.clusters[0].sync?.ref, 'main');
    await gitops.approve('sandbox-git-1', { name: 'alice', via: 'dashboard' });
    clock.advance(2000);
    await new Promise((resolve) => setImmediate(resolve));
    clock.advance(250);
    assert.equal(feed.current().clusters[0].header.pendingDecisions, 0);
    feed.stop();
  });

  it('GIVEN prices from the cloud WHEN a later refresh fails THEN the last prices stay known and the failure is logged once', async () => {
    let fail = false;
    const warnings: string[] = [];
    const types = async (_pool: NodePool): Promise<readonly InstanceType[]> => {
      if (fail) throw new Error('pricing API unreachable');
      return [instanceType({ name: 'm5.large', zones: ['eu-west-2a'], price: 0.096, spotPrice: 0.035 })];
    };
    const { clock, state, options } = setup({
      instanceTypes: types,
      logger: { ...silentLogger, warn: (_fields, message) => warnings.push(message) },
    });
    state.upsert('nodePools', nodePool({ metadata: { name: 'general' } }));
    const feed = await startViewFeed(options);
    assert.equal(feed.current().clusters[0].header.pricePerHour, 0.035);
    fail = true;
    clock.advance(60_000);
    await new Promise((resolve) => setImmediate(resolve));
    clock.advance(60_000);
    await new Promise((resolve) => setImmediate(resolve));
    clock.advance(250);
    assert.equal(inputs.at(-1)?.clusters[0].price('m5.large', 'spot', 'eu-west-2a'), 0.035);
    assert.equal(inputs.at(-1)?.clusters[0].price('m5.xlarge', 'spot', 'eu-west-2a'), undefined);
    assert.equal(warnings.filter((line) => /pricing API unreachable/.test(line)).length, 1);
    feed.stop();
  });

  it('GIVEN the cost history WHEN sample periods pass THEN one point per period is kept with the $/h and pending pods in force', async () => {
    const { clock, state, options } = setup();
    const feed = await startViewFeed(options);
    state.upsert('pods', pod({ name: 'web-1', namespace: 'default' }));
    clock.advance(HISTORY_SAMPLE_MS);
    clock.advance(HISTORY_SAMPLE_MS);
    const history = feed.current().clusters[0].history;
    assert.equal(history.length, 3);
    assert.deepEqual(
      history.map((point) => point.pendingPods),
      [0, 1, 1],
    );
    feed.stop();
  });

  it('GIVEN a log ring WHEN a line is logged THEN the view carries it after the throttle', async () => {
    const ring = new LogRing();
    const { clock, options } = setup({ logRing: ring });
    const feed = await startViewFeed(options);
    ring.write(`${JSON.stringify({ level: 30, time: 0, msg: 'launched nodeclaim' })}\n`);
    clock.advance(250);
    assert.deepEqual(
      feed.current().log.map((line) => line.message),
      ['launched nodeclaim'],
    );
    feed.stop();
  });

  it('GIVEN interruptions handled WHEN the view is built THEN they are spot event records with when and which claims, tracked until gone', async () => {
    const { options } = setup();
    const cluster: FeedCluster = {
      ...options.clusters[0],
      interruptions: () => [
        {
          event: {
            id: 'e-1',
            kind: 'spot_interrupted',
            action: 'CordonAndDrain',
            instanceIDs: ['i-0abc12345'],
            time: new Date('2026-01-01T09:59:00Z'),
          },
          action: 'deleted',
          handledAt: '2026-01-01T09:59:01.000Z',
          claims: [{ name: 'general-x1', nodePool: 'general', instanceType: 'm5.large' }],
        },
      ],
    };
    const feed = await startViewFeed({ ...options, clusters: [cluster] });
    assert.deepEqual(inputs.at(-1)?.clusters[0].spotEvents, [
      {
        id: 'e-1',
        kind: 'spot_interrupted',
        action: 'CordonAndDrain',
        outcome: 'deleted',
        instanceIds: ['i-0abc12345'],
        time: '2026-01-01T09:59:00.000Z',
        handledAt: '2026-01-01T09:59:01.000Z',
        claims: [{ name: 'general-x1', nodePool: 'general', instanceType: 'm5.large' }],
        goneAt: '2026-01-01T10:00:00.000Z',
      },
    ]);
    feed.stop();
  });

  it('GIVEN the real builder and diff WHEN a pod is created THEN the streamed delta turns the last view into the new one', async () => {
    const { clock, state, options } = setup();
    const { build: _build, changes: _changes, ...real } = options;
    const feed = await startViewFeed(real);
    const first = feed.current();
    assert.equal(first.clusters[0].name, 'sandbox');
    const deltas: ViewDelta[] = [];
    feed.onDelta((delta) => deltas.push(delta));
    state.upsert('pods', pod({ name: 'web-1', namespace: 'default' }));
    clock.advance(250);
    assert.equal(deltas.length, 1);
    assert.deepEqual(applyViewDelta(first, deltas[0]), feed.current());
    assert.deepEqual(
      feed.current().clusters[0].pods.map((row) => row.key),
      ['default/web-1'],
    );
    feed.stop();
  });
});
