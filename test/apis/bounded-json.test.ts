import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { jsonTextDepth, parseBoundedJson, valueDepth } from '../../src/apis/bounded-json.js';

describe('parseBoundedJson', () => {
  it('parses JSON within the depth bound', () => {
    assert.deepEqual(parseBoundedJson('{"a":[1,{"b":2}]}', { maxDepth: 3 }), { ok: true, value: { a: [1, { b: 2 }] } });
    assert.deepEqual(parseBoundedJson('7'), { ok: true, value: 7 });
  });

  it('refuses nesting deeper than the bound, without parsing it', () => {
    const deep = `${'['.repeat(5000)}${']'.repeat(5000)}`;
    const result = parseBoundedJson(deep, { maxDepth: 64 });
    assert.equal(result.ok, false);
    assert.equal(!result.ok && result.code, 'too-deep');
    assert.equal(parseBoundedJson('[[1]]', { maxDepth: 1 }).ok, false);
    assert.equal(parseBoundedJson('[[1]]', { maxDepth: 2 }).ok, true);
  });

  it('does not count brackets inside strings, escaped quotes included', () => {
    assert.equal(jsonTextDepth('{"a":"[[[{{{\\"[[["}'), 1);
    assert.equal(parseBoundedJson('{"a":"[[[[[[\\\\"}', { maxDepth: 1 }).ok, true);
  });

  it('measures decoded values without recursion, stopping past the limit', () => {
    assert.equal(valueDepth(7), 0);
    assert.equal(valueDepth({ a: [1, { b: 2 }] }), 3);
    let deep: unknown = 1;
    for (let i = 0; i < 100_000; i++) deep = [deep];
    assert.equal(valueDepth(deep, 1000), 1001);
  });

  it('reports text that is not JSON', () => {
    const result = parseBoundedJson('{not json');
    assert.equal(!result.ok && result.code, 'invalid-json');
  });
});
