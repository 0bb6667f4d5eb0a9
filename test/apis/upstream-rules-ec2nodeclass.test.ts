/**
 * Every rule of upstream's EC2NodeClass v1 CRD (aws/karpenter-provider-aws
 * pkg/apis/crds/karpenter.k8s.aws_ec2nodeclasses.yaml): one manifest that breaks
 * it and one that satisfies it. See docs/design/validation-rules.md.
 */
import type { PathSegment } from '../../src/apis/problem.js';
import { entries, rule, runRuleTable, times } from './rule-cases.js';

const S = (...path: PathSegment[]): PathSegment[] => ['spec', ...path];
const TAGS = { 'karpenter.sh/discovery': 'demo' };
const AMI = 'ami-0123456789abcdef0';
const SUBNET = 'subnet-0123456789abcdef0';

const BASE = {
  apiVersion: 'karpenter.k8s.aws/v1',
  kind: 'EC2NodeClass',
  metadata: { name: 'default' },
  spec: {
    role: 'NodeRole',
    amiSelectorTerms: [{ alias: 'al2023@latest' }],
    subnetSelectorTerms: [{ tags: TAGS }],
    securityGroupSelectorTerms: [{ tags: TAGS }],
  },
};

const ONE_TERM_WITH = (field: string, value: unknown) => [{ [field]: value }];

const SELECTOR_TERMS = [
  rule('ec2nc.subnet.required', [[S('subnetSelectorTerms'), undefined]], 'required spec.subnetSelectorTerms', []),
  rule('ec2nc.subnet.not-empty', [[S('subnetSelectorTerms'), []]], 'too-few spec.subnetSelectorTerms', [
    [S('subnetSelectorTerms'), [{ id: SUBNET }]],
  ]),
  rule('ec2nc.subnet.max-items', [[S('subnetSelectorTerms'), times(31, () => ({ tags: TAGS }))]], 'too-many spec.subnetSelectorTerms', [
    [S('subnetSelectorTerms'), times(30, () => ({ tags: TAGS }))],
  ]),
  rule('ec2nc.subnet.needs-one', [[S('subnetSelectorTerms'), [{}]]], 'empty-term spec.subnetSelectorTerms[0]', [
    [S('subnetSelectorTerms'), [{ id: SUBNET }]],
  ]),
  rule(
    'ec2nc.subnet.id-exclusive',
    [[S('subnetSelectorTerms'), [{ id: SUBNET, tags: TAGS }]]],
    'exclusive-fields spec.subnetSelectorTerms[0].id',
    [[S('subnetSelectorTerms'), [{ id: SUBNET }, { tags: TAGS }]]],
  ),
  rule(
    'ec2nc.subnet.id-pattern',
    [[S('subnetSelectorTerms'), ONE_TERM_WITH('id', 'sn-1')]],
    'invalid-format spec.subnetSelectorTerms[0].id',
    [],
  ),
  rule(
    'ec2nc.subnet.tags-max',
    [[S('subnetSelectorTerms', 0, 'tags'), entries(21, 'k', 'v')]],
    'too-many spec.subnetSelectorTerms[0].tags',
    [[S('subnetSelectorTerms', 0, 'tags'), entries(20, 'k', 'v')]],
  ),
  rule(
    'ec2nc.subnet.tags-empty-key',
    [[S('subnetSelectorTerms', 0, 'tags'), { '': 'v' }]],
    'empty-tag-key spec.subnetSelectorTerms[0].tags',
    [],
  ),
  rule(
    'ec2nc.subnet.tags-empty-value',
    [[S('subnetSelectorTerms', 0, 'tags'), { Name: '' }]],
    'too-short spec.subnetSelectorTerms[0].tags.Name',
    [[S('subnetSelectorTerms', 0, 'tags'), { Name: '*' }]],
  ),
  rule('ec2nc.sg.required', [[S('securityGroupSelectorTerms'), undefined]], 'required spec.securityGroupSelectorTerms', []),
  rule('ec2nc.sg.not-empty', [[S('securityGroupSelectorTerms'), []]], 'too-few spec.securityGroupSelectorTerms', []),
  rule(
    'ec2nc.sg.max-items',
    [[S('securityGroupSelectorTerms'), times(31, () => ({ name: 'x' }))]],
    'too-many spec.securityGroupSelectorTerms',
    [],
  ),
  rule('ec2nc.sg.needs-one', [[S('securityGroupSelectorTerms'), [{}]]], 'empty-term spec.securityGroupSelectorTerms[0]', [
    [S('securityGroupSelectorTerms'), ONE_TERM_WITH('name', 'node')],
  ]),
  rule(
    'ec2nc.sg.id-exclusive',
    [[S('securityGroupSelectorTerms'), [{ id: 'sg-1', name: 'node' }]]],
    'exclusive-fields spec.securityGroupSelectorTerms[0].id',
    [[S('securityGroupSelectorTerms'), ONE_TERM_WITH('id', 'sg-1')]],
  ),
  rule(
    'ec2nc.sg.name-exclusive',
    [[S('securityGroupSelectorTerms'), [{ name: 'node', tags: TAGS }]]],
    'exclusive-fields spec.securityGroupSelectorTerms[0].name',
    [],
  ),
  rule(
    'ec2nc.sg.id-pattern',
    [[S('securityGroupSelectorTerms'), ONE_TERM_WITH('id', 'group-1')]],
    'invalid-format spec.securityGroupSelectorTerms[0].id',
    [],
  ),
  rule(
    'ec2nc.sg.tags-max',
    [[S('securityGroupSelectorTerms', 0, 'tags'), entries(21, 'k', 'v')]],
    'too-many spec.securityGroupSelectorTerms[0].tags',
    [],
  ),
  rule(
    'ec2nc.sg.tags-empty-key',
    [[S('securityGroupSelectorTerms', 0, 'tags'), { '': 'v' }]],
    'empty-tag-key spec.securityGroupSelectorTerms[0].tags',
    [],
  ),
  rule(
    'ec2nc.sg.tags-empty-value',
    [[S('securityGroupSelectorTerms', 0, 'tags'), { a: '' }]],
    'too-short spec.securityGroupSelectorTerms[0].tags.a',
    [],
  ),
];

const AMI_TERMS = [
  rule('ec2nc.ami.required', [[S('amiSelectorTerms'), undefined]], 'required spec.amiSelectorTerms', []),
  rule('ec2nc.ami.min-items', [[S('amiSelectorTerms'), []]], 'too-few spec.amiSelectorTerms', []),
  rule(
    'ec2nc.ami.max-items',
    [
      [S('amiSelectorTerms'), times(31, () => ({ id: AMI }))],
      [S('amiFamily'), 'AL2023'],
    ],
    'too-many spec.amiSelectorTerms',
    [
      [S('amiSelectorTerms'), times(30, () => ({ id: AMI }))],
      [S('amiFamily'), 'AL2023'],
    ],
  ),
  rule(
    'ec2nc.ami.needs-one',
    [
      [S('amiSelectorTerms'), [{ owner: 'self' }]],
      [S('amiFamily'), 'AL2023'],
    ],
    'empty-term spec.amiSelectorTerms[0]',
    [
      [S('amiSelectorTerms'), [{ name: 'my-ami-*', owner: 'self' }]],
      [S('amiFamily'), 'AL2023'],
    ],
  ),
  rule(
    'ec2nc.ami.id-exclusive',
    [
      [S('amiSelectorTerms'), [{ id: AMI, owner: 'self' }]],
      [S('amiFamily'), 'AL2023'],
    ],
    'exclusive-fields spec.amiSelectorTerms[0].id',
    [
      [S('amiSelectorTerms'), [{ id: AMI }]],
      [S('amiFamily'), 'AL2023'],
    ],
  ),
  rule(
    'ec2nc.ami.alias-exclusive',
    [[S('amiSelectorTerms'), [{ alias: 'al2023@latest', tags: TAGS }]]],
    'exclusive-fields spec.amiSelectorTerms[0].alias',
    [],
  ),
  rule(
    'ec2nc.ami.alias-alone',
    [[S('amiSelectorTerms'), [{ alias: 'al2023@latest' }, { id: AMI }]]],
    'alias-not-alone spec.amiSelectorTerms[0].alias',
    [],
  ),
  rule(
    'ec2nc.ami.alias-max-length',
    [[S('amiSelectorTerms', 0, 'alias'), `al2023@v${'1'.repeat(23)}`]],
    'too-long spec.amiSelectorTerms[0].alias',
    [[S('amiSelectorTerms', 0, 'alias'), `al2023@v${'1'.repeat(22)}`]],
  ),
  rule('ec2nc.ami.alias-format', [[S('amiSelectorTerms', 0, 'alias'), 'al2023']], 'invalid-alias spec.amiSelectorTerms[0].alias', [
    [S('amiSelectorTerms', 0, 'alias'), 'al2023@v20240625'],
  ]),
  rule('ec2nc.ami.alias-family', [[S('amiSelectorTerms', 0, 'alias'), 'ubuntu@latest']], 'invalid-alias spec.amiSelectorTerms[0].alias', [
    [S('amiSelectorTerms', 0, 'alias'), 'bottlerocket@v1.10.0'],
  ]),
  rule(
    'ec2nc.ami.alias-family-lower-case',
    [[S('amiSelectorTerms', 0, 'alias'), 'AL2023@latest']],
    'invalid-alias spec.amiSelectorTerms[0].alias',
    [],
  ),
  rule(
    'ec2nc.ami.alias-windows-latest',
    [[S('amiSelectorTerms', 0, 'alias'), 'windows2022@v1']],
    'invalid-alias spec.amiSelectorTerms[0].alias',
    [[S('amiSelectorTerms', 0, 'alias'), 'windows2022@latest']],
  ),
  rule(
    'ec2nc.ami.id-pattern',
    [
      [S('amiSelectorTerms'), [{ id: 'image-1' }]],
      [S('amiFamily'), 'AL2023'],
    ],
    'invalid-format spec.amiSelectorTerms[0].id',
    [],
  ),
  rule(
    'ec2nc.ami.tags-empty-key',
    [
      [S('amiSelectorTerms'), [{ tags: { '': 'x' } }]],
      [S('amiFamily'), 'AL2023'],
    ],
    'empty-tag-key spec.amiSelectorTerms[0].tags',
    [
      [S('amiSelectorTerms'), [{ tags: { Name: 'x' } }]],
      [S('amiFamily'), 'AL2023'],
    ],
  ),
  rule(
    'ec2nc.ami.tags-empty-value',
    [
      [S('amiSelectorTerms'), [{ tags: { Name: '' } }]],
      [S('amiFamily'), 'AL2023'],
    ],
    'too-short spec.amiSelectorTerms[0].tags.Name',
    [],
  ),
  rule(
    'ec2nc.ami.tags-max',
    [
      [S('amiSelectorTerms'), [{ tags: entries(21, 'k', 'v') }]],
      [S('amiFamily'), 'AL2023'],
    ],
    'too-many spec.amiSelectorTerms[0].tags',
    [],
  ),
  rule('ec2nc.ami-family.enum', [[S('amiFamily'), 'Ubuntu']], 'unsupported-value spec.amiFamily', [[S('amiFamily'), 'Custom']]),
  rule('ec2nc.ami-family.required-without-alias', [[S('amiSelectorTerms'), [{ id: AMI }]]], 'required spec.amiFamily', [
    [S('amiSelectorTerms'), [{ id: AMI }]],
    [S('amiFamily'), 'AL2'],
  ]),
  rule('ec2nc.ami-family.matches-alias', [[S('amiFamily'), 'AL2']], 'alias-family-mismatch spec.amiFamily', [[S('amiFamily'), 'AL2023']]),
];

const IDENTITY_AND_TAGS = [
  rule('ec2nc.role-or-profile.not-both', [[S('instanceProfile'), 'profile']], 'role-or-profile spec.instanceProfile', []),
  rule('ec2nc.role-or-profile.one', [[S('role'), undefined]], 'role-or-profile spec.role', [
    [S('role'), undefined],
    [S('instanceProfile'), 'profile'],
  ]),
  rule('ec2nc.role.not-empty', [[S('role'), '']], 'too-short spec.role', []),
  rule(
    'ec2nc.instance-profile.not-empty',
    [
      [S('role'), undefined],
      [S('instanceProfile'), ''],
    ],
    'too-short spec.instanceProfile',
    [],
  ),
  rule('ec2nc.tags.empty-key', [[S('tags'), { '': 'x' }]], 'empty-tag-key spec.tags[""]', [[S('tags'), { Name: 'custom-name' }]]),
  ...[
    'eks:eks-cluster-name',
    'kubernetes.io/cluster/demo',
    'karpenter.sh/nodepool',
    'karpenter.sh/nodeclaim',
    'karpenter.k8s.aws/ec2nodeclass',
  ].map((key) =>
    rule(`ec2nc.tags.restricted(${key})`, [[S('tags'), { [key]: 'x' }]], `restricted-tag spec.tags[${JSON.stringify(key)}]`, [
      [S('tags'), { team: 'x' }],
    ]),
  ),
];

const K = (...path: PathSegment[]): PathSegment[] => S('kubelet', ...path);

const KUBELET = [
  rule('ec2nc.kubelet.max-pods-min', [[K('maxPods'), -1]], 'out-of-range spec.kubelet.maxPods', [[K('maxPods'), 0]]),
  rule('ec2nc.kubelet.pods-per-core-min', [[K('podsPerCore'), -1]], 'out-of-range spec.kubelet.podsPerCore', [[K('podsPerCore'), 10]]),
  rule('ec2nc.kubelet.system-reserved-keys', [[K('systemReserved'), { gpu: '1' }]], 'unsupported-key spec.kubelet.systemReserved.gpu', [
    [K('systemReserved'), { cpu: '100m', memory: '100Mi', 'ephemeral-storage': '1Gi', pid: '100' }],
  ]),
  rule(
    'ec2nc.kubelet.system-reserved-not-negative',
    [[K('systemReserved'), { cpu: '-1' }]],
    'negative-value spec.kubelet.systemReserved.cpu',
    [],
  ),
  rule('ec2nc.kubelet.kube-reserved-keys', [[K('kubeReserved'), { disk: '1' }]], 'unsupported-key spec.kubelet.kubeReserved.disk', [
    [K('kubeReserved'), { cpu: '200m' }],
  ]),
  rule(
    'ec2nc.kubelet.kube-reserved-not-negative',
    [[K('kubeReserved'), { memory: '-1Gi' }]],
    'negative-value spec.kubelet.kubeReserved.memory',
    [],
  ),
  rule(
    'ec2nc.kubelet.eviction-hard-keys',
    [[K('evictionHard'), { 'memory.free': '5%' }]],
    'unsupported-key spec.kubelet.evictionHard["memory.free"]',
    [
      [
        K('evictionHard'),
        { 'memory.available': '5%', 'nodefs.available': '10.5%', 'imagefs.available': '100Gi', 'pid.available': '100.00%' },
      ],
    ],
  ),
  rule(
    'ec2nc.kubelet.eviction-hard-format',
    [[K('evictionHard'), { 'memory.available': 'lots' }]],
    'invalid-format spec.kubelet.evictionHard["memory.available"]',
    [],
  ),
  rule(
    'ec2nc.kubelet.eviction-hard-percent-max',
    [[K('evictionHard'), { 'memory.available': '101%' }]],
    'invalid-format spec.kubelet.evictionHard["memory.available"]',
    [],
  ),
  rule(
    'ec2nc.kubelet.eviction-soft-keys',
    [
      [K('evictionSoft'), { bogus: '5%' }],
      [K('evictionSoftGracePeriod'), { bogus: '1m' }],
    ],
    'unsupported-key spec.kubelet.evictionSoft.bogus',
    [],
  ),
  rule(
    'ec2nc.kubelet.eviction-soft-format',
    [
      [K('evictionSoft'), { 'memory.available': '5 %' }],
      [K('evictionSoftGracePeriod'), { 'memory.available': '1m' }],
    ],
    'invalid-format spec.kubelet.evictionSoft["memory.available"]',
    [
      [K('evictionSoft'), { 'memory.available': '500Mi' }],
      [K('evictionSoftGracePeriod'), { 'memory.available': '1m30s' }],
    ],
  ),
  rule(
    'ec2nc.kubelet.eviction-soft-grace-keys',
    [
      [K('evictionSoft'), { 'memory.available': '5%' }],
      [K('evictionSoftGracePeriod'), { 'memory.available': '1m', other: '1m' }],
    ],
    'unsupported-key spec.kubelet.evictionSoftGracePeriod.other',
    [],
  ),
  rule(
    'ec2nc.kubelet.eviction-soft-grace-duration',
    [
      [K('evictionSoft'), { 'memory.available': '5%' }],
      [K('evictionSoftGracePeriod'), { 'memory.available': '1 minute' }],
    ],
    'invalid-format spec.kubelet.evictionSoftGracePeriod["memory.available"]',
    [
      [K('evictionSoft'), { 'memory.available': '5%' }],
      [K('evictionSoftGracePeriod'), { 'memory.available': '90s' }],
    ],
  ),
  rule(
    'ec2nc.kubelet.eviction-soft-needs-grace',
    [[K('evictionSoft'), { 'memory.available': '5%' }]],
    'soft-needs-grace spec.kubelet.evictionSoft["memory.available"]',
    [],
  ),
  rule(
    'ec2nc.kubelet.grace-needs-eviction-soft',
    [[K('evictionSoftGracePeriod'), { 'memory.available': '1m' }]],
    'grace-needs-soft spec.kubelet.evictionSoftGracePeriod["memory.available"]',
    [],
  ),
  rule(
    'ec2nc.kubelet.image-gc-high-range',
    [[K('imageGCHighThresholdPercent'), 101]],
    'out-of-range spec.kubelet.imageGCHighThresholdPercent',
    [[K('imageGCHighThresholdPercent'), 100]],
  ),
  rule(
    'ec2nc.kubelet.image-gc-low-range',
    [[K('imageGCLowThresholdPercent'), -1]],
    'out-of-range spec.kubelet.imageGCLowThresholdPercent',
    [[K('imageGCLowThresholdPercent'), 0]],
  ),
  rule(
    'ec2nc.kubelet.image-gc-high-above-low',
    [
      [K('imageGCHighThresholdPercent'), 50],
      [K('imageGCLowThresholdPercent'), 50],
    ],
    'gc-thresholds spec.kubelet.imageGCHighThresholdPercent',
    [
      [K('imageGCHighThresholdPercent'), 85],
      [K('imageGCLowThresholdPercent'), 80],
    ],
  ),
  rule('ec2nc.kubelet.cpu-cfs-quota-type', [[K('cpuCFSQuota'), 'yes']], 'invalid-type spec.kubelet.cpuCFSQuota', [
    [K('cpuCFSQuota'), false],
  ]),
  rule('ec2nc.kubelet.cluster-dns-type', [[K('clusterDNS'), '10.0.0.10']], 'invalid-type spec.kubelet.clusterDNS', [
    [K('clusterDNS'), ['10.0.0.10']],
  ]),
];

const B = (...path: PathSegment[]): PathSegment[] => S('blockDeviceMappings', ...path);
const EBS = (volumeSize: string) => [[B(), [{ deviceName: '/dev/xvda', ebs: { volumeSize } }]]] as const;

const BLOCK_DEVICES = [
  rule('ec2nc.bdm.max-items', [[B(), times(51, () => ({ ebs: { volumeSize: '20Gi' } }))]], 'too-many spec.blockDeviceMappings', [
    [B(), times(50, () => ({ ebs: { volumeSize: '20Gi' } }))],
  ]),
  rule(
    'ec2nc.bdm.one-root-volume',
    [[B(), times(2, () => ({ rootVolume: true, ebs: { volumeSize: '20Gi' } }))]],
    'many-root-volumes spec.blockDeviceMappings',
    [
      [
        B(),
        [
          { rootVolume: true, ebs: { volumeSize: '20Gi' } },
          { rootVolume: false, ebs: { volumeSize: '20Gi' } },
        ],
      ],
    ],
  ),
  rule('ec2nc.bdm.ebs-size-or-snapshot', [[B(), [{ ebs: { volumeType: 'gp3' } }]]], 'ebs-size spec.blockDeviceMappings[0].ebs', [
    [B(), [{ ebs: { snapshotID: 'snap-1' } }]],
  ]),
  ...['60000Gi', '64001G', '59Ti', '65T', '100Mi', '0Gi', '20'].map((size) =>
    rule(`ec2nc.bdm.volume-size-cap(${size})`, [...EBS(size)], 'invalid-format spec.blockDeviceMappings[0].ebs.volumeSize', [
      ...EBS('20Gi'),
    ]),
  ),
  ...['59000Gi', '64000G', '58Ti', '64T', '1Gi'].map((size) =>
    rule(`ec2nc.bdm.volume-size-cap(accepts ${size})`, [...EBS('1Pi')], 'invalid-format spec.blockDeviceMappings[0].ebs.volumeSize', [
      ...EBS(size),
    ]),
  ),
  rule(
    'ec2nc.bdm.volume-type-enum',
    [[B(), [{ ebs: { volumeSize: '20Gi', volumeType: 'gp4' } }]]],
    'unsupported-value spec.blockDeviceMappings[0].ebs.volumeType',
    [],
  ),
  rule(
    'ec2nc.bdm.initialization-rate-range',
    [[B(), [{ ebs: { snapshotID: 'snap-1', volumeInitializationRate: 99 } }]]],
    'out-of-range spec.blockDeviceMappings[0].ebs.volumeInitializationRate',
    [[B(), [{ ebs: { snapshotID: 'snap-1', volumeInitializationRate: 300 } }]]],
  ),
  rule(
    'ec2nc.bdm.initialization-rate-needs-snapshot',
    [[B(), [{ ebs: { volumeSize: '20Gi', volumeInitializationRate: 100 } }]]],
    'needs-snapshot spec.blockDeviceMappings[0].ebs.volumeInitializationRate',
    [],
  ),
];

const M = (...path: PathSegment[]): PathSegment[] => S('metadataOptions', ...path);
const CR = (...path: PathSegment[]): PathSegment[] => S('capacityReservationSelectorTerms', ...path);
const NI = (...items: Array<[number, number, string]>) =>
  items.map(([networkCardIndex, deviceIndex, interfaceType]) => ({ networkCardIndex, deviceIndex, interfaceType }));

const OTHER_FIELDS = [
  rule('ec2nc.instance-store-policy-enum', [[S('instanceStorePolicy'), 'RAID1']], 'unsupported-value spec.instanceStorePolicy', [
    [S('instanceStorePolicy'), 'RAID0'],
  ]),
  rule('ec2nc.metadata.http-endpoint-enum', [[M('httpEndpoint'), 'on']], 'unsupported-value spec.metadataOptions.httpEndpoint', [
    [M('httpEndpoint'), 'disabled'],
  ]),
  rule('ec2nc.metadata.ipv6-enum', [[M('httpProtocolIPv6'), 'on']], 'unsupported-value spec.metadataOptions.httpProtocolIPv6', [
    [M('httpProtocolIPv6'), 'enabled'],
  ]),
  rule(
    'ec2nc.metadata.hop-limit-range',
    [[M('httpPutResponseHopLimit'), 65]],
    'out-of-range spec.metadataOptions.httpPutResponseHopLimit',
    [[M('httpPutResponseHopLimit'), 64]],
  ),
  rule('ec2nc.metadata.hop-limit-min', [[M('httpPutResponseHopLimit'), 0]], 'out-of-range spec.metadataOptions.httpPutResponseHopLimit', [
    [M('httpPutResponseHopLimit'), 1],
  ]),
  rule('ec2nc.metadata.http-tokens-enum', [[M('httpTokens'), 'maybe']], 'unsupported-value spec.metadataOptions.httpTokens', [
    [M('httpTokens'), 'required'],
  ]),
  rule('ec2nc.ip-prefix-count-min', [[S('ipPrefixCount'), -1]], 'out-of-range spec.ipPrefixCount', [[S('ipPrefixCount'), 2]]),
  rule('ec2nc.cr.max-items', [[CR(), times(31, () => ({ id: 'cr-1' }))]], 'too-many spec.capacityReservationSelectorTerms', [
    [CR(), times(30, () => ({ id: 'cr-1' }))],
  ]),
  rule('ec2nc.cr.needs-one', [[CR(), [{ ownerID: '123456789012' }]]], 'empty-term spec.capacityReservationSelectorTerms[0]', [
    [CR(), [{ instanceMatchCriteria: 'open' }]],
  ]),
  rule(
    'ec2nc.cr.id-exclusive',
    [[CR(), [{ id: 'cr-1', instanceMatchCriteria: 'targeted' }]]],
    'exclusive-fields spec.capacityReservationSelectorTerms[0].id',
    [[CR(), [{ id: 'cr-1' }, { tags: TAGS, ownerID: '123456789012', instanceMatchCriteria: 'targeted' }]]],
  ),
  rule('ec2nc.cr.id-pattern', [[CR(), [{ id: 'res-1' }]]], 'invalid-format spec.capacityReservationSelectorTerms[0].id', []),
  rule(
    'ec2nc.cr.owner-id-pattern',
    [[CR(), [{ tags: TAGS, ownerID: '1234' }]]],
    'invalid-format spec.capacityReservationSelectorTerms[0].ownerID',
    [],
  ),
  rule(
    'ec2nc.cr.match-criteria-enum',
    [[CR(), [{ instanceMatchCriteria: 'closed' }]]],
    'unsupported-value spec.capacityReservationSelectorTerms[0].instanceMatchCriteria',
    [],
  ),
  rule('ec2nc.cr.tags-empty-key', [[CR(), [{ tags: { '': 'x' } }]]], 'empty-tag-key spec.capacityReservationSelectorTerms[0].tags', [
    [CR(), [{ tags: { Name: '*' } }]],
  ]),
  rule('ec2nc.cr.tags-empty-value', [[CR(), [{ tags: { Name: '' } }]]], 'too-short spec.capacityReservationSelectorTerms[0].tags.Name', []),
  rule('ec2nc.cr.tags-max', [[CR(), [{ tags: entries(21, 'k', 'v') }]]], 'too-many spec.capacityReservationSelectorTerms[0].tags', []),
  rule(
    'ec2nc.placement-group.one-of',
    [[S('placementGroupSelector'), { name: 'pg', id: 'pg-1' }]],
    'placement-group spec.placementGroupSelector',
    [[S('placementGroupSelector'), { name: 'analytics' }]],
  ),
  rule(
    'ec2nc.placement-group.id-pattern',
    [[S('placementGroupSelector'), { id: 'group-1' }]],
    'invalid-format spec.placementGroupSelector.id',
    [[S('placementGroupSelector'), { id: 'pg-0abc' }]],
  ),
  rule(
    'ec2nc.network-interfaces.primary',
    [[S('networkInterfaces'), NI([0, 1, 'interface'])]],
    'no-primary-interface spec.networkInterfaces',
    [[S('networkInterfaces'), NI([0, 0, 'interface'], [1, 0, 'efa-only'])]],
  ),
  rule(
    'ec2nc.network-interfaces.unique',
    [[S('networkInterfaces'), NI([0, 0, 'interface'], [0, 0, 'efa-only'])]],
    'duplicate-interface spec.networkInterfaces',
    [],
  ),
  rule(
    'ec2nc.network-interfaces.one-efa-per-card',
    [[S('networkInterfaces'), NI([0, 0, 'interface'], [1, 0, 'efa-only'], [1, 1, 'efa-only'])]],
    'many-efa spec.networkInterfaces',
    [],
  ),
  rule(
    'ec2nc.network-interfaces.type-enum',
    [[S('networkInterfaces'), NI([0, 0, 'efa'])]],
    'unsupported-value spec.networkInterfaces[0].interfaceType',
    [],
  ),
  rule(
    'ec2nc.network-interfaces.required',
    [[S('networkInterfaces'), [{ networkCardIndex: 0, deviceIndex: 0 }]]],
    'required spec.networkInterfaces[0].interfaceType',
    [],
  ),
  rule(
    'ec2nc.network-interfaces.max-items',
    [[S('networkInterfaces'), times(151, (index) => NI([index, 0, 'interface'])[0])]],
    'too-many spec.networkInterfaces',
    [],
  ),
  rule('ec2nc.connection-tracking.one', [[S('connectionTracking'), {}]], 'empty-connection-tracking spec.connectionTracking', [
    [S('connectionTracking'), { udpTimeout: 30 }],
  ]),
  rule(
    'ec2nc.connection-tracking.tcp-range',
    [[S('connectionTracking'), { tcpEstablishedTimeout: 59 }]],
    'out-of-range spec.connectionTracking.tcpEstablishedTimeout',
    [[S('connectionTracking'), { tcpEstablishedTimeout: 432000 }]],
  ),
  rule(
    'ec2nc.connection-tracking.udp-stream-range',
    [[S('connectionTracking'), { udpStreamTimeout: 181 }]],
    'out-of-range spec.connectionTracking.udpStreamTimeout',
    [],
  ),
  rule(
    'ec2nc.connection-tracking.udp-range',
    [[S('connectionTracking'), { udpTimeout: 61 }]],
    'out-of-range spec.connectionTracking.udpTimeout',
    [],
  ),
  rule(
    'ec2nc.cpu-options.nested-virtualization-enum',
    [[S('cpuOptions'), { nestedVirtualization: 'on' }]],
    'unsupported-value spec.cpuOptions.nestedVirtualization',
    [[S('cpuOptions'), { nestedVirtualization: 'enabled' }]],
  ),
  rule('ec2nc.unknown-field', [[S('subnetSelector'), TAGS]], 'unknown-field spec.subnetSelector', [
    [S('userData'), '#!/bin/bash\necho {{ .Anything }}\n'],
  ]),
  rule(
    'ec2nc.types',
    [
      [S('detailedMonitoring'), 'true'],
      [S('associatePublicIPAddress'), 1],
    ],
    'invalid-type spec.detailedMonitoring',
    [[S('detailedMonitoring'), true]],
  ),
  rule('meta.name-format', [[['metadata', 'name'], 'Default_Class']], 'invalid-format metadata.name', [
    [['metadata', 'name'], 'default.class-1'],
  ]),
];

runRuleTable('upstream EC2NodeClass rules', BASE, [
  ...SELECTOR_TERMS,
  ...AMI_TERMS,
  ...IDENTITY_AND_TAGS,
  ...KUBELET,
  ...BLOCK_DEVICES,
  ...OTHER_FIELDS,
]);
