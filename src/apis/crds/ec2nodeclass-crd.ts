/**
 * The EC2NodeClass CRD (karpenter.k8s.aws/v1), generated from the project's
 * schema (ec2nodeclass-schema.ts) plus descriptions, defaults and the CEL
 * rules of the AWS provider's CRD
 * (https://github.com/aws/karpenter-provider-aws/tree/main/pkg/apis/crds).
 */
import { AMI_ALIAS_FAMILIES } from '../ec2nodeclass.js';
import { EC2NODECLASS_SPEC_SCHEMA, EVICTION_SIGNAL_KEYS } from '../validation/ec2nodeclass-schema.js';
import { toOpenApi, type OpenApi, type Overlay } from './openapi.js';
import { conditionsSchema, rootSchema } from './shared.js';

const list = (items: readonly string[]): string => items.map((item) => `'${item}'`).join(', ');
const TAG_RULES = [{ message: "empty tag keys or values aren't supported", rule: "self.all(k, k != '' && self[k] != '')" }];
const EVICTION_THRESHOLD =
  '^((\\d{1,2}(\\.\\d{1,2})?|100(\\.0{1,2})?)%|(\\+|-)?(([0-9]+(\\.[0-9]*)?)|(\\.[0-9]+))(([KMGTPE]i)|[numkMGTPE]|([eE](\\+|-)?(([0-9]+(\\.[0-9]*)?)|(\\.[0-9]+))))?)$';
const ALIAS_FAMILIES = Object.keys(AMI_ALIAS_FAMILIES);
const RESERVED_KEYS = ['cpu', 'memory', 'ephemeral-storage', 'pid'];
const RESTRICTED_TAGS = ['karpenter.sh/nodepool', 'karpenter.sh/nodeclaim', 'karpenter.k8s.aws/ec2nodeclass', 'eks:eks-cluster-name'];

function mutuallyExclusive(field: string, others: readonly string[], where: string): OpenApi {
  return {
    message: `'${field}' is mutually exclusive, cannot be set with a combination of other fields in ${where}`,
    rule: `!self.exists(x, has(x.${field}) && (${others.map((o) => `has(x.${o})`).join(' || ')}))`,
  };
}

function atLeastOne(fields: readonly string[]): OpenApi {
  return {
    message: `expected at least one, got none, [${list(fields)}]`,
    rule: `self.all(x, ${fields.map((f) => `has(x.${f})`).join(' || ')})`,
  };
}

function evictionMap(name: string): OpenApi {
  return {
    additionalProperties: { type: 'string', pattern: EVICTION_THRESHOLD },
    'x-kubernetes-validations': [
      { message: `valid keys for ${name} are [${list(EVICTION_SIGNAL_KEYS)}]`, rule: `self.all(x, x in [${list(EVICTION_SIGNAL_KEYS)}])` },
    ],
  };
}

function reservedMap(name: string): OpenApi {
  return {
    'x-kubernetes-validations': [
      { message: `valid keys for ${name} are [${list(RESERVED_KEYS)}]`, rule: `self.all(x, x in [${list(RESERVED_KEYS)}])` },
      { message: `${name} value cannot be a negative resource quantity`, rule: "self.all(x, !self[x].startsWith('-'))" },
    ],
  };
}

const SPEC_RULES: OpenApi[] = [
  {
    message: "must specify exactly one of ['role', 'instanceProfile']",
    rule: '(has(self.role) && !has(self.instanceProfile)) || (!has(self.role) && has(self.instanceProfile))',
  },
  {
    message:
      "changing from 'instanceProfile' to 'role' is not supported. You must delete and recreate this node class if you want to change this.",
    rule: '(has(oldSelf.role) && has(self.role)) || (has(oldSelf.instanceProfile) && has(self.instanceProfile))',
  },
  {
    message: 'amiFamily is required when amiSelectorTerms does not specify an alias',
    rule: 'self.amiSelectorTerms.exists(x, has(x.alias)) || has(self.amiFamily)',
  },
];

const EC2NODECLASS_OVERLAY: Overlay = {
  '': { description: 'The AWS-specific configuration of the nodes a NodePool launches.', 'x-kubernetes-validations': SPEC_RULES },
  subnetSelectorTerms: {
    description: 'Which subnets nodes may launch in; terms are ORed.',
    'x-kubernetes-validations': [atLeastOne(['tags', 'id']), mutuallyExclusive('id', ['tags'], 'a subnet selector term')],
  },
  'subnetSelectorTerms[].tags': { 'x-kubernetes-validations': TAG_RULES },
  securityGroupSelectorTerms: {
    description: 'Which security groups nodes get; terms are ORed.',
    'x-kubernetes-validations': [
      atLeastOne(['tags', 'id', 'name']),
      mutuallyExclusive('id', ['tags', 'name'], 'a security group selector term'),
      mutuallyExclusive('name', ['tags', 'id'], 'a security group selector term'),
    ],
  },
  'securityGroupSelectorTerms[].tags': { 'x-kubernetes-validations': TAG_RULES },
  amiSelectorTerms: {
    description: 'Which AMIs nodes boot; terms are ORed.',
    'x-kubernetes-validations': [
      atLeastOne(['tags', 'id', 'name', 'alias', 'ssmParameter']),
      mutuallyExclusive('id', ['alias', 'tags', 'name', 'owner'], 'amiSelectorTerms'),
      mutuallyExclusive('alias', ['id', 'tags', 'name', 'owner'], 'amiSelectorTerms'),
      {
        message: "'alias' is mutually exclusive, cannot be set with a combination of other amiSelectorTerms",
        rule: '!(self.exists(x, has(x.alias)) && self.size() != 1)',
      },
    ],
  },
  'amiSelectorTerms[].tags': { 'x-kubernetes-validations': TAG_RULES },
  'amiSelectorTerms[].alias': {
    'x-kubernetes-validations': [
      { message: "'alias' is improperly formatted, must match the format 'family@version'", rule: "self.matches('^[a-zA-Z0-9]+@.+$')" },
      {
        message: `family is not supported, must be one of the following: ${list(ALIAS_FAMILIES)}`,
        rule: `self.split('@')[0] in [${list(ALIAS_FAMILIES)}]`,
      },
      {
        message: "windows families may only specify version 'latest'",
        rule: "self.split('@')[0] in ['al2', 'al2023', 'bottlerocket'] ? true : self.split('@')[1] == 'latest'",
      },
    ],
  },
  capacityReservationSelectorTerms: {
    description: 'Which capacity reservations nodes may launch into.',
    'x-kubernetes-validations': [
      atLeastOne(['tags', 'id', 'instanceMatchCriteria']),
      {
        message: "'id' is mutually exclusive, cannot be set along with tags or ownerID in a capacity reservation selector term",
        rule: '!self.exists(x, has(x.id) && (has(x.tags) || has(x.ownerID)))',
      },
    ],
  },
  'capacityReservationSelectorTerms[].tags': { 'x-kubernetes-validations': TAG_RULES },
  role: {
    description: 'The IAM role of the nodes (Karpenter creates the instance profile).',
    'x-kubernetes-validations': [{ message: 'role cannot be empty', rule: "self != ''" }],
  },
  instanceProfile: {
    description: 'An existing IAM instance profile for the nodes.',
    'x-kubernetes-validations': [{ message: 'instanceProfile cannot be empty', rule: "self != ''" }],
  },
  userData: { description: 'User data merged with (or, for Custom, replacing) the bootstrap script; stored as is.' },
  tags: {
    description: 'Tags applied to every resource Karpenter creates for this class.',
    'x-kubernetes-validations': [
      { message: "empty tag keys aren't supported", rule: "self.all(k, k != '')" },
      ...RESTRICTED_TAGS.map((tag) => ({ message: `tag contains a restricted tag matching ${tag}`, rule: `self.all(k, k != '${tag}')` })),
      {
        message: 'tag contains a restricted tag matching kubernetes.io/cluster/',
        rule: "self.all(k, !k.startsWith('kubernetes.io/cluster'))",
      },
    ],
  },
  kubelet: {
    description: 'Kubelet settings of the nodes.',
    'x-kubernetes-validations': [
      {
        message: 'imageGCHighThresholdPercent must be greater than imageGCLowThresholdPercent',
        rule: 'has(self.imageGCHighThresholdPercent) && has(self.imageGCLowThresholdPercent) ? self.imageGCHighThresholdPercent > self.imageGCLowThresholdPercent : true',
      },
      {
        message: 'evictionSoft OwnerKey does not have a matching evictionSoftGracePeriod',
        rule: 'has(self.evictionSoft) ? self.evictionSoft.all(e, (e in self.evictionSoftGracePeriod)) : true',
      },
      {
        message: 'evictionSoftGracePeriod OwnerKey does not have a matching evictionSoft',
        rule: 'has(self.evictionSoftGracePeriod) ? self.evictionSoftGracePeriod.all(e, (e in self.evictionSoft)) : true',
      },
    ],
  },
  'kubelet.evictionHard': evictionMap('evictionHard'),
  'kubelet.evictionSoft': evictionMap('evictionSoft'),
  'kubelet.evictionSoftGracePeriod': {
    'x-kubernetes-validations': [
      {
        message: `valid keys for evictionSoftGracePeriod are [${list(EVICTION_SIGNAL_KEYS)}]`,
        rule: `self.all(x, x in [${list(EVICTION_SIGNAL_KEYS)}])`,
      },
    ],
  },
  'kubelet.kubeReserved': reservedMap('kubeReserved'),
  'kubelet.systemReserved': reservedMap('systemReserved'),
  blockDeviceMappings: {
    description: 'The EBS volumes of the nodes.',
    'x-kubernetes-validations': [
      {
        message: 'must have only one blockDeviceMappings with rootVolume',
        rule: 'self.filter(x, has(x.rootVolume) ? x.rootVolume == true : false).size() <= 1',
      },
    ],
  },
  'blockDeviceMappings[].ebs': {
    'x-kubernetes-validations': [
      { message: 'snapshotID or volumeSize must be defined', rule: 'has(self.snapshotID) || has(self.volumeSize)' },
    ],
  },
  'blockDeviceMappings[].ebs.volumeSize': {
    description: 'The volume size; at most 64T (59000Gi, 64000G, 58Ti).',
    pattern:
      '^((?:[1-9][0-9]{0,3}|[1-4][0-9]{4}|[5][0-8][0-9]{3}|59000)Gi|(?:[1-9][0-9]{0,3}|[1-5][0-9]{4}|[6][0-3][0-9]{3}|64000)G|([1-9]|[1-5][0-7]|58)Ti|([1-9]|[1-5][0-9]|6[0-3]|64)T)$',
  },
  metadataOptions: {
    description: 'The instance metadata service options of the nodes.',
    default: { httpEndpoint: 'enabled', httpProtocolIPv6: 'disabled', httpPutResponseHopLimit: 1, httpTokens: 'required' },
  },
  'metadataOptions.httpEndpoint': { default: 'enabled' },
  'metadataOptions.httpProtocolIPv6': { default: 'disabled' },
  'metadataOptions.httpPutResponseHopLimit': { default: 1, format: 'int64' },
  'metadataOptions.httpTokens': { default: 'required' },
};

function status(): OpenApi {
  // The agent records resolved subnets, security groups, AMIs, reservations and the instance profile here.
  return {
    type: 'object',
    'x-kubernetes-preserve-unknown-fields': true,
    properties: { conditions: conditionsSchema(), instanceProfile: { type: 'string' } },
  };
}

/** The EC2NodeClass CustomResourceDefinition. */
export function ec2NodeClassCrd(): OpenApi {
  return {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: 'ec2nodeclasses.karpenter.k8s.aws' },
    spec: {
      group: 'karpenter.k8s.aws',
      names: {
        categories: ['karpenter'],
        kind: 'EC2NodeClass',
        listKind: 'EC2NodeClassList',
        plural: 'ec2nodeclasses',
        shortNames: ['ec2nc', 'ec2ncs'],
        singular: 'ec2nodeclass',
      },
      scope: 'Cluster',
      versions: [
        {
          name: 'v1',
          served: true,
          storage: true,
          additionalPrinterColumns: [
            { jsonPath: '.status.conditions[?(@.type=="Ready")].status', name: 'Ready', type: 'string' },
            { jsonPath: '.metadata.creationTimestamp', name: 'Age', type: 'date' },
            { jsonPath: '.spec.role', name: 'Role', priority: 1, type: 'string' },
          ],
          subresources: { status: {} },
          schema: {
            openAPIV3Schema: rootSchema(
              'EC2NodeClass is the Schema for the EC2NodeClass API.',
              toOpenApi(EC2NODECLASS_SPEC_SCHEMA, EC2NODECLASS_OVERLAY),
              status(),
            ),
          },
        },
      ],
    },
  };
}

/** The overlay, for the test that every path it names exists. */
export const EC2NODECLASS_CRD_OVERLAY = EC2NODECLASS_OVERLAY;
