/** Secrets as kube-apiserver stores them: stringData folded into data (base64), type Opaque by default. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { core } from './fixtures.js';

const b64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');

describe('secrets', () => {
  it('GIVEN a Secret with stringData and no type WHEN created THEN data holds it in base64, stringData is gone and the type is Opaque', () => {
    const { api, t } = core();
    const secret = api.create(t('', 'secrets'), 'default', {
      metadata: { name: 'karpd-agent-token' },
      data: { kept: b64('as sent'), token: b64('overwritten') },
      stringData: { token: 'a-token-of-the-agent' },
    });
    assert.deepEqual(secret.data, { kept: b64('as sent'), token: b64('a-token-of-the-agent') });
    assert.equal(secret.stringData, undefined);
    assert.equal(secret.type, 'Opaque');
  });

  it('GIVEN a stored Secret WHEN updated with stringData THEN it is folded into data too, and a given type is kept', () => {
    const { api, t } = core();
    const secrets = t('', 'secrets');
    const created = api.create(secrets, 'default', { metadata: { name: 'karpd-git' }, type: 'kubernetes.io/ssh-auth', data: {} });
    assert.equal(created.type, 'kubernetes.io/ssh-auth');
    const updated = api.update(secrets, 'default', 'karpd-git', {
      ...created,
      stringData: { known_hosts: 'github.com ssh-ed25519 AAAA' },
    }).obj;
    assert.deepEqual(updated.data, { known_hosts: b64('github.com ssh-ed25519 AAAA') });
    assert.equal(updated.stringData, undefined);
    assert.equal(updated.type, 'kubernetes.io/ssh-auth');
  });
});
