/** @gradata/ingest-server: a local receiver implementing the Gradata cloud ingest contract (SPEC §8, §10, §11). */
export { startIngestServer, type IngestServer } from './server';
export {
  parseKeys,
  DEFAULT_BODY_LIMIT,
  type FaultOptions,
  type IngestServerOptions,
  type ReceivedRequest,
  type RouteName,
  type ScriptedResponse,
} from './options';
export type { IngestCounts } from './stats';
export type { StoredCorrection, StoredEvent } from './store';
export { installShutdownHandlers, type ShutdownOptions, type Closable } from './shutdown';
