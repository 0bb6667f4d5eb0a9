/** The GitOps action routes re-read the GitOps state for the view after answering, failed or not. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { JsonRouteRequest } from '../../src/observe/agent-server.js';
import { refreshingAfterActions } from '../../src/operator/dashboard-runtime.js';

const request: JsonRouteRequest = { method: 'POST', path: '/x', query: new URLSearchParams(), body: {}, headers: {} };

describe('refreshingAfterActions', () => {
  it('GIVEN GitOps routes WHEN a POST answers or fails THEN the feed re-reads GitOps; a GET does not', async () => {
    let refreshed = 0;
    const feed = { refreshGitOps: async () => void (refreshed += 1) };
    const routes = refreshingAfterActions(
      {
        'POST /api/v1/decisions/approve': () => ({ ok: true }),
        'POST /api/v1/decisions/reject': () => {
          throw new Error('not pending');
        },
        'GET /api/v1/decisions': () => ({ decisions: [] }),
      },
      feed,
    );
    assert.deepEqual(await routes['POST /api/v1/decisions/approve'](request), { ok: true });
    assert.equal(refreshed, 1);
    await assert.rejects(async () => routes['POST /api/v1/decisions/reject'](request), /not pending/);
    assert.equal(refreshed, 2);
    await routes['GET /api/v1/decisions']({ ...request, method: 'GET' });
    assert.equal(refreshed, 2);
  });
});
