import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import { clusterHeader, clusterView, decisionRow, nodeClaimRow, viewModel } from '../../src/testing/view-model-fixtures.js';
import { KEYS, type RenderedApp, keyByKey, renderApp, statusText, typed } from './render-app.js';

const twoClusters = viewModel({
  clusters: [
    clusterView({ name: 'sandbox', nodeClaims: [nodeClaimRow({ name: 'sb-1', instanceId: 'i-0sandbox0001' })] }),
    clusterView({
      name: 'prod-eu',
      cloud: 'aws',
      simulated: false,
      header: clusterHeader({ sync: 'paused', syncDetail: 'paused by alice', pricePerHour: 12 }),
      nodeClaims: [nodeClaimRow({ name: 'eu-1' })],
    }),
  ],
});

describe('dashboard actions', () => {
  let app: RenderedApp;
  afterEach(() => app.unmount());

  it('x rejects with the reason typed', async () => {
    app = await renderApp();
    await app.press('5', 'x');
    assert.match(app.frame(), /Reject git-change-3f2a91c\?/);
    await app.press(...keyByKey('not during'), ...typed(' the freeze'), KEYS.backspace, 'e', KEYS.enter);
    assert.deepEqual(app.source.callsOf('reject'), [{ action: 'reject', args: ['git-change-3f2a91c', 'not during the freeze'] }]);
    assert.match(statusText(app.frame()), /✓ reject ok/);
  });

  it('keys that arrive in one read (typed fast, sent by tmux, pasted) are each pressed: "5x" is 5 then x', async () => {
    app = await renderApp();
    await app.press('5x');
    assert.match(app.frame(), /Reject git-change-3f2a91c\?/);
  });

  it('x with no reason rejects without one; Esc cancels', async () => {
    app = await renderApp();
    await app.press('5', 'x', 'a', KEYS.escape);
    assert.deepEqual(app.source.calls, []);
    await app.press('x', KEYS.enter);
    assert.deepEqual(app.source.callsOf('reject'), [{ action: 'reject', args: ['git-change-3f2a91c'] }]);
  });

  it('read-only refuses every action key: nothing is called and the flash says read-only', async () => {
    app = await renderApp({ display: { readOnly: true } });
    assert.match(statusText(app.frame()), /read-only/);
    assert.match(statusText(app.frame()), /\(p pause\)/);
    for (const [window, key, what] of [
      ['5', 'a', 'a approve'],
      ['5', 'x', 'x reject'],
      ['2', 'i', 'i interrupt'],
      ['1', 'p', 'p pause'],
      ['1', 'r', 'r refresh'],
    ] as const) {
      await app.press(window, key);
      assert.match(statusText(app.frame()), new RegExp(`read-only: ${what} is disabled`));
      assert.doesNotMatch(app.frame(), /Approve |Reject |Inject a spot/);
    }
    assert.deepEqual(app.source.calls, []);
  });

  it('i on a simulated NodeClaim asks first, then injects the spot interruption', async () => {
    app = await renderApp({ view: twoClusters });
    await app.press('2', 'i');
    assert.match(app.frame(), /Inject a spot interruption on sb-1 \(instance i-0sandbox0001\)\?/);
    await app.press(KEYS.escape);
    assert.deepEqual(app.source.calls, []);
    await app.press('i', KEYS.enter);
    assert.deepEqual(app.source.callsOf('injectSpotInterruption'), [
      { action: 'injectSpotInterruption', args: ['sandbox', 'i-0sandbox0001'] },
    ]);
  });

  it('i on a real cloud says it works only in the simulated cloud', async () => {
    app = await renderApp({ view: twoClusters });
    await app.press(':', ...typed('cluster prod-eu'), KEYS.enter, '2', 'i');
    assert.match(statusText(app.frame()), /only in the simulated cloud/);
    assert.deepEqual(app.source.calls, []);
  });

  it('p suspends a running sync and resumes a paused one; r refreshes the cluster', async () => {
    app = await renderApp({ view: twoClusters });
    await app.press('p');
    assert.deepEqual(app.source.callsOf('suspend'), [{ action: 'suspend', args: ['sandbox'] }]);
    await app.press('r');
    assert.deepEqual(app.source.callsOf('refresh'), [{ action: 'refresh', args: ['sandbox'] }]);
    await app.press('c');
    assert.match(statusText(app.frame()), /p resume/);
    await app.press('p');
    assert.deepEqual(app.source.callsOf('resume'), [{ action: 'resume', args: ['prod-eu'] }]);
    assert.match(statusText(app.frame()), /✓ resume ok/);
  });

  it('c cycles clusters and :cluster NAME picks one; an unknown name is refused', async () => {
    app = await renderApp({ view: twoClusters });
    assert.match(app.frame(), /cluster: sandbox ▾/);
    await app.press('c');
    assert.match(app.frame(), /cluster: prod-eu ▾/);
    assert.match(app.frame(), /\$12\.00\/h/);
    await app.press('c');
    assert.match(app.frame(), /cluster: sandbox ▾/);
    await app.press(':', ...typed('cluster prod-eu'), KEYS.enter);
    assert.match(app.frame(), /cluster: prod-eu ▾/);
    await app.press(':', ...typed('cluster nope'), KEYS.enter);
    assert.match(statusText(app.frame()), /no cluster nope \(have: sandbox, prod-eu\)/);
    assert.match(app.frame(), /cluster: prod-eu ▾/);
  });

  it(': commands switch windows; an unknown command says what exists', async () => {
    app = await renderApp();
    for (const [command, tab] of [
      ['claims', '2 NodeClaims'],
      ['pods', '3 Pods'],
      ['spot', '4 Spot events'],
      ['decisions', '5 Diffs & decisions'],
      ['log', '6 Log'],
      ['pools', '1 Pools'],
    ]) {
      await app.press(':', ...typed(command), KEYS.enter);
      assert.ok(app.frame().includes(`[${tab}`), command);
    }
    await app.press(':', ...typed('frobnicate'), KEYS.enter);
    assert.match(statusText(app.frame()), /unknown command :frobnicate/);
  });

  it('1–6, Tab and Shift-Tab switch windows', async () => {
    app = await renderApp();
    await app.press('4');
    assert.match(app.frame(), /\[4 Spot events\]/);
    await app.press(KEYS.tab);
    assert.match(app.frame(), /\[5 Diffs & decisions/);
    await app.press(KEYS.shiftTab, KEYS.shiftTab);
    assert.match(app.frame(), /\[3 Pods\]/);
  });

  it('the quit dialog asks what the launcher says quitting does', async () => {
    app = await renderApp({ quitPrompt: 'Quit karpd? The agent stops too.' });
    await app.press('q');
    assert.match(app.frame(), /Quit karpd\? The agent stops too\./);
    assert.equal(app.quits.count, 0);
  });

  it('q asks before quitting: n stays, y quits', async () => {
    app = await renderApp();
    await app.press('q');
    assert.match(app.frame(), /Quit the dashboard\?/);
    await app.press('n');
    assert.equal(app.quits.count, 0);
    assert.doesNotMatch(app.frame(), /Quit the dashboard\?/);
    await app.press('q', KEYS.escape);
    assert.equal(app.quits.count, 0);
    await app.press('q', 'y');
    assert.equal(app.quits.count, 1);
  });

  it('Ctrl-C asks first; Ctrl-C twice quits; Enter in the dialog quits', async () => {
    app = await renderApp();
    await app.press(KEYS.ctrlC);
    assert.match(app.frame(), /Quit the dashboard\?/);
    assert.equal(app.quits.count, 0);
    await app.press(KEYS.ctrlC);
    assert.equal(app.quits.count, 1);
    await app.press('q', KEYS.enter);
    assert.equal(app.quits.count, 2);
  });

  it('? lists every key, per window, and closes with Esc', async () => {
    app = await renderApp({ rows: 60, columns: 140 });
    await app.press('?');
    const help = app.frame();
    assert.match(help, /help: every key, in every window/);
    for (const text of ['Everywhere', '1 Pools', '2 NodeClaims', '5 Diffs & decisions', 'Shift-C', 'Shift-Tab', 'Ctrl-C'])
      assert.ok(help.includes(text), text);
    await app.press(...Array.from({ length: 40 }, () => 'j'));
    const later = app.frame();
    for (const text of ['Approve dialog', 'approve the selected decision', 'inject a spot interruption'])
      assert.ok(later.includes(text), text);
    await app.press(KEYS.escape);
    assert.doesNotMatch(app.frame(), /help: every key/);
  });

  it('the flash goes away after 3 s', async () => {
    let now = new Date(2026, 0, 1, 14, 0, 0);
    app = await renderApp({ now: () => now });
    await app.press('r');
    assert.match(statusText(app.frame()), /refresh ok/);
    now = new Date(now.getTime() + 3100);
    await app.push(viewModel({ version: 5 }));
    assert.doesNotMatch(statusText(app.frame()), /refresh ok/);
  });

  it('a decision that changes under the dialog: approving the one shown, by name', async () => {
    app = await renderApp({
      view: viewModel({ clusters: [clusterView({ decisions: [decisionRow({ name: 'first' }), decisionRow({ name: 'second' })] })] }),
    });
    await app.press('5', 'j', 'a');
    await app.push(
      viewModel({
        version: 2,
        clusters: [
          clusterView({ decisions: [decisionRow({ name: 'zero' }), decisionRow({ name: 'first' }), decisionRow({ name: 'second' })] }),
        ],
      }),
    );
    await app.press(KEYS.enter);
    assert.deepEqual(app.source.callsOf('approve'), [{ action: 'approve', args: ['second'] }]);
  });
});
