/**
 * WebhookNotifier against a local node:http server: the JSON POST and its
 * headers, a 500 retried until delivered once, an unreachable or silent
 * endpoint logged without throwing, 4xx not retried, credentials sent as Basic
 * auth and never logged, the log rate limit, and the bounded queue.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { NotificationMessage } from '../../../src/gitops/decisions/notification.js';
import { WebhookNotifier } from '../../../src/gitops/decisions/webhook-notifier.js';
import { FakeClock } from '../../../src/testing/fake-clock.js';
import { RecordingLogger } from '../../../src/testing/recording-logger.js';

interface Received {
  readonly path: string;
  readonly headers: IncomingMessage['headers'];
  readonly body: unknown;
}

type Handler = (req: IncomingMessage, res: ServerResponse, count: number) => void;

let server: Server;
let base: string;
let received: Received[] = [];
let handler: Handler = (_req, res) => res.end('ok');

before(async () => {
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      received.push({ path: req.url ?? '', headers: req.headers, body: JSON.parse(Buffer.concat(chunks).toString('utf8') || 'null') });
      handler(req, res, received.length);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
after(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

function reset(next: Handler): void {
  received = [];
  handler = next;
}

const message = (text = 'Decision sandbox-git-change-3f2a91c0 waits for approval: sync policy manual'): NotificationMessage => ({
  event: 'decision-waiting',
  cluster: 'sandbox',
  at: '2026-12-01T10:00:00.000Z',
  text,
});

async function closedPort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

describe('WebhookNotifier', () => {
  it('POSTs the message as JSON with karpd’s User-Agent', async () => {
    reset((_req, res) => res.end('ok'));
    const logger = new RecordingLogger();
    const notifier = new WebhookNotifier({ logger, version: '1.2.3' });
    notifier.send(`${base}/hook`, message());
    await notifier.idle();
    assert.equal(received.length, 1);
    assert.equal(received[0]?.path, '/hook');
    assert.equal(received[0]?.headers['content-type'], 'application/json');
    assert.equal(received[0]?.headers['user-agent'], 'karpd/1.2.3');
    assert.deepEqual(received[0]?.body, message());
    assert.deepEqual(logger.problems(), []);
  });

  it('retries a 500 and delivers the message once, in order with the next one', async () => {
    reset((_req, res, count) => {
      res.statusCode = count === 1 ? 500 : 200;
      res.end();
    });
    const logger = new RecordingLogger();
    const notifier = new WebhookNotifier({ logger, backoffMs: 5 });
    notifier.send(`${base}/flaky`, message('first'));
    notifier.send(`${base}/flaky`, message('second'));
    await notifier.idle();
    assert.deepEqual(
      received.map((r) => (r.body as NotificationMessage).text),
      ['first', 'first', 'second'],
    );
    assert.deepEqual(logger.problems(), []);
  });

  it('gives up after three attempts, and does not retry a 4xx', async () => {
    reset((_req, res) => {
      res.statusCode = 503;
      res.end();
    });
    const logger = new RecordingLogger();
    const notifier = new WebhookNotifier({ logger, backoffMs: 1 });
    notifier.send(`${base}/down`, message());
    await notifier.idle();
    assert.equal(received.length, 3);
    assert.equal(logger.problems()[0]?.fields.error, 'HTTP 503');
    assert.equal(logger.problems()[0]?.fields.attempts, 3);

    reset((_req, res) => {
      res.statusCode = 404;
      res.end();
    });
    notifier.send(`${base}/missing`, message());
    await notifier.idle();
    assert.equal(received.length, 1);
  });

  it('logs an unreachable endpoint without throwing, and never its credentials or query', async () => {
    const logger = new RecordingLogger();
    const notifier = new WebhookNotifier({ logger, backoffMs: 1 });
    const webhook = `http://bob:pa55word@127.0.0.1:${await closedPort()}/hook?token=t0k3n-secret`;
    assert.doesNotThrow(() => notifier.send(webhook, message()));
    await notifier.idle();
    const [line] = logger.problems();
    assert.ok(line, 'the failure is logged');
    assert.match(String(line.fields.error), /ECONNREFUSED|fetch failed/);
    assert.match(String(line.fields.webhook), /^http:\/\/127\.0\.0\.1:\d+\/hook$/);
    assert.doesNotMatch(JSON.stringify(logger.lines), /bob|pa55word|t0k3n/);
  });

  it('sends the URL’s user and password as Basic authorization', async () => {
    reset((_req, res) => res.end());
    const notifier = new WebhookNotifier({ logger: new RecordingLogger() });
    notifier.send(`http://bob:pa55word@${base.slice('http://'.length)}/auth?x=1`, message());
    await notifier.idle();
    assert.equal(received[0]?.headers.authorization, `Basic ${Buffer.from('bob:pa55word').toString('base64')}`);
    assert.equal(received[0]?.path, '/auth?x=1');
  });

  it('gives up on an endpoint that does not answer within the timeout', async () => {
    reset(() => undefined);
    const logger = new RecordingLogger();
    const notifier = new WebhookNotifier({ logger, timeoutMs: 50, attempts: 1 });
    notifier.send(`${base}/silent`, message());
    await notifier.idle();
    assert.equal(logger.problems()[0]?.fields.error, 'no answer within 50 ms');
  });

  it('refuses a webhook that is not https or local http, and says so', async () => {
    const logger = new RecordingLogger();
    const calls: string[] = [];
    const fetch = (async (url: string) => {
      calls.push(url);
      return new Response();
    }) as unknown as typeof globalThis.fetch;
    new WebhookNotifier({ logger, fetch }).send('http://hooks.example.com/x?token=abc123', message());
    assert.deepEqual(calls, []);
    assert.match(String(logger.problems()[0]?.fields.error), /plain http/);
    assert.doesNotMatch(JSON.stringify(logger.lines), /abc123/);
  });
});

describe('WebhookNotifier with a fake fetch and clock', () => {
  it('logs one failure line per webhook per minute, then reports how many it held back', async () => {
    const clock = new FakeClock(new Date('2026-12-01T10:00:00Z'));
    const logger = new RecordingLogger();
    const fetch = (async () => Promise.reject(new TypeError('fetch failed'))) as unknown as typeof globalThis.fetch;
    const notifier = new WebhookNotifier({ logger, fetch, clock, backoffMs: 0 });
    for (let i = 0; i < 5; i++) notifier.send('https://hooks.example.com/a', message());
    notifier.send('https://hooks.example.com/b', message());
    await notifier.idle();
    assert.deepEqual(
      logger.problems().map((l) => l.fields.webhook),
      ['https://hooks.example.com/a', 'https://hooks.example.com/b'],
    );
    clock.advance(61_000);
    notifier.send('https://hooks.example.com/a', message());
    await notifier.idle();
    assert.equal(logger.problems().length, 3);
    assert.equal(logger.problems()[2]?.fields.suppressed, 4);
  });

  it('keeps at most queueLimit messages per webhook, dropping the oldest', async () => {
    const logger = new RecordingLogger();
    const sent: string[] = [];
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const fetch = (async (_url: string, init: RequestInit) => {
      await gate;
      sent.push((JSON.parse(String(init.body)) as NotificationMessage).text);
      return new Response();
    }) as unknown as typeof globalThis.fetch;
    const notifier = new WebhookNotifier({ logger, fetch, clock: new FakeClock(), queueLimit: 3 });
    for (let i = 1; i <= 6; i++) notifier.send('https://hooks.example.com/q', message(`m${i}`));
    release();
    await notifier.idle();
    assert.deepEqual(sent, ['m1', 'm4', 'm5', 'm6']);
    assert.match(String(logger.problems()[0]?.fields.error), /queue full \(3 messages\)/);
  });
});
