import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import { logLineRow, viewModel } from '../../src/testing/view-model-fixtures.js';
import { KEYS, type RenderedApp, detailText, renderApp, tableHeading, tableRows, typed } from './render-app.js';

const lines = (from: number, to: number) =>
  Array.from({ length: to - from + 1 }, (_, i) =>
    logLineRow({
      key: String(from + i),
      message: `message ${from + i}`,
      level: (from + i) % 10 === 0 ? 'warn' : 'info',
      fields: `n=${from + i}`,
    }),
  );

describe('Log window', () => {
  let app: RenderedApp;
  afterEach(() => app.unmount());

  it('shows time, level, message and fields, newest last, following the tail', async () => {
    app = await renderApp({ view: viewModel({ log: lines(1, 100) }) });
    await app.press('6');
    for (const column of ['TIME', 'LEVEL', 'MESSAGE', 'FIELDS']) assert.ok(tableHeading(app.frame()).includes(` ${column} `), column);
    const rows = tableRows(app.frame());
    assert.match(rows[rows.length - 1], /^› .*WARN\s+message 100\s+n=100/);
    assert.match(app.frame(), /following/);
    assert.match(rows.find((r) => r.includes('message 90 '))!, /WARN/);
    await app.push(viewModel({ version: 2, log: lines(1, 101) }));
    const after = tableRows(app.frame());
    assert.match(after[after.length - 1], /message 101/);
  });

  it('stops following when the cursor moves up, and follows again with G', async () => {
    app = await renderApp({ view: viewModel({ log: lines(1, 100) }) });
    await app.press('6', 'k');
    assert.match(detailText(app.frame()), /message 99/);
    assert.match(app.frame(), /paused \(G follows\)/);
    await app.push(viewModel({ version: 2, log: lines(1, 101) }));
    assert.match(detailText(app.frame()), /message 99/);
    await app.press('G');
    assert.match(detailText(app.frame()), /message 101/);
  });

  it('filters and negates', async () => {
    app = await renderApp({ view: viewModel({ log: lines(1, 30) }) });
    await app.press('6', '/', ...typed('warn'), KEYS.enter);
    assert.equal(tableRows(app.frame()).length, 3);
    await app.press('/', ...typed('!warn'), KEYS.enter);
    assert.match(app.frame(), /Log 27\/27 of 30/);
    assert.ok(!tableRows(app.frame()).some((r) => r.includes('WARN')));
  });
});
