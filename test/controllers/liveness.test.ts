import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { NodeClaim } from '../../src/apis/nodeclaim.js';
import type { Condition } from '../../src/apis/object-meta.js';
import { livenessViolation } from '../../src/controllers/nodeclaim/liveness.js';

const T0 = Date.parse('2026-01-01T00:00:00Z');
const minutes = (m: number) => T0 + m * 60_000;

function claim(conditions: Condition[]): NodeClaim {
  return {
    apiVersion: 'karpenter.sh/v1',
    kind: 'NodeClaim',
    metadata: { name: 'c', creationTimestamp: '2026-01-01T00:00:00Z' },
    spec: { requirements: [], nodeClassRef: { group: 'karpenter.k8s.aws', kind: 'EC2NodeClass', name: 'default' } },
    status: { conditions },
  };
}

describe('NodeClaim liveness', () => {
  it('deletes a claim not launched within 5 minutes of creation', () => {
    assert.equal(livenessViolation(claim([]), minutes(4)), undefined);
    assert.equal(livenessViolation(claim([]), minutes(5)), 'launch_timeout');
  });

  it('deletes a launched claim whose node has not registered within 15 minutes of launch', () => {
    const launched = claim([{ type: 'Launched', status: 'True', lastTransitionTime: '2026-01-01T00:01:00Z' }]);
    assert.equal(livenessViolation(launched, minutes(15)), undefined);
    assert.equal(livenessViolation(launched, minutes(16)), 'registration_timeout');
  });

  it('leaves registered claims alone', () => {
    const registered = claim([
      { type: 'Launched', status: 'True', lastTransitionTime: '2026-01-01T00:01:00Z' },
      { type: 'Registered', status: 'True', lastTransitionTime: '2026-01-01T00:02:00Z' },
    ]);
    assert.equal(livenessViolation(registered, minutes(600)), undefined);
  });

  it('honours custom timeouts', () => {
    assert.equal(livenessViolation(claim([]), minutes(1), { launchTimeoutMs: 30_000 }), 'launch_timeout');
  });
});
