/** The kube layer logs through the shared Logger contract. */
export type { Logger } from '../apis/logger.js';
export { silentLogger } from '../apis/logger.js';
