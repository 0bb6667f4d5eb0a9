/**
 * Cluster validation of the GitOps sync settings: spec.sync.suspend,
 * spec.sync.windows (kind, cron schedule, duration, time zone) and
 * spec.notify (webhook URL, remindAfter). Problems name the field and never
 * repeat a webhook's credentials or query.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { RawProblem } from '../../src/apis/problem.js';
import { validateCluster } from '../../src/apis/validation/validate-cluster.js';
import { checkWebhookUrl, redactWebhookUrl } from '../../src/apis/validation/webhook-url.js';

function cluster(spec: Record<string, unknown>): Record<string, unknown> {
  return {
    apiVersion: 'karpd.dev/v1alpha1',
    kind: 'Cluster',
    metadata: { name: 'sandbox' },
    spec: { cloud: 'sim', region: 'eu-west-2', ...spec },
  };
}

const codes = (problems: RawProblem[]) => problems.map((p) => `${p.severity}:${p.code}@${p.at.join('.')}`);
const windows = (...list: Record<string, unknown>[]) => cluster({ sync: { windows: list } });
const freeze = { kind: 'deny', schedule: '0 18 * * 5', duration: '64h', name: 'freeze' };

describe('validateCluster: spec.sync.suspend and windows', () => {
  it('accepts suspend, allow and deny windows with time zones', () => {
    const ok = cluster({
      sync: {
        policy: 'auto',
        suspend: true,
        windows: [
          freeze,
          { kind: 'allow', schedule: '0 9 * * 1-5', duration: '8h', timeZone: 'Europe/Berlin' },
          { kind: 'allow', schedule: '@daily', duration: '1h', timeZone: 'UTC' },
        ],
      },
    });
    assert.deepEqual(validateCluster(ok), []);
  });

  it('refuses a suspend that is not a boolean', () => {
    const problems = validateCluster(cluster({ sync: { suspend: 'yes' } }));
    assert.deepEqual(codes(problems), ['error:invalid-type@spec.sync.suspend']);
  });

  it('names the window field of a wrong kind, a bad schedule, duration or time zone', () => {
    assert.deepEqual(codes(validateCluster(windows({ ...freeze, kind: 'block' }))), ['error:unsupported-value@spec.sync.windows.0.kind']);
    const schedule = validateCluster(windows(freeze, { ...freeze, name: 'x', schedule: '0 25 * * *' }));
    assert.deepEqual(codes(schedule), ['error:invalid-cron@spec.sync.windows.1.schedule']);
    assert.match(schedule[0]?.message ?? '', /hour must be between 0 and 23/);
    assert.match(schedule[0]?.hint ?? '', /five cron fields/);
    assert.deepEqual(codes(validateCluster(windows({ ...freeze, schedule: '0 18 * *' }))), [
      'error:invalid-cron@spec.sync.windows.0.schedule',
    ]);
    for (const duration of ['0s', '-1h', 'Never', 'two hours'])
      assert.deepEqual(
        codes(validateCluster(windows({ ...freeze, duration }))),
        ['error:invalid-duration@spec.sync.windows.0.duration'],
        duration,
      );
    const zone = validateCluster(windows({ ...freeze, timeZone: 'Europe/Berlim' }));
    assert.deepEqual(codes(zone), ['error:unknown-time-zone@spec.sync.windows.0.timeZone']);
    assert.equal(zone[0]?.hint, 'did you mean "Europe/Berlin"?');
  });

  it('points a TZ= prefix to timeZone and requires kind, schedule and duration', () => {
    const tz = validateCluster(windows({ ...freeze, schedule: 'TZ=Europe/Berlin 0 18 * * 5' }));
    assert.match(tz[0]?.hint ?? '', /set timeZone/);
    assert.deepEqual(codes(validateCluster(windows({ name: 'empty' }))).sort(), [
      'error:required@spec.sync.windows.0.duration',
      'error:required@spec.sync.windows.0.kind',
      'error:required@spec.sync.windows.0.schedule',
    ]);
  });

  it('warns about two windows with the same name', () => {
    assert.deepEqual(codes(validateCluster(windows(freeze, freeze))), ['warning:duplicate-window-name@spec.sync.windows.1.name']);
  });
});

describe('validateCluster: spec.notify', () => {
  const notify = (settings: Record<string, unknown>) => validateCluster(cluster({ notify: settings }));

  it('accepts https anywhere, http only to this machine, and remindAfter of a minute or more', () => {
    for (const webhook of [
      'https://hooks.example.com/services/T1/B2',
      'http://127.0.0.1:9000/hook',
      'http://localhost/x',
      'http://[::1]:8080/',
    ])
      assert.deepEqual(notify({ webhook, remindAfter: '4h' }), [], webhook);
    assert.deepEqual(notify({ remindAfter: '1m' }), []);
  });

  it('refuses plain http to another host, other schemes, non-URLs and over-long URLs', () => {
    const http = notify({ webhook: 'http://hooks.example.com/x' });
    assert.deepEqual(codes(http), ['error:invalid-webhook@spec.notify.webhook']);
    assert.match(http[0]?.hint ?? '', /use https:\/\//);
    assert.deepEqual(codes(notify({ webhook: 'ftp://example.com/x' })), ['error:invalid-webhook@spec.notify.webhook']);
    assert.deepEqual(codes(notify({ webhook: 'hooks.example.com' })), ['error:invalid-webhook@spec.notify.webhook']);
    const long = notify({ webhook: `https://example.com/${'a'.repeat(2048)}` });
    assert.match(long[0]?.message ?? '', /at most 2048/);
  });

  it('never repeats the credentials or query of a webhook in a problem', () => {
    const secret = 'http://alice:s3cret@hooks.example.com/hook?token=t0k3n';
    const [refused] = notify({ webhook: secret });
    const [warned] = notify({ webhook: 'https://alice:s3cret@hooks.example.com/hook?token=t0k3n' });
    assert.equal(warned?.code, 'webhook-credentials');
    for (const problem of [refused, warned]) {
      const text = `${problem?.message} ${problem?.hint}`;
      assert.doesNotMatch(text, /alice|s3cret|t0k3n/);
      assert.match(text, /hooks\.example\.com\/hook/);
    }
  });

  it('refuses a remindAfter that is not a positive duration or is shorter than a minute', () => {
    assert.deepEqual(codes(notify({ remindAfter: 'daily' })), ['error:invalid-duration@spec.notify.remindAfter']);
    assert.deepEqual(codes(notify({ remindAfter: '0s' })), ['error:invalid-duration@spec.notify.remindAfter']);
    assert.deepEqual(codes(notify({ remindAfter: '30s' })), ['error:short-remind-after@spec.notify.remindAfter']);
  });
});

describe('webhook URLs', () => {
  it('redact to scheme, host and path', () => {
    assert.equal(redactWebhookUrl('https://u:p@example.com:8443/a/b?c=d#e'), 'https://example.com:8443/a/b');
    assert.equal(redactWebhookUrl('not a url'), '<invalid URL>');
    assert.equal(checkWebhookUrl('https://u:p@example.com/').ok, true);
  });
});
