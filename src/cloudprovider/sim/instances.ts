/**
 * The instances of the simulated EC2 and their lifecycle: pending → running
 * after a boot delay, shutting-down → terminated after a termination delay.
 * Terminated instances stay listed for an hour (as EC2 shows them), then go.
 */
import type { CapacityType } from '../../apis/well-known-labels.js';
import type { Clock } from './clock.js';

/** EC2 instance states the simulation uses. */
export type SimInstanceState = 'pending' | 'running' | 'shutting-down' | 'terminated';

/** One simulated EC2 instance. */
export interface SimInstance {
  readonly id: string;
  readonly providerID: string;
  readonly instanceType: string;
  readonly zone: string;
  readonly capacityType: CapacityType;
  /** USD/hour at launch. */
  readonly price: number;
  readonly imageID: string;
  readonly subnetID: string;
  readonly securityGroupIDs: readonly string[];
  readonly tags: Readonly<Record<string, string>>;
  readonly launchTime: Date;
  state: SimInstanceState;
  runningAt?: Date;
  shutdownAt?: Date;
  terminatedAt?: Date;
  /** Why EC2 (not karpd) ended it, when it did: `spot-interruption`, `scheduled-retirement`. */
  endedBy?: string;
}

/** A state change of one instance. */
export interface InstanceChange {
  readonly instance: SimInstance;
  readonly from: SimInstanceState | undefined;
  readonly to: SimInstanceState;
}

/** An instance as saved in the state folder (dates as ISO strings). */
export type SavedSimInstance = Omit<SimInstance, 'launchTime' | 'runningAt' | 'shutdownAt' | 'terminatedAt'> & {
  readonly launchTime: string;
  readonly runningAt?: string;
  readonly shutdownAt?: string;
  readonly terminatedAt?: string;
};

/** How long each phase of a restored instance lasts (the restarted sim's delays). */
export interface RestoreDelays {
  readonly bootDelayMs: number;
  readonly terminateDelayMs: number;
}

/** Called on every state change. */
export type InstanceListener = (change: InstanceChange) => void;

const KEEP_TERMINATED_MS = 3_600_000;

/** The instance table of one simulated EC2. */
export class SimInstances {
  private readonly byID = new Map<string, SimInstance>();
  private readonly listeners = new Set<InstanceListener>();

  /** Runs lifecycle timers on `clock`. */
  constructor(private readonly clock: Clock) {}

  /** Adds a pending instance that becomes running after `bootDelayMs`. */
  add(instance: Omit<SimInstance, 'state'>, bootDelayMs: number): SimInstance {
    const added: SimInstance = { ...instance, state: 'pending' };
    this.byID.set(added.id, added);
    this.emit(added, undefined);
    this.armBoot(added, bootDelayMs);
    return added;
  }

  private armBoot(instance: SimInstance, delayMs: number): void {
    this.clock.setTimeout(() => {
      if (instance.state !== 'pending') return;
      instance.runningAt = this.clock.now();
      this.transition(instance, 'running');
    }, delayMs);
  }

  private armTermination(instance: SimInstance, delayMs: number): void {
    this.clock.setTimeout(() => {
      instance.terminatedAt = this.clock.now();
      this.transition(instance, 'terminated');
      this.armForget(instance.id, KEEP_TERMINATED_MS);
    }, delayMs);
  }

  private armForget(id: string, delayMs: number): void {
    this.clock.setTimeout(() => this.byID.delete(id), delayMs);
  }

  /** Starts shutting an instance down; it is terminated after `delayMs`. No-op unless pending or running. */
  terminate(id: string, delayMs: number, endedBy?: string): SimInstance | undefined {
    const instance = this.byID.get(id);
    if (instance === undefined || (instance.state !== 'pending' && instance.state !== 'running')) return instance;
    instance.shutdownAt = this.clock.now();
    if (endedBy !== undefined) instance.endedBy = endedBy;
    this.transition(instance, 'shutting-down');
    this.armTermination(instance, delayMs);
    return instance;
  }

  /** Every instance, for the state folder. */
  save(): SavedSimInstance[] {
    return this.all().map((instance) => ({
      ...instance,
      launchTime: instance.launchTime.toISOString(),
      runningAt: instance.runningAt?.toISOString(),
      shutdownAt: instance.shutdownAt?.toISOString(),
      terminatedAt: instance.terminatedAt?.toISOString(),
    }));
  }

  /**
   * Loads saved instances (before anyone watches) and re-arms their timers
   * from the times they were saved with: a pending instance boots when its
   * boot delay would have ended, a shutting-down one terminates likewise.
   */
  restore(saved: readonly SavedSimInstance[], delays: RestoreDelays): void {
    const now = this.clock.now().getTime();
    for (const item of saved) {
      const date = (value: string | undefined) => (value === undefined ? undefined : new Date(value));
      const instance: SimInstance = {
        ...item,
        launchTime: new Date(item.launchTime),
        runningAt: date(item.runningAt),
        shutdownAt: date(item.shutdownAt),
        terminatedAt: date(item.terminatedAt),
      };
      this.byID.set(instance.id, instance);
      if (instance.state === 'pending') this.armBoot(instance, instance.launchTime.getTime() + delays.bootDelayMs - now);
      if (instance.state === 'shutting-down')
        this.armTermination(instance, (instance.shutdownAt?.getTime() ?? now) + delays.terminateDelayMs - now);
      if (instance.state === 'terminated')
        this.armForget(instance.id, (instance.terminatedAt?.getTime() ?? now) + KEEP_TERMINATED_MS - now);
    }
  }

  /** The instance with this id (terminated ones for an hour), if any. */
  get(id: string): SimInstance | undefined {
    return this.byID.get(id);
  }

  /** Every known instance, launch order. */
  all(): SimInstance[] {
    return [...this.byID.values()];
  }

  /** Instances not yet terminated. */
  live(): SimInstance[] {
    return this.all().filter((instance) => instance.state !== 'terminated');
  }

  /** Subscribes to state changes; returns the unsubscribe function. */
  watch(listener: InstanceListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private transition(instance: SimInstance, to: SimInstanceState): void {
    const from = instance.state;
    instance.state = to;
    this.emit(instance, from);
  }

  private emit(instance: SimInstance, from: SimInstanceState | undefined): void {
    for (const listener of [...this.listeners]) listener({ instance, from, to: instance.state });
  }
}
