/**
 * The structural schema of a `karpenter.k8s.aws/v1` EC2NodeClass spec
 * (https://karpenter.sh/docs/concepts/nodeclasses/). Rules across fields are in validate-ec2nodeclass.ts.
 */
import { EVICTION_THRESHOLD, GO_DURATION, VOLUME_SIZE } from './patterns.js';
import type { FieldSchema, ObjectSchema } from './schema.js';

const STRING: FieldSchema = { type: 'string' };
const NON_EMPTY: FieldSchema = { type: 'string', minLength: 1 };
const TAGS: FieldSchema = { type: 'map', maxProperties: 20, values: NON_EMPTY };
const EVICTION_SIGNALS = [
  'memory.available',
  'nodefs.available',
  'nodefs.inodesFree',
  'imagefs.available',
  'imagefs.inodesFree',
  'pid.available',
];

/** The AMI families an EC2NodeClass accepts. */
export const AMI_FAMILIES = ['AL2', 'AL2023', 'Bottlerocket', 'Custom', 'Windows2019', 'Windows2022', 'Windows2025'] as const;

function id(prefix: string, example: string): FieldSchema {
  return { type: 'string', pattern: { regex: new RegExp(`^${prefix}-[0-9a-z]+$`), expected: `an id such as ${example}` } };
}

function terms(item: ObjectSchema, minItems: number): FieldSchema {
  return { type: 'array', minItems, maxItems: 30, items: item };
}

const KUBELET_SCHEMA: ObjectSchema = {
  type: 'object',
  fields: {
    clusterDNS: { type: 'array', items: STRING },
    maxPods: { type: 'integer', minimum: 0 },
    podsPerCore: { type: 'integer', minimum: 0 },
    systemReserved: { type: 'map', values: STRING },
    kubeReserved: { type: 'map', values: STRING },
    evictionHard: { type: 'map', values: { type: 'string', pattern: EVICTION_THRESHOLD } },
    evictionSoft: { type: 'map', values: { type: 'string', pattern: EVICTION_THRESHOLD } },
    evictionSoftGracePeriod: { type: 'map', values: { type: 'string', pattern: GO_DURATION } },
    evictionMaxPodGracePeriod: { type: 'integer' },
    imageGCHighThresholdPercent: { type: 'integer', minimum: 0, maximum: 100 },
    imageGCLowThresholdPercent: { type: 'integer', minimum: 0, maximum: 100 },
    cpuCFSQuota: { type: 'boolean' },
  },
};

const EBS_SCHEMA: ObjectSchema = {
  type: 'object',
  fields: {
    deleteOnTermination: { type: 'boolean' },
    encrypted: { type: 'boolean' },
    iops: { type: 'integer', minimum: 0 },
    kmsKeyID: STRING,
    snapshotID: STRING,
    throughput: { type: 'integer', minimum: 0 },
    volumeInitializationRate: { type: 'integer', minimum: 100, maximum: 300 },
    volumeSize: { type: 'string', pattern: VOLUME_SIZE },
    volumeType: { type: 'string', enum: ['standard', 'io1', 'io2', 'gp2', 'sc1', 'st1', 'gp3'] },
  },
};

/** `spec` of an EC2NodeClass. */
export const EC2NODECLASS_SPEC_SCHEMA: ObjectSchema = {
  type: 'object',
  required: ['subnetSelectorTerms', 'securityGroupSelectorTerms', 'amiSelectorTerms'],
  fields: {
    subnetSelectorTerms: terms({ type: 'object', fields: { tags: TAGS, id: id('subnet', 'subnet-0123456789abcdef0') } }, 1),
    securityGroupSelectorTerms: terms({ type: 'object', fields: { tags: TAGS, id: id('sg', 'sg-0123456789abcdef0'), name: NON_EMPTY } }, 1),
    amiSelectorTerms: terms(
      {
        type: 'object',
        fields: {
          alias: { type: 'string', maxLength: 30 },
          tags: TAGS,
          id: id('ami', 'ami-0123456789abcdef0'),
          name: NON_EMPTY,
          owner: NON_EMPTY,
          ssmParameter: NON_EMPTY,
        },
      },
      1,
    ),
    amiFamily: { type: 'string', enum: AMI_FAMILIES },
    role: STRING,
    instanceProfile: STRING,
    userData: STRING,
    tags: { type: 'map', values: STRING },
    kubelet: KUBELET_SCHEMA,
    blockDeviceMappings: {
      type: 'array',
      maxItems: 50,
      items: { type: 'object', fields: { deviceName: NON_EMPTY, ebs: EBS_SCHEMA, rootVolume: { type: 'boolean' } } },
    },
    instanceStorePolicy: { type: 'string', enum: ['RAID0'] },
    metadataOptions: {
      type: 'object',
      fields: {
        httpEndpoint: { type: 'string', enum: ['enabled', 'disabled'] },
        httpProtocolIPv6: { type: 'string', enum: ['enabled', 'disabled'] },
        httpPutResponseHopLimit: { type: 'integer', minimum: 1, maximum: 64 },
        httpTokens: { type: 'string', enum: ['required', 'optional'] },
      },
    },
    associatePublicIPAddress: { type: 'boolean' },
    ipPrefixCount: { type: 'integer', minimum: 0 },
    detailedMonitoring: { type: 'boolean' },
    capacityReservationSelectorTerms: terms(
      {
        type: 'object',
        fields: {
          tags: TAGS,
          id: id('cr', 'cr-0123456789abcdef0'),
          ownerID: { type: 'string', pattern: { regex: /^[0-9]{12}$/, expected: 'a 12-digit AWS account id' } },
          instanceMatchCriteria: { type: 'string', enum: ['open', 'targeted'] },
        },
      },
      0,
    ),
    placementGroupSelector: { type: 'object', fields: { name: NON_EMPTY, id: id('pg', 'pg-0123456789abcdef0') } },
    networkInterfaces: {
      type: 'array',
      maxItems: 150,
      items: {
        type: 'object',
        required: ['networkCardIndex', 'deviceIndex', 'interfaceType'],
        fields: {
          networkCardIndex: { type: 'integer', minimum: 0 },
          deviceIndex: { type: 'integer', minimum: 0 },
          interfaceType: { type: 'string', enum: ['interface', 'efa-only'] },
        },
      },
    },
    connectionTracking: {
      type: 'object',
      fields: {
        tcpEstablishedTimeout: { type: 'integer', minimum: 60, maximum: 432000 },
        udpStreamTimeout: { type: 'integer', minimum: 60, maximum: 180 },
        udpTimeout: { type: 'integer', minimum: 30, maximum: 60 },
      },
    },
    cpuOptions: { type: 'object', fields: { nestedVirtualization: { type: 'string', enum: ['enabled', 'disabled'] } } },
    context: STRING,
  },
  legacy: {
    subnetSelector: 'v1 uses subnetSelectorTerms: [{tags: {...}}]',
    securityGroupSelector: 'v1 uses securityGroupSelectorTerms: [{tags: {...}}]',
    amiSelector: 'v1 uses amiSelectorTerms',
    expireAfter: 'expireAfter belongs in the NodePool: spec.template.spec.expireAfter',
    instanceProfileName: 'use instanceProfile',
  },
};

/** The keys `evictionHard`, `evictionSoft` and `evictionSoftGracePeriod` accept. */
export const EVICTION_SIGNAL_KEYS: readonly string[] = EVICTION_SIGNALS;
