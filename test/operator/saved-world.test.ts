/** The saved world: written only when something changed, atomically, and refused with a clear line when unreadable. */
import { afterEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SavedWorldError, loadSavedWorld, removeSavedWorld, WORLD_FILE, WorldSaver } from '../../src/operator/saved-world.js';
import { silentLogger } from '../../src/apis/logger.js';
import { FakeClock } from '../../src/testing/fake-clock.js';

const dirs: string[] = [];
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'karpd-world-'));
  dirs.push(dir);
  return dir;
};
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const cloud = { sequence: 3, eventSequence: 1, amiVersion: 1, instances: [] };

describe('WorldSaver', () => {
  it('writes one snapshot per interval while dirty, none while idle, and a last one on stop', async () => {
    const dir = tempDir();
    const clock = new FakeClock();
    let rv = 7;
    let collected = 0;
    const saver = new WorldSaver({
      stateDir: dir,
      clock,
      logger: silentLogger,
      collect: () => (
        collected++,
        {
          store: {
            rv,
            buckets: [
              ['/pods', Array.from({ length: 1201 }, (_, i) => `{"metadata":{"name":"p${i}"}}`)],
              ['/nodes', ['{"metadata":{"name":"n"}}']],
            ],
          },
          cloud,
          demoHour: 9.5,
        }
      ),
    });
    saver.start();
    clock.advance(1000);
    await saver.flush();
    assert.equal(saver.writes, 1);
    assert.equal(loadSavedWorld(dir)?.store.rv, 7);
    assert.equal(loadSavedWorld(dir)?.demoHour, 9.5);
    clock.advance(1000);
    await saver.flush();
    assert.equal(collected, 1, 'nothing changed: no snapshot taken');
    rv = 8;
    saver.markDirty();
    saver.markDirty();
    clock.advance(1000);
    await saver.flush();
    assert.equal(saver.writes, 2);
    rv = 9;
    saver.markDirty();
    await saver.stop();
    assert.equal(loadSavedWorld(dir)?.store.rv, 9);
    assert.equal(existsSync(join(dir, `${WORLD_FILE}.tmp`)), false);
    assert.deepEqual(loadSavedWorld(dir)?.cloud, cloud);
    const buckets = loadSavedWorld(dir)?.store.buckets ?? {};
    assert.deepEqual(
      buckets['/pods']?.map((pod) => pod.metadata.name),
      Array.from({ length: 1201 }, (_, i) => `p${i}`),
      'written in chunks, read back whole',
    );
    assert.deepEqual(buckets['/nodes'], [{ metadata: { name: 'n' } }]);
  });
});

describe('loadSavedWorld', () => {
  it('is undefined without a file, and names the file and --fresh when it is unreadable', async () => {
    const dir = tempDir();
    assert.equal(loadSavedWorld(dir), undefined);
    writeFileSync(join(dir, WORLD_FILE), '{"version":1,"store":');
    assert.throws(
      () => loadSavedWorld(dir),
      (e) => e instanceof SavedWorldError && e.message.includes(join(dir, WORLD_FILE)) && /--fresh/.test(e.message),
    );
    writeFileSync(join(dir, WORLD_FILE), '{"version":99}');
    assert.throws(() => loadSavedWorld(dir), /format version 99/);
    await removeSavedWorld(dir);
    assert.equal(existsSync(join(dir, WORLD_FILE)), false);
  });
});
