/**
 * `karpd up` and `karpd control-plane` refuse to start, with exit 2 and one
 * line, on a state folder another karpd holds or a port that is taken —
 * before they apply anything or write a kubeconfig.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CommandIO } from '../../src/operator/cli/command.js';
import { run as controlPlane } from '../../src/operator/cli/control-plane-command.js';
import { run as up } from '../../src/operator/cli/up-command.js';
import { LOCK_FILE } from '../../src/operator/state-lock.js';

const root = mkdtempSync(join(tmpdir(), 'karpd-start-'));
let occupied: Server;
let port: number;

before(async () => {
  occupied = createServer();
  await new Promise<void>((done) => occupied.listen(0, '127.0.0.1', () => done()));
  port = (occupied.address() as { port: number }).port;
});
after(async () => {
  await new Promise<void>((done) => occupied.close(() => done()));
  rmSync(root, { recursive: true, force: true });
});

function capture(): CommandIO & { stdout: string[]; stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return { stdout, stderr, out: (text) => stdout.push(text), err: (text) => stderr.push(text), cwd: root };
}

const never = new Promise<string>(() => undefined);
const commands = [
  { name: 'karpd up', run: (args: string[], io: CommandIO) => up(['--no-tui', ...args], io) },
  { name: 'karpd control-plane', run: (args: string[], io: CommandIO) => controlPlane(args, io, { stop: never }) },
];

describe('a port in use', () => {
  for (const [command, flag] of [
    ['karpd up', '--port'],
    ['karpd up', '--api-port'],
    ['karpd control-plane', '--port'],
  ] as const) {
    it(`${command} ${flag} N: exit 2, one line, nothing written`, async () => {
      const dir = join(root, `${command.replace(' ', '-')}${flag}`);
      const io = capture();
      const entry = commands.find((c) => c.name === command);
      assert.ok(entry);
      assert.equal(await entry.run(['--state-dir', dir, flag, String(port)], io), 2);
      assert.deepEqual(io.stderr, [`karpd: port ${port} is in use (${flag})`]);
      assert.equal(existsSync(join(dir, 'kubeconfig')), false, 'no kubeconfig for a server that is not there');
      assert.deepEqual(existsSync(dir) ? readdirSync(dir) : [], [], 'the lock is released and nothing else is left');
    });
  }
});

describe('a state folder in use', () => {
  for (const entry of commands) {
    it(`${entry.name}: exit 2 with the holder's command and pid`, async () => {
      const name = `held-${entry.name.replace(' ', '-')}`;
      const dir = join(root, name);
      mkdirSync(dir, { recursive: true });
      writeFileSync(join(dir, LOCK_FILE), JSON.stringify({ pid: process.ppid, command: 'karpd up' }));
      const io = capture();
      assert.equal(await entry.run(['--state-dir', name], io), 2);
      assert.deepEqual(io.stderr, [`karpd: state folder ${name} is in use by karpd up (pid ${process.ppid})`]);
      assert.deepEqual(readdirSync(dir), [LOCK_FILE], 'the running one keeps its files');
    });
  }
});
