/**
 * The topology of one solve (https://karpenter.sh/docs/concepts/scheduling/#topology-spread): every spread,
 * affinity and anti-affinity group of the pending pods (shared by hash), the
 * inverse anti-affinity of pods already running, counts from the cluster's
 * pods, and per pod the groups it owns and the groups that count it.
 */
import type { Pod, PodAffinityTerm, Taint, Toleration, TopologySpreadConstraint } from '../../apis/core-v1.js';
import { Labels } from '../../apis/well-known-labels.js';
import { compileSelector, selectorKey, withMatchLabelKeys } from '../label-selector.js';
import { normalizeLabelKey } from '../label-keys.js';
import type { PodInfo } from '../pod-info.js';
import type { Requirements } from '../requirements.js';
import { tolerates } from '../taints.js';
import { TopologyGroup, type TopologyType } from './topology-group.js';

/** The groups one pending pod owns, in relaxation order. */
export interface PodTopology {
  readonly affinity: readonly TopologyGroup[];
  readonly preferredAffinity: readonly TopologyGroup[];
  readonly antiAffinity: readonly TopologyGroup[];
  readonly preferredAntiAffinity: readonly TopologyGroup[];
  /** DoNotSchedule spreads. */
  readonly spreads: readonly TopologyGroup[];
  /** ScheduleAnyway spreads (treated as required until relaxed). */
  readonly softSpreads: readonly TopologyGroup[];
  /** Inverse groups of its required anti-affinity, recorded where the pod lands. */
  readonly inverseOwned: readonly TopologyGroup[];
  /** Groups that count this pod (non-inverse). */
  readonly countedBy: readonly TopologyGroup[];
  /** Inverse groups that repel this pod. */
  readonly repelledBy: readonly TopologyGroup[];
}

/** Options of one group beyond its term. */
interface GroupExtras {
  readonly maxSkew?: number;
  readonly minDomains?: number;
  readonly nodeFilter?: Requirements;
  readonly tolerations?: readonly Toleration[];
}

/** A node already in the cluster, for counting its pods. */
export interface TopologyNode {
  readonly labels: Readonly<Record<string, string>>;
  readonly taints: readonly Taint[];
  readonly requirements: Requirements;
  readonly pods: readonly Pod[];
}

/** The domains each topology key can take (built by the scheduler from pools, instance types and nodes). */
export type DomainUniverse = (key: string) => readonly string[];

/** Does some node or NodePool of `domain` (a value of `key`) carry only taints `tolerations` tolerate? */
export type DomainTolerance = (key: string, domain: string, tolerations: readonly Toleration[]) => boolean;

function namespacesOf(term: PodAffinityTerm, pod: PodInfo): ReadonlySet<string> | undefined {
  if (term.namespaces !== undefined && term.namespaces.length > 0) return new Set(term.namespaces);
  if (term.namespaceSelector !== undefined) return undefined;
  return new Set([pod.namespace]);
}

/** The identity of a group: groups with the same id are one group (shared by every pod that declares the term). */
function groupId(
  type: TopologyType,
  key: string,
  namespaces: ReadonlySet<string> | undefined,
  selector: PodAffinityTerm['labelSelector'],
  extra: GroupExtras,
): string {
  const ns = namespaces === undefined ? '*' : [...namespaces].sort().join(',');
  const taints = extra.tolerations === undefined ? '' : JSON.stringify(extra.tolerations);
  return `${type}|${key}|${ns}|${selectorKey(selector)}|${extra.maxSkew ?? ''}|${extra.minDomains ?? ''}|${extra.nodeFilter?.toString() ?? ''}|${taints}`;
}

/** A required anti-affinity term of a running pod, as the inverse group it records into. */
interface InverseTerm {
  readonly id: string;
  readonly key: string;
  readonly namespaces: ReadonlySet<string> | undefined;
  readonly selector: PodAffinityTerm['labelSelector'];
}

/** A node's pods as topology counts them: pods with the same namespace and labels once, with how many. */
interface PodClasses {
  readonly classes: ReadonlyArray<{
    readonly namespace: string;
    readonly labels: Readonly<Record<string, string>>;
    readonly count: number;
  }>;
  /** Every required anti-affinity term of the pods. */
  readonly inverse: readonly InverseTerm[];
}

/** Per pod list (snapshots are immutable, so one list always holds the same pods): solves of one snapshot share it. */
const podClassesMemo = new WeakMap<readonly Pod[], PodClasses>();

function inverseTerm(term: PodAffinityTerm, namespace: string): InverseTerm {
  const namespaces = term.namespaces?.length
    ? new Set(term.namespaces)
    : term.namespaceSelector !== undefined
      ? undefined
      : new Set([namespace]);
  const key = normalizeLabelKey(term.topologyKey);
  return { id: groupId('inverse-anti-affinity', key, namespaces, term.labelSelector, {}), key, namespaces, selector: term.labelSelector };
}

function podClassesOf(pods: readonly Pod[]): PodClasses {
  let found = podClassesMemo.get(pods);
  if (found !== undefined) return found;
  const bySignature = new Map<string, { namespace: string; labels: Readonly<Record<string, string>>; count: number }>();
  const inverse: InverseTerm[] = [];
  for (const pod of pods) {
    const namespace = pod.metadata.namespace ?? 'default';
    const labels = pod.metadata.labels ?? {};
    const signature = `${namespace}|${Object.keys(labels)
      .sort()
      .map((k) => `${k}=${labels[k]}`)
      .join(',')}`;
    const entry = bySignature.get(signature);
    if (entry === undefined) bySignature.set(signature, { namespace, labels, count: 1 });
    else entry.count++;
    for (const term of pod.spec.affinity?.podAntiAffinity?.requiredDuringSchedulingIgnoredDuringExecution ?? [])
      inverse.push(inverseTerm(term, namespace));
  }
  found = { classes: [...bySignature.values()], inverse };
  podClassesMemo.set(pods, found);
  return found;
}

/** Registry and counts of every topology group of a solve. */
export class Topology {
  private readonly groups = new Map<string, TopologyGroup>();
  private readonly byLabels = new Map<string, { countedBy: TopologyGroup[]; repelledBy: TopologyGroup[] }>();
  private readonly pods = new Map<PodInfo, PodTopology>();
  private readonly resolved = new Map<PodInfo, PodTopology>();

  /**
   * @param universe the known domains of a key
   * @param toleratedDomain can a pod with these tolerations get a node in this domain (for nodeTaintsPolicy Honor)?
   */
  constructor(
    private readonly universe: DomainUniverse,
    private readonly toleratedDomain: DomainTolerance = () => true,
  ) {}

  private group(
    type: TopologyType,
    key: string,
    namespaces: ReadonlySet<string> | undefined,
    selector: PodAffinityTerm['labelSelector'],
    extra: GroupExtras,
    id = groupId(type, key, namespaces, selector, extra),
  ): TopologyGroup {
    let group = this.groups.get(id);
    if (group === undefined) {
      const tolerations = extra.tolerations;
      const known = key === Labels.hostname ? [] : [...this.universe(key)].sort();
      group = new TopologyGroup({
        id,
        type,
        key,
        namespaces,
        selector: compileSelector(selector),
        maxSkew: extra.maxSkew ?? 0,
        minDomains: extra.minDomains,
        nodeFilter: extra.nodeFilter,
        domains: tolerations === undefined ? known : known.filter((d) => this.toleratedDomain(key, d, tolerations)),
        ...(tolerations !== undefined ? { tolerations } : {}),
      });
      this.groups.set(id, group);
      this.byLabels.clear();
    }
    return group;
  }

  private termGroup(type: TopologyType, term: PodAffinityTerm, pod: PodInfo): TopologyGroup {
    const selector = withMatchLabelKeys(term.labelSelector, term.matchLabelKeys, pod.labels);
    return this.group(type, normalizeLabelKey(term.topologyKey), namespacesOf(term, pod), selector, {});
  }

  private spreadGroup(c: TopologySpreadConstraint, pod: PodInfo): TopologyGroup {
    const selector = withMatchLabelKeys(c.labelSelector, c.matchLabelKeys, pod.labels);
    const nodeFilter = c.nodeAffinityPolicy === 'Ignore' ? undefined : pod.strictRequirements;
    const tolerations = c.nodeTaintsPolicy === 'Honor' ? pod.tolerations : undefined;
    return this.group('spread', normalizeLabelKey(c.topologyKey), new Set([pod.namespace]), selector, {
      maxSkew: c.maxSkew,
      minDomains: c.minDomains,
      nodeFilter,
      tolerations,
    });
  }

  /** Registers a pending pod's terms (call for every pending pod before {@link countExisting}). */
  register(pod: PodInfo): void {
    const spreads = pod.spreads.filter((c) => c.whenUnsatisfiable !== 'ScheduleAnyway').map((c) => this.spreadGroup(c, pod));
    const softSpreads = pod.spreads.filter((c) => c.whenUnsatisfiable === 'ScheduleAnyway').map((c) => this.spreadGroup(c, pod));
    const antiAffinity = pod.podAntiAffinity.map((t) => this.termGroup('anti-affinity', t, pod));
    this.pods.set(pod, {
      affinity: pod.podAffinity.map((t) => this.termGroup('affinity', t, pod)),
      preferredAffinity: pod.preferredPodAffinity.map((t) => this.termGroup('affinity', t, pod)),
      antiAffinity,
      preferredAntiAffinity: pod.preferredPodAntiAffinity.map((t) => this.termGroup('anti-affinity', t, pod)),
      spreads,
      softSpreads,
      inverseOwned: pod.podAntiAffinity.map((t) => this.termGroup('inverse-anti-affinity', t, pod)),
      countedBy: [],
      repelledBy: [],
    });
  }

  /** Counts the pods already running on `nodes` and registers their required anti-affinity as inverse groups. */
  countExisting(nodes: readonly TopologyNode[]): void {
    const counting = [...this.groups.values()].filter((g) => g.spec.type !== 'inverse-anti-affinity');
    for (const node of nodes) {
      const { classes, inverse } = podClassesOf(node.pods);
      for (const term of inverse) {
        const domain = node.labels[term.key];
        if (domain !== undefined)
          this.group('inverse-anti-affinity', term.key, term.namespaces, term.selector, {}, term.id).record([domain]);
      }
      for (const group of counting) {
        const domain = node.labels[group.spec.key];
        if (domain === undefined || !this.countsOn(group, node)) continue;
        for (const c of classes) if (group.selects(c.namespace, c.labels)) for (let i = 0; i < c.count; i++) group.record([domain]);
      }
    }
  }

  /** Do the pods of `node` count for `group` (its node filter and, with nodeTaintsPolicy Honor, its tolerations)? */
  private countsOn(group: TopologyGroup, node: TopologyNode): boolean {
    if (group.spec.nodeFilter !== undefined && !node.requirements.compatible(group.spec.nodeFilter).ok) return false;
    if (group.spec.tolerations === undefined) return true;
    return tolerates(
      group.spec.tolerations,
      node.taints.filter((t) => t.effect !== 'PreferNoSchedule'),
    ).ok;
  }

  /** The groups `pod` owns and the groups that count or repel it. */
  of(pod: PodInfo): PodTopology {
    const resolved = this.resolved.get(pod);
    if (resolved !== undefined) return resolved;
    const signature = `${pod.namespace}|${Object.keys(pod.labels)
      .sort()
      .map((k) => `${k}=${pod.labels[k]}`)
      .join(',')}`;
    let matched = this.byLabels.get(signature);
    if (matched === undefined) {
      matched = { countedBy: [], repelledBy: [] };
      for (const group of this.groups.values()) {
        if (!group.selects(pod.namespace, pod.labels)) continue;
        (group.spec.type === 'inverse-anti-affinity' ? matched.repelledBy : matched.countedBy).push(group);
      }
      this.byLabels.set(signature, matched);
    }
    const full = { ...this.pods.get(pod)!, countedBy: matched.countedBy, repelledBy: matched.repelledBy };
    this.resolved.set(pod, full);
    return full;
  }
}
