/** The no-dashboard console: events between two hand-made views, their text, the summary, and the printer over a feed. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { eventLines, eventText, summaryLine } from '../../src/observe/event-lines.js';
import {
  VIEW_MODEL_SCHEMA,
  type ClusterHeader,
  type ClusterView,
  type DecisionRow,
  type NodeClaimRow,
  type SpotEventRow,
  type ViewModel,
} from '../../src/observe/view-model/view-model.js';
import { startConsoleEvents } from '../../src/operator/console-events.js';
import { FakeClock } from '../../src/testing/fake-clock.js';

const usage = { used: 0 };

function claim(name: string, extra: Partial<NodeClaimRow> = {}): NodeClaimRow {
  return {
    key: name,
    name,
    nodePool: 'airflow-worker',
    instanceType: 'm5.large',
    capacityType: 'spot',
    zone: 'eu-west-2a',
    ageSeconds: 0,
    state: 'Launched',
    cpu: usage,
    memory: usage,
    pods: 0,
    describe: [],
    ...extra,
  };
}

function decision(name: string, state: DecisionRow['state'], extra: Partial<DecisionRow> = {}): DecisionRow {
  return {
    key: name,
    name,
    cluster: 'sandbox',
    kind: 'git-change',
    state,
    summary: 'apply 3f2a91c: update NodePool airflow-worker',
    ageSeconds: 0,
    changes: [],
    diff: '',
    history: [],
    ...extra,
  };
}

function spot(key: string): SpotEventRow {
  return {
    key,
    time: '2026-01-01T10:00:00Z',
    instanceId: 'i-0abc123456789def0',
    instanceType: 'm5.large',
    zone: 'eu-west-2a',
    nodeClaim: 'airflow-worker-x7k2p',
    kind: 'interruption',
    action: 'cordoned, draining',
    done: false,
  };
}

function header(extra: Partial<ClusterHeader> = {}): ClusterHeader {
  return {
    sync: 'synced',
    syncDetail: 'synced',
    revision: '3f2a91c',
    pricePerHour: 4.214,
    pricePerMonth: 0,
    pricesIncomplete: false,
    nodes: 12,
    pendingPods: 3,
    pendingDecisions: 1,
    ...extra,
  };
}

function cluster(extra: Partial<ClusterView> = {}): ClusterView {
  return {
    name: 'sandbox',
    cloud: 'sim',
    simulated: true,
    header: header(),
    pools: [],
    nodeClaims: [],
    pods: [],
    spotEvents: [],
    decisions: [],
    history: [],
    ...extra,
  };
}

function view(version: number, clusters: ClusterView[]): ViewModel {
  return { schema: VIEW_MODEL_SCHEMA, version, generatedAt: '2026-01-01T10:00:00Z', clusters, log: [] };
}

describe('event lines', () => {
  it('GIVEN the first view WHEN compared with nothing THEN there are no events (its rows are not news)', () => {
    assert.deepEqual(eventLines(undefined, view(1, [cluster({ nodeClaims: [claim('a')] })])), []);
  });

  it('GIVEN a NodeClaim added and one gone WHEN compared THEN a launch and a termination line, in the documented text', () => {
    const before = view(1, [cluster({ nodeClaims: [claim('airflow-worker-old1')] })]);
    const after = view(2, [cluster({ nodeClaims: [claim('airflow-worker-x7k2p')] })]);
    assert.deepEqual(eventLines(before, after).map(eventText), [
      'launch sandbox nodeclaim airflow-worker-x7k2p m5.large spot eu-west-2a',
      'terminate sandbox nodeclaim airflow-worker-old1 m5.large spot eu-west-2a',
    ]);
  });

  it('GIVEN a NodeClaim created but not launched yet WHEN it launches later THEN one launch line, with its type, then', () => {
    const pending = claim('airflow-worker-x7k2p', { state: 'Pending', instanceType: undefined, capacityType: undefined, zone: undefined });
    const before = view(1, [cluster({ nodeClaims: [] })]);
    const created = view(2, [cluster({ nodeClaims: [pending] })]);
    const launched = view(3, [cluster({ nodeClaims: [claim('airflow-worker-x7k2p', { instanceId: 'i-0123456789abcdef0' })] })]);
    assert.deepEqual(eventLines(before, created).map(eventText), [], 'no line for a claim without an instance');
    assert.deepEqual(eventLines(created, launched).map(eventText), [
      'launch sandbox nodeclaim airflow-worker-x7k2p m5.large spot eu-west-2a',
    ]);
    assert.deepEqual(eventLines(launched, launched).map(eventText), [], 'and only once');
  });

  it('GIVEN a new Decision and one that changed state WHEN compared THEN one line each, the change showing before → after', () => {
    const before = view(1, [cluster({ decisions: [decision('sandbox-git-1', 'pending')] })]);
    const after = view(2, [
      cluster({
        decisions: [
          decision('sandbox-drift-2', 'pending', { kind: 'config-drift', summary: 'revert NodePool general' }),
          decision('sandbox-git-1', 'applied'),
        ],
      }),
    ]);
    assert.deepEqual(eventLines(before, after).map(eventText), [
      'decision sandbox config-drift sandbox-drift-2 pending: revert NodePool general',
      'decision sandbox git-change sandbox-git-1 pending → applied',
    ]);
  });

  it('GIVEN the sync badge or revision changed WHEN compared THEN a reconcile line; nothing when neither did', () => {
    const before = view(1, [cluster({ header: header({ sync: 'pending', syncDetail: '1 decision waiting' }) })]);
    const after = view(2, [cluster({ header: header({ sync: 'synced', revision: '9b1c2d3' }) })]);
    const [event] = eventLines(before, after);
    assert.equal(event.type, 'reconcile');
    assert.equal(eventText(event), 'sync sandbox pending → synced 3f2a91c → 9b1c2d3');
    assert.deepEqual(eventLines(after, view(3, [cluster({ header: header({ sync: 'synced', revision: '9b1c2d3', nodes: 13 }) })])), []);
  });

  it('GIVEN a new spot event WHEN compared THEN one line with the instance and what karpd did', () => {
    const after = view(2, [cluster({ spotEvents: [spot('e-1')] })]);
    assert.deepEqual(eventLines(view(1, [cluster()]), after).map(eventText), [
      'spot sandbox interruption i-0abc123456789def0 m5.large eu-west-2a airflow-worker-x7k2p: cordoned, draining',
    ]);
  });

  it('GIVEN clusters WHEN summarised THEN one part each, ≥ when a price is unknown, singular and plural right', () => {
    const line = summaryLine(
      view(1, [
        cluster(),
        cluster({
          name: 'staging',
          header: header({ nodes: 1, pendingPods: 1, pendingDecisions: 2, pricePerHour: 0.1, pricesIncomplete: true }),
        }),
      ]),
    );
    assert.equal(
      line,
      'sandbox: 12 nodes $4.21/h, 3 pods pending, 1 decision waiting; staging: 1 node ≥$0.10/h, 1 pod pending, 2 decisions waiting',
    );
  });
});

describe('console events', () => {
  function fakeFeed(first: ViewModel) {
    let current = first;
    const listeners = new Set<() => void>();
    return {
      current: () => current,
      subscribe: (listener: () => void) => {
        listeners.add(listener);
        return () => listeners.delete(listener);
      },
      set(next: ViewModel) {
        current = next;
        for (const listener of listeners) listener();
      },
    };
  }

  it('GIVEN text format WHEN the view changes and a minute passes THEN a timed line per event and a summary line', () => {
    const clock = new FakeClock(new Date('2026-01-01T14:02:11Z'));
    const feed = fakeFeed(view(1, [cluster()]));
    const lines: string[] = [];
    const printer = startConsoleEvents({ feed, out: (line) => lines.push(line), format: 'text', clock });
    feed.set(view(2, [cluster({ nodeClaims: [claim('airflow-worker-x7k2p')] })]));
    clock.advance(60_000);
    printer.stop();
    feed.set(view(3, [cluster()]));
    assert.deepEqual(lines, [
      '14:02:11 sandbox: 12 nodes $4.21/h, 3 pods pending, 1 decision waiting',
      '14:02:11 launch sandbox nodeclaim airflow-worker-x7k2p m5.large spot eu-west-2a',
      '14:03:11 sandbox: 12 nodes $4.21/h, 3 pods pending, 1 decision waiting',
    ]);
  });

  it('GIVEN json format WHEN an event happens THEN one JSON object a line with time, type and cluster', () => {
    const clock = new FakeClock(new Date('2026-01-01T14:02:11Z'));
    const feed = fakeFeed(view(1, [cluster()]));
    const lines: string[] = [];
    const printer = startConsoleEvents({ feed, out: (line) => lines.push(line), format: 'json', clock });
    feed.set(view(2, [cluster({ decisions: [decision('sandbox-git-1', 'pending')] })]));
    printer.stop();
    const objects = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    assert.equal(objects[0].type, 'summary');
    assert.deepEqual(objects[1], {
      time: '2026-01-01T14:02:11.000Z',
      type: 'decision',
      cluster: 'sandbox',
      decision: 'sandbox-git-1',
      kind: 'git-change',
      state: 'pending',
      summary: 'apply 3f2a91c: update NodePool airflow-worker',
    });
  });
});
