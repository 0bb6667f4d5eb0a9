import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import { clusterView, decisionRow, viewModel, whatIfView } from '../../src/testing/view-model-fixtures.js';
import { KEYS, type RenderedApp, detailText, renderApp, rowOrder, tableHeading, tableRows, typed } from './render-app.js';

const view = viewModel({
  clusters: [
    clusterView({
      header: { ...clusterView().header, pendingDecisions: 2 },
      decisions: [
        decisionRow({ name: 'git-change-aaa', ageSeconds: 300 }),
        decisionRow({
          name: 'config-drift-bbb',
          kind: 'config-drift',
          summary: 'revert kubectl patch of NodePool gpu',
          ageSeconds: 60,
          whatIf: whatIfView({
            before: { nodes: 3, pricePerHour: 4.21, pricesIncomplete: true },
            after: { nodes: 3, pricePerHour: 4.5, pricesIncomplete: false },
          }),
          diff: '--- live\n+++ git\n-  weight: 50\n+  weight: 10\n',
        }),
        decisionRow({
          name: 'git-change-old',
          state: 'applied',
          heldBy: undefined,
          waitingFor: undefined,
          decidedBy: 'alice',
          ageSeconds: 7200,
        }),
      ],
    }),
  ],
});
const names = ['git-change-aaa', 'config-drift-bbb', 'git-change-old'];

describe('Diffs & decisions window', () => {
  let app: RenderedApp;
  afterEach(() => app.unmount());

  it('lists pending decisions first, then history, with kind, state, summary, $/h before → after and age', async () => {
    app = await renderApp({ view });
    assert.match(app.frame(), /5 Diffs & decisions \(2\)/);
    await app.press('5');
    assert.match(app.frame(), /\[5 Diffs & decisions \(2\)\]/);
    const heading = tableHeading(app.frame());
    for (const column of ['NAME', 'KIND', 'STATE', 'SUMMARY', '$/H BEFORE → AFTER', 'AGE']) assert.ok(heading.includes(column), column);
    const rows = tableRows(app.frame());
    assert.deepEqual(rowOrder(app.frame(), names), names);
    assert.match(rows[0], /git-change-aaa\s+git-change\s+● pending\s+update NodePool default.*\$4\.21 → \$3\.10\s+5m$/);
    assert.match(rows[1], /config-drift\s+● pending\s+revert kubectl patch of NodePool gpu\s+≥\$4\.21 → \$4\.50/);
    assert.match(rows[2], /✓ applied/);
  });

  it('describes the decision: objects and what approving does; `d` shows the coloured diff with +/- markers', async () => {
    app = await renderApp({ view });
    await app.press('5', 'j');
    const detail = detailText(app.frame());
    assert.match(detail, /Decision: config-drift-bbb \(config-drift\) pending/);
    assert.match(detail, /update NodePool default \(2 nodes\)/);
    assert.match(detail, /\$\/h: ≥\$4\.21 → \$4\.50/);
    await app.press('d');
    const diff = detailText(app.frame());
    assert.match(diff, /details: diff/);
    assert.match(diff, /^│ - {2}weight: 50/m);
    assert.match(diff, /^│ \+ {2}weight: 10/m);
    await app.press('k');
    assert.match(detailText(app.frame()), /\+ {2}cpu: 50/);
    await app.press(KEYS.escape);
    assert.match(detailText(app.frame()), /details: describe/);
  });

  it('shows the YAML with `y`: loading…, then the text, or the error', async () => {
    app = await renderApp({ view });
    app.source.results.objectYaml = {
      ok: true,
      message: 'ok',
      yaml: 'apiVersion: karpd.io/v1\nkind: Decision\nmetadata:\n  name: git-change-aaa\n',
    };
    await app.press('5', 'y');
    assert.deepEqual(app.source.callsOf('objectYaml')[0].args, ['sandbox', 'Decision', 'git-change-aaa']);
    assert.match(detailText(app.frame()), /details: YAML/);
    assert.match(detailText(app.frame()), /kind: Decision/);
    app.source.results.objectYaml = { ok: false, message: 'agent answered 404: no Decision config-drift-bbb' };
    await app.press('j');
    assert.match(detailText(app.frame()), /✗ agent answered 404/);
  });

  it('says loading… while the YAML is on its way', async () => {
    app = await renderApp({ view });
    app.source.actions.objectYaml = () => new Promise(() => {});
    await app.press('5', 'y');
    assert.match(detailText(app.frame()), /loading…/);
  });

  it('Enter focuses the detail pane (j/k scroll it), Esc goes back', async () => {
    app = await renderApp({ view, rows: 24, columns: 80 });
    await app.press('5', KEYS.enter);
    assert.match(app.frame(), /focused: j\/k scroll, Esc back/);
    const before = detailText(app.frame());
    await app.press('j', 'j');
    assert.notEqual(detailText(app.frame()), before);
    assert.match(app.frame(), /details: describe ─ git-change-aaa/);
    await app.press(KEYS.escape);
    assert.doesNotMatch(app.frame(), /focused:/);
  });

  it('filters, negates and sorts by age', async () => {
    app = await renderApp({ view });
    await app.press('5', '/', ...typed('drift'), KEYS.enter);
    assert.equal(tableRows(app.frame()).length, 1);
    await app.press('/', ...typed('!drift'), KEYS.enter);
    assert.equal(tableRows(app.frame()).length, 2);
    await app.press(KEYS.escape, 'A');
    assert.deepEqual(rowOrder(app.frame(), names), ['git-change-old', 'git-change-aaa', 'config-drift-bbb']);
    await app.press('A');
    assert.deepEqual(rowOrder(app.frame(), names), ['config-drift-bbb', 'git-change-aaa', 'git-change-old']);
  });
});
