import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SimCloudProvider } from '../../src/cloudprovider/sim/sim-cloud-provider.js';
import { startAgentServer } from '../../src/observe/agent-server.js';
import { createAgentMetrics } from '../../src/observe/metrics.js';
import { generateToken, writeAgentFile } from '../../src/operator/agent-file.js';
import { main } from '../../src/operator/cli/main.js';
import { simulationRoutes } from '../../src/operator/simulation-routes.js';
import { FakeClock } from '../../src/testing/fake-clock.js';

describe('karpd sim', () => {
  it('calls the agent with the token from agent.json, and reports a refused body by field', async () => {
    const cloud = new SimCloudProvider({ clock: new FakeClock() }, { region: 'eu-west-2', missingFraction: 0 });
    const token = generateToken();
    const server = await startAgentServer({
      registry: createAgentMetrics({ processMetrics: false }).registry,
      ready: () => true,
      token,
      routes: simulationRoutes(cloud),
    });
    const dir = mkdtempSync(join(tmpdir(), 'karpd-sim-cli-'));
    writeAgentFile(dir, { url: server.url, token });
    const out: string[] = [];
    const err: string[] = [];
    const io = { out: (t: string) => out.push(t), err: (t: string) => err.push(t), cwd: dir };
    try {
      assert.equal(await main(['sim', 'launch-failures', '--count', '1e9', '--state-dir', dir], io), 1);
      assert.match(err.join('\n'), /agent answered 400: invalid request body\n {2}count: /);
      assert.equal(cloud.faults.takeLaunchFailure(), undefined);
      assert.equal(await main(['sim', 'launch-failures', '--count', '2', '--state-dir', dir], io), 0);
      assert.deepEqual(JSON.parse(out.at(-1) ?? ''), { ok: true });
      assert.notEqual(cloud.faults.takeLaunchFailure(), undefined);
      assert.equal(await main(['sim', 'instances', '--state-dir', dir], io), 0);
      assert.deepEqual(JSON.parse(out.at(-1) ?? ''), { instances: [] });
      assert.equal(await main(['sim', 'spot-interruption', '--state-dir', dir], io), 2, 'INSTANCE is required');
      writeAgentFile(dir, { url: server.url, token: generateToken() });
      assert.equal(await main(['sim', 'instances', '--state-dir', dir], io), 1);
      assert.match(err.at(-1) ?? '', /agent answered 401/);
    } finally {
      await server.close();
    }
  });

  it('names agent.json when no agent runs there', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'karpd-sim-cli-'));
    const err: string[] = [];
    assert.equal(await main(['sim', 'instances', '--state-dir', dir], { out: () => undefined, err: (t) => err.push(t), cwd: dir }), 1);
    assert.match(err.join('\n'), /agent\.json: not found/);
  });
});
