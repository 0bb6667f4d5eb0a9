import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { KubeApiError } from '../../src/kube/errors.js';
import { EventRecorder } from '../../src/kube/event-recorder.js';
import type { RestClient } from '../../src/kube/rest-client.js';

interface Call {
  method: string;
  path: string;
  body: Record<string, unknown>;
}

function fakeRest(options: { goneOnPatch?: boolean } = {}) {
  const calls: Call[] = [];
  let sequence = 0;
  const rest = {
    request: async ({ method, path, body }: Call) => {
      calls.push({ method, path, body });
      if (method === 'PATCH' && options.goneOnPatch) throw new KubeApiError('events "x" not found', 404, 'NotFound');
      if (method === 'POST') return { ...body, metadata: { name: `stuck.${++sequence}`, namespace: 'default' } };
      return body;
    },
  } as unknown as RestClient;
  return { rest, calls };
}

const stuck = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'stuck', namespace: 'default', uid: 'u1' } };
const failed = (message: string) => ({
  involved: stuck,
  type: 'Warning' as const,
  reason: 'FailedScheduling',
  message,
  component: 'default-scheduler',
});

describe('EventRecorder', () => {
  it('GIVEN the same event three times THEN one Event is created and patched to count 2 then 3 with a new lastTimestamp', async () => {
    const { rest, calls } = fakeRest();
    let now = Date.parse('2026-01-01T00:00:00Z');
    const recorder = new EventRecorder(rest, () => new Date(now));
    for (let i = 0; i < 3; i++) {
      assert.equal(await recorder.record(failed('0/3 nodes are available')), undefined);
      now += 5000;
    }
    assert.deepEqual(
      calls.map((c) => c.method),
      ['POST', 'PATCH', 'PATCH'],
    );
    assert.equal(calls[1].path, '/api/v1/namespaces/default/events/stuck.1');
    assert.deepEqual(
      calls.slice(1).map((c) => c.body),
      [
        { count: 2, lastTimestamp: '2026-01-01T00:00:05Z' },
        { count: 3, lastTimestamp: '2026-01-01T00:00:10Z' },
      ],
    );
  });

  it('GIVEN a different message THEN it is a new Event', async () => {
    const { rest, calls } = fakeRest();
    const recorder = new EventRecorder(rest, () => new Date(0));
    await recorder.record(failed('a'));
    await recorder.record(failed('b'));
    assert.deepEqual(
      calls.map((c) => c.method),
      ['POST', 'POST'],
    );
  });

  it('GIVEN the aggregated Event was deleted THEN the next repeat creates a new one instead of failing', async () => {
    const { rest, calls } = fakeRest({ goneOnPatch: true });
    const recorder = new EventRecorder(rest, () => new Date(0));
    await recorder.record(failed('a'));
    assert.equal(await recorder.record(failed('a')), undefined);
    assert.deepEqual(
      calls.map((c) => c.method),
      ['POST', 'PATCH', 'POST'],
    );
  });
});
