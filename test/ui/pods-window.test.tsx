import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import { clusterView, podRow, viewModel } from '../../src/testing/view-model-fixtures.js';
import { KEYS, type RenderedApp, detailText, renderApp, rowOrder, tableHeading, tableRows, typed } from './render-app.js';

const view = viewModel({
  clusters: [
    clusterView({
      pods: [
        podRow({
          name: 'gpu-job',
          pending: true,
          reason: 'no nodepool tolerates taint dedicated=gpu',
          cpu: 4000,
          memory: 2 * 1024 ** 3,
          ageSeconds: 600,
        }),
        podRow({
          name: 'big',
          pending: true,
          reason: 'no instance type fits 96 CPU',
          waitingFor: 'default-x7k2p',
          cpu: 96_000,
          ageSeconds: 60,
        }),
        podRow({ name: 'web-1', cpu: 250, memory: 512 * 1024 ** 2, ageSeconds: 3600 }),
      ],
    }),
  ],
});
const names = ['gpu-job', 'big', 'web-1'];

describe('Pods window', () => {
  let app: RenderedApp;
  afterEach(() => app.unmount());

  it('lists pending pods first with the reason they wait and the NodeClaim they wait for', async () => {
    app = await renderApp({ view });
    await app.press('3');
    const heading = tableHeading(app.frame());
    for (const column of ['POD', 'PHASE', 'WAITS BECAUSE', 'WAITING FOR / NODE', 'CPU', 'AGE'])
      assert.ok(heading.includes(` ${column} `), column);
    const rows = tableRows(app.frame());
    assert.deepEqual(rowOrder(app.frame(), names), names);
    assert.match(rows[0], /default\/gpu-job\s+● Pending\s+no nodepool tolerates taint dedicated=gpu/);
    assert.match(rows[1], /no instance type fits 96 CPU\s+default-x7k2p/);
    assert.match(rows[2], /default\/web-1\s+Running\s+-\s+ip-10-0-0-1/);
  });

  it('describes the selected pod; `d` shows why it waits', async () => {
    app = await renderApp({ view });
    await app.press('3', 'j');
    assert.match(detailText(app.frame()), /Pod: default\/big/);
    assert.match(detailText(app.frame()), /Waiting for: default-x7k2p/);
    await app.press('d');
    assert.match(detailText(app.frame()), /details: why/);
    assert.match(detailText(app.frame()), /Waits because: no instance type fits 96 CPU/);
    await app.press('j');
    assert.match(detailText(app.frame()), /Why: Running on/);
  });

  it('filters by reason, and negates', async () => {
    app = await renderApp({ view });
    await app.press('3', '/', ...typed('taint'), KEYS.enter);
    assert.equal(tableRows(app.frame()).length, 1);
    assert.match(tableRows(app.frame())[0], /gpu-job/);
    await app.press('/', ...typed('!pending'), KEYS.enter);
    assert.equal(tableRows(app.frame()).length, 1);
    assert.match(tableRows(app.frame())[0], /web-1/);
  });

  it('sorts by CPU, memory and age', async () => {
    app = await renderApp({ view });
    await app.press('3', 'C');
    assert.deepEqual(rowOrder(app.frame(), names), ['big', 'gpu-job', 'web-1']);
    await app.press('M');
    // big and web-1 both ask 512Mi: ties keep the view model's order.
    assert.deepEqual(rowOrder(app.frame(), names), ['gpu-job', 'big', 'web-1']);
    await app.press('A');
    assert.deepEqual(rowOrder(app.frame(), names), ['web-1', 'gpu-job', 'big']);
    await app.press('A');
    assert.deepEqual(rowOrder(app.frame(), names), ['big', 'gpu-job', 'web-1']);
  });
});
