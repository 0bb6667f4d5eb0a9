import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { unreadablePodReason } from '../../src/apis/pod-readable.js';

const pod = (spec: unknown, extra: Record<string, unknown> = {}) => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'p', namespace: 'default' },
  spec,
  ...extra,
});

describe('unreadablePodReason', () => {
  it('accepts a plain pod', () => {
    assert.equal(
      unreadablePodReason(
        pod({ containers: [{ name: 'a', image: 'x', resources: { requests: { cpu: '100m', memory: '1Gi' }, limits: { cpu: 1 } } }] }),
      ),
      undefined,
    );
  });

  it('names the field of each malformed shape', () => {
    const cases: Array<[unknown, RegExp]> = [
      [pod({ containers: 'nope' }), /^spec\.containers: .*expected array/],
      [
        pod({ containers: [{ name: 'a', resources: { requests: { cpu: 'lots' } } }] }),
        /^spec\.containers\[0\]\.resources\.requests\.cpu: is not a valid resource quantity/,
      ],
      [
        pod({ containers: [], initContainers: [{ resources: { limits: { memory: '1 GB' } } }] }),
        /^spec\.initContainers\[0\]\.resources\.limits\.memory/,
      ],
      [pod({ containers: [], nodeSelector: { zone: 3 } }), /^spec\.nodeSelector\.zone/],
      [pod({ containers: [], tolerations: 'all' }), /^spec\.tolerations/],
      [pod(undefined), /^spec/],
      [pod({ containers: [] }, { status: { conditions: 'x' } }), /^status\.conditions/],
    ];
    for (const [input, expected] of cases) assert.match(unreadablePodReason(input) ?? 'readable', expected);
  });
});
