/**
 * The agent's view of whether a NodePool or EC2NodeClass it read is usable:
 * the same validator as `karpd validate` (src/apis/validate-object.ts), run
 * once per object version (uid + generation, or resourceVersion) and cached,
 * so a round never re-validates what it already judged. An object stored
 * before admission checked it (an old CRD, a restored backup) can be
 * invalid; it is then left out of scheduling and its status says why,
 * while every valid object keeps working.
 */
import type { EC2NodeClass } from '../../apis/ec2nodeclass.js';
import type { NodePool } from '../../apis/nodepool.js';
import type { KubeObject } from '../../apis/object-meta.js';
import { formatPath, type RawProblem } from '../../apis/problem.js';
import { validateObject } from '../../apis/validate-object.js';
import { stableStringify } from '../stable-json.js';

/** Why an object is invalid: its errors, and one line for a condition message or an event. */
export interface Invalidity {
  readonly problems: readonly RawProblem[];
  /** `spec.limits.cpu: "lots" is not a valid quantity…; spec.template.spec.nodeClassRef: nodeClassRef is required` */
  readonly message: string;
}

/** Condition reason on `ValidationSucceeded` (and `Ready`) of an object that failed validation. */
export const VALIDATION_FAILED_REASON = 'ValidationFailed';

/** One line naming each error's field: `path: message`, joined with `; `. */
export function problemMessage(problems: readonly RawProblem[]): string {
  return problems.map((problem) => `${formatPath(problem.at) || '(object)'}: ${problem.message}`).join('; ');
}

const MAX_CACHED = 2000;

function versionKey(object: KubeObject): string {
  const { uid, name, generation, resourceVersion } = object.metadata;
  const version =
    generation !== undefined
      ? `g${generation}`
      : resourceVersion !== undefined
        ? `r${resourceVersion}`
        : stableStringify((object as { spec?: unknown }).spec ?? null);
  return `${object.kind ?? ''}/${uid ?? name ?? ''}/${version}`;
}

/** Validates NodePools and EC2NodeClasses once per version. */
export class ObjectValidity {
  private readonly cache = new Map<string, Invalidity | undefined>();

  /** Why `pool` is invalid, or undefined when it is valid (warnings do not count). */
  nodePool(pool: NodePool): Invalidity | undefined {
    return this.judge({ ...pool, apiVersion: 'karpenter.sh/v1', kind: 'NodePool' });
  }

  /** Why `nodeClass` is invalid, or undefined when it is valid. */
  nodeClass(nodeClass: EC2NodeClass): Invalidity | undefined {
    return this.judge({ ...nodeClass, apiVersion: 'karpenter.k8s.aws/v1', kind: 'EC2NodeClass' });
  }

  /**
   * Why `pool` cannot be scheduled: its own problems, or those of the
   * EC2NodeClass it references (when that one is known and invalid).
   */
  schedulingProblem(pool: NodePool, nodeClasses: readonly EC2NodeClass[]): string | undefined {
    const own = this.nodePool(pool);
    if (own !== undefined) return own.message;
    const ref = (pool.spec.template.spec as { nodeClassRef?: { name?: unknown } }).nodeClassRef;
    const nodeClass = nodeClasses.find((candidate) => candidate.metadata.name === ref?.name);
    const invalid = nodeClass === undefined ? undefined : this.nodeClass(nodeClass);
    return invalid === undefined ? undefined : `EC2NodeClass ${nodeClass?.metadata.name} is invalid: ${invalid.message}`;
  }

  private judge(object: KubeObject): Invalidity | undefined {
    const key = versionKey(object);
    if (this.cache.has(key)) return this.cache.get(key);
    const { status: _status, ...withoutStatus } = object as KubeObject & { status?: unknown };
    const problems = validateObject(withoutStatus).problems.filter((problem) => problem.severity === 'error');
    const result = problems.length === 0 ? undefined : { problems, message: problemMessage(problems) };
    if (this.cache.size >= MAX_CACHED) this.cache.clear();
    this.cache.set(key, result);
    return result;
  }
}
