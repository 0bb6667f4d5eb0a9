/**
 * `karpd up | tee log` stopped with Ctrl-C: the terminal's SIGINT ends tee
 * first, so karpd's "stopping…" line goes to a closed pipe. That EPIPE used
 * to crash the process before the clean stop, leaving agent.json and
 * karpd.pid behind (found by hand); the stop must still be clean.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { eventually } from '../../src/testing/eventually.js';

const ROOT = resolve(import.meta.dirname, '../..');

describe('karpd up with its output piped to a reader that goes away', () => {
  it('still stops cleanly on SIGINT: exit 0, agent.json and karpd.pid removed', async () => {
    const stateDir = mkdtempSync(join(tmpdir(), 'karpd-epipe-'));
    const child = spawn(process.execPath, [join(ROOT, 'bin/karpd.js'), 'up', '--no-tui', '--workload', 'none', '--state-dir', stateDir], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<number | null>((done) => child.on('exit', (code) => done(code)));
    try {
      await eventually(
        () => (/karpd is up/.test(output) ? true : child.exitCode === null ? undefined : assert.fail(output)),
        'karpd is up',
        60_000,
      );
      assert.ok(existsSync(join(stateDir, 'agent.json')));
      // The reader goes away (tee killed by the same Ctrl-C), then the signal arrives.
      child.stdout.destroy();
      child.stderr.destroy();
      child.kill('SIGINT');
      assert.equal(await exited, 0);
      assert.equal(existsSync(join(stateDir, 'agent.json')), false, 'agent.json removed');
      assert.equal(existsSync(join(stateDir, 'karpd.pid')), false, 'karpd.pid removed');
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
      rmSync(stateDir, { recursive: true, force: true });
    }
  });
});
