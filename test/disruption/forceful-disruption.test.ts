/** forcefulDisrupting: which deleting NodeClaims the disruption report lists as expired or interrupted. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { NodeClaim } from '../../src/apis/nodeclaim.js';
import { Labels } from '../../src/apis/well-known-labels.js';
import { forcefulDisrupting, forcefulDisruptionAnnotations } from '../../src/disruption/forceful-disruption.js';
import { nodeClaim } from '../../src/testing/builders.js';

const NOW = '2026-01-01T12:00:00.000Z';

function claim(name: string, options: { annotations?: Record<string, string>; deleting?: string; node?: string } = {}): NodeClaim {
  return nodeClaim({
    metadata: {
      name,
      labels: { [Labels.nodePool]: 'batch' },
      annotations: options.annotations ?? {},
      ...(options.deleting !== undefined ? { deletionTimestamp: options.deleting } : {}),
    },
    status: { ...(options.node !== undefined ? { nodeName: options.node } : {}) },
  });
}

describe('forcefulDisrupting', () => {
  it('GIVEN deleting claims marked Expired and Interrupted WHEN listed THEN each is draining with its method, reason and detail, in name order', () => {
    const listed = forcefulDisrupting(
      [
        claim('b', { annotations: forcefulDisruptionAnnotations('Interrupted', 'spot interrupted'), deleting: '2026-01-01T11:59:00Z' }),
        claim('a', {
          annotations: forcefulDisruptionAnnotations('Expired', 'expired: older than expireAfter 1h by 5m'),
          deleting: '2026-01-01T11:58:00Z',
          node: 'ip-1',
        }),
      ],
      new Set(),
      NOW,
    );
    assert.deepEqual(listed, [
      {
        nodeClaim: 'a',
        node: 'ip-1',
        nodePool: 'batch',
        method: 'expiration',
        reason: 'Expired',
        phase: 'draining',
        summary: 'expired: older than expireAfter 1h by 5m',
        since: '2026-01-01T11:58:00Z',
      },
      {
        nodeClaim: 'b',
        nodePool: 'batch',
        method: 'interruption',
        reason: 'Interrupted',
        phase: 'draining',
        summary: 'spot interrupted',
        since: '2026-01-01T11:59:00Z',
      },
    ]);
  });

  it('GIVEN a marked claim not (yet) deleting, an unmarked deleting one, an unknown reason and one a command reports WHEN listed THEN none is', () => {
    const listed = forcefulDisrupting(
      [
        claim('marked', { annotations: forcefulDisruptionAnnotations('Expired', 'x') }),
        claim('manual', { deleting: NOW }),
        claim('odd', { annotations: { 'karpd.dev/disruption-reason': 'Drifted' }, deleting: NOW }),
        claim('held', { annotations: forcefulDisruptionAnnotations('Interrupted', 'x'), deleting: NOW }),
      ],
      new Set(['held']),
      NOW,
    );
    assert.deepEqual(listed, []);
  });

  it('GIVEN a very long detail WHEN annotated THEN it is cut to 256 characters', () => {
    const detail = forcefulDisruptionAnnotations('Interrupted', 'x'.repeat(1000))['karpd.dev/disruption-detail'];
    assert.equal(detail?.length, 256);
    assert.ok(detail?.endsWith('…'));
  });
});
