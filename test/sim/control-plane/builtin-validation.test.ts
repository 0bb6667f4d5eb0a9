/**
 * Built-in kinds are validated at admission as kube-apiserver does: a
 * malformed Pod, workload, Node or PDB is 422 naming the field, never a 500
 * and never stored.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startControlPlane, type ControlPlane } from '../../../src/sim/control-plane/control-plane.js';

let cp: ControlPlane;
before(async () => {
  cp = await startControlPlane({});
});
after(() => cp.close());

async function send(method: string, path: string, body: unknown, contentType = 'application/json'): Promise<{ status: number; json: any }> {
  const res = await fetch(`${cp.url}${path}`, { method, body: JSON.stringify(body), headers: { 'Content-Type': contentType } });
  return { status: res.status, json: await res.json() };
}

const PODS = '/api/v1/namespaces/default/pods';
const DEPLOYMENTS = '/apis/apps/v1/namespaces/default/deployments';

function pod(name: string, spec: unknown): unknown {
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name }, spec };
}

function container(extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { name: 'app', image: 'nginx', ...extra };
}

async function rejected(path: string, body: unknown, field: string, message: RegExp): Promise<void> {
  const res = await send('POST', path, body);
  assert.equal(res.status, 422, JSON.stringify(res.json));
  assert.equal(res.json.reason, 'Invalid');
  const cause = res.json.details.causes.find((c: { field: string }) => c.field === field);
  assert.ok(cause, `no cause for ${field}: ${JSON.stringify(res.json.details.causes)}`);
  assert.match(cause.message, message);
  assert.ok(res.json.message.includes(field), res.json.message);
  const name = (body as { metadata: { name: string } }).metadata.name;
  assert.equal((await fetch(`${cp.url}${path}/${name}`)).status, 404, 'a rejected object is not stored');
}

describe('Pod admission', () => {
  it('rejects containers that are not a list, missing or empty', async () => {
    await rejected(PODS, pod('p1', { containers: 'nope' }), 'spec.containers', /must be a list/);
    await rejected(PODS, pod('p2', {}), 'spec.containers', /Required value/);
    await rejected(PODS, pod('p3', { containers: [] }), 'spec.containers', /Required value/);
    await rejected(PODS, pod('p4', 'nope'), 'spec.containers', /Required value/);
  });

  it('rejects a quantity that does not parse, naming the resource', async () => {
    const spec = { containers: [container({ resources: { requests: { cpu: 'lots' } } })] };
    await rejected(
      PODS,
      pod('p5', spec),
      'spec.containers[0].resources.requests[cpu]',
      /^Invalid value: "lots": quantities must match the regular expression/,
    );
    const limits = { containers: [container({ resources: { limits: { memory: '-1Gi' } } })] };
    await rejected(PODS, pod('p6', limits), 'spec.containers[0].resources.limits[memory]', /must be greater than or equal to 0/);
    const over = { containers: [container({ resources: { requests: { cpu: '2' }, limits: { cpu: '1' } } })] };
    await rejected(PODS, pod('p7', over), 'spec.containers[0].resources.requests[cpu]', /must be less than or equal to cpu limit of 1/);
  });

  it('rejects bad, duplicate and missing container names and a missing image', async () => {
    await rejected(PODS, pod('p8', { containers: [container({ name: 'Bad_Name' })] }), 'spec.containers[0].name', /RFC 1123 label/);
    await rejected(PODS, pod('p9', { containers: [container(), container()] }), 'spec.containers[1].name', /Duplicate value: "app"/);
    await rejected(PODS, pod('p10', { containers: [{ image: 'nginx' }] }), 'spec.containers[0].name', /Required value/);
    await rejected(PODS, pod('p11', { containers: [{ name: 'app' }] }), 'spec.containers[0].image', /Required value/);
    await rejected(
      PODS,
      pod('p12', { initContainers: [container()], containers: [container()] }),
      'spec.initContainers[0].name',
      /Duplicate/,
    );
  });

  it('accepts a valid pod, and rejects a patch that breaks it (the stored pod is unchanged)', async () => {
    const ok = await send(
      'POST',
      PODS,
      pod('good', { containers: [container({ resources: { requests: { cpu: '250m', memory: 1024 } } })] }),
    );
    assert.equal(ok.status, 201, JSON.stringify(ok.json));
    const patched = await send('PATCH', `${PODS}/good`, { spec: { containers: 'nope' } }, 'application/merge-patch+json');
    assert.equal(patched.status, 422);
    assert.equal(patched.json.details.causes[0].field, 'spec.containers');
    const stored = (await (await fetch(`${cp.url}${PODS}/good`)).json()) as { spec: { containers: Array<{ name: string }> } };
    assert.equal(stored.spec.containers[0].name, 'app');
  });
});

function deployment(name: string, spec: Record<string, unknown>): unknown {
  const template = { metadata: { labels: { app: name } }, spec: { containers: [container()] } };
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name },
    spec: { replicas: 1, selector: { matchLabels: { app: name } }, template, ...spec },
  };
}

describe('workload admission', () => {
  it('validates the pod template with its own field paths', async () => {
    const template = {
      metadata: { labels: { app: 'd1' } },
      spec: { containers: [container({ resources: { requests: { cpu: 'lots' } } })] },
    };
    await rejected(DEPLOYMENTS, deployment('d1', { template }), 'spec.template.spec.containers[0].resources.requests[cpu]', /"lots"/);
    const noContainers = { metadata: { labels: { app: 'd2' } }, spec: { containers: 'nope' } };
    await rejected(DEPLOYMENTS, deployment('d2', { template: noContainers }), 'spec.template.spec.containers', /must be a list/);
  });

  it('requires a selector that matches the template labels, and replicas ≥ 0', async () => {
    await rejected(
      DEPLOYMENTS,
      deployment('d3', { selector: { matchLabels: { app: 'other' } } }),
      'spec.template.metadata.labels',
      /does not match template/,
    );
    await rejected(DEPLOYMENTS, deployment('d4', { selector: undefined }), 'spec.selector', /Required value/);
    await rejected(DEPLOYMENTS, deployment('d5', { replicas: -1 }), 'spec.replicas', /must be greater than or equal to 0/);
    const rs = { ...(deployment('r1', { replicas: 'three' }) as object), apiVersion: 'apps/v1', kind: 'ReplicaSet' };
    await rejected('/apis/apps/v1/namespaces/default/replicasets', rs, 'spec.replicas', /must be an integer/);
    const ds = { ...(deployment('ds1', { selector: { matchLabels: { app: 'x' } } }) as object), kind: 'DaemonSet' };
    await rejected('/apis/apps/v1/namespaces/default/daemonsets', ds, 'spec.template.metadata.labels', /does not match/);
  });

  it('accepts a valid deployment', async () => {
    const res = await send('POST', DEPLOYMENTS, deployment('fine', { replicas: 0 }));
    assert.equal(res.status, 201, JSON.stringify(res.json));
  });
});

describe('Node, PodDisruptionBudget and Namespace admission', () => {
  it('rejects node capacity that is not a quantity', async () => {
    const node = {
      apiVersion: 'v1',
      kind: 'Node',
      metadata: { name: 'n1' },
      status: { capacity: { cpu: 'lots' }, allocatable: { pods: '110' } },
    };
    await rejected('/api/v1/nodes', node, 'status.capacity[cpu]', /quantities must match/);
  });

  it('rejects minAvailable/maxUnavailable that are not int-or-percent, or both set', async () => {
    const pdb = (name: string, spec: unknown) => ({ apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: { name }, spec });
    const path = '/apis/policy/v1/namespaces/default/poddisruptionbudgets';
    await rejected(path, pdb('b1', { minAvailable: 'half' }), 'spec.minAvailable', /valid percent string/);
    await rejected(path, pdb('b2', { maxUnavailable: -1 }), 'spec.maxUnavailable', /greater than or equal to 0/);
    await rejected(path, pdb('b3', { minAvailable: 1, maxUnavailable: '10%' }), 'spec', /cannot be both set/);
    assert.equal((await send('POST', path, pdb('b4', { minAvailable: '50%' }))).status, 201);
  });

  it('rejects a namespace whose name is not a DNS-1123 label', async () => {
    await rejected(
      '/api/v1/namespaces',
      { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'Team_A' } },
      'metadata.name',
      /RFC 1123 label/,
    );
  });
});
