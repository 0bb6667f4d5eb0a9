/**
 * deploy/'s manifests agree with each other and with karpd: the ConfigMap is
 * a valid `karpd run` config, the probes hit its metrics listener, the mounts
 * are where the config reads, the PDB and Service select the pods, the image
 * tag is the package's version, the kustomization lists every CRD, and the
 * two alert files hold the same rules over metrics karpd exports.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { createAgentMetrics } from '../../src/observe/metrics.js';
import { parseRunConfig } from '../../src/operator/run-config.js';
import { DEPLOY, ROOT, manifest, readManifests } from './deploy-files.js';

const deployment = manifest('agent/deployment.yaml', 'Deployment', 'karpd');
const podSpec = deployment.spec.template.spec;
const container = podSpec.containers[0];
const configMap = manifest('agent/configmap.yaml', 'ConfigMap', 'karpd-config');
const config = parseRunConfig(configMap.data['karpd.yaml'], 'deploy/agent/configmap.yaml');

function mountPathOf(volume: string): string {
  const mount = container.volumeMounts.find((m: { name: string }) => m.name === volume);
  assert.ok(mount, `no volumeMount for volume ${volume}`);
  return mount.mountPath;
}

describe('deploy/agent', () => {
  it('GIVEN the ConfigMap THEN its karpd.yaml is a valid karpd run config for one in-cluster agent', () => {
    assert.equal(config.clusters.length, 1);
    assert.equal(config.clusters[0].kubeContext, 'inClusterContext');
    assert.equal(config.clusters[0].kubeconfig, undefined);
    assert.equal(config.clusters[0].metrics.bindAddress?.host, '0.0.0.0');
  });

  it('GIVEN the Deployment THEN it runs two replicas of karpd run with the mounted config', () => {
    assert.equal(deployment.spec.replicas, 2);
    const [flag, path] = container.args.slice(1);
    assert.deepEqual([container.args[0], flag], ['run', '--config']);
    assert.equal(path, `${mountPathOf('config')}/karpd.yaml`);
    assert.equal(podSpec.serviceAccountName, manifest('rbac/karpd-rbac.yaml', 'ServiceAccount').metadata.name);
  });

  it('THEN the probes and the metrics port are the metrics listener of karpd.yaml', () => {
    const port = container.ports.find((p: { name: string }) => p.name === 'http-metrics');
    assert.equal(port.containerPort, config.clusters[0].metrics.bindAddress?.port);
    assert.equal(container.livenessProbe.httpGet.path, '/healthz');
    assert.equal(container.startupProbe.httpGet.path, '/healthz');
    assert.equal(container.readinessProbe.httpGet.path, '/readyz');
    for (const probe of [container.livenessProbe, container.readinessProbe, container.startupProbe])
      assert.equal(probe.httpGet.port, 'http-metrics');
    const service = manifest('agent/service.yaml', 'Service');
    assert.deepEqual(
      service.spec.ports.map((p: Record<string, unknown>) => [p.port, p.targetPort]),
      [[port.containerPort, 'http-metrics']],
    );
  });

  it('THEN the agent API port is not a container port (it listens on 127.0.0.1, reached by port-forward)', () => {
    assert.ok(!container.ports.some((p: { containerPort: number }) => p.containerPort === config.clusters[0].port));
  });

  it('THEN the token file, the state folder and the git credentials are where karpd.yaml and GIT_SSH_COMMAND read them', () => {
    assert.equal(config.tokenFile, `${mountPathOf('agent-token')}/token`);
    assert.equal(config.stateDir, mountPathOf('state'));
    const env = Object.fromEntries(container.env.map((e: { name: string; value: string }) => [e.name, e.value]));
    assert.match(env.GIT_SSH_COMMAND, new RegExp(`-i ${mountPathOf('git-credentials')}/identity `));
    assert.match(env.GIT_SSH_COMMAND, new RegExp(`UserKnownHostsFile=${mountPathOf('git-credentials')}/known_hosts`));
    assert.equal(mountPathOf('gitconfig'), `${env.XDG_CONFIG_HOME}/git`);
    assert.match(configMap.data.gitconfig, new RegExp(`--file=${mountPathOf('git-credentials')}/git-credentials`));
    const secrets = podSpec.volumes.filter((v: Record<string, unknown>) => v.secret !== undefined);
    assert.deepEqual(secrets.map((v: { secret: { secretName: string } }) => v.secret.secretName).sort(), [
      'karpd-agent-token',
      'karpd-git',
    ]);
  });

  it('THEN the container runs as the restricted Pod Security level of its namespace requires', () => {
    assert.equal(manifest('namespace.yaml', 'Namespace').metadata.labels['pod-security.kubernetes.io/enforce'], 'restricted');
    assert.equal(podSpec.securityContext.runAsNonRoot, true);
    assert.equal(podSpec.securityContext.seccompProfile.type, 'RuntimeDefault');
    assert.equal(container.securityContext.allowPrivilegeEscalation, false);
    assert.deepEqual(container.securityContext.capabilities.drop, ['ALL']);
  });

  it('GIVEN the PDB and the Service THEN they select the pods of the Deployment, and the PDB keeps one', () => {
    const labels = deployment.spec.template.metadata.labels;
    const pdb = manifest('agent/pod-disruption-budget.yaml', 'PodDisruptionBudget');
    assert.equal(pdb.spec.minAvailable, 1);
    for (const selector of [
      pdb.spec.selector.matchLabels,
      manifest('agent/service.yaml', 'Service').spec.selector,
      deployment.spec.selector.matchLabels,
    ])
      for (const [key, value] of Object.entries(selector)) assert.equal(labels[key], value, key);
  });

  it('GIVEN the image THEN it is the placeholder ghcr.io/karpd/karpd at the package version, in the Deployment and the kustomization', () => {
    const { version } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
    assert.equal(container.image, `ghcr.io/karpd/karpd:${version}`);
    const kustomization = parse(readFileSync(join(DEPLOY, 'kustomization.yaml'), 'utf8'));
    assert.deepEqual(kustomization.images, [{ name: 'ghcr.io/karpd/karpd', newTag: version }]);
  });

  it('GIVEN deploy/crds THEN the kustomization installs every CRD in it', () => {
    const kustomization = parse(readFileSync(join(DEPLOY, 'kustomization.yaml'), 'utf8'));
    const crds = readdirSync(join(DEPLOY, 'crds')).filter((f) => f.endsWith('.yaml'));
    assert.equal(crds.length, 4);
    for (const file of crds) assert.ok(kustomization.resources.includes(`crds/${file}`), file);
  });
});

describe('deploy/monitoring', () => {
  const rulesFile = parse(readFileSync(join(DEPLOY, 'monitoring/karpd-alerts.rules.yaml'), 'utf8'));
  const prometheusRule = manifest('monitoring/prometheus-rule.yaml', 'PrometheusRule');

  it('GIVEN the PrometheusRule and the plain rules file THEN they hold the same groups', () => {
    assert.deepEqual(prometheusRule.spec, rulesFile);
  });

  it('THEN they are the two alerts of the design note, for failed provisioning and nodes never Ready', () => {
    const alerts = rulesFile.groups.flatMap((g: { rules: { alert: string }[] }) => g.rules.map((r) => r.alert));
    assert.deepEqual(alerts, ['KarpenterProvisioningFailed', 'KarpenterNodeNotReady']);
  });

  it('THEN every karpenter_ metric and label they use is one karpd exports', () => {
    const registry = createAgentMetrics({ processMetrics: false });
    for (const rule of rulesFile.groups[0].rules) {
      for (const [, name, selector] of String(rule.expr).matchAll(/\b(karpenter_\w+)(\{[^}]*\})?/g)) {
        const metric = registry.registry.getSingleMetric(name) as unknown as { labelNames: string[] } | undefined;
        assert.ok(metric, `${rule.alert}: ${name} is not exported by src/observe/metrics.ts`);
        const declared = metric.labelNames;
        for (const [, label] of (selector ?? '').matchAll(/(\w+)\s*=~?/g))
          assert.ok(declared.includes(label), `${rule.alert}: ${name} has no label ${label}`);
      }
    }
  });

  it('THEN the component renders the PrometheusRule and a ServiceMonitor of the metrics port', () => {
    const component = parse(readFileSync(join(DEPLOY, 'monitoring/kustomization.yaml'), 'utf8'));
    assert.equal(component.kind, 'Component');
    assert.deepEqual(component.resources, ['prometheus-rule.yaml', 'service-monitor.yaml']);
    const monitor = manifest('monitoring/service-monitor.yaml', 'ServiceMonitor');
    assert.deepEqual(
      monitor.spec.endpoints.map((e: { port: string }) => e.port),
      ['http-metrics'],
    );
    assert.equal(readManifests('monitoring/service-monitor.yaml').length, 1);
  });
});

describe('deploy/iam', () => {
  it('GIVEN the controller policy THEN it grants every action of aws-provider.md §7 and the README', () => {
    const policy = JSON.parse(readFileSync(join(DEPLOY, 'iam/karpd-controller-policy.json'), 'utf8'));
    const actions = new Set<string>(policy.Statement.flatMap((s: { Action: string | string[] }) => [s.Action].flat()));
    for (const action of [
      'ec2:RunInstances',
      'ec2:CreateFleet',
      'ec2:CreateLaunchTemplate',
      'ec2:DeleteLaunchTemplate',
      'ec2:CreateTags',
      'ec2:TerminateInstances',
      'ec2:DescribeInstanceTypes',
      'ec2:DescribeInstanceTypeOfferings',
      'ec2:DescribeSpotPriceHistory',
      'ec2:DescribeSubnets',
      'ec2:DescribeSecurityGroups',
      'ec2:DescribeImages',
      'ec2:DescribeLaunchTemplates',
      'ec2:DescribeInstances',
      'ssm:GetParameter',
      'pricing:GetProducts',
      'sqs:ReceiveMessage',
      'sqs:DeleteMessage',
      'sqs:GetQueueUrl',
      'iam:PassRole',
      'iam:GetInstanceProfile',
      'iam:CreateInstanceProfile',
      'iam:TagInstanceProfile',
      'iam:AddRoleToInstanceProfile',
      'iam:RemoveRoleFromInstanceProfile',
      'iam:DeleteInstanceProfile',
      'eks:DescribeCluster',
    ])
      assert.ok(actions.has(action), action);
    assert.ok(![...actions].some((a) => a.endsWith('*')), 'no wildcard actions');
  });
});
