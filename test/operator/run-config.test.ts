import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { RunConfigError, parseRunConfig } from '../../src/operator/run-config.js';
import { main } from '../../src/operator/cli/main.js';

const ROOT = resolve(import.meta.dirname, '../..');

describe('karpd run configuration', () => {
  it('parses a minimal config and fills defaults', () => {
    const config = parseRunConfig(
      'apiVersion: karpd.dev/v1alpha1\nkind: AgentConfig\ngit: {url: "https://git.example.com/platform/nodepools.git"}\nclusters: [{name: prod-eu, interruptionQueue: karpd-prod-eu}]\n',
      'karpd.yaml',
    );
    assert.equal(config.git.branch, 'main');
    assert.equal(config.stateDir, '.karpd');
    assert.equal(config.clusters[0].kubernetesVersion, '1.33');
    assert.equal(config.clusters[0].port, 8080);
  });

  it('names the file and every bad field', () => {
    assert.throws(
      () =>
        parseRunConfig(
          'apiVersion: karpd.dev/v1alpha1\nkind: AgentConfig\ngit: {url: x, token: secret}\nclusters: [{name: Prod_EU, port: 99999}]\n',
          'karpd.yaml',
        ),
      (error) =>
        error instanceof RunConfigError &&
        /karpd\.yaml: AgentConfig: git: Unrecognized key/.test(error.message) &&
        /clusters\.0\.name/.test(error.message) &&
        /clusters\.0\.port/.test(error.message),
    );
    assert.throws(() => parseRunConfig('a: [', 'bad.yaml'), /bad\.yaml: not valid YAML/);
  });

  it('karpd run reports a bad config file without a stack trace (exit 1) and a missing flag as usage (exit 2)', async () => {
    const errors: string[] = [];
    const io = { out: () => undefined, err: (t: string) => errors.push(t), cwd: ROOT };
    assert.equal(await main(['run'], io), 2);
    assert.match(errors.join('\n'), /--config FILE is required/);
    errors.length = 0;
    assert.equal(await main(['run', '--config', 'package.json'], io), 1);
    assert.match(errors.join('\n'), /package\.json: AgentConfig: apiVersion/);
  });

  it('loads nothing from src/sim on the real-cluster path', () => {
    const seen = new Set<string>();
    const visit = (file: string) => {
      if (seen.has(file)) return;
      seen.add(file);
      const text = readFileSync(file, 'utf8');
      for (const match of text.matchAll(/from '(\.[^']+)'/g)) visit(join(dirname(file), match[1].replace(/\.js$/, '.ts')));
    };
    visit(join(ROOT, 'src/operator/cli/run-command.ts'));
    const simulated = [...seen].filter((file) => file.includes('/src/sim/') || file.includes('/cloudprovider/sim/'));
    assert.deepEqual(simulated, []);
    assert.ok(
      [...seen].some((file) => file.includes('/cloudprovider/aws/')),
      'the AWS provider is on the path',
    );
  });
});
