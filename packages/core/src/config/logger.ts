import type { Logger, LoggerOptions } from 'pino';
import { ENV } from './env';
import type { Env } from './env';

/** pino's level names and numbers, plus `silent`: the one level table every package uses. */
export const LOG_LEVELS = Object.freeze({ trace: 10, debug: 20, info: 30, warn: 40, error: 50, fatal: 60, silent: Infinity });

export type LogLevelName = keyof typeof LOG_LEVELS;

/** True for a level name pino knows without custom levels (`silent` included). */
export function isLogLevel(value: unknown): value is LogLevelName {
  return typeof value === 'string' && Object.hasOwn(LOG_LEVELS, value);
}

/**
 * The level `GRADATA_LOG_LEVEL` names (any case, outer blanks ignored), else `fallback`, with the
 * warning to log when it is set to something that is no level. The one reader of that variable
 * (Brain's configuration and the CLI).
 */
export function logLevelFromEnv(env: Env, fallback: LogLevelName): { level: LogLevelName; warning: string | null } {
  const wanted = env[ENV.logLevel]?.trim().toLowerCase();
  if (!wanted) return { level: fallback, warning: null };
  if (isLogLevel(wanted)) return { level: wanted, warning: null };
  return { level: fallback, warning: `${ENV.logLevel}=${JSON.stringify(env[ENV.logLevel])} is not a log level; using ${fallback}` };
}

/**
 * The default logger: pino to stderr, never stdout, since agent processes often speak a protocol
 * there (MCP over stdio, JSON lines) and the CLI's stdout carries its output. pino is required on
 * first use, so `require('@gradata/sdk')` stays light (SPEC §14.7) and a host that passes its own
 * logger never loads ours. `sync` writes each line before returning (the CLI's choice).
 */
export function stderrLogger(options: LoggerOptions, { sync = false }: { sync?: boolean } = {}): Logger {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const pino = require('pino') as typeof import('pino');
  return pino(options, sync ? pino.destination({ fd: 2, sync: true }) : pino.destination(2));
}
