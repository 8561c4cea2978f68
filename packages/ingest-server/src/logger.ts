import type { Logger } from 'pino';
import { logLevelFromEnv, stderrLogger } from '@gradata/core';

/** Paths pino must never print: the API key travels in the Authorization header. */
export const REDACT_PATHS = ['req.headers.authorization', 'request.headers.authorization', 'headers.authorization'];

/**
 * The default logger: core's stderr logger at GRADATA_LOG_LEVEL (default 'warn', read by core's one
 * reader of it), with the Authorization header redacted.
 */
export function createDefaultLogger(env: NodeJS.ProcessEnv = process.env): Logger {
  const { level, warning } = logLevelFromEnv(env, 'warn');
  const logger = stderrLogger({ name: 'gradata-ingest', level, redact: REDACT_PATHS });
  if (warning !== null) logger.warn(warning);
  return logger;
}
