import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { solve } from '../../src/scheduling/solve.js';
import { expectNotScheduled, instanceType, nodePool, pod, pods, snapshot } from '../../src/testing/index.js';

const types = () => [instanceType({ name: 'm', cpu: '4', memory: '16Gi' })];

describe('solve: reasons a person reads', () => {
  it('GIVEN no NodePool at all THEN it says so', () => {
    const p = pod({ requests: { cpu: '1' } });
    assert.match(expectNotScheduled(solve(snapshot({}), [p]), p)[0], /no NodePool is available/);
  });

  it('GIVEN a pool whose requirements no instance type meets THEN it names the pool', () => {
    const pool = nodePool({
      metadata: { name: 'gpu' },
      spec: {
        template: { spec: { requirements: [{ key: 'node.kubernetes.io/instance-type', operator: 'In', values: ['p5.48xlarge'] }] } },
      },
    });
    const p = pod({ requests: { cpu: '1' } });
    assert.equal(
      expectNotScheduled(solve(snapshot({ pools: [{ pool, types: types() }] }), [p]), p)[0],
      'NodePool gpu has no instance type compatible with its requirements',
    );
  });

  it('GIVEN several pools failing differently THEN the closest failure leads and the others follow', () => {
    const tainted = nodePool({
      metadata: { name: 'trino-xsmall' },
      spec: { template: { spec: { taints: [{ key: 'trino-xsmall', effect: 'NoSchedule' }] } } },
    });
    const small = nodePool({ metadata: { name: 'airflow-worker' } });
    const p = pod({ requests: { cpu: '8' } });
    const reasons = expectNotScheduled(
      solve(
        snapshot({
          pools: [
            { pool: tainted, types: types() },
            { pool: small, types: types() },
          ],
        }),
        [p],
      ),
      p,
    );
    assert.deepEqual(reasons, [
      'NodePool airflow-worker: no instance type has 8 cpu',
      'NodePool trino-xsmall: did not tolerate taint trino-xsmall:NoSchedule',
    ]);
  });

  it('GIVEN a required zone the pool does not offer THEN it names the requirement', () => {
    const p = pod({ requests: { cpu: '1' }, nodeSelector: { 'topology.kubernetes.io/zone': 'mars-1' } });
    assert.equal(
      expectNotScheduled(solve(snapshot({ pools: [{ pool: nodePool(), types: types() }] }), [p]), p)[0],
      'no instance type satisfies topology.kubernetes.io/zone In [mars-1]',
    );
  });

  it('GIVEN a clock and a timeout WHEN time runs out THEN it keeps what was placed and reports the rest', () => {
    let now = 0;
    const clock = { now: () => (now += 1000) };
    const ps = pods(200, { requests: { cpu: '100m' } });
    const result = solve(snapshot({ pools: [{ pool: nodePool(), types: types() }] }), ps, { clock, timeoutMs: 1500 });
    assert.equal(result.timedOut, true);
    assert.ok(result.placements.length > 0 && result.placements.length < 200);
    assert.equal(result.placements.length + result.unschedulable.length, 200);
    assert.match(result.unschedulable[0].reasons[0], /timed out/);
  });
});
