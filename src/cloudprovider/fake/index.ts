/** The recording fake CloudProvider for unit tests. */
export { FakeCloudProvider, fakeNodeClaimFor } from './fake-cloud-provider.js';
export type { FakeCall, FakeMethod, FakeCloudProviderOptions } from './fake-cloud-provider.js';
