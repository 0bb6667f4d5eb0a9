import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { Labels } from '../../src/apis/well-known-labels.js';
import { instanceType } from '../../src/testing/index.js';
import { InflightHarness, pendingPod } from './inflight-harness.js';

const ZONES = ['z1', 'z2', 'z3'];
/** App → the topology key its required anti-affinity uses (none for `free`). */
const APPS: Record<string, string | undefined> = { zonal: Labels.zone, host: Labels.hostname, free: undefined };

const scenario = fc.record({
  pods: fc.array(fc.record({ app: fc.constantFrom(...Object.keys(APPS)), cpu: fc.constantFrom('100m', '1', '3') }), {
    minLength: 1,
    maxLength: 7,
  }),
  delays: fc.array(fc.integer({ min: 0, max: 5 }), { minLength: 12, maxLength: 12 }),
  arrivals: fc.array(fc.integer({ min: 0, max: 4 }), { minLength: 7, maxLength: 7 }),
});

describe('provisioner property: launches that lag', () => {
  it('over random pods with zonal and hostname anti-affinity and random launch delays, every claim gets a pod and anti-affinity holds', async () => {
    await fc.assert(
      fc.asyncProperty(scenario, async ({ pods, delays, arrivals }) => {
        const h = new InflightHarness(
          [instanceType({ name: 'm', cpu: '4', memory: '16Gi', zones: ZONES })],
          (i) => delays[i % delays.length],
        );
        const all = pods.map(({ app, cpu }, i) => {
          const key = APPS[app];
          return pendingPod(
            `${app}-${i}`,
            { app },
            key === undefined ? [] : [{ topologyKey: key, labelSelector: { matchLabels: { app } } }],
            cpu,
          );
        });
        for (let round = 0; round < 45; round++) {
          h.addPods(all.filter((_, i) => arrivals[i] === round));
          await h.step();
        }
        assert.deepEqual(h.emptyClaims(), [], `claims: ${h.created.length}`);
        const bound = h.state.snapshot().pods.filter((p) => p.spec.nodeName !== undefined);
        for (const [app, key] of Object.entries(APPS)) {
          if (key === undefined) continue;
          const domains = bound
            .filter((p) => p.metadata.labels?.app === app)
            .map((p) => (key === Labels.zone ? h.zoneOf(h.key(p)) : p.spec.nodeName));
          assert.equal(new Set(domains).size, domains.length, `${app} pods share a ${key}: ${domains.join(', ')}`);
        }
        const zonalPending = h.pending().filter((p) => p.metadata.labels?.app === 'zonal').length;
        const zonalBound = bound.filter((p) => p.metadata.labels?.app === 'zonal').length;
        assert.ok(
          zonalPending === 0 || zonalBound === ZONES.length,
          `zonal pods pending with free zones: ${zonalBound} bound, ${zonalPending} pending`,
        );
        assert.equal(h.pending().filter((p) => p.metadata.labels?.app !== 'zonal').length, 0, 'a pod without a zonal limit stays pending');
      }),
      { numRuns: 40, seed: 7 },
    );
  });
});
