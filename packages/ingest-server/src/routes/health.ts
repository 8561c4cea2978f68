import type { FastifyInstance } from 'fastify';
import type { RouteConfig } from '../context';
import { stampHook } from '../hooks';

const HEALTHY = Object.freeze({ status: 'ok' });

/** `GET /healthz`: unauthenticated liveness. */
export function registerHealthRoute(app: FastifyInstance): void {
  const config: RouteConfig = { routeName: 'healthz' };
  app.get('/healthz', { config, onRequest: stampHook }, (_request, reply) => reply.send(HEALTHY));
}
