import type { FastifyInstance } from 'fastify';
import type { RouteConfig, ServerContext } from '../context';
import { authorizeHook, faultHook } from '../hooks';
import { syncBodySchema, syncReplySchema } from '../schemas';
import type { SyncEventInput } from '../store';

interface SyncBody {
  brain_id: string;
  events: SyncEventInput[];
  cursor?: string | number | null;
}

/**
 * The watermark after a batch: the `created_at` of the batch's last event, in the order the client
 * sent them (the client's order is authoritative); the incoming cursor when the batch is empty.
 */
export function nextWatermark(body: SyncBody): string | number | null {
  const last = body.events[body.events.length - 1];
  return last !== undefined ? last.created_at : (body.cursor ?? null);
}

/** `POST /api/v1/sync`: the legacy end-of-session bulk sync (SPEC §10), idempotent per event_id. */
export function registerSyncRoute(app: FastifyInstance, ctx: ServerContext): void {
  const config: RouteConfig = { routeName: 'sync' };
  app.post('/api/v1/sync', {
    config,
    schema: { body: syncBodySchema, response: syncReplySchema },
    onRequest: authorizeHook(ctx, 'sync'),
    preHandler: faultHook(ctx, 'sync'),
    handler(request, reply) {
      const body = request.body as SyncBody;
      ctx.store.committer.run(
        () => ctx.store.insertEvents(body.brain_id, body.events, request.receivedAt),
        (error, ingested = 0) => {
          if (error) {
            reply.send(error);
            return;
          }
          ctx.stats.eventsStored += ingested;
          reply.send({ ingested_count: ingested, new_watermark: nextWatermark(body) });
        },
      );
    },
  });
}
