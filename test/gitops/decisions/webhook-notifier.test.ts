import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import type { NotificationMessage } from '../../../src/gitops/decisions/notification.js';
import { shownWebhook, WebhookNotifier } from '../../../src/gitops/decisions/webhook-notifier.js';
import { RecordingLogger } from '../../../src/testing/recording-logger.js';

const message = (text: string): NotificationMessage => ({
  event: 'decision-waiting',
  cluster: 'sandbox',
  at: '2026-12-02T10:00:00Z',
  text,
});

describe('WebhookNotifier', () => {
  const received: Array<{ body: NotificationMessage; contentType?: string; userAgent?: string }> = [];
  let failFirst = 0;
  let server: http.Server;
  let url = '';
  before(async () => {
    server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        if (failFirst > 0) {
          failFirst--;
          res.writeHead(500).end();
          return;
        }
        received.push({
          body: JSON.parse(Buffer.concat(chunks).toString('utf8')) as NotificationMessage,
          contentType: req.headers['content-type'],
          userAgent: req.headers['user-agent'],
        });
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
  });
  after(() => server.close());

  it('POSTs the message as JSON, in order', async () => {
    received.length = 0;
    const notifier = new WebhookNotifier({ logger: new RecordingLogger(), userAgent: 'karpd/test' });
    notifier.send(url, message('one'));
    notifier.send(url, message('two'));
    await notifier.idle();
    assert.deepEqual(
      received.map((r) => r.body.text),
      ['one', 'two'],
    );
    assert.equal(received[0].contentType, 'application/json');
    assert.equal(received[0].userAgent, 'karpd/test');
  });

  it('retries a 500 and delivers once', async () => {
    received.length = 0;
    failFirst = 1;
    const notifier = new WebhookNotifier({ logger: new RecordingLogger(), sleep: async () => {} });
    notifier.send(url, message('retried'));
    await notifier.idle();
    assert.deepEqual(
      received.map((r) => r.body.text),
      ['retried'],
    );
    assert.equal(notifier.delivered, 1);
  });

  it('logs an unreachable webhook once a minute without its credentials or query, and never throws', async () => {
    const logger = new RecordingLogger();
    let now = 0;
    const notifier = new WebhookNotifier({ logger, sleep: async () => {}, now: () => now, timeoutMs: 2000 });
    const secret = 'http://user:hunter2@127.0.0.1:1/hook?token=s3cret';
    notifier.send(secret, message('lost'));
    notifier.send(secret, message('lost again'));
    await notifier.idle();
    const warnings = logger.lines.filter((line) => line.level === 'warn');
    assert.equal(warnings.length, 1);
    assert.equal(warnings[0].fields.webhook, 'http://127.0.0.1:1/hook');
    assert.doesNotMatch(JSON.stringify(logger.lines), /hunter2|s3cret/);
    now = 61_000;
    notifier.send(secret, message('later'));
    await notifier.idle();
    assert.equal(logger.lines.filter((line) => line.level === 'warn').length, 2);
  });

  it('drops the oldest message beyond its queue and says so', async () => {
    const logger = new RecordingLogger();
    let release: () => void = () => {};
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const seen: string[] = [];
    const fakeFetch = (async (_url: string, init: RequestInit) => {
      await gate;
      seen.push((JSON.parse(String(init.body)) as NotificationMessage).text);
      return new Response(null, { status: 200 });
    }) as typeof fetch;
    const notifier = new WebhookNotifier({ logger, fetch: fakeFetch, maxQueued: 2 });
    for (const text of ['a', 'b', 'c', 'd']) notifier.send(url, message(text));
    release();
    await notifier.idle();
    assert.deepEqual(seen, ['a', 'c', 'd']);
    assert.ok(logger.lines.some((line) => /queue full/.test(line.message)));
  });

  it('shows a webhook without userinfo, query or fragment', () => {
    assert.equal(shownWebhook('https://u:p@hooks.example.com/x/y?k=v#f'), 'https://hooks.example.com/x/y');
    assert.equal(shownWebhook('not a url'), '(an unparseable webhook URL)');
  });
});
