import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import { clusterView, decisionRow, viewModel, whatIfView } from '../../src/testing/view-model-fixtures.js';
import { KEYS, type RenderedApp, renderApp, settle, statusText } from './render-app.js';

const longDiff = [
  '--- live NodePool default',
  '+++ git NodePool default',
  ...Array.from({ length: 60 }, (_, i) => `${i % 2 === 0 ? '-' : '+'}  line ${i}`),
].join('\n');
const decision = decisionRow({
  name: 'git-change-3f2a91c',
  changes: [
    { action: 'update', kind: 'NodePool', name: 'default', nodes: 3 },
    { action: 'delete', kind: 'NodePool', name: 'legacy', nodes: 1 },
  ],
  diff: longDiff,
  whatIf: whatIfView({
    before: { nodes: 4, pricePerHour: 4.21, pricesIncomplete: true },
    after: { nodes: 2, pricePerHour: 1.5, pricesIncomplete: false },
    driftedNodes: 3,
    newlyUnschedulable: [{ pod: 'default/gpu-job', reason: 'no nodepool tolerates taint dedicated=gpu' }],
    newlyUnschedulableTotal: 1,
  }),
});
const view = viewModel({ clusters: [clusterView({ decisions: [decision] })] });

describe('approve dialog', () => {
  let app: RenderedApp;
  afterEach(() => app.unmount());

  it('shows the objects, the what-if $/h and nodes before → after, drifted nodes, unschedulable pods and the diff', async () => {
    app = await renderApp({ view });
    await app.press('5', 'a');
    const frame = app.frame();
    assert.match(frame, /Approve git-change-3f2a91c \(git-change at 3f2a91c\)\?/);
    assert.match(frame, /update NodePool default \(3 nodes\)/);
    assert.match(frame, /delete NodePool legacy \(1 node\)/);
    assert.match(frame, /\$\/h: ≥\$4\.21 → \$1\.50/);
    assert.match(frame, /nodes: 4 → 2/);
    assert.match(frame, /drifted nodes: 3/);
    assert.match(frame, /pods that become unschedulable: 1/);
    assert.match(frame, /default\/gpu-job: no nodepool tolerates taint dedicated=gpu/);
    assert.match(frame, /- {2}line 0/);
    assert.match(frame, /\+ {2}line 1/);
    assert.match(frame, /… \d+ more lines/);
    assert.match(statusText(frame), /Enter approve\s+Esc cancel/);
    assert.equal(app.source.calls.length, 0);
  });

  it('scrolls the diff with j/k', async () => {
    app = await renderApp({ view });
    await app.press('5', 'a', 'j', 'j', 'j');
    assert.match(app.frame(), /↑ 3 lines above/);
    assert.doesNotMatch(app.frame(), /--- live NodePool default/);
    await app.press('k', 'k', 'k');
    assert.match(app.frame(), /--- live NodePool default/);
  });

  it('Enter approves: the source is called with the decision name, and the result flashes', async () => {
    app = await renderApp({ view });
    app.source.results.approve = { ok: true, message: 'approved git-change-3f2a91c' };
    await app.press('5', 'a', KEYS.enter);
    assert.deepEqual(app.source.callsOf('approve'), [{ action: 'approve', args: ['git-change-3f2a91c'] }]);
    assert.doesNotMatch(app.frame(), /Approve git-change/);
    assert.match(statusText(app.frame()), /✓ approved git-change-3f2a91c/);
  });

  it('Esc cancels: nothing is called', async () => {
    app = await renderApp({ view });
    await app.press('5', 'a', 'x', 'p', KEYS.escape);
    assert.deepEqual(app.source.calls, []);
    assert.doesNotMatch(app.frame(), /Approve git-change/);
  });

  it('says it is approving while the call runs, and flashes a failure', async () => {
    app = await renderApp({ view });
    let finish: (r: { ok: false; message: string }) => void = () => {};
    app.source.actions.approve = () => new Promise((resolve) => (finish = resolve));
    await app.press('5', 'a', KEYS.enter);
    assert.match(statusText(app.frame()), /approving git-change-3f2a91c…/);
    finish({ ok: false, message: 'agent answered 409: decision is not pending' });
    await settle(20);
    assert.match(statusText(app.frame()), /✗ agent answered 409/);
  });

  it('refuses a decision that is not pending or waits only for a sync window', async () => {
    const other = viewModel({
      clusters: [
        clusterView({
          decisions: [
            decisionRow({ name: 'done', state: 'applied' }),
            decisionRow({ name: 'windowed', heldBy: 'window', waitingFor: 'sync window Mon-Fri 09:00-17:00' }),
          ],
        }),
      ],
    });
    app = await renderApp({ view: other });
    await app.press('5', 'a');
    assert.match(statusText(app.frame()), /done is not pending \(applied\)/);
    await app.press('j', 'a');
    assert.match(statusText(app.frame()), /windowed waits only for a sync window: sync window Mon-Fri/);
    assert.deepEqual(app.source.calls, []);
  });

  it('outside the Decisions window `a` says where it works', async () => {
    app = await renderApp({ view });
    await app.press('a');
    assert.match(statusText(app.frame()), /a approve works in 5 Diffs & decisions/);
    assert.deepEqual(app.source.calls, []);
  });

  it('shows the what-if at 80×24 too, inside the frame', async () => {
    app = await renderApp({ view, columns: 80, rows: 24 });
    await app.press('5', 'a');
    const lines = app.frame().split('\n');
    assert.ok(lines.length <= 23);
    assert.match(app.frame(), /\$\/h: ≥\$4\.21 → \$1\.50/);
    assert.match(app.frame(), /more lines/);
  });
});
