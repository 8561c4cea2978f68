import type { FastifyInstance } from 'fastify';
import type { RouteConfig, ServerContext } from '../context';
import { authorizeHook } from '../hooks';
import { correctionsParamsSchema } from '../schemas';

/** `GET /api/v1/brains/:brainId/corrections`: what a brain has delivered, oldest first. */
export function registerCorrectionsRoute(app: FastifyInstance, ctx: ServerContext): void {
  const config: RouteConfig = { routeName: 'corrections' };
  app.get('/api/v1/brains/:brainId/corrections', {
    config,
    schema: { params: correctionsParamsSchema },
    onRequest: authorizeHook(ctx, 'corrections'),
    handler(request, reply) {
      const { brainId } = request.params as { brainId: string };
      const corrections = ctx.store.corrections(brainId).map((c) => ({
        event_id: c.eventId,
        session: c.session,
        category: c.category,
        severity: c.severity,
        description: c.description,
        draft: c.draft,
        final: c.final,
        idempotency_key: c.idempotencyKey,
        attempt: c.attempt,
        received_at: new Date(c.receivedAt).toISOString(),
      }));
      return reply.send({ brain_id: brainId, count: corrections.length, corrections });
    },
  });
}
