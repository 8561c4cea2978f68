import type { FastifyInstance } from 'fastify';
import { headerValue, parseAttempt, type RouteConfig, type ServerContext } from '../context';
import { authorizeHook, faultHook } from '../hooks';
import { ingestBodySchema, ingestReplySchema } from '../schemas';
import type { CorrectionInput } from '../store';

const STORED = Object.freeze({ status: 'ok', deduplicated: false });
const DUPLICATE = Object.freeze({ status: 'ok', deduplicated: true });

/** `POST /api/v1/ingest`: one correction, idempotent on (brain_id, event_id) (SPEC §8). */
export function registerIngestRoute(app: FastifyInstance, ctx: ServerContext): void {
  const config: RouteConfig = { routeName: 'ingest' };
  app.post('/api/v1/ingest', {
    config,
    schema: { body: ingestBodySchema, response: ingestReplySchema },
    onRequest: authorizeHook(ctx, 'ingest'),
    preHandler: faultHook(ctx, 'ingest'),
    handler(request, reply) {
      const headers = request.headers;
      const body = request.body as CorrectionInput;
      ctx.store.committer.run(
        () =>
          ctx.store.insertCorrection(
            body,
            request.rawBody ?? JSON.stringify(body),
            headerValue(headers['idempotency-key']),
            parseAttempt(headers['x-gradata-attempt']),
            request.receivedAt,
          ),
        (error, stored) => {
          if (error) {
            reply.send(error);
            return;
          }
          if (stored) ctx.stats.stored += 1;
          else ctx.stats.deduplicated += 1;
          reply.send(stored ? STORED : DUPLICATE);
        },
      );
    },
  });
}
