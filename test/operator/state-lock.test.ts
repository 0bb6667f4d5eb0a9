/** The state-folder lock: a live holder is refused by name and pid, a dead one's lock is taken over with a log line. */
import { afterEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { acquireStateLock, isProcessAlive, LOCK_FILE, StateDirInUseError } from '../../src/operator/state-lock.js';

const dirs: string[] = [];
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'karpd-lock-'));
  dirs.push(dir);
  return dir;
};
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** The pid of a process that has exited. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  const pid = Number(child.stdout);
  assert.equal(isProcessAlive(pid), false);
  return pid;
}

describe('acquireStateLock', () => {
  it('writes DIR/karpd.pid and removes it on release', () => {
    const dir = tempDir();
    const lock = acquireStateLock(dir, 'karpd up');
    assert.deepEqual(JSON.parse(readFileSync(join(dir, LOCK_FILE), 'utf8')), { pid: process.pid, command: 'karpd up' });
    lock.release();
    lock.release();
    assert.equal(existsSync(join(dir, LOCK_FILE)), false);
  });

  it('refuses a folder a live process holds, naming the folder, the command and the pid', () => {
    const dir = tempDir();
    writeFileSync(join(dir, LOCK_FILE), JSON.stringify({ pid: process.ppid, command: 'karpd up' }));
    assert.throws(
      () => acquireStateLock(dir, 'karpd up', { displayDir: '.karpd' }),
      (error) => error instanceof StateDirInUseError && error.message === `state folder .karpd is in use by karpd up (pid ${process.ppid})`,
    );
    assert.equal(JSON.parse(readFileSync(join(dir, LOCK_FILE), 'utf8')).pid, process.ppid, 'the holder keeps its lock');
  });

  it('takes over the lock of a process that is gone, with a log line', () => {
    const dir = tempDir();
    const stale = deadPid();
    writeFileSync(join(dir, LOCK_FILE), JSON.stringify({ pid: stale, command: 'karpd up' }));
    const warnings: object[] = [];
    const logger = {
      debug: () => undefined,
      info: () => undefined,
      error: () => undefined,
      warn: (fields: object) => warnings.push(fields),
    };
    const lock = acquireStateLock(dir, 'karpd control-plane', { logger });
    assert.equal(JSON.parse(readFileSync(join(dir, LOCK_FILE), 'utf8')).pid, process.pid);
    assert.deepEqual(warnings, [{ lock: join(dir, LOCK_FILE), stalePid: stale, staleCommand: 'karpd up' }]);
    lock.release();
  });
});
