import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ec2InstanceTypes, loadEc2Catalog } from '../../src/cloudprovider/catalog/index.js';
import { FakeCloudProvider } from '../../src/cloudprovider/fake/index.js';
import { CreateError, isCreateError } from '../../src/cloudprovider/types.js';
import { cloudProviderContract } from './contract.js';
import { nodeClaim } from './builders.js';

const catalog = loadEc2Catalog();
const infos = ['m5.large', 'c5.large', 'm6g.large', 'm5.xlarge'].map((name) => catalog.byName.get(name)!);
const instanceTypes = ec2InstanceTypes({ region: 'us-west-2', zones: ['us-west-2a', 'us-west-2b'], catalog, infos });

cloudProviderContract('fake', () => ({ provider: new FakeCloudProvider({ instanceTypes }), settle: async () => undefined }));

describe('FakeCloudProvider', () => {
  it('records calls, throws queued errors once and forgets everything on reset', async () => {
    const fake = new FakeCloudProvider({ instanceTypes });
    fake.failNext('create', new CreateError('LaunchFailed', 'boom'));
    await assert.rejects(fake.create(nodeClaim('a')), isCreateError);
    const launched = await fake.create(nodeClaim('a'));
    assert.equal(fake.callsOf('create').length, 2);
    assert.equal(fake.created.size, 1);
    fake.drifted.set(launched.status!.providerID!, 'AMIDrift');
    assert.equal(await fake.isDrifted(launched), 'AMIDrift');
    fake.reset();
    assert.equal(fake.calls.length, 0);
    assert.equal(fake.created.size, 0);
  });
});
