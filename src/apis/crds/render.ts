/**
 * The CRD files of deploy/crds as text: generated, never edited by hand
 * (`npm run generate:crds` writes them; a test fails when they are stale).
 */
import { stringify } from 'yaml';
import { decisionCrd } from './decision-crd.js';
import { ec2NodeClassCrd } from './ec2nodeclass-crd.js';
import { nodeClaimCrd, nodePoolCrd } from './karpenter-sh-crds.js';
import type { OpenApi } from './openapi.js';

/** One generated file: its name in deploy/crds and its contents. */
export interface CrdFile {
  readonly file: string;
  readonly text: string;
}

function header(kind: string, source: string): string {
  return [
    `# ${kind} CustomResourceDefinition, as karpd's embedded API server enforces it and an in-cluster deployment installs it.`,
    `# Generated from ${source} by \`npm run generate:crds\`: do not edit by hand.`,
    '',
  ].join('\n');
}

function render(kind: string, source: string, crd: OpenApi): string {
  return `${header(kind, source)}${stringify(crd, { lineWidth: 0, indentSeq: true, aliasDuplicateObjects: false })}`;
}

/** Every CRD karpd ships, rendered. */
export function renderCrdFiles(): CrdFile[] {
  return [
    {
      file: 'karpenter.k8s.aws_ec2nodeclasses.yaml',
      text: render(
        'EC2NodeClass (karpenter.k8s.aws/v1)',
        'src/apis/validation/ec2nodeclass-schema.ts and src/apis/crds/ec2nodeclass-crd.ts',
        ec2NodeClassCrd(),
      ),
    },
    {
      file: 'karpenter.sh_nodeclaims.yaml',
      text: render(
        'NodeClaim (karpenter.sh/v1)',
        'src/apis/validation/nodepool-schema.ts and src/apis/crds/karpenter-sh-crds.ts',
        nodeClaimCrd(),
      ),
    },
    {
      file: 'karpd.dev_decisions.yaml',
      text: render(
        'Decision (karpd.dev/v1alpha1)',
        'src/apis/validation/decision-schema.ts and src/apis/crds/decision-crd.ts',
        decisionCrd(),
      ),
    },
    {
      file: 'karpenter.sh_nodepools.yaml',
      text: render(
        'NodePool (karpenter.sh/v1)',
        'src/apis/validation/nodepool-schema.ts and src/apis/crds/karpenter-sh-crds.ts',
        nodePoolCrd(),
      ),
    },
  ];
}
