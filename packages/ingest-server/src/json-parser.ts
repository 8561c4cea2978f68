import type { FastifyInstance } from 'fastify';

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

/**
 * Replaces fastify's JSON parser with one that keeps the raw text (so the store need not
 * re-serialise the body) and answers 400 with a readable message on malformed JSON.
 * Prototype-poisoning keys are harmless here: bodies are validated and stored, never merged.
 * Only JSON is accepted: other media types get 415 rather than a confusing schema error.
 */
export function installJsonParser(app: FastifyInstance): void {
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    const text = body as string;
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
    request.rawBody = text;
    done(null, parsed);
  });
}
