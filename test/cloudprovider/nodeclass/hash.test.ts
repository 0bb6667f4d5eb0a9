import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ec2NodeClassHash } from '../../../src/cloudprovider/nodeclass/hash.js';
import { nodeClassReadiness } from '../../../src/cloudprovider/nodeclass/readiness.js';
import { ec2NodeClass } from '../builders.js';

describe('ec2NodeClassHash', () => {
  it('ignores selector terms and list order but not static fields', () => {
    const a = ec2NodeClass();
    const b = ec2NodeClass();
    b.spec.subnetSelectorTerms = [{ id: 'subnet-0abc' }];
    b.spec.amiSelectorTerms = [{ alias: 'al2023@v20250101' }];
    assert.equal(ec2NodeClassHash(a), ec2NodeClassHash(b));
    a.spec.tags = { team: 'data', env: 'prod' };
    b.spec.tags = { env: 'prod', team: 'data' };
    assert.equal(ec2NodeClassHash(a), ec2NodeClassHash(b));
    b.spec.userData = 'echo hi';
    assert.notEqual(ec2NodeClassHash(a), ec2NodeClassHash(b));
    assert.match(ec2NodeClassHash(a), /^\d+$/);
  });
});

describe('nodeClassReadiness', () => {
  it('needs Ready=True for the current generation', () => {
    assert.deepEqual(nodeClassReadiness(ec2NodeClass()), { ok: true });
    assert.equal(nodeClassReadiness(ec2NodeClass('x', 'none')).ok, false);
    const stale = ec2NodeClass();
    stale.metadata.generation = 2;
    assert.match(
      nodeClassReadiness(stale).ok ? '' : (nodeClassReadiness(stale) as { reason: string }).reason,
      /observed generation 1, expected 2/,
    );
  });
});
