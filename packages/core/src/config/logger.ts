import type { Logger, LoggerOptions } from 'pino';

/** pino's level names and numbers, plus `silent`: the one level table every package uses. */
export const LOG_LEVELS = Object.freeze({ trace: 10, debug: 20, info: 30, warn: 40, error: 50, fatal: 60, silent: Infinity });

export type LogLevelName = keyof typeof LOG_LEVELS;

/** True for a level name pino knows without custom levels (`silent` included). */
export function isLogLevel(value: unknown): value is LogLevelName {
  return typeof value === 'string' && Object.hasOwn(LOG_LEVELS, value);
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
