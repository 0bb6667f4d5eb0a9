/**
 * `karpd` run from a folder outside the project: tsx used to look up tsconfig.json from the working directory,
 * so the dashboard's JSX compiled for the classic runtime and every ink view failed with "React is not defined".
 * `karpd bench ui` renders the dashboard's frame with ink, so it fails the same way the dashboard would.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const BIN = resolve(import.meta.dirname, '../../bin/karpd.js');

describe('karpd from another working directory', () => {
  it('compiles the dashboard with the project tsconfig (bench ui draws frames)', () => {
    const cwd = mkdtempSync(join(tmpdir(), 'karpd-elsewhere-'));
    try {
      const result = spawnSync(process.execPath, [BIN, 'bench', 'ui', '--node-claims', '20', '--pods', '50', '--frames', '5', '--json'], {
        cwd,
        encoding: 'utf8',
        timeout: 60_000,
        env: { ...process.env, NO_COLOR: '1' },
      });
      assert.equal(result.status, 0, `exit ${result.status}\nstderr:\n${result.stderr}`);
      const report = JSON.parse(result.stdout.trim()) as { nodeClaims: number; msPerFrame: number };
      assert.equal(report.nodeClaims, 20);
      assert.ok(report.msPerFrame > 0);
    } finally {
      rmSync(cwd, { recursive: true, force: true });
    }
  });
});
