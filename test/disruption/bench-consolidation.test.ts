import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { run as runBench } from '../../src/operator/cli/bench-command.js';
import { benchCluster } from '../../src/operator/cli/bench-consolidation-cluster.js';
import { run } from '../../src/operator/cli/bench-consolidation.js';

const capture = () => {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { out: (t: string) => out.push(t), err: (t: string) => err.push(t), cwd: process.cwd() }, out, err };
};

describe('karpd bench consolidation', () => {
  it('builds the same seeded cluster for the same seed, with several pools, spot and on-demand, and pods on every node', () => {
    const a = benchCluster(50, 3);
    assert.deepEqual(benchCluster(50, 3), a);
    assert.equal(a.snapshot.nodes.length, 50);
    assert.ok(new Set(a.candidates.map((c) => c.nodePool.metadata.name)).size >= 3);
    assert.deepEqual([...new Set(a.candidates.map((c) => c.capacityType))].sort(), ['on-demand', 'spot']);
    assert.ok(a.candidates.every((c) => c.reschedulablePods.length > 0 && c.priceKnown));
  });

  it('prints one JSON object with the documented fields (--nodes 30 --json)', async () => {
    const { io, out } = capture();
    assert.equal(await runBench(['consolidation', '--nodes', '30', '--json'], io), 0);
    assert.equal(out.length, 1);
    const row = JSON.parse(out[0]);
    for (const key of ['nodes', 'singleNodeSeconds', 'multiNodeSeconds', 'savingsPerHour', 'bestSingleSavingsPerHour'])
      assert.ok(key in row, `missing ${key}`);
    assert.equal(row.nodes, 30);
    assert.equal(row.singleNodeCandidates, 30, 'every candidate is evaluated');
    assert.equal(row.singleNodeDeletes + row.singleNodeReplaces <= 30, true);
    assert.ok(row.savingsPerHour >= 0 && row.bestSingleSavingsPerHour > 0);
  });

  it('prints a text report by default and rejects unknown options with usage', async () => {
    const a = capture();
    assert.equal(await run(['--nodes', '10'], a.io), 0);
    assert.match(a.out.join('\n'), /single-node: 10 candidates evaluated in [\d.]+ s/);
    assert.match(a.out.join('\n'), /multi-node: decision in [\d.]+ s/);
    const b = capture();
    assert.equal(await run(['--nodes', 'many'], b.io), 2);
    assert.match(b.err.join('\n'), /--nodes expects a positive integer/);
  });
});
