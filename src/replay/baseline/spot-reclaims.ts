/**
 * Spot interruptions of the cluster-autoscaler model's nodes. Each spot node draws, from the replay's seed and its
 * stable name (`ca-<group>-<n>`), when it gets its 2-minute warning (`spotInterruptionDelayMs`, the schedule the
 * sim cloud uses for karpd's instances, spot-interruption-schedule.ts). cluster-autoscaler has no termination
 * handler in its defaults (karpenter-semantics.md §7.4: it only grows and shrinks node groups), so the warning
 * changes nothing; at warning + 2 minutes EC2 reclaims the instance: the node disappears (billing stops), its pods
 * become pending, and the next scan scales up for them as for any pending pod. Pure: a queue of the due moments.
 */
import { spotInterruptionDelayMs } from '../spot-interruption-schedule.js';
import type { SimNode } from './simulated-cluster.js';

/** EC2's notice before it reclaims a spot instance. */
export const SPOT_WARNING_MS = 120_000;

/** What decides the interruptions. */
export interface SpotReclaimOptions {
  /** The replay's seed. */
  readonly seed: number;
  /** Interruptions per spot node-hour (0: none). */
  readonly ratePerNodeHour: number;
  /** The replay's end (ms): later warnings are not armed. */
  readonly endMs: number;
}

/** One due moment: a node's warning, or its reclaim 2 minutes later. */
export interface SpotMoment {
  readonly at: number;
  readonly kind: 'warning' | 'reclaim';
  readonly node: SimNode;
}

/** The warnings and reclaims to come, earliest first (ties: warnings and reclaims in arming order). */
export class SpotReclaims {
  private readonly queue: SpotMoment[] = [];

  constructor(private readonly options: SpotReclaimOptions) {}

  /** Arms a just-launched node's warning when it is spot and its draw falls within the replay. */
  arm(node: SimNode): void {
    if (node.group.capacityType !== 'spot') return;
    const delay = spotInterruptionDelayMs(this.options.seed, node.name, this.options.ratePerNodeHour);
    if (delay === undefined || node.launchedAt + delay > this.options.endMs) return;
    this.push({ at: node.launchedAt + delay, kind: 'warning', node });
  }

  /** When the next moment is due (Infinity: none). */
  nextAt(): number {
    return this.queue.length > 0 ? this.queue[0].at : Number.POSITIVE_INFINITY;
  }

  /** Takes the next moment; a warning arms its node's reclaim. */
  take(): SpotMoment {
    const moment = this.queue.shift()!;
    if (moment.kind === 'warning') this.push({ at: moment.at + SPOT_WARNING_MS, kind: 'reclaim', node: moment.node });
    return moment;
  }

  private push(moment: SpotMoment): void {
    let index = this.queue.length;
    while (index > 0 && this.queue[index - 1].at > moment.at) index--;
    this.queue.splice(index, 0, moment);
  }
}
