import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Logger } from 'pino';
import { describeValue } from '../describe-value';
import { GradataValidationError } from '../errors';
import { ENV, isTruthy } from './env';
import type { Env } from './env';
import { isLogLevel, stderrLogger } from './logger';
import { isHttpUrl, isSecureIngestUrl } from './url';

export const DEFAULTS = Object.freeze({
  ingestUrl: 'https://api.gradata.ai/api/v1/ingest',
  apiBase: 'https://api.gradata.ai/api/v1',
  tickSec: 30,
  logLevel: 'warn',
  exitHooks: true,
  synchronous: 'NORMAL' as const,
});

/** Options of `new Brain(dir, options)` that configuration resolves (SPEC §3, §9). */
export interface ConfigOptions {
  apiKey?: string;
  writeThrough?: boolean;
  ingestUrl?: string;
  apiBase?: string;
  tickSec?: number;
  logger?: Logger;
  exitHooks?: boolean;
  /** SQLite durability: NORMAL survives a killed process, FULL also a power loss. */
  synchronous?: 'NORMAL' | 'FULL';
  /** Environment to read instead of process.env (tests, embedding). */
  env?: Env;
  /** Home folder holding `.gradata/key` (defaults to the user's home). */
  homeDir?: string;
}

/** Why write-through is off, or null when it is on. */
export type WriteThroughReason = 'disabled' | 'no-api-key' | 'insecure-ingest-url' | null;

export interface ResolvedConfig {
  apiKey: string | null;
  /** The operator asked for write-through (not disabled) and a key resolved. */
  writeThrough: boolean;
  /** Delivery may start: write-through on and the ingest URL is safe to send a key to. */
  deliveryAllowed: boolean;
  reason: WriteThroughReason;
  ingestUrl: string;
  apiBase: string;
  tickSec: number;
  logger: Logger;
  exitHooks: boolean;
  synchronous: 'NORMAL' | 'FULL';
}

/** The tick range the sync worker accepts (10 ms … 1 day); outside it the worker would refuse to start. */
export const TICK_SEC_RANGE = Object.freeze({ min: 0.01, max: 86_400 });

function isValidTick(value: number): boolean {
  return Number.isFinite(value) && value >= TICK_SEC_RANGE.min && value <= TICK_SEC_RANGE.max;
}

function readKeyFile(homeDir: string): string | null {
  try {
    const first = fs.readFileSync(path.join(homeDir, '.gradata', 'key'), 'utf8').split(/\r?\n/, 1)[0].trim();
    return first || null;
  } catch {
    return null;
  }
}

function badOption(name: string, expected: string, value: unknown): GradataValidationError {
  return new GradataValidationError('BAD_OPTION', `option ${name} must be ${expected}; got ${describeValue(value)}`);
}

/**
 * Resolve configuration once: explicit options beat the environment, which beats defaults.
 * A malformed explicit option throws; a malformed environment value falls back with one warning.
 */
export function resolveConfig(options: ConfigOptions = {}): Readonly<ResolvedConfig> {
  const env = options.env ?? process.env;
  const warnings: string[] = [];

  let logLevel = env[ENV.logLevel]?.trim().toLowerCase() || DEFAULTS.logLevel;
  if (!isLogLevel(logLevel)) {
    warnings.push(`${ENV.logLevel}=${JSON.stringify(env[ENV.logLevel])} is not a log level; using ${DEFAULTS.logLevel}`);
    logLevel = DEFAULTS.logLevel;
  }
  const logger = options.logger ?? stderrLogger({ name: 'gradata', level: logLevel });

  if (options.apiKey !== undefined && typeof options.apiKey !== 'string') throw badOption('apiKey', 'a string', options.apiKey);
  const apiKey = options.apiKey?.trim() || env[ENV.apiKey]?.trim() || readKeyFile(options.homeDir ?? os.homedir());

  if (options.writeThrough !== undefined && typeof options.writeThrough !== 'boolean') {
    throw badOption('writeThrough', 'a boolean', options.writeThrough);
  }
  const wanted = options.writeThrough ?? !isTruthy(env[ENV.disableWriteThrough]);

  const ingestUrl = resolveUrl('ingestUrl', options.ingestUrl, env, ENV.ingestUrl, DEFAULTS.ingestUrl, warnings);
  const apiBase = resolveUrl('apiBase', options.apiBase, env, ENV.apiBase, DEFAULTS.apiBase, warnings).replace(/\/+$/, '');

  let tickSec: number = DEFAULTS.tickSec;
  if (options.tickSec !== undefined) {
    if (typeof options.tickSec !== 'number' || !isValidTick(options.tickSec)) {
      throw badOption('tickSec', `a number of seconds from ${TICK_SEC_RANGE.min} to ${TICK_SEC_RANGE.max}`, options.tickSec);
    }
    tickSec = options.tickSec;
  } else if (env[ENV.tickSec] !== undefined && env[ENV.tickSec]!.trim() !== '') {
    const parsed = Number(env[ENV.tickSec]);
    if (isValidTick(parsed)) tickSec = parsed;
    else warnings.push(`${ENV.tickSec}=${JSON.stringify(env[ENV.tickSec])} is not a number of seconds from ${TICK_SEC_RANGE.min} to ${TICK_SEC_RANGE.max}; using ${DEFAULTS.tickSec}`);
  }

  for (const message of warnings) logger.warn(message);

  const writeThrough = wanted && apiKey !== null;
  const secure = isSecureIngestUrl(ingestUrl);
  const reason: WriteThroughReason = !wanted ? 'disabled' : apiKey === null ? 'no-api-key' : !secure ? 'insecure-ingest-url' : null;
  if (reason === 'insecure-ingest-url') {
    logger.error({ ingestUrl }, 'write-through delivery refused: the ingest URL is not https and not loopback, so the API key would travel in clear');
  }
  return Object.freeze({
    apiKey,
    writeThrough,
    deliveryAllowed: writeThrough && secure,
    reason,
    ingestUrl,
    apiBase,
    tickSec,
    logger,
    exitHooks: options.exitHooks ?? DEFAULTS.exitHooks,
    synchronous: options.synchronous ?? DEFAULTS.synchronous,
  });
}

function resolveUrl(name: string, explicit: string | undefined, env: Env, envName: string, fallback: string, warnings: string[]): string {
  if (explicit !== undefined) {
    if (typeof explicit !== 'string' || !isHttpUrl(explicit)) throw badOption(name, 'an http(s) URL', explicit);
    return explicit;
  }
  const fromEnv = env[envName]?.trim();
  if (!fromEnv) return fallback;
  if (isHttpUrl(fromEnv)) return fromEnv;
  warnings.push(`${envName}=${JSON.stringify(fromEnv)} is not an http(s) URL; using ${fallback}`);
  return fallback;
}
