/**
 * The time source the simulated EC2 runs on: the project's one `Clock`
 * (real time in the embedded default, a manually advanced clock in replays
 * and tests).
 */
export type { Clock } from '../../apis/clock.js';
