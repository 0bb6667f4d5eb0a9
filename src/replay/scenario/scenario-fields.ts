/**
 * Field readers of the scenario parser: each reads one field of a YAML mapping (already plain data), checks its
 * type and bounds, and records a problem at the field's path when it is wrong, in the `ProblemList` style of
 * src/apis/validation (problems as data, located in the file afterwards). Every reader returns `undefined` for a
 * missing or wrong value, so a parser reports every problem of a file in one pass.
 */
import { Duration } from '../../apis/duration.js';
import type { PathSegment, ProblemList } from '../../apis/problem.js';
import { didYouMean } from '../../apis/suggest.js';
import { formatTimeOfDay, parseTimeOfDay } from './time-of-day.js';

/** A YAML mapping as plain data. */
export type Fields = Readonly<Record<string, unknown>>;

/** Where a reader looks: the mapping, its path and the list problems go to. */
export interface FieldContext {
  readonly fields: Fields;
  readonly at: readonly PathSegment[];
  readonly problems: ProblemList;
}

/** Is `value` a YAML mapping (not a list, not a scalar)? */
export function isFields(value: unknown): value is Fields {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  if (typeof value === 'string') return JSON.stringify(value);
  return `${typeof value} ${String(value)}`;
}

/** Records a problem for each field not in `known`, with a suggestion of the closest known one. */
export function refuseUnknownFields(context: FieldContext, known: readonly string[]): void {
  for (const key of Object.keys(context.fields)) {
    if (known.includes(key)) continue;
    const hint = didYouMean(key, known) ?? `known fields: ${known.join(', ')}`;
    context.problems.error([...context.at, key], 'unknown-field', `unknown field "${key}"`, hint);
  }
}

function present(context: FieldContext, key: string, required: boolean): unknown {
  const value = context.fields[key];
  if (value === undefined || value === null) {
    if (required) context.problems.error([...context.at, key], 'missing-field', `"${key}" is required`);
    return undefined;
  }
  return value;
}

/** A string field (required unless `required` is false). */
export function readString(context: FieldContext, key: string, required = true): string | undefined {
  const value = present(context, key, required);
  if (value === undefined) return undefined;
  if (typeof value === 'string' && value.trim() !== '') return value;
  context.problems.error([...context.at, key], 'invalid-type', `expected a non-empty string, got ${describe(value)}`);
  return undefined;
}

/** A boolean field; absent is `undefined`. */
export function readBoolean(context: FieldContext, key: string): boolean | undefined {
  const value = present(context, key, false);
  if (value === undefined || typeof value === 'boolean') return value;
  context.problems.error([...context.at, key], 'invalid-type', `expected true or false, got ${describe(value)}`);
  return undefined;
}

/** Bounds of a number field. */
export interface NumberBounds {
  readonly min: number;
  readonly max: number;
  readonly integer: boolean;
  /** @default true */
  readonly required?: boolean;
}

/** A number within `bounds` (an integer when `bounds.integer`). */
export function readNumber(context: FieldContext, key: string, bounds: NumberBounds): number | undefined {
  const value = present(context, key, bounds.required ?? true);
  if (value === undefined) return undefined;
  const at = [...context.at, key];
  const what = bounds.integer ? 'an integer' : 'a number';
  if (typeof value !== 'number' || !Number.isFinite(value) || (bounds.integer && !Number.isInteger(value))) {
    context.problems.error(at, 'invalid-type', `expected ${what}, got ${describe(value)}`);
    return undefined;
  }
  if (value < bounds.min || value > bounds.max) {
    context.problems.error(at, 'out-of-range', `${value} is out of range: expected ${what} from ${bounds.min} to ${bounds.max}`);
    return undefined;
  }
  return value;
}

/** The longest duration a scenario accepts anywhere: 7 days. */
export const MAX_DURATION_MS = 7 * 24 * 3_600_000;

/** A positive Go duration of at most {@link MAX_DURATION_MS} (`20m`, `1h30m`); `Never` is refused. */
export function readDuration(context: FieldContext, key: string, required = true): string | undefined {
  const value = present(context, key, required);
  if (value === undefined) return undefined;
  const at = [...context.at, key];
  const parsed = typeof value === 'string' && value !== 'Never' ? Duration.tryParse(value) : undefined;
  if (parsed === undefined) {
    const hint = typeof value === 'number' ? `write the unit, e.g. "${value}m" or "${value}h"` : undefined;
    context.problems.error(at, 'invalid-duration', `${describe(value)} is not a duration such as 20m, 1h30m or 24h`, hint);
    return undefined;
  }
  const ms = parsed.toMillis();
  if (ms <= 0 || ms > MAX_DURATION_MS) {
    context.problems.error(at, 'out-of-range', `duration "${value}" is out of range: expected more than 0s and at most 7 days (168h)`);
    return undefined;
  }
  return value as string;
}

/** Milliseconds of a duration the readers accepted. */
export function durationMs(text: string): number {
  return Duration.parse(text).toMillis();
}

/** A time of day `HH:MM` (`8:30` is read as `08:30`), returned as `HH:MM`. */
export function readTimeOfDay(context: FieldContext, key: string, required = true): string | undefined {
  const value = present(context, key, required);
  if (value === undefined) return undefined;
  const minutes = typeof value === 'string' ? parseTimeOfDay(value) : undefined;
  if (minutes === undefined) {
    const hint = typeof value === 'number' ? 'quote it or write hours and minutes, e.g. "08:00"' : 'e.g. "08:00" or "17:30"';
    context.problems.error([...context.at, key], 'invalid-time', `${describe(value)} is not a time of day HH:MM`, hint);
    return undefined;
  }
  return formatTimeOfDay(minutes);
}

/** The most items a list field may hold. */
export const MAX_LIST_ITEMS = 1000;

/** A non-empty list field of at most {@link MAX_LIST_ITEMS} items; each item is handed to `read` with its path. */
export function readList<T>(
  context: FieldContext,
  key: string,
  read: (item: unknown, at: PathSegment[]) => T | undefined,
): T[] | undefined {
  const value = present(context, key, true);
  if (value === undefined) return undefined;
  if (!Array.isArray(value) || value.length === 0) {
    context.problems.error([...context.at, key], 'invalid-type', `expected a non-empty list, got ${describe(value)}`);
    return undefined;
  }
  if (value.length > MAX_LIST_ITEMS) {
    context.problems.error([...context.at, key], 'out-of-range', `${value.length} items is too many: expected at most ${MAX_LIST_ITEMS}`);
    return undefined;
  }
  const items = value.map((item, index) => read(item, [...context.at, key, index]));
  return items.every((item) => item !== undefined) ? (items as T[]) : undefined;
}

/** A nested mapping at `at`, or `undefined` (with a problem) when it is something else. */
export function asFields(value: unknown, at: readonly PathSegment[], problems: ProblemList): Fields | undefined {
  if (isFields(value)) return value;
  problems.error(at, 'invalid-type', `expected a mapping, got ${describe(value)}`);
  return undefined;
}
