import { SimCloudProvider } from '../../src/cloudprovider/sim/index.js';
import { FakeClock } from '../../src/testing/fake-clock.js';
import { cloudProviderContract } from './contract.js';
import { ec2NodeClass } from './builders.js';

cloudProviderContract('sim', () => {
  const clock = new FakeClock();
  const nodeClasses = new Map([
    ['default', ec2NodeClass('default')],
    ['broken', ec2NodeClass('broken', 'False')],
  ]);
  const provider = new SimCloudProvider({ clock }, { seed: 7, missingFraction: 0, nodeClasses: (name) => nodeClasses.get(name) });
  return { provider, notReadyNodeClass: 'broken', settle: async () => clock.advance(60_000) };
});
