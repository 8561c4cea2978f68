import type { FastifyError, FastifyInstance, FastifySchemaValidationError } from 'fastify';

/** Turns an ajv error into a sentence a person can act on, e.g. `correction.session must be integer`. */
export function describeValidationError(error: FastifySchemaValidationError, dataVar: string): string {
  const path = error.instancePath.replace(/^\//, '').replace(/\//g, '.');
  const params = error.params as Record<string, unknown>;
  if (error.keyword === 'required' && typeof params.missingProperty === 'string') {
    return `${path ? `${path}.` : ''}${params.missingProperty} is required`;
  }
  return `${path || dataVar} ${error.message ?? 'is invalid'}`;
}

/** fastify `schemaErrorFormatter`: one readable message from the first ajv error. */
export function formatSchemaErrors(errors: FastifySchemaValidationError[], dataVar: string): Error {
  const first = errors[0];
  return new Error(first ? describeValidationError(first, dataVar) : `${dataVar} is invalid`);
}

/** fastify's terse messages, made actionable for the two a client can fix itself. */
function clientErrorMessage(error: FastifyError, bodyLimit: number): string {
  switch (error.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return `request body exceeds the ${bodyLimit}-byte limit`;
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return 'unsupported media type: send Content-Type: application/json';
    default:
      return error.message;
  }
}

/**
 * Maps every error to the wire contract's `{ error }` body: schema failures → 422 (fastify says 400),
 * bad JSON → 400, too large → 413; anything unexpected → 500 and one log line (never the headers).
 */
export function installErrorHandlers(app: FastifyInstance, bodyLimit: number): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (error.validation) {
      reply.code(422).send({ error: error.message });
      return;
    }
    const status = error.statusCode ?? 500;
    if (status >= 400 && status < 500) {
      reply.code(status).send({ error: clientErrorMessage(error, bodyLimit) });
      return;
    }
    request.log.error({ err: error, url: request.url }, 'ingest server error');
    reply.code(500).send({ error: 'internal server error' });
  });
  app.setNotFoundHandler((request, reply) => {
    reply.code(404).send({ error: `no route for ${request.method} ${request.url.split('?')[0]}` });
  });
}
