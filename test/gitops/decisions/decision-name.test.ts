/** decisionName: deterministic, a DNS-1123 label of at most 63 characters, distinct for distinct keys and long clusters. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { decisionName } from '../../../src/gitops/decisions/decision-name.js';

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const sha = (text: string) => createHash('sha256').update(text).digest('hex').slice(0, 10);

describe('decisionName', () => {
  it('is <cluster>-<kind>-<10 hex of sha256(cluster, kind, key)>, the same for the same change', () => {
    const name = decisionName('sandbox', 'git-change', 'rev 3f2a91c');
    assert.equal(name, `sandbox-git-change-${sha('sandbox\ngit-change\nrev 3f2a91c')}`);
    assert.equal(decisionName('sandbox', 'git-change', 'rev 3f2a91c'), name);
    assert.notEqual(decisionName('sandbox', 'git-change', 'rev 3f2a91d'), name);
    assert.notEqual(decisionName('sandbox', 'config-drift', 'rev 3f2a91c'), name);
  });

  it('cuts a long cluster name to fit 63 characters and keeps long names sharing a prefix apart', () => {
    const long = `data-platform-${'x'.repeat(60)}`;
    const a = decisionName(`${long}-a`, 'config-drift', 'k');
    const b = decisionName(`${long}-b`, 'config-drift', 'k');
    for (const name of [a, b]) {
      assert.ok(name.length <= 63, name);
      assert.match(name, DNS_LABEL);
    }
    assert.notEqual(a, b);
  });

  it('turns a cluster name that is not a DNS label into one', () => {
    const name = decisionName('Prod_EU.West', 'prune', 'k');
    assert.match(name, /^prod-eu-west-prune-[0-9a-f]{10}$/);
    assert.notEqual(name, decisionName('prod-eu-west', 'prune', 'k'));
    assert.match(decisionName('---', 'prune', 'k'), /^cluster-prune-[0-9a-f]{10}$/);
  });
});
