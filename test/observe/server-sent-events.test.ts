/** Server-sent events: the text both ways, and the agent server streaming a route's EventStream. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { startAgentServer } from '../../src/observe/agent-server.js';
import { createAgentMetrics } from '../../src/observe/metrics.js';
import { EventStream, EventStreamParser, formatComment, formatEvent, type EventSink } from '../../src/observe/server-sent-events.js';

const TOKEN = 'test-token-0123456789abcdefghijklmnopqrstuvwxyz';

describe('server-sent events text', () => {
  it('GIVEN an event whose data has line breaks WHEN formatted and parsed THEN the same name and data come back', () => {
    const text = formatEvent('delta', 'one\ntwo');
    assert.equal(text, 'event: delta\ndata: one\ndata: two\n\n');
    assert.deepEqual(new EventStreamParser().push(text), [{ event: 'delta', data: 'one\ntwo' }]);
  });

  it('GIVEN comments, CRLF line ends, an event without a name and a field without a space WHEN parsed THEN comments are counted and events read', () => {
    const parser = new EventStreamParser();
    const events = parser.push(': keep-alive\r\n\r\ndata:{"a":1}\r\n\r\nid: 4\nevent: snapshot\ndata: x\n\n');
    assert.deepEqual(events, [
      { event: 'message', data: '{"a":1}' },
      { event: 'snapshot', data: 'x' },
    ]);
    assert.equal(parser.comments, 1);
    assert.equal(formatComment('keep-alive'), ': keep-alive\n\n');
  });

  it('GIVEN any events WHEN their text arrives in arbitrary chunks THEN the parser yields exactly those events', () => {
    const name = fc.stringMatching(/^[a-z]{1,8}$/);
    const data = fc.string({ maxLength: 40 }).filter((value) => !value.includes('\r'));
    fc.assert(
      fc.property(fc.array(fc.tuple(name, data), { maxLength: 6 }), fc.array(fc.nat(60), { maxLength: 10 }), (events, cuts) => {
        const text = events.map(([event, payload]) => formatEvent(event, payload)).join('');
        const parser = new EventStreamParser();
        const got = [];
        let at = 0;
        for (const cut of [...cuts].sort((a, b) => a - b)) {
          got.push(...parser.push(text.slice(at, Math.max(at, cut))));
          at = Math.max(at, cut);
        }
        got.push(...parser.push(text.slice(at)));
        assert.deepEqual(
          got,
          events.map(([event, payload]) => ({ event, data: payload })),
        );
      }),
    );
  });
});

describe('agent server streaming', () => {
  it('GIVEN a route that returns an EventStream WHEN a client reads it THEN it gets the events and keep-alives, and the route hears when the client goes', async () => {
    let sink: EventSink | undefined;
    let ended = 0;
    const server = await startAgentServer({
      registry: createAgentMetrics({ processMetrics: false }).registry,
      ready: () => true,
      token: TOKEN,
      routes: {
        'GET /api/v1/stream': () =>
          new EventStream((opened) => {
            sink = opened;
            opened.send('snapshot', '{"version":1}');
            return () => {
              ended += 1;
            };
          }, 20),
      },
    });
    try {
      const refused = await fetch(`${server.url}/api/v1/stream`);
      assert.equal(refused.status, 401);
      await refused.body?.cancel();
      const controller = new AbortController();
      const response = await fetch(`${server.url}/api/v1/stream`, {
        headers: { Authorization: `Bearer ${TOKEN}` },
        signal: controller.signal,
      });
      assert.equal(response.status, 200);
      assert.match(response.headers.get('content-type') ?? '', /^text\/event-stream/);
      const reader = (response.body as ReadableStream<Uint8Array>).getReader();
      const parser = new EventStreamParser();
      const decoder = new TextDecoder();
      const events = [];
      while (events.length < 2 || parser.comments < 1) {
        const { value, done } = await reader.read();
        if (done) break;
        events.push(...parser.push(decoder.decode(value, { stream: true })));
        if (events.length === 1) sink?.send('delta', '{"from":1}');
      }
      assert.deepEqual(events.slice(0, 2), [
        { event: 'snapshot', data: '{"version":1}' },
        { event: 'delta', data: '{"from":1}' },
      ]);
      assert.ok(parser.comments >= 1, 'a keep-alive comment arrived');
      controller.abort();
      for (let i = 0; i < 50 && ended === 0; i++) await new Promise((resolve) => setTimeout(resolve, 10));
      assert.equal(ended, 1);
      assert.equal(sink?.closed, true);
    } finally {
      await server.close();
    }
  });

  it('GIVEN an open stream WHEN the server closes THEN the stream ends cleanly and close does not hang', async () => {
    let ended = 0;
    const server = await startAgentServer({
      registry: createAgentMetrics({ processMetrics: false }).registry,
      ready: () => true,
      token: TOKEN,
      routes: { 'GET /api/v1/stream': () => new EventStream(() => () => void (ended += 1)) },
    });
    const response = await fetch(`${server.url}/api/v1/stream`, { headers: { Authorization: `Bearer ${TOKEN}` } });
    const reader = (response.body as ReadableStream<Uint8Array>).getReader();
    await server.close();
    const rest = await reader.read().catch(() => ({ done: true }));
    assert.equal(rest.done, true);
    assert.equal(ended, 1);
  });
});
