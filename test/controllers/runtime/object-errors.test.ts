import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Logger } from '../../../src/apis/logger.js';
import { ObjectErrors } from '../../../src/controllers/runtime/object-errors.js';
import { FakeClock } from '../../../src/testing/fake-clock.js';

/** A logger that keeps what was warned. */
function recordingLogger(): Logger & { warnings: Array<{ fields: Record<string, unknown>; message: string }> } {
  const warnings: Array<{ fields: Record<string, unknown>; message: string }> = [];
  const none = () => undefined;
  return {
    warnings,
    debug: none,
    info: none,
    error: none,
    warn: (fields, message) => warnings.push({ fields: fields as Record<string, unknown>, message }),
  };
}

describe('ObjectErrors', () => {
  it('logs the same object and reason once per window, then with the count of suppressed repeats', () => {
    const clock = new FakeClock();
    const logger = recordingLogger();
    const errors = new ObjectErrors('nodepool.status', logger, () => clock.now().getTime());
    const ref = { kind: 'NodePool', name: 'broken' };
    for (let second = 0; second < 299; second += 1) {
      errors.report(ref, new Error('boom'));
      clock.advance(1000);
    }
    assert.equal(logger.warnings.length, 1);
    assert.deepEqual(logger.warnings[0].fields, { controller: 'nodepool.status', kind: 'NodePool', name: 'broken', reason: 'boom' });
    clock.advance(1000);
    errors.report(ref, new Error('boom'));
    assert.equal(logger.warnings.length, 2);
    assert.equal(logger.warnings[1].fields.suppressedRepeats, 298);
  });

  it('logs a new reason or another object at once', () => {
    const clock = new FakeClock();
    const logger = recordingLogger();
    const errors = new ObjectErrors('c', logger, () => clock.now().getTime());
    errors.report({ kind: 'Node', name: 'a' }, new Error('one'));
    errors.report({ kind: 'Node', name: 'a' }, new Error('two'));
    errors.report({ kind: 'Node', name: 'b' }, new Error('one'));
    assert.deepEqual(
      logger.warnings.map((w) => `${w.fields.name}:${w.fields.reason}`),
      ['a:one', 'a:two', 'b:one'],
    );
  });

  it('runs the step for every item even when one throws', async () => {
    const clock = new FakeClock();
    const logger = recordingLogger();
    const errors = new ObjectErrors('c', logger, () => clock.now().getTime());
    const done: string[] = [];
    await errors.each(
      ['a', 'poison', 'c'],
      (name) => ({ kind: 'NodeClaim', name }),
      async (name) => {
        if (name === 'poison') throw new TypeError("Cannot read properties of undefined (reading 'name')");
        done.push(name);
      },
    );
    assert.deepEqual(done, ['a', 'c']);
    assert.equal(logger.warnings.length, 1);
    assert.equal(logger.warnings[0].fields.name, 'poison');
  });
});
