import { CliError } from './exit-codes';

const INGEST_SERVER = '@gradata/ingest-server';

/**
 * `@gradata/ingest-server` (fastify and ~30 packages) is an optional peer of the SDK: only `serve`
 * and `demo` need it, so it is required on first use, and a user who has not installed it gets one
 * line saying how to add it instead of a stack trace.
 */
export function loadIngestServer(command: string): typeof import('@gradata/ingest-server') {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return require(INGEST_SERVER) as typeof import('@gradata/ingest-server');
  } catch (error) {
    if (isMissingModule(error, INGEST_SERVER)) {
      throw new CliError('NO_INGEST_SERVER', `gradata ${command} needs the optional package ${INGEST_SERVER}: npm install ${INGEST_SERVER}`);
    }
    throw error;
  }
}

/** True when `name` itself cannot be resolved (not when one of its own dependencies is missing). */
export function isMissingModule(error: unknown, name: string): boolean {
  const { code, message } = error as { code?: unknown; message?: unknown };
  return code === 'MODULE_NOT_FOUND' && typeof message === 'string' && message.startsWith(`Cannot find module '${name}'`);
}
