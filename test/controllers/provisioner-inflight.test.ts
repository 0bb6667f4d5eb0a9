import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { PodAffinityTerm } from '../../src/apis/core-v1.js';
import { Labels } from '../../src/apis/well-known-labels.js';
import { instanceType } from '../../src/testing/index.js';
import { InflightHarness, pendingPod } from './inflight-harness.js';

const ZONES = ['eu-west-2a', 'eu-west-2b', 'eu-west-2c'];
const types = () => [instanceType({ name: 'm', cpu: '4', memory: '16Gi', zones: ZONES })];
const zonal = (app: string): PodAffinityTerm => ({ topologyKey: Labels.zone, labelSelector: { matchLabels: { app } } });

describe('provisioner: in-flight NodeClaims whose zone is undecided', () => {
  it('GIVEN a claim for a pod with zonal anti-affinity that lags five rounds WHEN rounds run THEN no second claim is made for that pod', async () => {
    const h = new InflightHarness(types(), () => 5);
    h.addPods([pendingPod('web-1', { app: 'web' }, [zonal('web')])]);
    for (let round = 0; round < 4; round++) await h.step();
    assert.equal(h.created.length, 1, `claims made while the first was in flight: ${h.created.map((c) => c.metadata.name).join(', ')}`);
    for (let round = 0; round < 3; round++) await h.step();
    assert.deepEqual(h.emptyClaims(), []);
    assert.equal(h.pending().length, 0);
  });

  it('GIVEN three replicas with zonal anti-affinity and launches that lag THEN three claims, one pod each, in three zones', async () => {
    const h = new InflightHarness(types(), () => 3);
    h.addPods(['web-1', 'web-2', 'web-3'].map((name) => pendingPod(name, { app: 'web' }, [zonal('web')])));
    for (let round = 0; round < 20; round++) await h.step();
    assert.equal(h.created.length, 3);
    assert.deepEqual(h.emptyClaims(), []);
    const zones = ['web-1', 'web-2', 'web-3'].map((name) => h.zoneOf(`default/${name}`));
    assert.equal(new Set(zones).size, 3, `zones: ${zones.join(', ')}`);
  });

  it('GIVEN an undecided claim nominated to one pod of the group WHEN a new pod of the group arrives THEN it is not put where the claim may land', async () => {
    const h = new InflightHarness(types(), () => 100);
    h.addPods([pendingPod('web-1', { app: 'web' }, [zonal('web')])]);
    await h.step();
    assert.equal(h.created.length, 1);
    h.addPods([pendingPod('web-2', { app: 'web' }, [zonal('web')])]);
    for (let round = 0; round < 3; round++) await h.step();
    // The first claim may land in any zone: no zone is free for web-2 until it launches.
    assert.equal(h.created.length, 1);
    assert.equal(h.plannedOn.get('default/web-1'), h.created[0].metadata.name);
    assert.equal(h.plannedOn.get('default/web-2'), undefined);
  });
});
