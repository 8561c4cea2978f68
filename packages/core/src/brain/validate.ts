import { GradataValidationError } from '../errors';
import type { CorrectOptions } from './types';

/** SPEC §5.1: draft + final + context above this many characters are refused. */
export const MAX_CORRECTION_CHARS = 100_000;

/** Throws TypeError or GradataValidationError; returns nothing so callers cannot skip it. */
export function validateCorrection(draft: unknown, final: unknown, options: CorrectOptions | undefined): asserts draft is string {
  if (typeof draft !== 'string') throw new TypeError(`draft must be a string; got ${typeof draft}`);
  if (typeof final !== 'string') throw new TypeError(`final must be a string; got ${typeof final}`);
  if (options !== undefined && (options === null || typeof options !== 'object')) {
    throw new TypeError('options must be an object');
  }
  if (draft.length === 0 && final.length === 0) throw new GradataValidationError('EMPTY', 'draft and final are both empty');
  if (draft === final) throw new GradataValidationError('IDENTICAL', 'draft and final are identical: there is no correction');
  // The context is redacted and stored too, on the caller's thread: it counts against the same limit.
  const context = options?.context;
  const total = draft.length + final.length + (typeof context === 'string' ? context.length : 0);
  if (total > MAX_CORRECTION_CHARS) {
    throw new GradataValidationError('TOO_LARGE', `draft + final + context is ${total} characters; the limit is ${MAX_CORRECTION_CHARS}`);
  }
  const session = options?.session;
  if (session !== undefined && !(typeof session === 'number' && Number.isInteger(session) && session > 0)) {
    throw new GradataValidationError('BAD_SESSION', `session must be a positive integer; got ${JSON.stringify(session)}`);
  }
  const category = options?.category;
  if (category !== undefined && (typeof category !== 'string' || category.trim() === '' || category.length > 64)) {
    throw new GradataValidationError('BAD_OPTION', `category must be a non-empty string of at most 64 characters; got ${JSON.stringify(category)}`);
  }
  if (options?.context !== undefined && typeof options.context !== 'string') {
    throw new TypeError('context must be a string');
  }
}
