/**
 * fastify (behind the ingest server) takes a few hundred ms to load and only `serve` and `demo`
 * need it, so it is required on first use instead of at start-up of every command.
 */
export function loadIngestServer(): typeof import('@gradata/ingest-server') {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require('@gradata/ingest-server') as typeof import('@gradata/ingest-server');
}
