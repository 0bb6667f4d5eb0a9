import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import { render } from 'ink-testing-library';
import { clusterHeader, clusterView, viewModel } from '../../src/testing/view-model-fixtures.js';
import { App } from '../../ui/app.js';
import { FakeDashboardSource } from './fake-dashboard-source.js';
import { settle } from './render-app.js';

describe('source tick', () => {
  let unmount = () => {};
  afterEach(() => unmount());

  it('redraws only when the view version or the connection changes, batching changes between ticks', async () => {
    const source = new FakeDashboardSource(viewModel());
    const instance = render(
      <App
        source={source}
        display={{ color: false, unicode: true, readOnly: false }}
        now={() => new Date(0)}
        size={{ columns: 100, rows: 30 }}
        tickMs={20}
        onQuit={() => {}}
      />,
    );
    unmount = instance.unmount;
    await settle(80);
    const idle = instance.frames.length;
    await settle(100);
    assert.equal(instance.frames.length, idle, 'no redraw while nothing changes');

    // A new object with the same version is the same view: no redraw.
    source.push(viewModel({ clusters: [clusterView({ header: clusterHeader({ pricePerHour: 99 }) })] }));
    await settle(80);
    assert.equal(instance.frames.length, idle);

    // Three versions within one tick: drawn once, at the last.
    for (const version of [2, 3, 4])
      source.push(viewModel({ version, clusters: [clusterView({ header: clusterHeader({ pricePerHour: version }) })] }));
    await settle(80);
    assert.ok(instance.frames.length - idle <= 2, `${instance.frames.length - idle} redraws`);
    assert.match(instance.lastFrame() ?? '', /\$4\.00\/h/);

    const before = instance.frames.length;
    source.setConnection({ state: 'reconnecting', message: 'agent restarted' });
    await settle(80);
    assert.ok(instance.frames.length > before);
    assert.match(instance.lastFrame() ?? '', /reconnecting: agent restarted/);
  });
});
