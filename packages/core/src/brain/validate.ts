import { describeValue } from '../describe-value';
import { GradataValidationError } from '../errors';

/** SPEC §5.1: draft + final + context above this many characters are refused. */
export const MAX_CORRECTION_CHARS = 100_000;
/** A category is a short label. */
const MAX_CATEGORY_CHARS = 64;

/** The options of one `correct()` call, each read exactly once and checked. */
export interface ValidatedOptions {
  category: string | undefined;
  session: number | undefined;
  context: string | undefined;
  dryRun: boolean;
}

/**
 * SPEC §5.1. Non-string draft/final → TypeError; everything else → GradataValidationError.
 * The options are copied once at the top (a getter is called once, a Proxy trapped once per
 * field), so what is checked is what is used.
 */
export function validateCorrection(draft: unknown, final: unknown, options: unknown): ValidatedOptions {
  if (typeof draft !== 'string') throw new TypeError(`draft must be a string; got ${describeValue(draft)}`);
  if (typeof final !== 'string') throw new TypeError(`final must be a string; got ${describeValue(final)}`);
  const { category, session, context, dryRun } = readOptions(options);

  if (session !== undefined && !(typeof session === 'number' && Number.isSafeInteger(session) && session > 0)) {
    throw new GradataValidationError('BAD_SESSION', `session must be a positive safe integer; got ${describeValue(session)}`);
  }
  if (category !== undefined && (typeof category !== 'string' || category.trim() === '' || category.length > MAX_CATEGORY_CHARS)) {
    throw new GradataValidationError('BAD_OPTION', `category must be a non-empty string of at most ${MAX_CATEGORY_CHARS} characters; got ${describeValue(category)}`);
  }
  // Stored as a plain column, which Node 22's node:sqlite would refuse (it cuts text at U+0000, so the
  // driver seam refuses such values): refused here on every driver, as a bad option, not a storage error.
  if (category !== undefined && category.includes('\u0000')) {
    throw new GradataValidationError('BAD_OPTION', 'category must not contain U+0000 (NUL)');
  }
  if (context !== undefined && typeof context !== 'string') {
    throw new GradataValidationError('BAD_OPTION', `context must be a string; got ${describeValue(context)}`);
  }
  if (dryRun !== undefined && typeof dryRun !== 'boolean') {
    throw new GradataValidationError('BAD_OPTION', `dryRun must be true or false; got ${describeValue(dryRun)}`);
  }

  if (draft.length === 0 && final.length === 0) throw new GradataValidationError('EMPTY', 'draft and final are both empty');
  if (draft === final) throw new GradataValidationError('IDENTICAL', 'draft and final are identical: there is no correction');
  const total = draft.length + final.length + (context?.length ?? 0);
  if (total > MAX_CORRECTION_CHARS) {
    throw new GradataValidationError('TOO_LARGE', `draft + final + context is ${total} characters; the limit is ${MAX_CORRECTION_CHARS}`);
  }
  return { category, session, context, dryRun: dryRun ?? false };
}

/** One read of each known option; a throwing getter or a non-object is the caller's bad option. */
function readOptions(options: unknown): { category: unknown; session: unknown; context: unknown; dryRun: unknown } {
  if (options === undefined) return { category: undefined, session: undefined, context: undefined, dryRun: undefined };
  if (options === null || typeof options !== 'object' || Array.isArray(options)) {
    throw new GradataValidationError('BAD_OPTION', `options must be an object; got ${describeValue(options)}`);
  }
  const source = options as Record<string, unknown>;
  const read = (name: string): unknown => {
    try {
      return source[name];
    } catch (err) {
      throw new GradataValidationError('BAD_OPTION', `reading options.${name} threw: ${err instanceof Error ? err.message : describeValue(err)}`);
    }
  };
  return { category: read('category'), session: read('session'), context: read('context'), dryRun: read('dryRun') };
}
