/** `karpd why NODE` against a real agent server serving the why route over a hand-made view. */
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { startAgentServer } from '../../src/observe/agent-server.js';
import { createAgentMetrics } from '../../src/observe/metrics.js';
import { generateToken, writeAgentFile } from '../../src/operator/agent-file.js';
import type { CommandIO } from '../../src/operator/cli/command.js';
import { main } from '../../src/operator/cli/main.js';
import { whyRoutes } from '../../src/operator/why-routes.js';
import { whyClusters, whyView } from '../../src/testing/why-fixtures.js';

interface Captured extends CommandIO {
  readonly stdout: string[];
  readonly stderr: string[];
}

function capture(cwd: string): Captured {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return { stdout, stderr, out: (t) => stdout.push(t), err: (t) => stderr.push(t), cwd, env: { LANG: 'en_GB.UTF-8' } };
}

async function withAgent(body: (dir: string) => Promise<void>): Promise<void> {
  const view = whyView();
  const token = generateToken();
  const server = await startAgentServer({
    registry: createAgentMetrics({ processMetrics: false }).registry,
    ready: () => true,
    token,
    routes: whyRoutes({ feed: { current: () => view }, clusters: whyClusters() }),
  });
  const dir = mkdtempSync(join(tmpdir(), 'karpd-why-cli-'));
  writeAgentFile(dir, { url: server.url, token });
  try {
    await body(dir);
  } finally {
    await server.close();
  }
}

describe('karpd why', () => {
  it('GIVEN a node kept by a verdict WHEN asked THEN it prints pool, type, state and why it is not disrupted (message, kind, method)', () =>
    withAgent(async (dir) => {
      const io = capture(dir);
      assert.equal(await main(['why', 'default-kept', '--state-dir', dir], io), 0, io.stderr.join('\n'));
      const text = io.stdout.join('\n');
      assert.match(text, /^NodeClaim +default-kept$/m);
      assert.match(text, /^Cluster +sandbox$/m);
      assert.match(text, /^Pool +default$/m);
      assert.match(text, /^Type +m5\.large on-demand us-east-1a$/m);
      assert.match(text, /^State +Initialized$/m);
      assert.match(text, /^Not disrupted: pod airflow\/scheduler-0 has do-not-disrupt$/m);
      assert.match(text, /^ {2}kind +pod-blocked$/m);
      assert.match(text, /^ {2}method +emptiness$/m);
    }));

  it('GIVEN a node being disrupted WHEN asked by its Node name THEN it prints the phase, command and the Decision', () =>
    withAgent(async (dir) => {
      const io = capture(dir);
      assert.equal(await main(['why', 'ip-10-0-0-7', '--state-dir', dir], io), 0, io.stderr.join('\n'));
      const text = io.stdout.join('\n');
      assert.match(text, /^NodeClaim +default-moving \(node ip-10-0-0-7\)$/m);
      assert.match(text, /^State +Disrupting$/m);
      assert.match(text, /^Disrupting: waiting for approval$/m);
      assert.match(text, /^ {2}command +replace m5\.2xlarge with m5\.large, saves \$0\.29\/h$/m);
      assert.match(text, /^ {2}method +single-node-consolidation \(Underutilized\)$/m);
      assert.match(text, /^ {2}decision +consolidation-7f3a2 \(consolidation, pending\): replace m5\.2xlarge/m);
    }));

  it('GIVEN --json WHEN asked THEN the answer is printed as JSON', () =>
    withAgent(async (dir) => {
      const io = capture(dir);
      assert.equal(await main(['why', 'shared-1', '--cluster', 'prod', '--json', '--state-dir', dir], io), 0, io.stderr.join('\n'));
      const answer = JSON.parse(io.stdout.join('\n'));
      assert.equal(answer.cluster, 'prod');
      assert.equal(answer.nodeClaim, 'shared-1');
    }));

  it('GIVEN an unknown node WHEN asked THEN a clear error names it and it exits 1', () =>
    withAgent(async (dir) => {
      const io = capture(dir);
      assert.equal(await main(['why', 'nope-1', '--state-dir', dir], io), 1);
      assert.deepEqual(io.stdout, []);
      assert.match(io.stderr.join('\n'), /^karpd why: no node or NodeClaim "nope-1" in any cluster/);
    }));

  it('GIVEN a bad name WHEN asked THEN the agent refuses it naming the node field (exit 2); no NODE is a usage error', () =>
    withAgent(async (dir) => {
      const bad = capture(dir);
      assert.equal(await main(['why', 'Bad_Name', '--state-dir', dir], bad), 2);
      assert.match(bad.stderr.join('\n'), /invalid path: node: expected a node or NodeClaim name/);
      const none = capture(dir);
      assert.equal(await main(['why', '--state-dir', dir], none), 2);
      assert.match(none.stderr.join('\n'), /NODE is required/);
    }));
});
