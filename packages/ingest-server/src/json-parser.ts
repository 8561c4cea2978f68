import { isUtf8 } from 'node:buffer';
import type { FastifyInstance } from 'fastify';
import { findLoneSurrogate, findNul } from './well-formed';

declare module 'fastify' {
  interface FastifyRequest {
    /** The JSON body exactly as received (stored verbatim as the correction's payload). */
    rawBody?: string;
  }
}

/** A 400 carrying a readable message, for bad JSON. */
function badJson(message: string): Error & { statusCode: number } {
  return Object.assign(new Error(message), { statusCode: 400 });
}

/** A 422: well-formed JSON whose text the store could not keep exactly. */
function unstorable(message: string): Error & { statusCode: number } {
  return Object.assign(new Error(message), { statusCode: 422 });
}

/**
 * Replaces fastify's JSON parser with one that keeps the raw text (so the store need not
 * re-serialise the body) and answers 400 with a readable message on malformed JSON.
 * Prototype-poisoning keys are harmless here: bodies are validated and stored, never merged.
 * Only JSON is accepted: other media types get 415 rather than a confusing schema error.
 * Text that would not be stored exactly is refused, never altered: bytes that are not UTF-8 → 400,
 * a lone UTF-16 surrogate (`\ud83d` with no partner) → 422 naming the field, and U+0000 → 422 where
 * the store's SQLite cuts text there (`cutsAtNul`: node:sqlite on Node 22).
 */
export function installJsonParser(app: FastifyInstance, store: { readonly cutsAtNul: boolean }): void {
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (request, body, done) => {
    const bytes = body as Buffer;
    if (!isUtf8(bytes)) {
      done(badJson('body is not valid UTF-8'), undefined);
      return;
    }
    const text = bytes.toString('utf8');
    if (text.length === 0) {
      done(badJson('body is empty; expected a JSON object'), undefined);
      return;
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (error) {
      done(badJson(`body is not valid JSON: ${(error as Error).message}`), undefined);
      return;
    }
    const lonePath = findLoneSurrogate(text, parsed);
    if (lonePath !== null) {
      done(unstorable(`${lonePath} contains a lone UTF-16 surrogate (half of an emoji or other pair); send well-formed Unicode`), undefined);
      return;
    }
    const nulPath = store.cutsAtNul ? findNul(text, parsed) : null;
    if (nulPath !== null) {
      done(unstorable(`${nulPath} contains U+0000, which this receiver's SQLite driver (node:sqlite on Node 22) cuts text at; run the receiver on Node 24 or later, or with better-sqlite3`), undefined);
      return;
    }
    request.rawBody = text;
    done(null, parsed);
  });
}
