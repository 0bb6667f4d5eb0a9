/**
 * `karpd up` with a terminal whose dashboard fails to start: the clusters are already up, so karpd says why on
 * one line, carries on without the dashboard (console lines), and still stops cleanly — the state folder is
 * released and agent.json removed.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { CommandIO } from '../../src/operator/cli/command.js';
import { run as up } from '../../src/operator/cli/up-command.js';
import { LOCK_FILE } from '../../src/operator/state-lock.js';
import { eventually } from '../../src/testing/eventually.js';

describe('karpd up when the dashboard fails to start', () => {
  it('goes on without it and stops cleanly', { timeout: 120_000 }, async () => {
    const stateDir = mkdtempSync(join(tmpdir(), 'karpd-dash-fail-'));
    const out: string[] = [];
    const io: CommandIO = { out: (text) => out.push(text), err: (text) => out.push(text), cwd: stateDir, env: { LANG: 'C.UTF-8' } };
    let stop: (reason: string) => void = () => {};
    const stopped = new Promise<string>((resolve) => {
      stop = resolve;
    });
    const terminal = { stdin: process.stdin, stdout: Object.assign(Object.create(process.stdout), { isTTY: true }) as NodeJS.WriteStream };
    let launches = 0;
    try {
      const exit = up(['--state-dir', stateDir, '--workload', 'none'], io, {
        launchDashboard: async () => {
          launches++;
          throw new Error('ink failed to load: boom');
        },
        terminal,
        stop: stopped,
      });
      await eventually(
        () => out.some((line) => /no dashboard: the dashboard failed: ink failed to load: boom/.test(line)),
        'the fallback line',
        90_000,
        100,
      );
      assert.equal(launches, 1);
      assert.ok(existsSync(join(stateDir, 'agent.json')), 'the agent runs');
      stop('test');
      assert.equal(await exit, 0);
      assert.equal(existsSync(join(stateDir, LOCK_FILE)), false, 'the state folder is released');
      assert.equal(existsSync(join(stateDir, 'agent.json')), false, 'agent.json is removed');
    } finally {
      stop('test');
      rmSync(stateDir, { recursive: true, force: true });
    }
  });
});
