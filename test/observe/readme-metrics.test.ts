/**
 * README's "Metrics" table lists exactly the metrics the agent registers (src/observe/metrics.ts), each with its
 * type and labels, so the documentation cannot fall behind a metric added, renamed or relabelled.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createAgentMetrics } from '../../src/observe/metrics.js';

const ROOT = resolve(import.meta.dirname, '../..');

interface DocumentedMetric {
  readonly type: string;
  readonly labels: string[];
}

/** The rows of the table under `## Metrics` whose first cell is one `karpenter_…` name: name → type and labels. */
function readmeMetrics(): Map<string, DocumentedMetric> {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const start = readme.indexOf('\n## Metrics\n');
  assert.ok(start >= 0, 'README has no Metrics section');
  const section = readme.slice(start + 1).split(/\n## /)[0];
  const rows = section.split('\n').filter((line) => line.startsWith('| `karpenter_'));
  const metrics = new Map<string, DocumentedMetric>();
  for (const row of rows) {
    const [name, type, labels] = row.split(' | ').map((cell) => cell.replace(/^\|\s*/, '').trim());
    const labelNames = [...labels.matchAll(/`([a-z_]+)`(?:\s*\([^)]*\))?/g)].map((m) => m[1]);
    metrics.set(name.replace(/`/g, ''), { type, labels: labelNames });
  }
  return metrics;
}

describe('README Metrics', () => {
  it('GIVEN the agent registry THEN the README table lists every metric with its type and labels, and no other', () => {
    const registry = createAgentMetrics({ processMetrics: false }).registry;
    const registered = new Map<string, DocumentedMetric>();
    for (const metric of registry.getMetricsAsArray()) {
      const { name, type, labelNames } = metric as unknown as { name: string; type: string; labelNames: string[] };
      registered.set(name, { type, labels: [...labelNames] });
    }
    const documented = readmeMetrics();
    assert.deepEqual([...documented.keys()].sort(), [...registered.keys()].sort());
    for (const [name, metric] of registered) assert.deepEqual(documented.get(name), metric, name);
  });

  it('GIVEN process metrics THEN their prefix is the one the README names', async () => {
    const names = (await createAgentMetrics().registry.getMetricsAsJSON()).map((m) => m.name);
    const others = names.filter((n) => !n.startsWith('karpenter_'));
    assert.ok(others.length > 0);
    for (const name of others) assert.match(name, /^karpd_(process|nodejs)_/);
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    assert.match(readme, /\| `karpd_process_\*`, `karpd_nodejs_\*` \|/);
  });
});
