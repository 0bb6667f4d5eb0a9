/**
 * The least RBAC karpd needs: deploy/rbac/karpd-rbac.yaml grants exactly the
 * README's RBAC table (README "Real clusters"), no wildcard, and the table
 * covers what src/kube and the Decision repository do — every kind in
 * src/kube/resource-kinds.ts, list and watch for every informer kind, and
 * each REST call written as `method: 'X', path: …(Kinds.y …)` or through
 * KubeWriter's mergePatch / updateObject / deleteObject.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Kinds } from '../../src/kube/resource-kinds.js';
import { ROOT, manifest } from './deploy-files.js';

/** One permission: where (`cluster` or `ns:<namespace>`), API group, resource (with subresource), verb. */
type Grant = string;
const grant = (scope: string, group: string, resource: string, verb: string): Grant => `${scope} ${group || 'core'} ${resource} ${verb}`;

function readmeGrants(): Set<Grant> {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const start = readme.indexOf('The agent needs these Kubernetes permissions');
  assert.ok(start >= 0, 'README has no RBAC table');
  const rows = readme
    .slice(start)
    .split('\n')
    .slice(2)
    .filter((line, i, lines) => line.startsWith('|') && lines.slice(0, i).every((l) => l.startsWith('|')))
    .slice(2);
  assert.ok(rows.length >= 8, 'RBAC table rows');
  const grants = new Set<Grant>();
  for (const row of rows) {
    const [groupsCell, resourcesCell, verbsCell] = row
      .split('|')
      .slice(1, 4)
      .map((cell) => cell.trim());
    const groups = groupsCell.split(',').map((g) =>
      g
        .trim()
        .replace(/`/g, '')
        .replace(/^core$/, ''),
    );
    const namespace = /in `([a-z-]+)`/.exec(resourcesCell)?.[1];
    const scope = namespace === undefined ? 'cluster' : `ns:${namespace}`;
    const resources = [...resourcesCell.replace(/in `[a-z-]+`/, '').matchAll(/`([a-z0-9/.]+)`/g)].map((m) => m[1]);
    const [own, ...extra] = verbsCell.split(';');
    const add = (names: string[], verbs: string) => {
      for (const group of groups)
        for (const resource of names)
          for (const verb of verbs.split(',').map((v) => v.trim())) grants.add(grant(scope, group, resource, verb));
    };
    add(resources, own);
    for (const part of extra) {
      const [, sub, verbs] = /`([a-z0-9/.]+)`:\s*(.*)/.exec(part.trim()) ?? [];
      add([sub], verbs);
    }
  }
  return grants;
}

interface Rule {
  apiGroups: string[];
  resources: string[];
  verbs: string[];
  resourceNames?: string[];
}

function manifestGrants(): Set<Grant> {
  const grants = new Set<Grant>();
  const add = (scope: string, rules: Rule[]) => {
    for (const rule of rules) {
      assert.equal(rule.resourceNames, undefined, 'resourceNames are not in the README table');
      for (const group of rule.apiGroups)
        for (const resource of rule.resources) for (const verb of rule.verbs) grants.add(grant(scope, group, resource, verb));
    }
  };
  add('cluster', manifest('rbac/karpd-rbac.yaml', 'ClusterRole', 'karpd').rules);
  const role = manifest('rbac/karpd-rbac.yaml', 'Role', 'karpd-leader-election');
  add(`ns:${role.metadata.namespace}`, role.rules);
  return grants;
}

function groupOf(apiVersion: string): string {
  return apiVersion.includes('/') ? apiVersion.split('/')[0] : '';
}

/** Whether `grants` allow `verb` on `resource` of `group` anywhere (the cluster or a namespace). */
function allowed(grants: Set<Grant>, group: string, resource: string, verb: string): boolean {
  return [...grants].some((g) => g.endsWith(` ${group || 'core'} ${resource} ${verb}`));
}

/** The REST calls of karpd's kube-facing code, as [kind key, resource suffix, verb]. */
function callsInSource(): Array<[keyof typeof Kinds, string, string]> {
  const files = [
    'src/kube/kube-writer.ts',
    'src/kube/leader-election.ts',
    'src/kube/event-recorder.ts',
    'src/gitops/decisions/kube-decision-repository.ts',
  ];
  const calls: Array<[keyof typeof Kinds, string, string]> = [];
  const verbOf: Record<string, string> = { POST: 'create', PUT: 'update', PATCH: 'patch', DELETE: 'delete' };
  for (const file of files) {
    const text = readFileSync(join(ROOT, file), 'utf8');
    for (const m of text.matchAll(/method: '(\w+)',\s*path: (collectionPath|objectPath)\(Kinds\.(\w+)([^\n]*)/g)) {
      const [, method, builder, kind, rest] = m;
      const sub = /'(status|eviction)'/.exec(rest)?.[1];
      const verb = method === 'GET' ? (builder === 'collectionPath' ? 'list' : 'get') : verbOf[method];
      calls.push([kind as keyof typeof Kinds, sub === undefined ? '' : `/${sub}`, verb]);
    }
    for (const m of text.matchAll(/this\.(mergePatch|updateObject|deleteObject)(?:<\w+>)?\(Kinds\.(\w+)([^\n]*)/g)) {
      const [, helper, kind, rest] = m;
      const sub = /'status'\)/.test(rest) ? '/status' : '';
      const verbs = helper === 'mergePatch' ? ['patch'] : helper === 'updateObject' ? ['get', 'update'] : ['delete'];
      for (const verb of verbs) calls.push([kind as keyof typeof Kinds, sub, verb]);
    }
  }
  return calls;
}

describe('karpd RBAC', () => {
  const granted = manifestGrants();

  it('GIVEN the README RBAC table and deploy/rbac THEN they grant exactly the same permissions', () => {
    assert.deepEqual([...granted].sort(), [...readmeGrants()].sort());
  });

  it('THEN nothing is a wildcard, and neither Secrets nor ConfigMaps nor RBAC objects are readable', () => {
    for (const g of granted) assert.doesNotMatch(g, /\*/);
    for (const resource of ['secrets', 'configmaps', 'clusterroles', 'roles', 'serviceaccounts'])
      assert.ok(![...granted].some((g) => g.includes(` ${resource} `)), resource);
  });

  it('GIVEN every kind src/kube knows THEN the table grants something on it (a new kind needs a row)', () => {
    for (const kind of Object.values(Kinds)) {
      const group = groupOf(kind.apiVersion) || 'core';
      assert.ok(
        [...granted].some((g) => g.includes(` ${group} ${kind.plural} `)),
        `${kind.kind} (${kind.plural})`,
      );
    }
  });

  it('GIVEN the informer kinds THEN list and watch are granted cluster-wide', () => {
    const text = readFileSync(join(ROOT, 'src/kube/cluster-informers.ts'), 'utf8');
    const informed = [...text.matchAll(/: Kinds\.(\w+),/g)].map((m) => Kinds[m[1] as keyof typeof Kinds]);
    assert.equal(informed.length, 7);
    for (const kind of informed)
      for (const verb of ['list', 'watch'])
        assert.ok(granted.has(grant('cluster', groupOf(kind.apiVersion), kind.plural, verb)), `${verb} ${kind.plural}`);
  });

  it('GIVEN the REST calls in src/kube and the Decision repository THEN each is granted', () => {
    const calls = callsInSource();
    assert.ok(calls.length >= 15, `found only ${calls.length} calls`);
    for (const [key, sub, verb] of calls) {
      const kind = Kinds[key];
      assert.ok(allowed(granted, groupOf(kind.apiVersion), `${kind.plural}${sub}`, verb), `${verb} ${kind.plural}${sub}`);
    }
    const events = ['', 'events.k8s.io'].every((group) => allowed(granted, group, 'events', 'create'));
    assert.ok(events, 'events can be created in both groups');
  });

  it('GIVEN the bindings THEN they bind the roles to the ServiceAccount the Deployment runs as', () => {
    const account = manifest('rbac/karpd-rbac.yaml', 'ServiceAccount');
    const subject = { kind: 'ServiceAccount', name: account.metadata.name, namespace: account.metadata.namespace };
    const deployment = manifest('agent/deployment.yaml', 'Deployment');
    assert.equal(deployment.metadata.namespace, account.metadata.namespace);
    assert.equal(deployment.spec.template.spec.serviceAccountName, account.metadata.name);
    const clusterBinding = manifest('rbac/karpd-rbac.yaml', 'ClusterRoleBinding');
    assert.deepEqual(clusterBinding.subjects, [subject]);
    assert.deepEqual(clusterBinding.roleRef, { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'karpd' });
    const binding = manifest('rbac/karpd-rbac.yaml', 'RoleBinding');
    assert.equal(binding.metadata.namespace, 'kube-system');
    assert.deepEqual(binding.subjects, [subject]);
    assert.deepEqual(binding.roleRef, { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'karpd-leader-election' });
  });
});
