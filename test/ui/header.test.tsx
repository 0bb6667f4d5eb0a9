import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import { clusterHeader, clusterView, viewModel } from '../../src/testing/view-model-fixtures.js';
import { clock } from '../../ui/state/format.js';
import { type RenderedApp, TEST_NOW, renderApp } from './render-app.js';

const headerLine = (frame: string) => frame.split('\n')[0];
const withHeader = (overrides: Parameters<typeof clusterHeader>[0]) =>
  viewModel({ clusters: [clusterView({ header: clusterHeader(overrides) })] });

describe('header', () => {
  let app: RenderedApp;
  afterEach(() => app.unmount());

  it('a cluster that never had a revision applied says so instead of REF@?', async () => {
    app = await renderApp({
      view: viewModel({
        clusters: [
          clusterView({ header: clusterHeader({ ref: 'main', revision: undefined, sync: 'pending', syncDetail: '1 decision waiting' }) }),
        ],
      }),
    });
    assert.ok(headerLine(app.frame()).includes('git: main (nothing applied yet) ● 1 decision waiting'), headerLine(app.frame()));
  });

  it('shows the cluster, the Git ref and revision with the sync badge, $/h and $/month, and the clock', async () => {
    app = await renderApp({ view: withHeader({ pricePerHour: 4.21 }) });
    assert.equal(
      headerLine(app.frame()).replace(/─+┐$/, ''),
      `┌ karpd ─ cluster: sandbox ▾ ─ git: main@3f2a91c ✓ synced ─ $4.21/h ($3,073/mo) ─ ${clock(TEST_NOW)} `,
    );
  });

  it('prefixes the prices with ≥ when some are unknown', async () => {
    app = await renderApp({ view: withHeader({ pricePerHour: 10, pricesIncomplete: true }) });
    assert.match(headerLine(app.frame()), /─ ≥\$10\.00\/h \(≥\$7,300\/mo\) ─/);
  });

  for (const [sync, text] of [
    ['synced', '✓ synced'],
    ['drifted', '~ 1 pool drifted'],
    ['pending', '● 2 decisions waiting'],
    ['paused', '⏸ paused by alice'],
    ['error', '✗ git fetch failed'],
  ] as const) {
    it(`shows the ${sync} badge with its glyph and words`, async () => {
      app = await renderApp({ view: withHeader({ sync, syncDetail: text.slice(2) }) });
      assert.ok(headerLine(app.frame()).includes(`git: main@3f2a91c ${text} ─`), headerLine(app.frame()));
    });
  }

  it('draws with ASCII when the locale is not UTF-8', async () => {
    app = await renderApp({
      view: withHeader({ sync: 'paused', syncDetail: 'paused', pricesIncomplete: true }),
      display: { unicode: false },
    });
    const frame = app.frame();
    assert.match(headerLine(frame), /^\+ karpd - cluster: sandbox v - git: main@3f2a91c \|\| paused - >=\$4\.21\/h \(>=\$3,073\/mo\) - /);
    assert.match(headerLine(frame), /-\+$/);
    assert.match(frame, /\| \$\/h [_.\-=^]+ >=\$4\.21/);
    assert.doesNotMatch(frame, /[─│┌┐└┘├┤▁▂▃▄▅▆▇█▏▎▍▌▋▊▉✓✗●⏸▾→≥…›]/);
  });

  it('carries sparklines of $/h and pending pods over the history', async () => {
    const history = [1, 2, 3, 4, 5, 6, 7, 8].map((n, i) => ({ at: `2026-01-01T11:0${i}:00Z`, pricePerHour: n, pendingPods: 8 - n }));
    app = await renderApp({ view: viewModel({ clusters: [clusterView({ history, header: clusterHeader({ pendingPods: 0 }) })] }) });
    const stats = app.frame().split('\n')[1];
    assert.match(stats, /\$\/h ▁▂▃▄▅▆▇█ \$4\.21/);
    assert.match(stats, /pending pods █▇▆▅▄▃▂▁ 0/);
  });

  it('says when the agent is not live', async () => {
    app = await renderApp();
    app.source.setConnection({ state: 'reconnecting', message: 'agent unreachable; retrying in 2 s' });
    await app.push(viewModel({ version: 2 }));
    assert.match(app.frame().split('\n')[1], /reconnecting: agent unreachable; retrying in 2 s/);
    app.source.setConnection({ state: 'live' });
    await app.push(viewModel({ version: 3 }));
    assert.doesNotMatch(app.frame(), /reconnecting/);
  });

  it('says it is connecting before the first view', async () => {
    app = await renderApp({ view: undefined });
    app.source.setConnection({ state: 'connecting', message: 'http://127.0.0.1:7070' });
    await app.press();
    await new Promise((resolve) => setTimeout(resolve, 30));
    assert.match(app.frame(), /connecting: http:\/\/127\.0\.0\.1:7070/);
    assert.match(app.frame(), /connecting to the agent…/);
    await app.push(viewModel({ version: 1 }));
    assert.match(app.frame(), /cluster: sandbox/);
  });
});

describe('colour', () => {
  it('draws the same text with colour on (colour is never the only signal)', async () => {
    const plain = await renderApp({ display: { color: false } });
    const text = plain.frame();
    plain.unmount();
    const coloured = await renderApp({ display: { color: true } });
    // biome-ignore lint/suspicious/noControlCharactersInRegex: stripping ANSI escapes
    assert.equal(coloured.frame().replace(/\u001B\[[0-9;]*m/g, ''), text);
    coloured.unmount();
  });
});
