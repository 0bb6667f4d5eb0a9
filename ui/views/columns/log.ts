/** The Log window's columns: time, level, message, fields. */
import type { LogLineRow } from '../../../src/observe/view-model/view-model.js';
import { timeOfDay } from '../../state/format.js';
import { seg } from '../../theme/line.js';
import type { Token } from '../../theme/tokens.js';
import type { Column } from './column.js';

const LEVEL_TOKENS: Readonly<Record<LogLineRow['level'], Token>> = {
  trace: 'muted',
  debug: 'muted',
  info: 'text',
  warn: 'warn',
  error: 'error',
  fatal: 'error',
};

/** Log columns. */
export const LOG_COLUMNS: readonly Column<LogLineRow>[] = [
  { title: 'TIME', width: 8, priority: 0, cell: (r) => seg(timeOfDay(r.time)) },
  { title: 'LEVEL', width: 5, priority: 0, cell: (r) => seg(r.level.toUpperCase(), LEVEL_TOKENS[r.level]) },
  { title: 'MESSAGE', width: 20, flex: 2, priority: 0, cell: (r) => seg(r.message) },
  { title: 'FIELDS', width: 10, flex: 1, priority: 1, cell: (r) => seg(r.fields, 'muted') },
];
