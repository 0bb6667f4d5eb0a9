/** `karpd dash`: its help, and the one-line refusals before the dashboard starts (no terminal, no agent, wrong token). */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startAgentServer } from '../../src/observe/agent-server.js';
import type { DashboardLaunchOptions } from '../../src/observe/dashboard-launch.js';
import { createAgentMetrics } from '../../src/observe/metrics.js';
import { VIEW_MODEL_SCHEMA } from '../../src/observe/view-model/view-model.js';
import { writeAgentFile } from '../../src/operator/agent-file.js';
import type { CommandIO } from '../../src/operator/cli/command.js';
import { main, type CommandContext } from '../../src/operator/cli/main.js';
import { dashboardRoutes } from '../../src/operator/dashboard-routes.js';

const TOKEN = 'test-token-0123456789abcdefghijklmnopqrstuvwxyz';
const terminal = { stdin: {} as NodeJS.ReadStream, stdout: { isTTY: true } as NodeJS.WriteStream };

function capture(env: Record<string, string | undefined> = {}): CommandIO & { stdout: string[]; stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return { stdout, stderr, out: (text) => stdout.push(text), err: (text) => stderr.push(text), cwd: tmpdir(), env };
}

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function agentWithView() {
  return startAgentServer({
    registry: createAgentMetrics({ processMetrics: false }).registry,
    ready: () => true,
    token: TOKEN,
    routes: dashboardRoutes({
      feed: {
        current: () => ({ schema: VIEW_MODEL_SCHEMA, version: 1, generatedAt: '', clusters: [], log: [] }),
        onDelta: () => () => undefined,
      },
      clusters: [],
    }),
  });
}

describe('karpd dash', () => {
  it('GIVEN --help WHEN run THEN it prints every option', async () => {
    const io = capture();
    assert.equal(await main(['dash', '--help'], io), 0);
    for (const flag of ['--state-dir', '--agent', '--token', '--read-only', '--color'])
      assert.match(io.stdout.join('\n'), new RegExp(flag));
    const top = capture();
    await main(['--help'], top);
    assert.match(top.stdout.join('\n'), /^ {2}dash +open the dashboard on a running agent/m);
  });

  it('GIVEN stdout is not a terminal, or CI is set WHEN run THEN one line says it needs a terminal and it exits 2', async () => {
    const piped = capture();
    assert.equal(
      await main(['dash', '--state-dir', tmpdir()], piped, { terminal: { ...terminal, stdout: { isTTY: false } as NodeJS.WriteStream } }),
      2,
    );
    assert.deepEqual(piped.stderr, ['karpd dash: needs a terminal (stdout is not a TTY); use `karpd status` or `karpd decisions` instead']);
    const ci = capture({ CI: 'true' });
    assert.equal(await main(['dash', '--state-dir', tmpdir()], ci, { terminal }), 2);
    assert.equal(ci.stderr.length, 1);
    assert.match(ci.stderr[0], /needs a terminal \(CI is set\)/);
  });

  it('GIVEN an agent.json whose agent is gone WHEN run THEN one line says it is unreachable, without the token', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'karpd-dash-'));
    writeAgentFile(dir, { url: `http://127.0.0.1:${await closedPort()}`, token: TOKEN });
    const io = capture();
    assert.equal(
      await main(['dash', '--state-dir', dir], io, { terminal, launchDashboard: async () => assert.fail('must not launch') }),
      2,
    );
    assert.equal(io.stderr.length, 1);
    assert.match(
      io.stderr[0],
      /^karpd dash: calling the agent at http:\/\/127\.0\.0\.1:\d+: .*ECONNREFUSED.* \(is the agent still running\?\)$/,
    );
    assert.doesNotMatch(io.stderr[0], new RegExp(TOKEN));
  });

  it('GIVEN a running agent and the wrong token WHEN run THEN one line says the token was refused', async () => {
    const server = await agentWithView();
    try {
      const io = capture({ KARPD_TOKEN: 'w'.repeat(40) });
      assert.equal(await main(['dash', '--agent', server.url], io, { terminal }), 2);
      assert.deepEqual(io.stderr, [`karpd dash: the agent at ${server.url} refused the token (check --token, KARPD_TOKEN or agent.json)`]);
    } finally {
      await server.close();
    }
  });

  it('GIVEN a running agent WHEN run with the token THEN the launcher gets the remote target and the flags, and quitting exits 0', async () => {
    const server = await agentWithView();
    try {
      let asked: DashboardLaunchOptions | undefined;
      let closed = 0;
      const context: CommandContext = {
        terminal,
        launchDashboard: async (options) => {
          asked = options;
          return { done: Promise.resolve('quit'), close: () => void (closed += 1) };
        },
      };
      const io = capture();
      assert.equal(
        await main(['dash', '--agent', server.url, '--token', TOKEN, '--read-only', '--color', 'never'], io, context),
        0,
        io.stderr.join('\n'),
      );
      assert.deepEqual(asked?.target, { kind: 'remote', agentUrl: server.url, token: TOKEN });
      assert.equal(asked?.readOnly, true);
      assert.equal(asked?.color, 'never');
      assert.equal(closed, 1);
    } finally {
      await server.close();
    }
  });

  it('GIVEN a bad --color WHEN run THEN it is a usage error', async () => {
    const io = capture();
    assert.equal(await main(['dash', '--color', 'pink'], io, { terminal }), 2);
    assert.match(io.stderr[0], /--color must be never, always or auto, got "pink"/);
  });
});
