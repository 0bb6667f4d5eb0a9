/** The Spot events window shows how fast a replacement launched before the drain was ready against the notice. */
import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import { clusterView, spotEventRow, viewModel } from '../../src/testing/view-model-fixtures.js';
import { timeOfDay } from '../../ui/state/format.js';
import { type RenderedApp, detailText, renderApp, tableRows } from './render-app.js';

const NOTICE = '2026-01-01T12:30:00Z';
const plus = (seconds: number) => new Date(Date.parse(NOTICE) + seconds * 1000).toISOString();

function view(overrides: Parameters<typeof spotEventRow>[0]) {
  return viewModel({
    clusters: [
      clusterView({
        spotEvents: [
          spotEventRow({
            key: 'e1',
            instanceId: 'i-0ccc',
            time: NOTICE,
            nodeClaim: 'spark-batch-old',
            action: 'drained, terminated; replaced by spark-batch-x7k2p in 48 s of 120 s notice',
            tookSeconds: 70,
            deadline: plus(120),
            noticeSeconds: 120,
            replacedInSeconds: 48,
            actions: [
              { at: NOTICE, what: 'marked m5.large spot us-east-1a unavailable' },
              { at: plus(1), what: 'launched replacement spark-batch-x7k2p' },
              { at: plus(1), what: 'cordoned and draining ip-10-0-1-5 (forced by 2026-01-01T12:32:00Z)' },
            ],
            ...overrides,
          }),
        ],
      }),
    ],
  });
}

describe('Spot events window: replacement before the drain', () => {
  let app: RenderedApp;
  afterEach(() => app.unmount());

  it('GIVEN a notice whose replacement was ready in 48 s WHEN the window shows it THEN the row says so against the 120 s notice', async () => {
    app = await renderApp({ view: view({}), columns: 160 });
    await app.press('4');
    assert.match(tableRows(app.frame())[0], /replaced by spark-batch-x7k2p in 48 s of 120 s notice\s+70s$/);
  });

  it('GIVEN the notice is selected WHEN described THEN the deadline, the replacement readiness and every step with its time are shown', async () => {
    app = await renderApp({ view: view({}), rows: 50 });
    await app.press('4');
    const detail = detailText(app.frame());
    assert.match(detail, new RegExp(`Deadline: ${timeOfDay(plus(120))} \\(120 s notice\\)`));
    assert.match(detail, /Replacement: ready 48 s after the notice, 72 s before the deadline/);
    assert.match(detail, new RegExp(`${timeOfDay(NOTICE)} marked m5\\.large spot us-east-1a unavailable`));
    assert.match(detail, new RegExp(`${timeOfDay(plus(1))} launched replacement spark-batch-x7k2p`));
    assert.match(detail, /cordoned and draining ip-10-0-1-5/);
  });

  it('GIVEN a launched replacement not yet Initialized WHEN described THEN it says not ready yet; WHEN the why pane is opened THEN the steps are listed', async () => {
    app = await renderApp({ view: view({ replacedInSeconds: undefined, done: false, tookSeconds: undefined }), rows: 50 });
    await app.press('4');
    assert.match(detailText(app.frame()), /Replacement: not ready yet/);
    await app.press('d');
    assert.match(detailText(app.frame()), /What karpd did: drained/);
    assert.match(detailText(app.frame()), /launched replacement spark-batch-x7k2p/);
  });

  it('GIVEN a replacement ready after the deadline WHEN described THEN it says how late', async () => {
    app = await renderApp({ view: view({ replacedInSeconds: 150 }), rows: 50 });
    await app.press('4');
    assert.match(detailText(app.frame()), /Replacement: ready 150 s after the notice, 30 s after the deadline/);
  });

  it('GIVEN a rebalance notice without steps WHEN described THEN no deadline, replacement or steps are shown', async () => {
    app = await renderApp({
      view: view({
        kind: 'rebalance',
        action: 'recorded (no action)',
        deadline: undefined,
        noticeSeconds: undefined,
        replacedInSeconds: undefined,
        actions: undefined,
      }),
      rows: 50,
    });
    await app.press('4');
    const detail = detailText(app.frame());
    assert.match(detail, /Spot event: rebalance/);
    assert.doesNotMatch(detail, /Deadline:|Replacement:|Steps:/);
  });
});
