import type { FastifyRequest } from 'fastify';
import { headerValue, parseAttempt, type BatchItems, type RouteConfig, type ServerContext } from './context';
import type { ReceivedRequest } from './options';

/** Records the answer's status and, when asked for, tells `onRequest` what was received. */
export function reportRequest(ctx: ServerContext, request: FastifyRequest, status: number): void {
  ctx.stats.recordStatus(status);
  const onRequest = ctx.options.onRequest;
  if (onRequest === undefined) return;
  const route = (request.routeOptions.config as Partial<RouteConfig> | undefined)?.routeName;
  if (route === undefined) return;
  if (request.batchItems !== undefined) {
    reportBatchItems(request, status, onRequest);
    return;
  }
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
  notify(request, onRequest, info);
}

function notify(request: FastifyRequest, onRequest: (info: ReceivedRequest) => void, info: ReceivedRequest): void {
  try {
    onRequest(info);
  } catch (err) {
    request.log.error({ err }, 'onRequest callback threw');
  }
}

function stringField(item: unknown, name: 'event_id' | 'brain_id'): string | undefined {
  const value = typeof item === 'object' && item !== null ? (item as Record<string, unknown>)[name] : undefined;
  return typeof value === 'string' ? value : undefined;
}

/**
 * A batch whose items were read is reported once per item, as route `ingest`: to whoever watches
 * deliveries, each item is a correction received in [at, now] with its own status (or the whole
 * request's status when it was answered as a whole: a fault, a scripted answer, a failed commit).
 */
function reportBatchItems(request: FastifyRequest, status: number, onRequest: (info: ReceivedRequest) => void): void {
  const { items, statuses } = request.batchItems as BatchItems;
  const headers = { ...request.headers } as Record<string, string | undefined>;
  const attempt = parseAttempt(request.headers['x-gradata-attempt']);
  const at = request.receivedAt || Date.now();
  items.forEach((item, index) => {
    notify(request, onRequest, {
      route: 'ingest',
      status: statuses?.[index] ?? status,
      headers,
      eventId: stringField(item, 'event_id'),
      brainId: stringField(item, 'brain_id'),
      attempt,
      at,
      batchSize: items.length,
    });
  });
}
