import { setMaxListeners } from 'node:events';
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { clientErrorHandler, frameworkErrors, MAX_PARAM_LENGTH } from './client-errors';
import type { ServerContext } from './context';
import { FaultController } from './faults';
import { formatSchemaErrors, installErrorHandlers } from './http-errors';
import { installJsonParser } from './json-parser';
import { createDefaultLogger } from './logger';
import { resolveOptions, type FaultOptions, type IngestServerOptions, type ScriptedResponse } from './options';
import { RateLimiter } from './rate-limiter';
import { reportRequest } from './report';
import { registerCorrectionsRoute } from './routes/corrections';
import { registerHealthRoute } from './routes/health';
import { registerIngestRoute } from './routes/ingest';
import { registerIngestBatchRoute } from './routes/ingest-batch';
import { registerSyncRoute } from './routes/sync';
import { Stats, type IngestCounts } from './stats';
import { IngestStore, type StoredCorrection, type StoredEvent } from './store';

/** A running receiver. */
export interface IngestServer {
  /** `http://HOST:PORT`. */
  readonly url: string;
  /** `url + /api/v1/ingest`, for `Brain({ ingestUrl })`. */
  readonly ingestUrl: string;
  /** `ingestUrl + /batch` (a 404 when started with `batch: false`). */
  readonly ingestBatchUrl: string;
  /** `url + /api/v1`, for `Brain({ apiBase })` (legacy `/sync`). */
  readonly apiBase: string;
  readonly port: number;
  /** Stops listening, destroys open connections (even held ones), closes the database. Once-only. */
  close(): Promise<void>;
  /** Replaces the accepted API keys (e.g. to test a rejected key, then a rotation). */
  setKeys(keys: string[]): void;
  /** Replaces the standing faults. */
  setFaults(faults: FaultOptions): void;
  /** Queues scripted answers for `/ingest`. */
  pushScript(...responses: ScriptedResponse[]): void;
  /** Queues scripted answers for `/sync`. */
  pushSyncScript(...responses: ScriptedResponse[]): void;
  /** Queues scripted answers for `/ingest/batch`, one per batch request. */
  pushBatchScript(...responses: ScriptedResponse[]): void;
  /** Scripted answers not yet consumed, per route. */
  pendingScript(): { ingest: number; sync: number; batch: number };
  /** Counters since start. */
  counts(): IngestCounts;
  /** Event ids of stored corrections (one brain or all), oldest first. */
  storedEventIds(brainId?: string): string[];
  /** Stored corrections of a brain, oldest first. */
  corrections(brainId: string): StoredCorrection[];
  /** Events stored by the legacy `/sync` for a brain, oldest first. */
  syncedEvents(brainId: string): StoredEvent[];
}

function buildApp(logger: Logger | false, options: { bodyLimit: number; requestTimeoutMs: number; headersTimeoutMs: number }): FastifyInstance {
  const { bodyLimit, requestTimeoutMs, headersTimeoutMs } = options;
  const common = {
    bodyLimit,
    forceCloseConnections: true,
    // A client that stalls mid-headers or mid-body is cut off (408) instead of holding a socket forever;
    // Node checks at connectionsCheckingInterval, so it follows the shorter timeout.
    requestTimeout: requestTimeoutMs,
    http: { headersTimeout: headersTimeoutMs, requestTimeout: requestTimeoutMs, connectionsCheckingInterval: Math.max(50, Math.min(1_000, Math.floor(headersTimeoutMs / 4))) },
    routerOptions: { maxParamLength: MAX_PARAM_LENGTH },
    clientErrorHandler,
    frameworkErrors,
    // No per-request log lines and no per-request child logger: the hot path stays allocation-light.
    logController: new LogController({ disableRequestLogging: true }),
    childLoggerFactory: (parent: FastifyBaseLogger) => parent,
    // The contract wants "3" rejected as a session, not coerced, and extra fields kept.
    ajv: { customOptions: { coerceTypes: false, removeAdditional: false, allErrors: false, allowUnionTypes: true } },
    schemaErrorFormatter: formatSchemaErrors,
  } as const;
  // fastify's instance type depends on the logger; the app is only used through FastifyInstance.
  return (logger === false
    ? Fastify({ ...common, logger: false })
    : Fastify({ ...common, loggerInstance: logger })) as unknown as FastifyInstance;
}

/** Starts the local ingest receiver (SPEC §11) and resolves once it listens. */
export async function startIngestServer(options: IngestServerOptions = {}): Promise<IngestServer> {
  const resolved = resolveOptions(options);
  const logger = resolved.logger === undefined ? createDefaultLogger() : resolved.logger;
  const store = new IngestStore(resolved.dbPath);
  const closing = new AbortController();
  // Every request held by a latency fault listens for the close: as many as requests in flight.
  setMaxListeners(0, closing.signal);
  const ctx: ServerContext = {
    options: resolved,
    store,
    stats: new Stats(),
    faults: new FaultController(resolved.faults, { ingest: resolved.script, sync: resolved.syncScript, batch: resolved.batchScript }),
    limiter: resolved.rateLimit && new RateLimiter(resolved.rateLimit.perKeyPerSecond, resolved.rateLimit.retryAfterSec, resolved.rateLimit.now),
    closing: closing.signal,
    keys: new Set(resolved.keys),
  };

  const app = buildApp(logger, resolved);
  installErrorHandlers(app, resolved.bodyLimit);
  installJsonParser(app, store);
  app.addHook('onResponse', (request, reply, done) => {
    reportRequest(ctx, request, reply.statusCode);
    done();
  });
  registerIngestRoute(app, ctx);
  if (resolved.batch) registerIngestBatchRoute(app, ctx);
  registerSyncRoute(app, ctx);
  registerCorrectionsRoute(app, ctx);
  registerHealthRoute(app);

  try {
    await app.listen({ port: resolved.port, host: resolved.host });
  } catch (error) {
    store.close();
    throw error;
  }
  const address = app.server.address();
  const port = typeof address === 'object' && address !== null ? address.port : resolved.port;
  const host = resolved.host.includes(':') ? `[${resolved.host}]` : resolved.host;
  const url = `http://${host}:${port}`;
  if (logger) logger.info({ url, dbPath: resolved.dbPath, keys: ctx.keys.size }, 'ingest server listening');

  let closed: Promise<void> | undefined;
  return {
    url,
    ingestUrl: `${url}/api/v1/ingest`,
    ingestBatchUrl: `${url}/api/v1/ingest/batch`,
    apiBase: `${url}/api/v1`,
    port,
    close() {
      closed ??= (async () => {
        closing.abort();
        try {
          await app.close();
        } finally {
          store.close();
        }
      })();
      return closed;
    },
    setKeys(keys) {
      if (!Array.isArray(keys) || keys.some((key) => typeof key !== 'string' || key.length === 0)) {
        throw new TypeError('keys must be an array of non-empty strings');
      }
      ctx.keys.clear();
      for (const key of keys) ctx.keys.add(key);
    },
    setFaults: (faults) => ctx.faults.setFaults(faults),
    pushScript: (...responses) => ctx.faults.push('ingest', responses),
    pushSyncScript: (...responses) => ctx.faults.push('sync', responses),
    pushBatchScript: (...responses) => ctx.faults.push('batch', responses),
    pendingScript: () => ({ ingest: ctx.faults.pending('ingest'), sync: ctx.faults.pending('sync'), batch: ctx.faults.pending('batch') }),
    counts: () => ctx.stats.snapshot(),
    storedEventIds: (brainId) => store.correctionEventIds(brainId),
    corrections: (brainId) => store.corrections(brainId),
    syncedEvents: (brainId) => store.events(brainId),
  };
}
