import type { FastifyRequest } from 'fastify';
import { headerValue, parseAttempt, type RouteConfig, type ServerContext } from './context';
import type { ReceivedRequest } from './options';

/** Records the answer's status and, when asked for, tells `onRequest` what was received. */
export function reportRequest(ctx: ServerContext, request: FastifyRequest, status: number): void {
  ctx.stats.recordStatus(status);
  const onRequest = ctx.options.onRequest;
  if (onRequest === undefined) return;
  const route = (request.routeOptions.config as Partial<RouteConfig> | undefined)?.routeName;
  if (route === undefined) return;
  const headers = request.headers;
  const body = request.body as { brain_id?: unknown; event_id?: unknown } | undefined;
  const eventId = typeof body?.event_id === 'string' ? body.event_id : headerValue(headers['idempotency-key']);
  const info: ReceivedRequest = {
    route,
    status,
    headers: { ...headers } as Record<string, string | undefined>,
    eventId,
    brainId: typeof body?.brain_id === 'string' ? body.brain_id : undefined,
    attempt: parseAttempt(headers['x-gradata-attempt']),
    at: request.receivedAt || Date.now(),
  };
  try {
    onRequest(info);
  } catch (err) {
    request.log.error({ err }, 'onRequest callback threw');
  }
}
