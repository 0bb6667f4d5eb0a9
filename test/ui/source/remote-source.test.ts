/**
 * The remote source against a small agent server (the real server and dashboard routes over a hand-made feed):
 * it goes live on the snapshot, reconnects for a fresh snapshot on a gap, and after the agent restarts on the
 * same port it comes back and says the agent restarted.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startAgentServer, type AgentServer } from '../../../src/observe/agent-server.js';
import { createAgentMetrics } from '../../../src/observe/metrics.js';
import { VIEW_MODEL_SCHEMA, type ViewDelta, type ViewModel } from '../../../src/observe/view-model/view-model.js';
import { dashboardRoutes } from '../../../src/operator/dashboard-routes.js';
import { eventually } from '../../../src/testing/eventually.js';
import type { ConnectionState } from '../../../ui/source/dashboard-source.js';
import { remoteSource } from '../../../ui/source/remote-source.js';

const TOKEN = 'test-token-0123456789abcdefghijklmnopqrstuvwxyz';

function view(version: number): ViewModel {
  return { schema: VIEW_MODEL_SCHEMA, version, generatedAt: '2026-01-01T10:00:00.000Z', clusters: [], log: [] };
}

/** An agent server whose view is `version` and which can push a delta. */
async function smallAgent(version: number, port = 0, token = TOKEN) {
  let current = view(version);
  const listeners = new Set<(delta: ViewDelta) => void>();
  const server: AgentServer = await startAgentServer({
    registry: createAgentMetrics({ processMetrics: false }).registry,
    ready: () => true,
    token,
    port,
    routes: dashboardRoutes({
      feed: {
        current: () => current,
        onDelta: (listener) => {
          listeners.add(listener);
          return () => listeners.delete(listener);
        },
      },
      clusters: [],
    }),
  });
  return {
    server,
    port: Number(new URL(server.url).port),
    streams: () => listeners.size,
    push(delta: ViewDelta, next: ViewModel) {
      current = next;
      for (const listener of listeners) listener(delta);
    },
  };
}

function record(source: ReturnType<typeof remoteSource>): ConnectionState[] {
  const states: ConnectionState[] = [];
  source.subscribe(() => {
    const state = source.connection();
    if (states.at(-1) !== state) states.push(state);
  });
  return states;
}

describe('remote source', () => {
  it('GIVEN an agent WHEN the source connects THEN it is live with the snapshot', async () => {
    const agent = await smallAgent(4);
    const source = remoteSource({ url: agent.server.url, token: TOKEN });
    try {
      assert.equal(source.connection().state, 'connecting');
      await eventually(() => source.connection().state === 'live', 'the source live');
      assert.equal(source.current()?.version, 4);
      assert.equal(source.connection().message, undefined);
    } finally {
      source.close();
      await agent.server.close();
    }
  });

  it('GIVEN a live source WHEN a delta follows its version THEN it is applied in place, without reconnecting', async () => {
    const agent = await smallAgent(3);
    const source = remoteSource({ url: agent.server.url, token: TOKEN });
    const states = record(source);
    try {
      await eventually(() => source.current()?.version === 3, 'the snapshot');
      const line = { key: '1', time: '2026-01-01T10:00:01.000Z', level: 'info' as const, message: 'launched nodeclaim', fields: '' };
      agent.push(
        { from: 3, to: 4, generatedAt: '2026-01-01T10:00:01.000Z', changes: [{ op: 'log', append: [line], keep: 1000 }] },
        view(4),
      );
      await eventually(() => source.current()?.version === 4, 'the delta applied');
      assert.deepEqual(source.current()?.log, [line]);
      assert.deepEqual(
        states.map((state) => state.state),
        ['live'],
      );
      assert.equal(agent.streams(), 1);
    } finally {
      source.close();
      await agent.server.close();
    }
  });

  it('GIVEN a live source WHEN a delta does not follow its version THEN it reads a fresh snapshot', async () => {
    const agent = await smallAgent(3);
    const source = remoteSource({ url: agent.server.url, token: TOKEN, retry: { initialMs: 20, maxMs: 40 } });
    const states = record(source);
    try {
      await eventually(() => source.current()?.version === 3, 'the snapshot');
      agent.push({ from: 7, to: 8, generatedAt: '2026-01-01T10:00:01.000Z', changes: [] }, view(8));
      await eventually(() => source.current()?.version === 8, 'a fresh snapshot');
      assert.ok(states.some((state) => state.state === 'reconnecting' && /missed a change/.test(state.message ?? '')));
      assert.equal(source.connection().state, 'live');
    } finally {
      source.close();
      await agent.server.close();
    }
  });

  it('GIVEN a live source WHEN the agent stops and starts again on the same port THEN it retries with back-off and says the agent restarted', async () => {
    const first = await smallAgent(12);
    const port = first.port;
    const source = remoteSource({ url: first.server.url, token: TOKEN });
    const states = record(source);
    let second: Awaited<ReturnType<typeof smallAgent>> | undefined;
    try {
      await eventually(() => source.connection().state === 'live', 'the source live');
      await first.server.close();
      await eventually(() => /ECONNREFUSED/.test(source.connection().message ?? ''), 'a refused connection', 5000);
      assert.equal(source.connection().state, 'reconnecting');
      assert.match(source.connection().message ?? '', /^agent unreachable \(ECONNREFUSED\); retrying in 1 s$/);
      second = await smallAgent(2, port);
      await eventually(() => source.current()?.version === 2, 'the new agent snapshot', 8000);
      assert.deepEqual(
        { state: source.connection().state, message: source.connection().message },
        { state: 'live', message: 'reconnected (the agent restarted)' },
      );
      assert.ok(
        states.some((state) => /retrying in 0\.5 s$/.test(state.message ?? '')),
        'the first retry waits 0.5 s',
      );
    } finally {
      source.close();
      await second?.server.close();
    }
  });

  it('GIVEN an address function WHEN the agent comes back on another port with another token THEN the source and its actions follow it', async () => {
    const first = await smallAgent(12);
    let address = { url: first.server.url, token: TOKEN };
    const source = remoteSource({ url: first.server.url, token: TOKEN, address: () => address });
    let second: Awaited<ReturnType<typeof smallAgent>> | undefined;
    try {
      await eventually(() => source.connection().state === 'live', 'the source live');
      await first.server.close();
      await eventually(() => source.connection().state === 'reconnecting', 'reconnecting', 5000);
      const otherToken = 'q'.repeat(43);
      second = await smallAgent(3, 0, otherToken);
      address = { url: second.server.url, token: otherToken };
      await eventually(() => source.current()?.version === 3, 'the snapshot of the agent at its new address', 8000);
      assert.equal(source.connection().state, 'live');
      const yaml = await source.actions.objectYaml('nowhere', 'NodePool', 'x');
      assert.doesNotMatch(yaml.message, /token refused|unreachable/, 'actions use the new address and token too');
    } finally {
      source.close();
      await second?.server.close();
    }
  });

  it('GIVEN a stream that goes silent WHEN nothing arrives for the idle time THEN it reconnects and says why', async () => {
    const agent = await smallAgent(1);
    const source = remoteSource({ url: agent.server.url, token: TOKEN, idleMs: 200, retry: { initialMs: 20, maxMs: 40 } });
    const states = record(source);
    try {
      await eventually(
        () => states.some((state) => /^nothing from the agent for 0\.2 s; retrying in/.test(state.message ?? '')),
        'an idle reconnect',
      );
      await eventually(() => source.connection().state === 'live', 'live again');
    } finally {
      source.close();
      await agent.server.close();
    }
  });

  it('GIVEN the wrong token WHEN the source connects THEN it says the token was refused', async () => {
    const agent = await smallAgent(1);
    const source = remoteSource({ url: agent.server.url, token: 'x'.repeat(40), retry: { initialMs: 20, maxMs: 40 } });
    try {
      await eventually(() => /^token refused; retrying in/.test(source.connection().message ?? ''), 'token refused');
      assert.equal(source.connection().state, 'connecting');
      assert.equal(source.current(), undefined);
    } finally {
      source.close();
      await agent.server.close();
    }
  });

  it('GIVEN a source WHEN it is closed THEN its stream ends at the agent', async () => {
    const agent = await smallAgent(1);
    const source = remoteSource({ url: agent.server.url, token: TOKEN });
    await eventually(() => agent.streams() === 1, 'one stream');
    source.close();
    await eventually(() => agent.streams() === 0, 'no stream');
    await agent.server.close();
  });
});
