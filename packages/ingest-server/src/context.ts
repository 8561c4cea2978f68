import type { FaultController } from './faults';
import type { ResolvedOptions, RouteName } from './options';
import type { RateLimiter } from './rate-limiter';
import type { Stats } from './stats';
import type { IngestStore } from './store';

/** Everything a route needs, built once per server. */
export interface ServerContext {
  readonly options: ResolvedOptions;
  readonly store: IngestStore;
  readonly stats: Stats;
  readonly faults: FaultController;
  readonly limiter: RateLimiter | undefined;
  /** Accepted API keys; mutated in place by `setKeys`. */
  readonly keys: Set<string>;
  /** Aborted by `close()`: pending fault delays stop waiting. */
  readonly closing: AbortSignal;
}

/** Per-route data carried in fastify's route config. */
export interface RouteConfig {
  routeName: RouteName;
}

/** A batch request's items once its envelope was read, and each item's status once handled. */
export interface BatchItems {
  items: readonly unknown[];
  /** Per-item status, set by the handler; absent when the request was answered as a whole. */
  statuses?: number[];
}

declare module 'fastify' {
  interface FastifyRequest {
    /** Epoch ms when the request arrived. */
    receivedAt: number;
    /** Set on `/ingest/batch` once the envelope is valid, so reporting can go per item. */
    batchItems?: BatchItems;
  }
}

/** `X-Gradata-Attempt` as a positive integer, else undefined. */
export function parseAttempt(value: string | string[] | undefined): number | undefined {
  if (typeof value !== 'string') return undefined;
  const n = Number(value);
  return Number.isInteger(n) && n >= 0 ? n : undefined;
}

/** A single header value (first one when repeated). */
export function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
