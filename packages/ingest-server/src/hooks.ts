import type { FastifyReply, FastifyRequest, onRequestHookHandler, preHandlerHookHandler } from 'fastify';
import { bearerKey } from './auth';
import type { ServerContext } from './context';
import type { FaultAction, FaultRoute } from './faults';
import { reportRequest } from './report';

/** Resolves true after `ms`, or false as soon as the server starts closing. */
function pause(ms: number, closing: AbortSignal): Promise<boolean> {
  if (closing.aborted) return Promise.resolve(false);
  return new Promise((resolve) => {
    const onAbort = (): void => {
      clearTimeout(timer);
      resolve(false);
    };
    const timer = setTimeout(() => {
      closing.removeEventListener('abort', onAbort);
      resolve(true);
    }, ms);
    closing.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * onRequest for authenticated routes: counts the request, checks the bearer key (401) and, on the
 * write routes, the per-key rate limit (429). Runs before the body is read, so refusals are cheap;
 * that is also why a batch request counts as one request against the rate limit, whatever it carries.
 */
export function authorizeHook(ctx: ServerContext, route: 'ingest' | 'ingest-batch' | 'sync' | 'corrections'): onRequestHookHandler {
  const keys = ctx.keys;
  const limiter = route === 'corrections' ? undefined : ctx.limiter;
  return function authorize(request, reply, done) {
    request.receivedAt = Date.now();
    if (route === 'ingest') ctx.stats.ingest += 1;
    else if (route === 'ingest-batch') ctx.stats.batch += 1; // its items count in `ingest` once read
    else if (route === 'sync') ctx.stats.sync += 1;
    const key = bearerKey(request.headers.authorization);
    if (key === undefined || !keys.has(key)) {
      reply.code(401).send({ error: key === undefined ? 'missing bearer API key' : 'invalid API key' });
      return;
    }
    if (limiter !== undefined) {
      const decision = limiter.take(key);
      if (!decision.allowed) {
        reply.code(429).header('retry-after', String(decision.retryAfterSec)).send({ error: 'rate limit exceeded' });
        return;
      }
    }
    done();
  };
}

/** Stamps the arrival time on unauthenticated routes. */
export const stampHook: onRequestHookHandler = function stamp(request, _reply, done) {
  request.receivedAt = Date.now();
  done();
};

/** Destroys the connection without an answer and reports status 0. */
function drop(ctx: ServerContext, request: FastifyRequest, reply: FastifyReply): void {
  reply.hijack();
  request.raw.socket.destroy();
  reportRequest(ctx, request, 0);
}

function act(ctx: ServerContext, action: FaultAction, request: FastifyRequest, reply: FastifyReply, done: () => void): void {
  switch (action.kind) {
    case 'pass':
      if (action.headers) reply.headers(action.headers);
      done();
      return;
    case 'drop':
      drop(ctx, request, reply);
      return;
    case 'hold':
      // No timer, no promise: the request simply never progresses; close() destroys the socket.
      reply.hijack();
      reportRequest(ctx, request, 0);
      return;
    case 'respond': {
      const body = action.body;
      reply.code(action.status).type('application/json');
      if (action.headers) reply.headers(action.headers);
      // Pre-serialised so the route's reply schema cannot reshape a scripted body.
      reply.send(typeof body === 'string' ? body : JSON.stringify(body));
      return;
    }
    default: {
      const unknown: never = action;
      throw new Error(`unknown fault action ${JSON.stringify(unknown)}`);
    }
  }
}

/**
 * preHandler for the write routes: applies scripted answers and standing faults after the body has
 * been read and validated (so a dropped request was fully received, as in a real lost response).
 */
export function faultHook(ctx: ServerContext, route: FaultRoute): preHandlerHookHandler {
  const { faults, closing } = ctx;
  return function injectFaults(request, reply, done) {
    if (!faults.armed) {
      done();
      return;
    }
    const action = faults.next(route);
    if (action.kind === 'hold' || action.delayMs === 0) {
      act(ctx, action, request, reply, done);
      return;
    }
    void pause(action.delayMs, closing).then((open) => {
      if (open) act(ctx, action, request, reply, done);
      else drop(ctx, request, reply);
    });
  };
}
