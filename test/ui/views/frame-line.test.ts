import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { frameLineText, runsOf } from '../../../ui/components/frame-line.js';
import { UNICODE_GLYPHS } from '../../../ui/theme/glyphs.js';
import { seg } from '../../../ui/theme/line.js';

describe('frame line runs', () => {
  const row = {
    side: true,
    line: [seg('name '), seg('ok', 'ok'), seg(' and '), seg('bad', 'error', { bold: true }), seg('!', 'error', { bold: true })],
  };

  it('with colour off carry no colour at all, and merge everything that draws alike', () => {
    const runs = runsOf(row, UNICODE_GLYPHS, false);
    assert.ok(runs.every((r) => r.fg === undefined && !r.inverse));
    assert.deepEqual(
      runs.map((r) => r.text),
      ['│ name ok and bad! │'],
    );
  });

  it('with colour on map tokens to colours and keep them apart', () => {
    const runs = runsOf(row, UNICODE_GLYPHS, true);
    assert.deepEqual(
      runs.map((r) => [r.text, r.fg ?? null, r.bold]),
      [
        ['│ ', 'gray', false],
        ['name ', null, false],
        ['ok', 'green', false],
        [' and ', null, false],
        ['bad!', 'red', true],
        [' │', 'gray', false],
      ],
    );
  });

  it('are written as one string with SGR codes, each run reset after it', () => {
    assert.equal(
      frameLineText({ side: false, line: row.line }, UNICODE_GLYPHS, true),
      'name \u001b[32mok\u001b[0m and \u001b[1;31mbad!\u001b[0m',
    );
  });

  it('without colour hold no escape code at all', () => {
    assert.equal(
      frameLineText(
        { side: false, line: [seg('a', 'ok', { bold: true }), seg('b', 'selected', { inverse: true })] },
        UNICODE_GLYPHS,
        false,
      ),
      'ab',
    );
  });
});
