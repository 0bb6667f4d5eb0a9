/**
 * Node bootstrap user data (https://karpenter.sh/docs/concepts/nodeclasses/#specuserdata). AL2023: a MIME multi-part
 * document with the user's part first and karpd's NodeConfig appended.
 * Custom: the user's data unchanged. Other families get the NodeConfig as
 * well for now (a simplification noted in docs/design/cloud-providers.md).
 */
import type { KubeletConfiguration } from '../../apis/ec2nodeclass.js';
import type { Taint } from '../../apis/core-v1.js';

/** Cluster facts the node needs to join. */
export interface ClusterBootstrap {
  readonly name: string;
  readonly endpoint?: string;
  readonly caBundle?: string;
  readonly serviceCIDR?: string;
}

/** What one launch template's user data carries. */
export interface UserDataOptions {
  readonly cluster: ClusterBootstrap;
  readonly amiFamily: string;
  readonly userData?: string;
  readonly kubelet?: KubeletConfiguration;
  readonly maxPods: number;
  readonly labels: Readonly<Record<string, string>>;
  readonly taints: readonly Taint[];
}

const BOUNDARY = '//';

function nodeLabels(labels: Readonly<Record<string, string>>): string {
  const allowed = Object.entries(labels).filter(([key]) => !/(^|\.)(kubernetes\.io|k8s\.io)\//.test(key));
  return allowed
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([key, value]) => `${key}=${value}`)
    .join(',');
}

function nodeConfig(options: UserDataOptions): string {
  const { cluster } = options;
  const taints = options.taints.map((taint) => `${taint.key}${taint.value === undefined ? '' : `=${taint.value}`}:${taint.effect}`);
  const kubelet = { ...options.kubelet, maxPods: options.kubelet?.maxPods ?? options.maxPods, registerWithTaints: taints };
  const labels = nodeLabels(options.labels);
  return [
    'apiVersion: node.eks.aws/v1alpha1',
    'kind: NodeConfig',
    'spec:',
    '  cluster:',
    `    name: ${JSON.stringify(cluster.name)}`,
    ...(cluster.endpoint === undefined ? [] : [`    apiServerEndpoint: ${JSON.stringify(cluster.endpoint)}`]),
    ...(cluster.caBundle === undefined ? [] : [`    certificateAuthority: ${JSON.stringify(cluster.caBundle)}`]),
    ...(cluster.serviceCIDR === undefined ? [] : [`    cidr: ${JSON.stringify(cluster.serviceCIDR)}`]),
    '  kubelet:',
    `    config: ${JSON.stringify(kubelet)}`,
    ...(labels === '' ? [] : ['    flags:', `      - ${JSON.stringify(`--node-labels=${labels}`)}`]),
  ].join('\n');
}

function part(contentType: string, body: string): string {
  return `--${BOUNDARY}\nContent-Type: ${contentType}\n\n${body}\n`;
}

function userPart(userData: string): string {
  if (userData.startsWith('#!')) return part('text/x-shellscript; charset="us-ascii"', userData);
  return part('application/node.eks.aws', userData);
}

/** The user data for one launch template, base64-encoded as EC2 expects. */
export function buildUserData(options: UserDataOptions): string {
  if (options.amiFamily === 'Custom') return Buffer.from(options.userData ?? '').toString('base64');
  const parts = [
    ...(options.userData === undefined || options.userData === '' ? [] : [userPart(options.userData)]),
    part('application/node.eks.aws', nodeConfig(options)),
  ];
  const mime = `MIME-Version: 1.0\nContent-Type: multipart/mixed; boundary="${BOUNDARY}"\n\n${parts.join('\n')}\n--${BOUNDARY}--\n`;
  return Buffer.from(mime).toString('base64');
}
