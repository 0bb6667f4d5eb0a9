import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { ROW_SECTIONS, applyViewDelta, viewChanges } from '../../../src/observe/view-model/view-changes.js';
import {
  type ClusterHeader,
  type ClusterView,
  type LogLineRow,
  VIEW_MODEL_SCHEMA,
  type ViewModel,
} from '../../../src/observe/view-model/view-model.js';

const KEYS = ['k0', 'k1', 'k2', 'k3', 'k4', 'k5'];
const CLUSTERS = ['east', 'west', 'lab'];

function header(pods: number): ClusterHeader {
  return {
    sync: 'synced',
    syncDetail: 'synced',
    pricePerHour: 1,
    pricePerMonth: 730,
    pricesIncomplete: false,
    nodes: 1,
    pendingPods: pods,
    pendingDecisions: 0,
  };
}

const rowsArb = fc
  .shuffledSubarray(KEYS)
  .chain((keys) =>
    fc.tuple(fc.constant(keys), fc.array(fc.integer({ min: 0, max: 2 }), { minLength: keys.length, maxLength: keys.length })),
  )
  .map(([keys, values]) => keys.map((key, i) => ({ key, value: values[i], ...(values[i] === 2 ? { extra: [key] } : {}) })));

const clusterArb = (name: string) =>
  fc
    .record({
      cloud: fc.constantFrom('sim' as const, 'aws' as const),
      pods: fc.integer({ min: 0, max: 2 }),
      history: fc.array(fc.integer({ min: 0, max: 3 }), { maxLength: 3 }),
      pools: rowsArb,
      nodeClaims: rowsArb,
      pods_: rowsArb,
      spotEvents: rowsArb,
      decisions: rowsArb,
    })
    .map(
      (r): ClusterView =>
        ({
          name,
          cloud: r.cloud,
          simulated: r.cloud === 'sim',
          header: header(r.pods),
          pools: r.pools,
          nodeClaims: r.nodeClaims,
          pods: r.pods_,
          spotEvents: r.spotEvents,
          decisions: r.decisions,
          history: r.history.map((n) => ({ at: `t${n}`, pricePerHour: n, pendingPods: n })),
        }) as unknown as ClusterView,
    );

const logArb = fc
  .tuple(fc.integer({ min: 0, max: 8 }), fc.integer({ min: 0, max: 6 }), fc.boolean())
  .map(([start, length, edited]): LogLineRow[] =>
    Array.from({ length }, (_, i) => ({
      key: String(start + i),
      time: `t${start + i}`,
      level: 'info' as const,
      message: edited && i === 0 ? 'edited' : `line ${start + i}`,
      fields: '',
    })),
  );

const viewArb = (version: number) =>
  fc
    .tuple(fc.shuffledSubarray(CLUSTERS), logArb)
    .chain(([names, log]) => fc.tuple(fc.tuple(...names.map(clusterArb)), fc.constant(log)))
    .map(([clusters, log]): ViewModel => ({ schema: VIEW_MODEL_SCHEMA, version, generatedAt: `g${version}`, clusters, log }));

/** `b` built partly from `a`'s objects (as the memoising builder does), partly fresh. */
const pairArb = fc.tuple(viewArb(1), viewArb(2), fc.array(fc.boolean(), { minLength: 3, maxLength: 3 })).map(([a, b, reuse]) => {
  const clusters = b.clusters.map((cluster, i) => {
    const old = a.clusters.find((c) => c.name === cluster.name);
    if (old === undefined || !reuse[i]) return cluster;
    return { ...cluster, pods: old.pods, header: old.header };
  });
  return [a, { ...b, clusters }] as const;
});

function delta(a: ViewModel, b: ViewModel) {
  return { from: a.version, to: b.version, generatedAt: b.generatedAt, changes: viewChanges(a, b) };
}

describe('viewChanges / applyViewDelta', () => {
  it('applying the changes from a to b gives b (random views)', () => {
    fc.assert(
      fc.property(pairArb, ([a, b]) => {
        assert.deepEqual(applyViewDelta(a, delta(a, b)), b);
        // and through JSON, as the stream sends it
        const wire = JSON.parse(JSON.stringify(delta(a, b)));
        assert.deepEqual(applyViewDelta(a, wire), b);
      }),
      { numRuns: 500 },
    );
  });

  it('no changes between a view and itself', () => {
    fc.assert(
      fc.property(viewArb(1), (a) => {
        assert.deepEqual(viewChanges(a, a), []);
        assert.deepEqual(viewChanges(a, structuredClone(a)), []);
      }),
    );
  });

  it('does not change the view it is applied to', () => {
    fc.assert(
      fc.property(pairArb, ([a, b]) => {
        const copy = structuredClone(a);
        applyViewDelta(a, delta(a, b));
        assert.deepEqual(a, copy);
      }),
      { numRuns: 200 },
    );
  });

  it('sends only the changed row, and no order when the order follows', () => {
    const a = fixedView([
      { key: 'k0', value: 0 },
      { key: 'k1', value: 0 },
    ]);
    const b = fixedView([
      a.clusters[0].pods[0] as unknown as { key: string; value: number },
      { key: 'k1', value: 1 },
      { key: 'k2', value: 0 },
    ]);
    const changes = viewChanges(a, b);
    assert.deepEqual(changes, [
      {
        op: 'rows',
        cluster: 'east',
        section: 'pods',
        upsert: [
          { key: 'k1', value: 1 },
          { key: 'k2', value: 0 },
        ],
        remove: [],
        order: [],
      },
    ]);
  });

  it('sends the full order when rows are reordered', () => {
    const a = fixedView([
      { key: 'k0', value: 0 },
      { key: 'k1', value: 0 },
    ]);
    const b = fixedView([
      { key: 'k1', value: 0 },
      { key: 'k0', value: 0 },
    ]);
    assert.deepEqual(viewChanges(a, b), [{ op: 'rows', cluster: 'east', section: 'pods', upsert: [], remove: [], order: ['k1', 'k0'] }]);
  });

  it('appends only the new log lines', () => {
    const line = (n: number): LogLineRow => ({ key: String(n), time: `t${n}`, level: 'info', message: `m${n}`, fields: '' });
    const a = { ...fixedView([]), log: [line(1), line(2), line(3)] };
    const b = { ...fixedView([]), log: [line(2), line(3), line(4)] };
    assert.deepEqual(viewChanges(a, b), [{ op: 'log', append: [line(4)], keep: 3 }]);
  });

  it('refuses a delta from another version, saying so', () => {
    const a = fixedView([]);
    assert.throws(() => applyViewDelta(a, { from: 7, to: 8, generatedAt: 'x', changes: [] }), /from version 7 .* view version 1/);
  });

  it('refuses a change naming an unknown cluster', () => {
    const a = fixedView([]);
    assert.throws(
      () => applyViewDelta(a, { from: 1, to: 2, generatedAt: 'x', changes: [{ op: 'header', cluster: 'nowhere', header: header(0) }] }),
      /unknown cluster nowhere/,
    );
  });

  it('covers every row section', () => {
    assert.deepEqual(ROW_SECTIONS, ['pools', 'nodeClaims', 'pods', 'spotEvents', 'decisions']);
  });
});

function fixedView(pods: Array<{ key: string; value: number }>): ViewModel {
  const cluster = {
    name: 'east',
    cloud: 'sim',
    simulated: true,
    header: header(0),
    pools: [],
    nodeClaims: [],
    pods,
    spotEvents: [],
    decisions: [],
    history: [],
  } as unknown as ClusterView;
  return { schema: VIEW_MODEL_SCHEMA, version: 1, generatedAt: 'g1', clusters: [cluster], log: [] };
}
