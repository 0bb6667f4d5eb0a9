import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { run } from '../../src/operator/cli/validate-command.js';
import type { CommandIO } from '../../src/operator/cli/command.js';

const ROOT = join(import.meta.dirname, '../..');

function captured(): CommandIO & { stdout: string[]; stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return { stdout, stderr, out: (text) => stdout.push(text), err: (text) => stderr.push(text), cwd: ROOT };
}

describe('karpd validate', () => {
  it('passes repo-template with no problems at all', async () => {
    const io = captured();
    assert.equal(await run(['repo-template'], io), 0);
    assert.equal(io.stdout.length, 1, io.stdout.join('\n'));
    assert.match(io.stdout[0], /^ok: 15 files \(3 clusters\), no problems/);
    assert.deepEqual(io.stderr, []);
  });

  it('exits 1 and prints path:line: Kind/name: field: message (hint) for an invalid manifest', async () => {
    const io = captured();
    assert.equal(await run(['test/fixtures/manifests/invalid/unknown-operator.yaml'], io), 1);
    assert.ok(
      io.stdout.includes(
        'test/fixtures/manifests/invalid/unknown-operator.yaml:11: NodePool/bad-operator: spec.template.spec.requirements[0].operator: unknown operator "Equals" (did you mean "In"?)',
      ),
      io.stdout.join('\n'),
    );
    assert.match(io.stdout.at(-1) ?? '', /^1 error, 1 warning in 1 file/);
  });

  it('accepts what upstream accepts: an open-only reservation term, arch In [test] (a warning), userData Go templates', async () => {
    const io = captured();
    assert.equal(await run(['test/fixtures/manifests/accepted/issue-9-cases.yaml'], io), 0, io.stdout.join('\n'));
    assert.deepEqual(io.stdout, [
      'test/fixtures/manifests/accepted/issue-9-cases.yaml:29: NodePool/test-arch: spec.template.spec.requirements[0]: ' +
        'warning: requirements[0] (kubernetes.io/arch In [test]) matches no instance type in the catalog',
      '0 errors, 1 warning in 1 file',
    ]);
  });

  it("passes upstream's Windows examples: the catalog check knows Windows nodes (amd64 types with a Windows AMI)", async () => {
    for (const name of ['windows-2022', 'windows-custom-userdata']) {
      const io = captured();
      assert.equal(await run([`test/fixtures/manifests/upstream/${name}.yaml`], io), 0);
      assert.deepEqual(io.stdout, ['ok: 1 file, no problems']);
    }
  });

  it('exits 0 with warnings for v1beta1 manifests', async () => {
    const io = captured();
    assert.equal(await run(['test/fixtures/manifests/v1beta1'], io), 0);
    assert.ok(io.stdout.some((line) => line.includes('warning: consolidationPolicy WhenUnderutilized is WhenEmptyOrUnderutilized in v1')));
  });

  it('prints the problems as a JSON array with --format json', async () => {
    const io = captured();
    assert.equal(await run(['--format', 'json', 'test/fixtures/manifests/invalid/weight-out-of-range.yaml'], io), 1);
    const problems = JSON.parse(io.stdout.join('\n')) as Array<Record<string, unknown>>;
    const weight = problems.find((problem) => problem.code === 'out-of-range');
    assert.deepEqual(
      { file: weight?.file, line: weight?.line, kind: weight?.kind, name: weight?.name, path: weight?.path },
      {
        file: 'test/fixtures/manifests/invalid/weight-out-of-range.yaml',
        line: 7,
        kind: 'NodePool',
        name: 'bad-weight',
        path: 'spec.weight',
      },
    );
  });

  it('reports a YAML syntax error with its line, not a stack trace', async () => {
    const io = captured();
    assert.equal(await run(['test/fixtures/manifests/invalid/yaml-syntax-error.yaml'], io), 1);
    assert.match(io.stdout[0], /^test\/fixtures\/manifests\/invalid\/yaml-syntax-error\.yaml:7: YAML syntax error: /);
    assert.ok(!io.stdout.join('\n').includes('    at '));
  });

  it('exits 2 on usage errors and missing paths', async () => {
    for (const args of [[], ['--format', 'xml', 'repo-template'], ['--frobnicate', 'x'], ['does-not-exist.yaml']]) {
      const io = captured();
      assert.equal(await run(args, io), 2, args.join(' '));
      assert.equal(io.stderr.length, 1);
    }
  });

  it('prints its help with --help', async () => {
    const io = captured();
    assert.equal(await run(['--help'], io), 0);
    assert.match(io.stdout[0], /^Usage: karpd validate PATH/);
  });

  it('runs for real: node bin/karpd.js validate repo-template exits 0', () => {
    const result = spawnSync(process.execPath, [join(ROOT, 'bin/karpd.js'), 'validate', 'repo-template'], {
      cwd: ROOT,
      encoding: 'utf8',
      timeout: 60_000,
    });
    assert.equal(result.status, 0, `${result.stdout}\n${result.stderr}`);
    assert.match(result.stdout, /^ok: 15 files \(3 clusters\), no problems/);
  });
});

describe('karpd validate and the instance-type catalog', () => {
  it('warns (exit 0) when a NodePool matches no instance type, naming the conflict', async () => {
    const io = captured();
    assert.equal(await run(['test/fixtures/manifests/impossible'], io), 0);
    assert.ok(
      io.stdout.some((line) =>
        line.startsWith(
          'test/fixtures/manifests/impossible/impossible-requirements.yaml:14: NodePool/airflow-worker-arm64: spec.template.spec.requirements[1]: warning: requirements[0] (node.kubernetes.io/instance-type In [m5.large]) and requirements[1] (kubernetes.io/arch In [arm64]) together match no instance type',
        ),
      ),
      io.stdout.join('\n'),
    );
    assert.equal(io.stdout.at(-1), '0 errors, 4 warnings in 1 file');
  });
});
