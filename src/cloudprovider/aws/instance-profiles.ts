/**
 * The instance profiles of EC2NodeClasses (https://karpenter.sh/docs/concepts/nodeclasses/): for
 * `spec.role`, karpd creates `<cluster>_<hash>` under a path scoped to
 * region / cluster / NodeClass, tags it as owned, and keeps exactly that
 * role attached (removing a previous one first); for `spec.instanceProfile`
 * it only checks that the profile exists. What IAM said is remembered for
 * 15 minutes (https://karpenter.sh/docs/concepts/nodeclasses/), so a steady NodeClass costs no IAM call per reconcile.
 * The finalizer path deletes the managed profile with {@link InstanceProfiles.delete}.
 */
import {
  AddRoleToInstanceProfileCommand,
  CreateInstanceProfileCommand,
  DeleteInstanceProfileCommand,
  GetInstanceProfileCommand,
  RemoveRoleFromInstanceProfileCommand,
  type IAMClient,
  type InstanceProfile,
} from '@aws-sdk/client-iam';
import type { EC2NodeClass } from '../../apis/ec2nodeclass.js';
import { silentLogger, type Logger } from '../../apis/logger.js';
import {
  InstanceProfileError,
  InstanceProfileNotFoundError,
  isEntityAlreadyExists,
  isLimitExceeded,
  isNoSuchEntity,
  type InstanceProfileFailureReason,
} from './instance-profile-errors.js';
import {
  instanceProfilePath,
  instanceProfileTags,
  invalidProfileNameReason,
  managedInstanceProfileName,
  roleNameOf,
  type InstanceProfileScope,
} from './instance-profile-naming.js';

/** How long an IAM answer about a profile is trusted before asking again (https://karpenter.sh/docs/reference/settings/). */
export const INSTANCE_PROFILE_RECHECK_MS = 15 * 60_000;

/** What the NodeClass status resolution needs from instance-profile management. */
export interface InstanceProfileManager {
  /** Ensures the managed profile of a `spec.role` NodeClass and returns its name; throws {@link InstanceProfileError}. */
  ensure(nodeClass: EC2NodeClass): Promise<string>;
  /** Checks a `spec.instanceProfile` exists; throws {@link InstanceProfileNotFoundError} when IAM says it does not. */
  verify(nodeClass: EC2NodeClass): Promise<VerifyResult>;
}

/**
 * A `spec.instanceProfile` check: `found`, or `unverified` when IAM could not
 * answer (no permission, unreachable as in private clusters, throttled) —
 * then the profile is trusted as before and the error is logged.
 */
export type VerifyResult = { readonly status: 'found' } | { readonly status: 'unverified'; readonly error: InstanceProfileError };

/** Collaborators and scope of {@link InstanceProfiles}. */
export interface InstanceProfilesDeps extends InstanceProfileScope {
  readonly iam: IAMClient;
  readonly now: () => Date;
  readonly logger?: Logger;
}

interface Seen {
  /** Role names attached when last seen; undefined for a verified unmanaged profile or an inconclusive check. */
  readonly roles?: readonly string[];
  /** Set when the last check could not tell whether the profile exists. */
  readonly error?: InstanceProfileError;
  readonly at: number;
}

/** NoSuchEntity on AddRoleToInstanceProfile names either the role or the profile; IAM's message tells which. */
function addRoleFailureReason(error: unknown): InstanceProfileFailureReason {
  if (isNoSuchEntity(error) && error instanceof Error && /role/i.test(error.message)) return 'InstanceProfileRoleNotFound';
  return isLimitExceeded(error) ? 'InstanceProfileRoleChangeFailed' : 'InstanceProfileCreationFailed';
}

const rolesOf = (profile: InstanceProfile | undefined): string[] =>
  (profile?.Roles ?? []).flatMap((role) => (role.RoleName === undefined ? [] : [role.RoleName]));

/** Creates, re-attaches, verifies and deletes instance profiles through IAM. */
export class InstanceProfiles implements InstanceProfileManager {
  private readonly seen = new Map<string, Seen>();
  private readonly logger: Logger;

  /** No IAM call happens until a method is used. */
  constructor(private readonly deps: InstanceProfilesDeps) {
    this.logger = deps.logger ?? silentLogger;
  }

  /** The managed profile name of a NodeClass (see {@link managedInstanceProfileName}). */
  nameFor(nodeClass: EC2NodeClass): string {
    return managedInstanceProfileName(this.deps, nodeClass.metadata.name ?? '');
  }

  private fresh(name: string): Seen | undefined {
    const entry = this.seen.get(name);
    return entry !== undefined && this.deps.now().getTime() - entry.at < INSTANCE_PROFILE_RECHECK_MS ? entry : undefined;
  }

  private remember(name: string, entry: Omit<Seen, 'at'>): void {
    this.seen.set(name, { ...entry, at: this.deps.now().getTime() });
  }

  private async getProfile(name: string): Promise<InstanceProfile | undefined> {
    try {
      return (await this.deps.iam.send(new GetInstanceProfileCommand({ InstanceProfileName: name }))).InstanceProfile;
    } catch (error) {
      if (isNoSuchEntity(error)) return undefined;
      throw error;
    }
  }

  /** See {@link InstanceProfileManager.ensure}. */
  async ensure(nodeClass: EC2NodeClass): Promise<string> {
    const nodeClassName = nodeClass.metadata.name ?? '';
    const role = nodeClass.spec.role;
    const name = this.nameFor(nodeClass);
    const context = `instance profile ${name} of nodeclass ${nodeClassName} (role ${role ?? '<none>'})`;
    if (role === undefined || role === '')
      throw new InstanceProfileError('InstanceProfileCreationFailed', `${context}: spec.role is empty; expected a role name`);
    const invalid = invalidProfileNameReason(name);
    if (invalid !== undefined) throw new InstanceProfileError('InstanceProfileCreationFailed', `${context}: ${invalid}`);
    const roleName = roleNameOf(role);
    try {
      const cached = this.fresh(name)?.roles;
      const roles = cached ?? (await this.getOrCreate(nodeClass, name, context));
      const attached = roles.length === 1 && roles[0] === roleName;
      if (!attached) await this.attach(name, roles, roleName, context);
      if (cached === undefined || !attached) this.remember(name, { roles: [roleName] });
      return name;
    } catch (error) {
      this.seen.delete(name);
      throw error;
    }
  }

  private async getOrCreate(nodeClass: EC2NodeClass, name: string, context: string): Promise<readonly string[]> {
    const failed = (step: string, error: unknown) =>
      new InstanceProfileError('InstanceProfileCreationFailed', `${step} ${context}`, { cause: error });
    let existing: InstanceProfile | undefined;
    try {
      existing = await this.getProfile(name);
    } catch (error) {
      throw failed('getting', error);
    }
    if (existing !== undefined) return rolesOf(existing);
    const tags = instanceProfileTags(this.deps, nodeClass);
    try {
      const created = await this.deps.iam.send(
        new CreateInstanceProfileCommand({
          InstanceProfileName: name,
          Path: instanceProfilePath(this.deps, nodeClass),
          Tags: Object.entries(tags).map(([Key, Value]) => ({ Key, Value })),
        }),
      );
      this.logger.info(
        { nodeClass: nodeClass.metadata.name, instanceProfile: name, path: created.InstanceProfile?.Path },
        'created instance profile',
      );
      return rolesOf(created.InstanceProfile);
    } catch (error) {
      if (!isEntityAlreadyExists(error)) throw failed('creating', error);
    }
    try {
      return rolesOf(await this.getProfile(name));
    } catch (error) {
      throw failed('re-reading the concurrently created', error);
    }
  }

  private async attach(name: string, roles: readonly string[], roleName: string, context: string): Promise<void> {
    for (const old of roles.filter((attached) => attached !== roleName)) {
      try {
        await this.deps.iam.send(new RemoveRoleFromInstanceProfileCommand({ InstanceProfileName: name, RoleName: old }));
        this.logger.info({ instanceProfile: name, role: old }, 'removed previous role from instance profile');
      } catch (error) {
        if (!isNoSuchEntity(error))
          throw new InstanceProfileError('InstanceProfileRoleChangeFailed', `removing previous role ${old} from ${context}`, {
            cause: error,
          });
      }
    }
    if (roles.includes(roleName)) return;
    try {
      await this.deps.iam.send(new AddRoleToInstanceProfileCommand({ InstanceProfileName: name, RoleName: roleName }));
      this.logger.info({ instanceProfile: name, role: roleName }, 'added role to instance profile');
    } catch (error) {
      if (isEntityAlreadyExists(error)) return;
      if (isLimitExceeded(error) && (await this.holdsOnly(name, roleName))) return;
      throw new InstanceProfileError(addRoleFailureReason(error), `adding role ${roleName} to ${context}`, { cause: error });
    }
  }

  /** After LimitExceeded: is the wanted role the one already attached? */
  private async holdsOnly(name: string, roleName: string): Promise<boolean> {
    try {
      const roles = rolesOf(await this.getProfile(name));
      return roles.length === 1 && roles[0] === roleName;
    } catch (error) {
      this.logger.warn(
        { instanceProfile: name, role: roleName, reason: error instanceof Error ? error.message : String(error) },
        'reading the instance profile after LimitExceeded failed',
      );
      return false;
    }
  }

  /** See {@link InstanceProfileManager.verify}; an inconclusive answer is also kept for 15 minutes. */
  async verify(nodeClass: EC2NodeClass): Promise<VerifyResult> {
    const name = nodeClass.spec.instanceProfile ?? '';
    const nodeClassName = nodeClass.metadata.name ?? '';
    const cached = this.fresh(name);
    if (cached !== undefined) return cached.error === undefined ? { status: 'found' } : { status: 'unverified', error: cached.error };
    let profile: InstanceProfile | undefined;
    try {
      profile = await this.getProfile(name);
    } catch (error) {
      const checkError = new InstanceProfileError(
        'InstanceProfileCheckFailed',
        `checking instance profile ${name} of nodeclass ${nodeClassName}`,
        { cause: error },
      );
      this.logger.warn(
        { nodeClass: nodeClassName, instanceProfile: name, code: checkError.code, reason: checkError.message },
        'could not verify instance profile; trusting spec.instanceProfile',
      );
      this.remember(name, { error: checkError });
      return { status: 'unverified', error: checkError };
    }
    if (profile === undefined) {
      this.seen.delete(name);
      throw new InstanceProfileNotFoundError(name, nodeClassName);
    }
    this.remember(name, { roles: rolesOf(profile) });
    return { status: 'found' };
  }

  /**
   * Deletes the managed profile of a NodeClass (finalizer path): removes its
   * roles, then the profile; a profile or role already gone is fine. Returns
   * whether a profile was there to delete.
   */
  async delete(nodeClass: EC2NodeClass): Promise<boolean> {
    const name = this.nameFor(nodeClass);
    const context = `instance profile ${name} of nodeclass ${nodeClass.metadata.name ?? ''}`;
    this.seen.delete(name);
    let profile: InstanceProfile | undefined;
    try {
      profile = await this.getProfile(name);
    } catch (error) {
      throw new InstanceProfileError('InstanceProfileDeletionFailed', `getting ${context}`, { cause: error });
    }
    if (profile === undefined) return false;
    for (const role of rolesOf(profile)) {
      try {
        await this.deps.iam.send(new RemoveRoleFromInstanceProfileCommand({ InstanceProfileName: name, RoleName: role }));
      } catch (error) {
        if (!isNoSuchEntity(error))
          throw new InstanceProfileError('InstanceProfileDeletionFailed', `removing role ${role} from ${context}`, { cause: error });
      }
    }
    try {
      await this.deps.iam.send(new DeleteInstanceProfileCommand({ InstanceProfileName: name }));
    } catch (error) {
      if (isNoSuchEntity(error)) return false;
      throw new InstanceProfileError('InstanceProfileDeletionFailed', `deleting ${context}`, { cause: error });
    }
    this.logger.info({ nodeClass: nodeClass.metadata.name, instanceProfile: name }, 'deleted instance profile');
    return true;
  }
}
