/** Leader election driven by a FakeClock over an in-memory Lease endpoint. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { silentLogger } from '../../src/apis/logger.js';
import { KubeApiError } from '../../src/kube/errors.js';
import { LeaderElector } from '../../src/kube/leader-election.js';
import type { RestClient } from '../../src/kube/rest-client.js';
import { FakeClock } from '../../src/testing/fake-clock.js';
import { settle } from '../controllers/harness.js';

/** Just enough of the Lease API: GET / POST / PUT of one object, counting writes. */
function leaseApi() {
  let stored: unknown;
  const writes: string[] = [];
  const rest = {
    request: async ({ method, body }: { method: string; body?: unknown }) => {
      if (method === 'GET') {
        if (stored === undefined) throw new KubeApiError('leases "karpd-leader-election" not found', 404, 'NotFound');
        return structuredClone(stored);
      }
      writes.push(method);
      stored = structuredClone(body);
      return stored;
    },
  } as unknown as RestClient;
  return { rest, writes };
}

describe('leader election on the injected clock', () => {
  it('GIVEN an elector on a FakeClock WHEN time advances by retry periods THEN it acquires once and renews once per period', async () => {
    const clock = new FakeClock();
    const { rest, writes } = leaseApi();
    const elector = new LeaderElector(rest, {
      identity: 'me',
      logger: silentLogger,
      now: () => clock.now().getTime(),
      timers: clock,
      retryPeriodMs: 2000,
    });
    elector.start();
    await settle();
    assert.equal(elector.isLeader(), true);
    assert.deepEqual(writes, ['POST']);
    for (let i = 0; i < 3; i += 1) {
      clock.advance(2000);
      await settle();
    }
    assert.deepEqual(writes, ['POST', 'PUT', 'PUT', 'PUT']);
    elector.abandon();
    clock.advance(10_000);
    await settle();
    assert.equal(writes.length, 4);
    assert.equal(clock.pending(), 0);
  });
});
