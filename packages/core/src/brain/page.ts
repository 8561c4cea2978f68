import { GradataValidationError } from '../errors';

/** Rows a listing returns when the caller gives no `limit`: a page, never the whole table. */
export const DEFAULT_LESSON_PAGE = 1000;
export const DEFAULT_CORRECTION_PAGE = 100;
/** The largest page a caller may ask for: one call stays bounded in time and memory. */
export const MAX_PAGE = 10_000;

function isCount(value: unknown, min: number, max: number): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= min && value <= max;
}

/** A page size: a whole number from 1 to MAX_PAGE, or the default when absent. */
export function pageLimit(limit: unknown, fallback: number): number {
  if (limit === undefined) return fallback;
  if (!isCount(limit, 1, MAX_PAGE)) {
    throw new GradataValidationError('BAD_OPTION', `limit must be a whole number from 1 to ${MAX_PAGE}; got ${String(limit)}`);
  }
  return limit;
}

/** A row id cursor (`afterId` / `beforeId`): the id of the last row of the previous page. */
export function pageCursor(name: string, value: unknown): number | undefined {
  if (value === undefined) return undefined;
  if (!isCount(value, 0, Number.MAX_SAFE_INTEGER)) {
    throw new GradataValidationError('BAD_OPTION', `${name} must be a row id (a whole number ≥ 0); got ${String(value)}`);
  }
  return value;
}
