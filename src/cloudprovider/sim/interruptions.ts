/**
 * Interruption-type faults of the simulated EC2: spot interruption warnings
 * (two minutes, then EC2 terminates), rebalance recommendations and scheduled
 * maintenance. Each is published on the same event stream the AWS
 * interruption queue feeds.
 */
import type { Check } from '../../scheduling/check.js';
import type { UnavailableOfferings } from '../launch/unavailable-offerings.js';
import { interruptionAction, parseAwsProviderID, type InterruptionKind } from '../types.js';
import type { Clock } from './clock.js';
import type { SimInstance, SimInstances } from './instances.js';
import type { InterruptionBus } from './interruption-bus.js';

/** The spot interruption notice period. */
export const SPOT_INTERRUPTION_NOTICE_MS = 120_000;

/** What the interruption faults act on. */
export interface InterruptionContext {
  readonly clock: Clock;
  readonly instances: SimInstances;
  readonly bus: InterruptionBus;
  readonly ice: UnavailableOfferings;
  /** How long EC2 takes from shutting-down to terminated. */
  readonly terminateDelayMs: number;
  nextEventID(): string;
}

/** Finds a live instance by id or providerID. */
export function findLiveInstance(instances: SimInstances, idOrProviderID: string): SimInstance | undefined {
  const id = parseAwsProviderID(idOrProviderID)?.instanceID ?? idOrProviderID;
  const instance = instances.get(id);
  return instance === undefined || instance.state === 'terminated' || instance.state === 'shutting-down' ? undefined : instance;
}

function publish(context: InterruptionContext, kind: InterruptionKind, instance: SimInstance, detail?: string): void {
  context.bus.publish({
    id: context.nextEventID(),
    kind,
    action: interruptionAction(kind),
    instanceIDs: [instance.id],
    time: context.clock.now(),
    ...(detail === undefined ? {} : { detail }),
  });
}

/** EC2 ends an instance on its own: shutting-down now, a state-change notice when it is terminated. */
export function reclaim(context: InterruptionContext, instance: SimInstance, endedBy: string): void {
  context.instances.terminate(instance.id, context.terminateDelayMs, endedBy);
  publish(context, 'instance_terminated', instance, endedBy);
}

/** Sends a spot interruption warning; the instance is reclaimed two minutes later. */
export function interruptSpot(context: InterruptionContext, idOrProviderID: string): Check {
  const instance = findLiveInstance(context.instances, idOrProviderID);
  if (instance === undefined) return { ok: false, reason: `no running instance ${idOrProviderID}` };
  if (instance.capacityType !== 'spot') return { ok: false, reason: `instance ${instance.id} is ${instance.capacityType}, expected spot` };
  context.ice.mark('spot', instance.instanceType, instance.zone, 'spot interruption');
  publish(context, 'spot_interrupted', instance, 'instance-action: terminate');
  context.clock.setTimeout(() => {
    if (instance.state === 'pending' || instance.state === 'running') reclaim(context, instance, 'spot-interruption');
  }, SPOT_INTERRUPTION_NOTICE_MS);
  return { ok: true };
}

/** Sends a rebalance recommendation (an event only; nothing is terminated). */
export function recommendRebalance(context: InterruptionContext, idOrProviderID: string): Check {
  const instance = findLiveInstance(context.instances, idOrProviderID);
  if (instance === undefined) return { ok: false, reason: `no running instance ${idOrProviderID}` };
  publish(context, 'rebalance_recommendation', instance);
  return { ok: true };
}

/** Sends an AWS Health scheduled-change notice; the instance is retired after `startsInMs` unless told otherwise. */
export function scheduleMaintenance(
  context: InterruptionContext,
  idOrProviderID: string,
  options: { startsInMs?: number; retire?: boolean } = {},
): Check {
  const instance = findLiveInstance(context.instances, idOrProviderID);
  if (instance === undefined) return { ok: false, reason: `no running instance ${idOrProviderID}` };
  publish(context, 'scheduled_change', instance, 'AWS_EC2_PERSISTENT_INSTANCE_RETIREMENT_SCHEDULED');
  if (options.retire ?? true) {
    context.clock.setTimeout(() => {
      if (instance.state === 'pending' || instance.state === 'running') reclaim(context, instance, 'scheduled-retirement');
    }, options.startsInMs ?? 3_600_000);
  }
  return { ok: true };
}
