/**
 * The simulated kubelet never drops an error silently: a failed instance
 * lookup still registers the node (from its NodeClaim) and is logged with its
 * reason; an instance that is simply gone is not a warning.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { NodeClaimNotFoundError } from '../../../src/cloudprovider/types.js';
import { RecordingLogger } from '../../../src/testing/recording-logger.js';
import { BOOT_MS, eventually, launchClaim, nodeByProvider, poolClaim, startHarness, type Harness } from './harness.js';

describe('sim kubelet errors', () => {
  let h: Harness;
  const logger = new RecordingLogger();
  before(async () => {
    h = await startHarness({ logger, kubelet: { readyDelayMs: 5000, startupTaintDelayMs: 3000, podStartDelayMs: 1000 } });
  });
  after(async () => {
    await h.close();
  });

  it('logs a failed instance lookup with its reason and registers the node anyway', async () => {
    const get = h.cloud.get.bind(h.cloud);
    const failures = [new Error('describe instances: throttled'), new NodeClaimNotFoundError('gone')];
    h.cloud.get = async (providerID: string) => {
      const failure = failures.shift();
      if (failure !== undefined) throw failure;
      return get(providerID);
    };
    const first = await launchClaim(h, poolClaim('airflow-worker-errs1', 'airflow-worker', 'm5.large'));
    const second = await launchClaim(h, poolClaim('airflow-worker-errs2', 'airflow-worker', 'm5.large'));
    h.clock.advance(BOOT_MS);
    await eventually(() => nodeByProvider(h.rest, first.status?.providerID ?? ''), 'the first node to register');
    await eventually(() => nodeByProvider(h.rest, second.status?.providerID ?? ''), 'the second node to register');
    const warnings = logger.problems().filter((line) => line.message.startsWith('reading the instance failed'));
    assert.equal(warnings.length, 1, 'only the throttled lookup is a warning; NotFound is expected');
    assert.equal(warnings[0].fields.reason, 'describe instances: throttled');
  });
});
