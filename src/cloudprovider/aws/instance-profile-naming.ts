/**
 * Names, paths and tags of the instance profiles karpd manages for
 * EC2NodeClasses with `spec.role` (https://karpenter.sh/docs/concepts/nodeclasses/). Pure and
 * deterministic: the same region, cluster and NodeClass name give the same
 * profile name on every karpd process, so a restart finds the profile it
 * created instead of making another.
 */
import type { EC2NodeClass } from '../../apis/ec2nodeclass.js';
import { Labels } from '../../apis/well-known-labels.js';

/** Where a managed profile lives and who it belongs to. */
export interface InstanceProfileScope {
  readonly region: string;
  readonly clusterName: string;
}

const FNV_OFFSET = 0xcbf29ce484222325n;
const FNV_PRIME = 0x100000001b3n;
const MASK_64 = 0xffffffffffffffffn;

/** 64-bit FNV-1a over the UTF-8 bytes of `text`, as an unsigned decimal string. */
export function fnv1a64(text: string): string {
  let hash = FNV_OFFSET;
  for (const byte of new TextEncoder().encode(text)) hash = ((hash ^ BigInt(byte)) * FNV_PRIME) & MASK_64;
  return hash.toString(10);
}

/**
 * The managed profile name, `<clusterName>_<hash>`, where `<hash>` is
 * {@link fnv1a64} of exactly `<region>/<clusterName>/<nodeClassName>`
 * (e.g. `eu-west-2/prod/default`). The role is not an input: a role change
 * swaps the role inside the same profile.
 */
export function managedInstanceProfileName(scope: InstanceProfileScope, nodeClassName: string): string {
  return `${scope.clusterName}_${fnv1a64(`${scope.region}/${scope.clusterName}/${nodeClassName}`)}`;
}

const PROFILE_NAME = /^[\w+=,.@-]{1,128}$/;

/** Why a profile name cannot be used in IAM (charset `[\w+=,.@-]`, at most 128 characters), or undefined when it can. */
export function invalidProfileNameReason(name: string): string | undefined {
  return PROFILE_NAME.test(name)
    ? undefined
    : `instance profile name ${JSON.stringify(name)} must be 1-128 characters of letters, digits and +=,.@_- (check the cluster name)`;
}

/** The IAM path of a managed profile: `/karpenter/<region>/<cluster>/<nodeclass uid, or name when there is no uid>/`. */
export function instanceProfilePath(scope: InstanceProfileScope, nodeClass: EC2NodeClass): string {
  return `/karpenter/${scope.region}/${scope.clusterName}/${nodeClass.metadata.uid ?? nodeClass.metadata.name ?? ''}/`;
}

/** Tags of a managed profile: the NodeClass's `spec.tags`, then karpd's ownership tags (which win). */
export function instanceProfileTags(scope: InstanceProfileScope, nodeClass: EC2NodeClass): Record<string, string> {
  return {
    ...(nodeClass.spec.tags ?? {}),
    [`kubernetes.io/cluster/${scope.clusterName}`]: 'owned',
    'eks:eks-cluster-name': scope.clusterName,
    [Labels.ec2NodeClass]: nodeClass.metadata.name ?? '',
    [Labels.region]: scope.region,
  };
}

/** The role name to attach: `spec.role` without any IAM path (`AddRoleToInstanceProfile` takes names only). */
export function roleNameOf(role: string): string {
  return (
    role
      .split('/')
      .filter((part) => part !== '')
      .pop() ?? role
  );
}
