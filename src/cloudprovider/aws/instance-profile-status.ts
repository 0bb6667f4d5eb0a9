/**
 * The `InstanceProfileReady` part of an EC2NodeClass status (https://karpenter.sh/docs/concepts/nodeclasses/
 * https://karpenter.sh/docs/concepts/nodeclasses/): which profile `status.instanceProfile` names and whether it is
 * ready, with the reason when it is not.
 */
import type { EC2NodeClass } from '../../apis/ec2nodeclass.js';
import { findError } from '../../apis/errors.js';
import { InstanceProfileError } from './instance-profile-errors.js';
import type { InstanceProfileManager } from './instance-profiles.js';

/** The outcome of the instance-profile check: `profile` is set only when ready. */
export type InstanceProfileCheck =
  | { readonly ok: true; readonly profile: string }
  | { readonly ok: false; readonly reason: string; readonly message: string };

/**
 * Resolves a NodeClass's instance profile. Without a manager (no IAM
 * configured) `spec.instanceProfile` is trusted as is and `spec.role` is not
 * Ready (`InstanceProfileNotManaged`). With one, `spec.role` gets its managed
 * profile and `spec.instanceProfile` is checked to exist. IAM failures become
 * a reason; anything that is not an instance-profile error propagates.
 */
export async function checkInstanceProfile(
  manager: InstanceProfileManager | undefined,
  nodeClass: EC2NodeClass,
): Promise<InstanceProfileCheck> {
  const { role, instanceProfile } = nodeClass.spec;
  const nodeClassName = nodeClass.metadata.name ?? '';
  try {
    if (instanceProfile !== undefined && instanceProfile !== '') {
      if (manager !== undefined) await manager.verify(nodeClass);
      return { ok: true, profile: instanceProfile };
    }
    if (role === undefined || role === '')
      return {
        ok: false,
        reason: 'InstanceProfileNotSet',
        message: `nodeclass ${nodeClassName} sets neither spec.role nor spec.instanceProfile; expected exactly one`,
      };
    if (manager === undefined)
      return {
        ok: false,
        reason: 'InstanceProfileNotManaged',
        message: `karpd runs without IAM instance-profile management, so it cannot create a profile for role ${role} of nodeclass ${nodeClassName}; set spec.instanceProfile to an existing profile`,
      };
    return { ok: true, profile: await manager.ensure(nodeClass) };
  } catch (error) {
    const failure = findError(error, InstanceProfileError);
    if (failure === undefined) throw error;
    return { ok: false, reason: failure.reason, message: failure.message };
  }
}
