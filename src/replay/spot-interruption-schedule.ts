/**
 * When the replay's simulated EC2 interrupts a spot instance: each spot instance draws, from the seed and its
 * instance id, an exponentially distributed lifetime with the scenario's rate (`spotInterruptionRate`
 * interruptions per spot node-hour), so the same seed interrupts the same instances at the same moments and a
 * rate of 0 never interrupts. Pure.
 */
import { unitHash } from '../cloudprovider/sim/seeded.js';

const HOUR_MS = 3_600_000;

/** Ms after launch at which the spot instance `instanceID` gets its interruption warning, or undefined (rate 0). */
export function spotInterruptionDelayMs(seed: number, instanceID: string, ratePerNodeHour: number): number | undefined {
  if (!(ratePerNodeHour > 0)) return undefined;
  const u = unitHash(seed, 'spot-interruption', instanceID);
  const hours = -Math.log(1 - u) / ratePerNodeHour;
  return Math.max(1000, Math.round(hours * HOUR_MS));
}
