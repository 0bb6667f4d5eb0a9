/** Smoke test of `karpd bench control-plane` on a tiny store (figures are printed, never asserted). */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { run } from '../../../src/operator/cli/bench-control-plane.js';

describe('bench control-plane', () => {
  it('runs on a small store and prints every figure as JSON', async () => {
    const out: string[] = [];
    const io = { out: (t: string) => out.push(t), err: (t: string) => out.push(t), cwd: process.cwd() };
    assert.equal(await run(['--nodes', '10', '--pods', '100', '--watchers', '3', '--writes', '20', '--json'], io), 0);
    const result = JSON.parse(out[0]) as Record<string, number>;
    assert.equal(result.pods, 100);
    assert.equal(result.writes, 20);
    for (const key of ['listAllPodsMs', 'listAllPodsTableMs', 'writeMeanMs', 'allWatchersCaughtUpMs', 'heapMiB'])
      assert.equal(typeof result[key], 'number');
  });

  it('with --save, saves the store as karpd up does while writing and reports what a snapshot costs', async () => {
    const out: string[] = [];
    const io = { out: (t: string) => out.push(t), err: (t: string) => out.push(t), cwd: process.cwd() };
    assert.equal(await run(['--nodes', '10', '--pods', '100', '--watchers', '1', '--writes', '20', '--save', '--json'], io), 0);
    const result = JSON.parse(out[0]) as Record<string, number>;
    assert.equal(typeof result.snapshotMs, 'number');
    assert.ok(result.snapshotMiB > 0);
    assert.ok(result.snapshots >= 1, 'the last snapshot is written when saving stops');
  });

  it('rejects a bad flag value with the usage', async () => {
    const err: string[] = [];
    const io = { out: () => {}, err: (t: string) => err.push(t), cwd: process.cwd() };
    assert.equal(await run(['--pods', 'many'], io), 2);
    assert.match(err[0], /--pods: expected a non-negative integer, got "many"/);
  });
});
