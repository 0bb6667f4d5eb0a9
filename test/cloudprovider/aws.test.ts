import { AwsCloudProvider } from '../../src/cloudprovider/aws/index.js';
import { FakeClock } from '../../src/testing/fake-clock.js';
import { cloudProviderContract } from './contract.js';
import { ec2NodeClass } from './builders.js';
import { mockEc2 } from './aws/mock-ec2.js';
import { resolvedNodeClass } from './aws/nodeclasses.js';

cloudProviderContract('aws (mocked EC2)', () => {
  const mock = mockEc2();
  const nodeClasses = new Map([
    ['default', resolvedNodeClass()],
    ['broken', ec2NodeClass('broken', 'False')],
  ]);
  const provider = new AwsCloudProvider(
    {
      clients: { ec2: mock.ec2, pricing: mock.pricing },
      nodeClasses: (name) => nodeClasses.get(name),
      clock: new FakeClock(new Date('2026-05-01T10:00:00Z')),
    },
    { region: 'eu-west-2', cluster: { name: 'test' } },
  );
  return { provider, notReadyNodeClass: 'broken', settle: async () => mock.settle() };
});
