/**
 * A strict parser for the cron schedules of disruption budgets: five fields
 * (minute hour day-of-month month day-of-week) with `*`, `?`, lists, ranges,
 * steps and month/day names, or one of the `@yearly`… descriptors; times are
 * UTC and a `TZ=`/`CRON_TZ=` prefix is refused, as upstream's standard cron
 * parser and CRD pattern do (https://karpenter.sh/docs/concepts/nodepools/).
 */

interface CronField {
  readonly name: string;
  readonly min: number;
  readonly max: number;
  readonly names?: readonly string[];
  readonly question?: boolean;
}

const FIELDS: readonly CronField[] = [
  { name: 'minute', min: 0, max: 59 },
  { name: 'hour', min: 0, max: 23 },
  { name: 'day of month', min: 1, max: 31, question: true },
  { name: 'month', min: 1, max: 12, names: ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'] },
  { name: 'day of week', min: 0, max: 6, names: ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'], question: true },
];

const DESCRIPTORS = new Set(['@yearly', '@annually', '@monthly', '@weekly', '@daily', '@midnight', '@hourly']);

function parseValue(text: string, field: CronField): number | undefined {
  if (/^\d+$/.test(text)) return Number(text);
  const index = field.names?.indexOf(text.toLowerCase()) ?? -1;
  if (index < 0) return undefined;
  return field.min + index;
}

function checkRange(part: string, field: CronField): string | undefined {
  const [rangeText, stepText, extra] = part.split('/');
  if (extra !== undefined) return `"${part}" has more than one "/"`;
  if (stepText !== undefined && !/^[1-9]\d*$/.test(stepText)) return `step "${stepText}" must be a positive integer`;
  if (rangeText === '*' || (rangeText === '?' && field.question === true)) return undefined;
  const bounds = rangeText.split('-');
  if (bounds.length > 2) return `"${rangeText}" is not a value or a range`;
  const values = bounds.map((bound) => parseValue(bound, field));
  if (values.some((value) => value === undefined)) return `"${rangeText}" is not a valid ${field.name}`;
  const [low, high = low] = values as number[];
  if (low < field.min || high > field.max) return `${field.name} must be between ${field.min} and ${field.max}, got "${rangeText}"`;
  if (low > high) return `range "${rangeText}" runs backwards`;
  return undefined;
}

function checkField(text: string, field: CronField): string | undefined {
  for (const part of text.split(',')) {
    if (part === '') return `empty list item in ${field.name} "${text}"`;
    const problem = checkRange(part, field);
    if (problem !== undefined) return problem;
  }
  return undefined;
}

/** Why `schedule` is not a valid budget schedule, or undefined when it is. */
export function cronScheduleError(schedule: string): string | undefined {
  const trimmed = schedule.trim();
  if (/^(CRON_)?TZ=/.test(trimmed)) return 'time zones are not supported: schedules are always UTC';
  if (trimmed.startsWith('@')) {
    return DESCRIPTORS.has(trimmed) ? undefined : `unknown descriptor "${trimmed}" (expected one of ${[...DESCRIPTORS].join(', ')})`;
  }
  const fields = trimmed.split(/\s+/);
  if (fields.length !== 5) return `expected 5 fields (minute hour day-of-month month day-of-week), got ${fields.length}`;
  for (let index = 0; index < FIELDS.length; index++) {
    const problem = checkField(fields[index], FIELDS[index]);
    if (problem !== undefined) return problem;
  }
  return undefined;
}
