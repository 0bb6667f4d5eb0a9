import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Container, Pod } from '../../src/apis/core-v1.js';
import { podRequests } from '../../src/scheduling/pod-requests.js';

const container = (name: string, requests: Record<string, string>, extra: Partial<Container> = {}): Container => ({
  name,
  resources: { requests },
  ...extra,
});
const podWith = (spec: Partial<Pod['spec']>): Pod => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'p' },
  spec: { containers: [], ...spec },
});
const GI = 1024 ** 3;

describe('podRequests', () => {
  it('sums the containers', () => {
    const pod = podWith({ containers: [container('a', { cpu: '500m', memory: '1Gi' }), container('b', { cpu: '250m' })] });
    assert.deepEqual(podRequests(pod), { cpu: 750, memory: GI });
  });

  it('takes the largest init container when it exceeds the containers', () => {
    const pod = podWith({
      containers: [container('a', { cpu: '500m', memory: '1Gi' })],
      initContainers: [container('init1', { cpu: '2' }), container('init2', { memory: '512Mi' })],
    });
    assert.deepEqual(podRequests(pod), { cpu: 2000, memory: GI });
  });

  it('keeps sidecars running next to the containers and later init containers', () => {
    const pod = podWith({
      containers: [container('a', { cpu: '1' })],
      initContainers: [container('sidecar', { cpu: '500m' }, { restartPolicy: 'Always' }), container('init', { cpu: '1200m' })],
    });
    assert.deepEqual(podRequests(pod), { cpu: 1700 });
  });

  it('adds the pod overhead', () => {
    const pod = podWith({ containers: [container('a', { cpu: '1' })], overhead: { cpu: '250m', memory: '64Mi' } });
    assert.deepEqual(podRequests(pod), { cpu: 1250, memory: 64 * 1024 ** 2 });
  });

  it('uses a limit as the request when no request is given', () => {
    const pod = podWith({
      containers: [{ name: 'a', resources: { limits: { cpu: '2', 'nvidia.com/gpu': '1' }, requests: { cpu: '1' } } }],
    });
    assert.deepEqual(podRequests(pod), { cpu: 1000, 'nvidia.com/gpu': 1 });
  });
});
