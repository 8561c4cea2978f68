import type { FastifyInstance, FastifySchemaValidationError, preHandlerHookHandler } from 'fastify';
import { headerValue, parseAttempt, type RouteConfig, type ServerContext } from '../context';
import { authorizeHook, faultHook } from '../hooks';
import { describeValidationError } from '../http-errors';
import { ingestBatchBodySchema, ingestBatchReplySchema, ingestBodySchema } from '../schemas';
import type { CorrectionInput } from '../store';

/** One item's answer, in the order the items came. */
export type BatchItemResult =
  | { event_id: string | null; status: 200; deduplicated: boolean }
  | { event_id: string | null; status: 422; error: string };

interface BatchBody {
  items: unknown[];
}

function eventIdOf(item: unknown): string | null {
  const id = typeof item === 'object' && item !== null ? (item as { event_id?: unknown }).event_id : undefined;
  return typeof id === 'string' ? id : null;
}

/** Marks the request as carrying items (for per-item reports and counts) once its envelope is valid. */
function readItems(ctx: ServerContext): preHandlerHookHandler {
  return function markItems(request, _reply, done) {
    const items = (request.body as BatchBody).items;
    request.batchItems = { items };
    ctx.stats.ingest += items.length;
    done();
  };
}

/**
 * `POST /api/v1/ingest/batch`: many corrections in one request, a result per item (the wire
 * extension of SPEC §7.2). Each item follows the single-ingest rules: validated on its own (422
 * for that item only), idempotent on (brain_id, event_id). Valid items are written in one group
 * commit and the request is answered after it. Auth, the rate limit (one request = one unit),
 * the body limit and faults apply to the request as a whole.
 */
export function registerIngestBatchRoute(app: FastifyInstance, ctx: ServerContext): void {
  const config: RouteConfig = { routeName: 'ingest-batch' };
  app.post('/api/v1/ingest/batch', {
    config,
    schema: { body: ingestBatchBodySchema, response: ingestBatchReplySchema },
    onRequest: authorizeHook(ctx, 'ingest-batch'),
    preHandler: [readItems(ctx), faultHook(ctx, 'batch')],
    handler(request, reply) {
      const { items } = request.body as BatchBody;
      // Compiled once per route by fastify's own ajv (same options as the single route), then cached.
      const validate = request.compileValidationSchema(ingestBodySchema, 'body');
      const attempt = parseAttempt(headerValue(request.headers['x-gradata-attempt']));
      const results: BatchItemResult[] = new Array<BatchItemResult>(items.length);
      const statuses: number[] = new Array<number>(items.length);
      const valid: number[] = [];
      items.forEach((item, index) => {
        if (validate(item)) {
          valid.push(index);
          return;
        }
        const first = (validate.errors as FastifySchemaValidationError[] | null | undefined)?.[0];
        const error = first ? describeValidationError(first, 'item') : 'item is invalid';
        results[index] = { event_id: eventIdOf(item), status: 422, error };
        statuses[index] = 422;
      });
      ctx.store.committer.run(
        () => {
          for (const index of valid) {
            const item = items[index] as CorrectionInput;
            // Items have no raw text of their own; stringified once, only to keep the stored shape.
            const stored = ctx.store.insertCorrection(item, JSON.stringify(item), undefined, attempt, request.receivedAt);
            results[index] = { event_id: item.event_id, status: 200, deduplicated: !stored };
            statuses[index] = 200;
          }
        },
        (error) => {
          if (error) {
            reply.send(error);
            return;
          }
          for (const index of valid) {
            if ((results[index] as { deduplicated: boolean }).deduplicated) ctx.stats.deduplicated += 1;
            else ctx.stats.stored += 1;
          }
          if (request.batchItems) request.batchItems.statuses = statuses;
          reply.send({ results });
        },
      );
    },
  });
}
