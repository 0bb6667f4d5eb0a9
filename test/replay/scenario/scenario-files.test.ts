import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { parseManifests } from '../../../src/apis/manifest.js';
import { expandWorkloads } from '../../../src/replay/scenario/expand-workloads.js';
import { parseScenario } from '../../../src/replay/scenario/parse-scenario.js';
import {
  type InvalidScenarioError,
  isInvalidScenarioError,
  isScenarioNotFoundError,
  loadScenario,
  shippedScenarioNames,
} from '../../../src/replay/scenario/scenario-files.js';

const SHIPPED = ['batch-to-zero', 'data-platform', 'web-steady'];

/** The NodePools of a cluster folder: name → taint keys. */
function poolsOf(folder: string): Map<string, string[]> {
  const pools = new Map<string, string[]>();
  for (const file of readdirSync(join(folder, 'nodepools'))) {
    const text = readFileSync(join(folder, 'nodepools', file), 'utf8');
    for (const document of parseManifests(text, file).documents) {
      const pool = document.value as { metadata: { name: string }; spec: { template: { spec: { taints?: Array<{ key: string }> } } } };
      pools.set(
        pool.metadata.name,
        (pool.spec.template.spec.taints ?? []).map((taint) => taint.key),
      );
    }
  }
  return pools;
}

describe('shipped scenarios', () => {
  it('GIVEN the scenarios folder WHEN listed THEN it ships data-platform, web-steady and batch-to-zero', async () => {
    assert.deepEqual(await shippedScenarioNames(), SHIPPED);
  });

  for (const name of SHIPPED) {
    it(`GIVEN ${name} WHEN loaded by name and expanded THEN it parses without problems, its pods select pools of its cluster folder and tolerate their taints`, async () => {
      const loaded = await loadScenario(name);
      assert.equal(loaded.file, `scenarios/${name}.yaml`);
      assert.deepEqual(loaded.warnings, []);
      assert.equal(loaded.scenario.name, name);
      assert.ok(existsSync(join(loaded.clusterFolderPath, 'cluster.yaml')), loaded.clusterFolderPath);
      const pools = poolsOf(loaded.clusterFolderPath);
      const timeline = expandWorkloads(loaded.scenario, 1);
      assert.ok(timeline.events.length > 0);
      assert.equal(timeline.durationMs, 24 * 3_600_000);
      for (const event of timeline.events) {
        if (event.type !== 'create') continue;
        const pool = event.pod.spec.nodeSelector?.NodePool;
        assert.ok(pool !== undefined && pools.has(pool), `${event.pod.metadata.name} selects unknown pool ${pool}`);
        const tolerated = (event.pod.spec.tolerations ?? []).map((toleration) => toleration.key);
        for (const taint of pools.get(pool) ?? [])
          assert.ok(tolerated.includes(taint), `${event.pod.metadata.name} does not tolerate ${taint}`);
      }
    });
  }

  it('GIVEN data-platform WHEN expanded THEN it has Airflow by day, nightly and hourly Spark, Trino sessions and protected notebooks, and spot interruptions', async () => {
    const { scenario } = await loadScenario('data-platform');
    assert.equal(scenario.spotInterruptionRate, 0.02);
    const creates = expandWorkloads(scenario, 1).events.flatMap((event) =>
      event.type === 'create' ? [{ at: event.at, pod: event.pod }] : [],
    );
    const appsAt = (hour: number) =>
      new Set(creates.filter((c) => Math.floor(c.at / 3_600_000) === hour).map((c) => c.pod.metadata.labels?.app));
    assert.ok(appsAt(1).has('spark-nightly-etl'));
    assert.ok(appsAt(10).has('trino-worker') && appsAt(10).has('trino-coordinator'));
    assert.ok(creates.some((c) => c.pod.metadata.labels?.app === 'spark-hourly' && c.at === 15 * 60_000));
    const notebooks = creates.filter((c) => c.pod.metadata.namespace === 'jupyterhub');
    assert.ok(notebooks.every((c) => c.at >= 8 * 3_600_000 && c.at < 19 * 3_600_000));
    assert.ok(notebooks.some((c) => c.pod.metadata.annotations?.['karpenter.sh/do-not-disrupt'] === 'true'));
    assert.ok(notebooks.some((c) => c.pod.metadata.annotations === undefined));
  });

  it('GIVEN batch-to-zero WHEN expanded THEN every pod starts and ends between 07:00 and 20:00, so none runs at night', async () => {
    const timeline = expandWorkloads((await loadScenario('batch-to-zero')).scenario, 9);
    const live = new Set<string>();
    for (const event of timeline.events) {
      if (event.type === 'create') live.add(event.pod.metadata.name ?? '');
      else live.delete(event.name);
    }
    assert.equal(live.size, 0, 'every pod has ended by the end of the day');
    assert.ok(timeline.events.every((event) => event.at >= 7 * 3_600_000 && event.at < 20 * 3_600_000));
  });
});

describe('loadScenario', () => {
  it('GIVEN a misspelt shipped name WHEN loaded THEN it fails naming the shipped scenarios and the closest one', async () => {
    await assert.rejects(loadScenario('data-platfrom'), (error) => {
      assert.ok(isScenarioNotFoundError(error));
      assert.match(
        (error as Error).message,
        /no shipped scenario "data-platfrom" \(shipped: batch-to-zero, data-platform, web-steady\): did you mean "data-platform"\?/,
      );
      return true;
    });
  });

  it('GIVEN a path WHEN loaded THEN the file is read from the working directory and its problems name the path as given', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'karpd-scenario-'));
    try {
      writeFileSync(
        join(folder, 'mine.yaml'),
        'region: eu-west-2\nclusterFolder: repo-template/clusters/sandbox\nduration: 2h\nworkloads:\n  - kind: burst\n    name: b\n    at: "00:30"\n    pods: 2\n    runTime: 10m\n    requests: { cpu: 1, memory: 1Gi }\n',
      );
      const loaded = await loadScenario('./mine.yaml', { cwd: folder });
      assert.equal(loaded.scenario.name, 'mine');
      assert.equal(loaded.file, './mine.yaml');
      assert.ok(existsSync(join(loaded.clusterFolderPath, 'nodepools')), 'a relative cluster folder falls back to the package root');
      writeFileSync(join(folder, 'bad.yaml'), 'region: eu-west-2\nclusterFolder: c\nduration: 2h\nworkloads: []\n');
      await assert.rejects(loadScenario('bad.yaml', { cwd: folder }), (error) => {
        assert.ok(isInvalidScenarioError(error));
        const { problems } = error as InvalidScenarioError;
        assert.deepEqual(
          problems.map((problem) => [problem.file, problem.line, problem.path]),
          [['bad.yaml', 4, 'workloads']],
        );
        assert.match((error as Error).message, /bad\.yaml:4: workloads: expected a non-empty list/);
        return true;
      });
      await assert.rejects(loadScenario('missing.yaml', { cwd: folder }), (error) => isScenarioNotFoundError(error));
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});

describe('docs/replay-scenarios.md', () => {
  it('GIVEN the example of the format description WHEN parsed and expanded THEN it is a valid scenario', () => {
    const markdown = readFileSync(join(import.meta.dirname, '../../../docs/replay-scenarios.md'), 'utf8');
    const example = markdown.split('```yaml\n')[1]?.split('```')[0] ?? '';
    const result = parseScenario(example, 'docs/replay-scenarios.md');
    assert.ok(result.ok, JSON.stringify(result.problems));
    assert.deepEqual(result.problems, []);
    assert.equal(result.scenario.workloads.length, 3);
    assert.ok(expandWorkloads(result.scenario, 1).events.length > 0);
  });
});
