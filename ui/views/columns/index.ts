/** Each window's columns. */
import type { WindowId } from '../../state/windows.js';
import type { Column } from './column.js';
import { DECISION_COLUMNS } from './decisions.js';
import { LOG_COLUMNS } from './log.js';
import { NODE_CLAIM_COLUMNS } from './node-claims.js';
import { POD_COLUMNS } from './pods.js';
import { POOL_COLUMNS } from './pools.js';
import { SPOT_EVENT_COLUMNS } from './spot-events.js';

/** The columns of a window's table. */
export const COLUMNS_OF: Readonly<Record<WindowId, readonly Column<never>[]>> = {
  pools: POOL_COLUMNS as readonly Column<never>[],
  nodeClaims: NODE_CLAIM_COLUMNS as readonly Column<never>[],
  pods: POD_COLUMNS as readonly Column<never>[],
  spotEvents: SPOT_EVENT_COLUMNS as readonly Column<never>[],
  decisions: DECISION_COLUMNS as readonly Column<never>[],
  log: LOG_COLUMNS as readonly Column<never>[],
};
