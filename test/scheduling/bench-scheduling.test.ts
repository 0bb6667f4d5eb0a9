import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { benchmarkPods, run } from '../../src/operator/cli/bench-scheduling.js';
import { run as runBench } from '../../src/operator/cli/bench-command.js';

const capture = () => {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { out: (t: string) => out.push(t), err: (t: string) => err.push(t), cwd: process.cwd() }, out, err };
};

describe('karpd bench scheduling', () => {
  it('builds the seeded pod mix: one fifth each of generic, zonal spread, hostname spread, zonal affinity, hostname anti-affinity', () => {
    const pods = benchmarkPods(100, 42);
    assert.equal(pods.length, 100);
    const zonal = pods.filter((p) => p.spec.topologySpreadConstraints?.[0]?.topologyKey === 'topology.kubernetes.io/zone');
    const host = pods.filter((p) => p.spec.topologySpreadConstraints?.[0]?.topologyKey === 'kubernetes.io/hostname');
    const affinity = pods.filter((p) => p.spec.affinity?.podAffinity);
    const anti = pods.filter((p) => p.spec.affinity?.podAntiAffinity);
    assert.deepEqual([zonal.length, host.length, affinity.length, anti.length], [20, 20, 20, 20]);
    assert.deepEqual(benchmarkPods(100, 42), pods, 'the same seed gives the same pods');
  });

  it('prints one JSON object per size with the documented keys', async () => {
    const { io, out } = capture();
    assert.equal(await run(['--pods', '25,50', '--json'], io), 0);
    assert.equal(out.length, 2);
    for (const [i, line] of out.entries()) {
      const row = JSON.parse(line);
      for (const key of ['pods', 'nodes', 'podsPerSecond', 'pricePerHour', 'lowerBoundPricePerHour'])
        assert.ok(key in row, `missing ${key}`);
      assert.equal(row.pods, [25, 50][i]);
      assert.ok(row.pricePerHour >= row.lowerBoundPricePerHour);
    }
  });

  it('prints a table by default', async () => {
    const { io, out } = capture();
    assert.equal(await run(['--pods', '10'], io), 0);
    assert.match(out.join('\n'), /pods\s+scheduled\s+new nodes\s+pods\/s\s+ms\/pod\s+plan \$\/h\s+lower bound \$\/h/);
  });

  it('rejects unknown options and benchmarks with usage', async () => {
    const a = capture();
    assert.equal(await run(['--catalog', 'gcp'], a.io), 2);
    assert.match(a.err.join('\n'), /--catalog expects synthetic or ec2/);
    const b = capture();
    assert.equal(await runBench(['nope'], b.io), 2);
    assert.match(b.err.join('\n'), /unknown benchmark "nope"/);
  });
});
