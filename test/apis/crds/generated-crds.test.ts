/**
 * deploy/crds is generated from the project's schema (src/apis/crds): the
 * files on disk must be what the generator writes now, and every overlay path
 * must name a field of the schema it decorates.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { EC2NODECLASS_CRD_OVERLAY, ec2NodeClassCrd } from '../../../src/apis/crds/ec2nodeclass-crd.js';
import { KARPENTER_SH_OVERLAYS, nodePoolCrd } from '../../../src/apis/crds/karpenter-sh-crds.js';
import { toOpenApi, unusedOverlayPaths } from '../../../src/apis/crds/openapi.js';
import { renderCrdFiles } from '../../../src/apis/crds/render.js';
import { EC2NODECLASS_SPEC_SCHEMA } from '../../../src/apis/validation/ec2nodeclass-schema.js';
import { NODECLAIM_SPEC_SCHEMA, NODEPOOL_SPEC_SCHEMA } from '../../../src/apis/validation/nodepool-schema.js';

/** Follows `path` (property names) through nested objects. */
function dig(value: unknown, ...path: string[]): Record<string, unknown> {
  let node = value;
  for (const key of path) node = Array.isArray(node) ? node[Number(key)] : (node as Record<string, unknown> | undefined)?.[key];
  return (node ?? {}) as Record<string, unknown>;
}

const CRD_DIR = join(import.meta.dirname, '../../../deploy/crds');

describe('generated CRDs', () => {
  it('deploy/crds is up to date (run `npm run generate:crds`)', () => {
    for (const { file, text } of renderCrdFiles()) {
      assert.equal(readFileSync(join(CRD_DIR, file), 'utf8'), text, `deploy/crds/${file} is stale: run npm run generate:crds`);
    }
  });

  it('every overlay path names a field of its schema', () => {
    assert.deepEqual(unusedOverlayPaths(NODEPOOL_SPEC_SCHEMA, KARPENTER_SH_OVERLAYS.nodePool), []);
    assert.deepEqual(unusedOverlayPaths(NODECLAIM_SPEC_SCHEMA, KARPENTER_SH_OVERLAYS.nodeClaim), []);
    assert.deepEqual(unusedOverlayPaths(EC2NODECLASS_SPEC_SCHEMA, EC2NODECLASS_CRD_OVERLAY), []);
    assert.deepEqual(unusedOverlayPaths(NODEPOOL_SPEC_SCHEMA, { 'template.spec.nodeClasRef': {} }), ['template.spec.nodeClasRef']);
  });

  it('carries the FieldSchema bounds, enums, patterns and required fields into OpenAPI', () => {
    const spec = toOpenApi(NODEPOOL_SPEC_SCHEMA) as { properties: Record<string, Record<string, unknown>>; required: string[] };
    assert.deepEqual(spec.required, ['template']);
    assert.equal(spec.properties.weight?.maximum, 100);
    assert.equal(spec.properties.weight?.minimum, 1);
    const root = (crd: unknown) => dig(crd, 'spec', 'versions', '0', 'schema', 'openAPIV3Schema', 'properties', 'spec');
    const templateSpec = dig(root(nodePoolCrd()), 'properties', 'template', 'properties', 'spec');
    assert.deepEqual(templateSpec.required, ['nodeClassRef', 'requirements']);
    assert.equal(dig(templateSpec, 'properties', 'expireAfter').pattern, '^(([0-9]+(s|m|h))+|Never)$');
    assert.ok((dig(root(ec2NodeClassCrd()), 'properties', 'amiFamily').enum as string[]).includes('AL2023'));
  });

  it('keeps names, categories, short names and subresources', () => {
    const byFile = new Map(renderCrdFiles().map((f) => [f.file, f.text]));
    assert.match(byFile.get('karpenter.k8s.aws_ec2nodeclasses.yaml') ?? '', /shortNames:\n\s+- ec2nc\n\s+- ec2ncs/);
    assert.match(
      byFile.get('karpenter.sh_nodepools.yaml') ?? '',
      /scale:\n\s+specReplicasPath: .spec.replicas\n\s+statusReplicasPath: .status.nodes/,
    );
  });
});
