import pino, { type Logger } from 'pino';

/** Paths pino must never print: the API key travels in the Authorization header. */
export const REDACT_PATHS = ['req.headers.authorization', 'request.headers.authorization', 'headers.authorization'];

/** The default logger: pino to stderr at GRADATA_LOG_LEVEL (default 'warn'), with the Authorization header redacted. */
export function createDefaultLogger(env: NodeJS.ProcessEnv = process.env): Logger {
  const wanted = env.GRADATA_LOG_LEVEL?.trim().toLowerCase();
  const valid = wanted === 'silent' || (wanted !== undefined && wanted !== '' && wanted in pino.levels.values);
  const logger = pino({ name: 'gradata-ingest', level: valid ? (wanted as string) : 'warn', redact: REDACT_PATHS }, pino.destination(2));
  if (wanted && !valid) logger.warn({ value: wanted }, 'GRADATA_LOG_LEVEL is not a pino level; using warn');
  return logger;
}
