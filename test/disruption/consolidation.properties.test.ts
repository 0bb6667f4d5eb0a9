import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import type { NodePool } from '../../src/apis/nodepool.js';
import type { CapacityType } from '../../src/apis/well-known-labels.js';
import { Labels } from '../../src/apis/well-known-labels.js';
import { ConsolidationContext, computeConsolidation } from '../../src/disruption/consolidation.js';
import { multiNodeConsolidation } from '../../src/disruption/multi-node-consolidation.js';
import { requiredSaving } from '../../src/disruption/replacement-options.js';
import { singleNodeConsolidation } from '../../src/disruption/single-node-consolidation.js';
import type { DisruptionCommand, DisruptionSnapshot } from '../../src/disruption/types.js';
import type { InstanceType } from '../../src/scheduling/instance-type.js';
import { mulberry32 } from '../../src/scheduling/rng.js';
import { solve } from '../../src/scheduling/solve.js';
import { instanceType, resetNames } from '../../src/testing/index.js';
import { CountingAllowance, type Machine, type MachineOptions, catalog, machine, pool, snapshotOf } from './consolidation-fixtures.js';

interface Cluster {
  readonly machines: Machine[];
  readonly pools: NodePool[];
  readonly types: InstanceType[];
  readonly snapshot: DisruptionSnapshot;
}

const CPU = ['250m', '500m', '1', '1500m', '3'];
const MILLIS: Record<string, number> = { '250m': 250, '500m': 500, '1': 1000, '1500m': 1500, '3': 3000 };

/** Pod shapes: 0 one per node (hostname anti-affinity), 1 only on `tier: gold` nodes (no pool makes them), else plain. */
function podShape(shape: number): MachineOptions['podOptions'] {
  if (shape === 0)
    return {
      labels: { app: 'spread' },
      podAntiAffinity: [{ labelSelector: { matchLabels: { app: 'spread' } }, topologyKey: Labels.hostname }],
    };
  if (shape === 1) return { labels: { app: 'gold' }, nodeSelector: { tier: 'gold' } };
  return { labels: { app: 'plain' } };
}

/** A small random cluster: 1–2 pools, 2–7 machines of random types, each filled with random pods to 30–100 % of its cpu. */
function randomCluster(seed: number): Cluster {
  resetNames();
  const rng = mulberry32(seed);
  const capacityTypes: CapacityType[] = rng.next() < 0.5 ? ['on-demand'] : ['on-demand', 'spot'];
  const types = [...catalog(capacityTypes), instanceType({ name: 'medium-b', cpu: '4', memory: '16Gi', price: 0.19, capacityTypes })];
  const pools = rng.next() < 0.5 ? [pool('alpha')] : [pool('alpha'), pool('beta')];
  const machines: Machine[] = [];
  const count = 2 + rng.int(6);
  for (let i = 0; i < count; i++) {
    const type = rng.pick(types);
    const pods: string[] = [];
    let used = 0;
    const target = type.allocatable.cpu * (0.3 + 0.7 * rng.next());
    for (let tries = 0; tries < 8; tries++) {
      const cpu = rng.pick(CPU);
      if (used + MILLIS[cpu] > Math.min(target, type.allocatable.cpu)) continue;
      used += MILLIS[cpu];
      pods.push(cpu);
    }
    const shape = rng.int(5);
    const gold = shape === 1 || rng.next() < 0.2;
    machines.push(
      machine({
        name: `m${i}`,
        pool: rng.pick(pools),
        type,
        capacityType: rng.pick(capacityTypes),
        pods: shape === 0 ? pods.slice(0, 1) : pods,
        ...(gold ? { nodeLabels: { tier: 'gold' } } : {}),
        podOptions: podShape(shape),
        disruptionCost: pods.length + rng.next(),
      }),
    );
  }
  const settings = { minimumSavings: { perHour: rng.pick([0.005, 0.05]), percent: rng.pick([1, 20]) } };
  return { machines, pools, types, snapshot: snapshotOf({ machines, pools, types, settings }) };
}

/** The cluster after `command`: its candidates gone, each replacement launched as `pick` of its options (empty). */
function applied(cluster: Cluster, command: DisruptionCommand, pick: 'cheapest' | 'dearest'): { machines: Machine[]; price: number } {
  const removed = new Set(command.candidates.map((c) => c.name));
  const kept = cluster.machines.filter((m) => !removed.has(m.candidate.name));
  const launched = command.replacements.map((claim, i) => {
    const options = claim.instanceTypeOptions;
    const option = pick === 'cheapest' ? options[0] : options[options.length - 1];
    return machine({
      name: `replacement-${i}`,
      pool: cluster.pools.find((p) => p.metadata.name === claim.nodePool)!,
      type: cluster.types.find((t) => t.name === option.name)!,
      zone: option.zone,
      capacityType: option.capacityType,
    });
  });
  const machines = [...kept, ...launched];
  return { machines, price: machines.reduce((sum, m) => sum + m.candidate.price, 0) };
}

function checkCommand(cluster: Cluster, command: DisruptionCommand): void {
  const before = cluster.machines.reduce((sum, m) => sum + m.candidate.price, 0);
  const evicted = command.candidates.flatMap((c) => c.reschedulablePods);
  for (const pick of ['cheapest', 'dearest'] as const) {
    const after = applied(cluster, command, pick);
    const result = solve({ nodes: after.machines.map((m) => m.stateNode), nodePools: [], daemonSets: [] }, evicted);
    assert.deepEqual(result.unschedulable, [], `${command.summary}: every evicted pod has a place (replacement as its ${pick} option)`);
    const saved = before - after.price;
    if (command.decision === 'replace')
      assert.ok(
        saved >= requiredSaving(command.priceBefore, cluster.snapshot.settings.minimumSavings) - 1e-9,
        `${command.summary}: saves ${saved}, at least the minimum savings`,
      );
    else assert.ok(saved > 0, `${command.summary}: a delete saves the candidates' price`);
  }
}

describe('consolidation properties over random small clusters', () => {
  it('any command (of either method, or for any one candidate), applied, leaves every evicted pod placeable and lowers $/h by at least the minimum savings', () => {
    let commands = 0;
    fc.assert(
      fc.property(fc.integer(), (seed) => {
        const cluster = randomCluster(seed);
        const candidates = cluster.machines.map((m) => m.candidate);
        const single = singleNodeConsolidation(cluster.snapshot, candidates, new CountingAllowance());
        const multi = multiNodeConsolidation(cluster.snapshot, candidates, new CountingAllowance());
        const context = new ConsolidationContext(cluster.snapshot);
        const each = candidates.map((c) => computeConsolidation(context, [c])).flatMap((o) => (o.ok ? [o.command] : []));
        for (const command of [...single.commands, ...multi.commands, ...each]) {
          commands++;
          checkCommand(cluster, command);
        }
      }),
      { numRuns: 150 },
    );
    assert.ok(commands > 30, `the generator produces commands to check (${commands})`);
  });

  it('a replacement never launches as the type it replaces at the same price, nor as any option saving less than the minimum', () => {
    fc.assert(
      fc.property(fc.integer(), (seed) => {
        const cluster = randomCluster(seed);
        const candidates = cluster.machines.map((m) => m.candidate);
        const { commands } = singleNodeConsolidation(cluster.snapshot, candidates, new CountingAllowance());
        for (const command of commands.filter((c) => c.decision === 'replace')) {
          const required = requiredSaving(command.priceBefore, cluster.snapshot.settings.minimumSavings);
          for (const option of command.replacements[0].instanceTypeOptions)
            assert.ok(command.priceBefore - option.price >= required - 1e-9, `${option.name} at ${option.price} vs ${command.priceBefore}`);
        }
      }),
      { numRuns: 150 },
    );
  });
});
