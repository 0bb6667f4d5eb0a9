/**
 * `karpd bench ui` runs end to end on a small fleet and reports the figures its JSON promises; bad flags are
 * refused with the flag named. Timing is never asserted (the benchmark prints it).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { run } from '../../../ui/bench/ui-bench.js';

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return { out: (text: string) => out.push(text), err: (text: string) => err.push(text), lines: { out, err } };
}

describe('karpd bench ui', () => {
  it('prints nodeClaims, pods and msPerFrame as JSON for the fleet asked for', async () => {
    const io = capture();
    assert.equal(await run(['--node-claims', '40', '--pods', '400', '--frames', '5', '--json'], io), 0);
    const result = JSON.parse(io.lines.out.join('\n')) as Record<string, unknown>;
    assert.equal(result.nodeClaims, 40);
    assert.equal(result.pods, 400);
    assert.equal(result.frames, 5);
    for (const field of ['msPerFrame', 'msPerFrameP95', 'viewModelMs', 'firstBuildMs'])
      assert.equal(typeof result[field], 'number', `${field} is a number`);
    assert.ok((result.bytesWritten as number) > 0, 'ink drew frames');
  });

  it('refuses a flag out of bounds, naming it', async () => {
    const io = capture();
    assert.equal(await run(['--node-claims', '0'], io), 2);
    assert.match(io.lines.err.join('\n'), /--node-claims: expected a whole number 1-20000, got "0"/);
  });
});
