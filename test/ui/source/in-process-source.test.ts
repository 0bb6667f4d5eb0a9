/** The in-process source: the feed's view as it is, always live, its listeners dropped on close. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { VIEW_MODEL_SCHEMA, type ViewModel } from '../../../src/observe/view-model/view-model.js';
import { inProcessSource } from '../../../ui/source/in-process-source.js';

describe('in-process source', () => {
  it('GIVEN a feed WHEN it changes THEN the source shows its view, tells subscribers, and stops telling them once closed', () => {
    let current: ViewModel = { schema: VIEW_MODEL_SCHEMA, version: 1, generatedAt: '', clusters: [], log: [] };
    const listeners = new Set<() => void>();
    const feed = {
      current: () => current,
      subscribe: (listener: () => void) => {
        listeners.add(listener);
        return () => listeners.delete(listener);
      },
    };
    const source = inProcessSource({ feed, url: 'http://127.0.0.1:1', token: 't'.repeat(43) });
    let told = 0;
    source.subscribe(() => told++);
    assert.equal(source.connection().state, 'live');
    current = { ...current, version: 2 };
    for (const listener of listeners) listener();
    assert.equal(told, 1);
    assert.equal(source.current()?.version, 2);
    source.close();
    assert.equal(listeners.size, 0);
  });
});
