/** What the control plane's built-in controllers are given. */
import type { Clock } from './clock.js';
import type { Registry } from './registry.js';
import type { ResourceApi } from './resource-api.js';
import type { StoreEvent } from './store.js';

import type { Logger } from '../../apis/logger.js';

/** The shared pino-style logger contract. */
export type { Logger } from '../../apis/logger.js';
export { silentLogger } from '../../apis/logger.js';

/** Dependencies of a built-in controller. */
export interface ControllerDeps {
  readonly api: ResourceApi;
  readonly registry: Registry;
  readonly clock: Clock;
  readonly logger: Logger;
}

/** Stops a controller. */
export type StopController = () => void;

/** Runs `fn`, logging (not throwing) an error: controllers must never crash the server. */
export function guarded(deps: ControllerDeps, controller: string, fn: () => void): void {
  try {
    fn();
  } catch (error) {
    deps.logger.warn({ controller, err: error instanceof Error ? error.message : String(error) }, 'controller step failed');
  }
}

/** Subscribes a controller to every store change; an error in `fn` is logged, never thrown into the write that caused it. */
export function onStoreChange(deps: ControllerDeps, controller: string, fn: (event: StoreEvent) => void): StopController {
  return deps.api.store.onChange((event) => guarded(deps, controller, () => fn(event)));
}
