import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { nodeClaimRow, nodeClaimRows } from '../../../src/testing/view-model-fixtures.js';
import { ASCII_GLYPHS, UNICODE_GLYPHS } from '../../../ui/theme/glyphs.js';
import { lineWidth } from '../../../ui/theme/line.js';
import { createTableCache, tableSection } from '../../../ui/views/table.js';

describe('table section', () => {
  it('draws exactly `height` lines of exactly `width` columns', () => {
    const rows = nodeClaimRows(50);
    for (const width of [76, 116, 196]) {
      const section = tableSection('nodeClaims', rows, 25, 10, width, UNICODE_GLYPHS, createTableCache());
      assert.equal(section.lines.length, 10);
      for (const line of [section.heading, ...section.lines]) assert.equal(lineWidth(line), width);
    }
    const few = tableSection('nodeClaims', rows.slice(0, 2), 0, 10, 116, UNICODE_GLYPHS, createTableCache());
    assert.equal(few.lines.length, 10);
  });

  it('reuses the line of every unchanged row, so only a changed row re-renders', () => {
    const cache = createTableCache();
    const rows = nodeClaimRows(20);
    const first = tableSection('nodeClaims', rows, 0, 10, 116, UNICODE_GLYPHS, cache);
    const changed = [...rows];
    changed[5] = nodeClaimRow({ ...rows[5], state: 'Drifted' });
    const second = tableSection('nodeClaims', changed, 0, 10, 116, UNICODE_GLYPHS, cache);
    const same = second.lines.map((line, i) => line === first.lines[i]);
    // Row 0 is the cursor's (drawn selected each time), row 5 changed; the others are the same objects.
    assert.deepEqual(
      same.map((s, i) => (s ? i : -1)).filter((i) => i >= 0),
      [1, 2, 3, 4, 6, 7, 8, 9],
    );
    assert.match(second.lines[5].map((s) => s.text).join(''), /Drifted/);
  });

  it('GIVEN no rows THEN the empty message line is as wide as the table, so the right border stays in its column', () => {
    const section = tableSection('spotEvents', [], 0, 5, 116, UNICODE_GLYPHS, createTableCache(), 'nothing here yet');
    assert.match(section.lines[0].map((s) => s.text).join(''), /nothing here yet/);
    for (const line of section.lines) assert.equal(lineWidth(line), 116);
  });

  it('redraws every row when the glyph set or the width changes', () => {
    const cache = createTableCache();
    const rows = nodeClaimRows(5);
    const a = tableSection('nodeClaims', rows, 0, 5, 116, UNICODE_GLYPHS, cache);
    const b = tableSection('nodeClaims', rows, 0, 5, 116, ASCII_GLYPHS, cache);
    const c = tableSection('nodeClaims', rows, 0, 5, 100, ASCII_GLYPHS, cache);
    assert.notEqual(a.lines[1], b.lines[1]);
    assert.notEqual(b.lines[1], c.lines[1]);
    // The ASCII meter ('.' empty, '#' full) replaced the eighth blocks (a 7% meter is all empty cells).
    const ascii = b.lines[1].map((s) => s.text).join('');
    assert.match(ascii, /[.#]{6}/);
    assert.doesNotMatch(ascii, /[▏▎▍▌▋▊▉█]/);
    assert.match(a.lines[1].map((s) => s.text).join(''), /[ ▏▎▍▌▋▊▉█]{6}/);
  });
});
