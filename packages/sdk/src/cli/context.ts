import fs from 'node:fs';
import path from 'node:path';
import { Brain as LocalBrain, ENV, brainDatabasePath, isLogLevel, resolveConfig, stderrLogger } from '@gradata/core';
import type { ResolvedConfig } from '@gradata/core';
import type { Command } from 'commander';
import pino from 'pino';
import type { Logger } from 'pino';
import { Brain } from '../brain';
import { CliError } from './exit-codes';

/** Options every command shares (declared on the program, usable before or after the command name). */
export interface GlobalOptions {
  brain?: string;
}

/** The brain folder: `--brain`, else env GRADATA_BRAIN, else `./.gradata`. */
export function brainDir(command: Command): string {
  const { brain } = command.optsWithGlobals<GlobalOptions>();
  return path.resolve(brain ?? (process.env[ENV.brain]?.trim() || '.gradata'));
}

let sharedLogger: Logger | null = null;

/**
 * One pino logger for the whole run, writing to stderr so stdout carries only the command's
 * output (and stays parseable with `--json`). Level from GRADATA_LOG_LEVEL, default `warn`.
 */
export function cliLogger(defaultLevel = 'warn'): Logger {
  if (sharedLogger) return sharedLogger;
  const wanted = process.env[ENV.logLevel]?.trim().toLowerCase();
  const level = wanted && isLogLevel(wanted) ? wanted : defaultLevel;
  sharedLogger = stderrLogger({ name: 'gradata', level }, { sync: true });
  if (wanted && !isLogLevel(wanted)) sharedLogger.warn(`${ENV.logLevel}=${JSON.stringify(wanted)} is not a log level; using ${defaultLevel}`);
  return sharedLogger;
}

/** Fails with NO_BRAIN unless `dir` holds a brain database (read commands never create one). */
export function assertBrainExists(dir: string): void {
  if (!fs.existsSync(brainDatabasePath(dir))) {
    throw new CliError('NO_BRAIN', `no brain at ${dir} (create one with \`gradata init --brain ${dir}\`)`);
  }
}

/**
 * The core Brain without a delivery worker: for commands that only read or change local state
 * (status, lessons, dead, end-session, init). Exit hooks off: the CLI closes it itself.
 */
export function openLocalBrain(dir: string, options: { mustExist?: boolean } = {}): LocalBrain {
  if (options.mustExist ?? true) assertBrainExists(dir);
  return new LocalBrain(dir, { logger: cliLogger(), exitHooks: false });
}

/** The SDK Brain with its sync worker (when write-through is on): for commands that deliver. */
export function openSyncBrain(dir: string, options: { mustExist?: boolean } = {}): Brain {
  if (options.mustExist ?? true) assertBrainExists(dir);
  return new Brain(dir, { logger: cliLogger(), exitHooks: false });
}

/**
 * The write-through configuration this process would run with, resolved without side effects
 * (its warnings are left to the Brain, which resolves the same environment).
 */
export function writeThroughConfig(): Readonly<ResolvedConfig> {
  return resolveConfig({ logger: pino({ level: 'silent' }) });
}

/** Run `work` with a brain and close it whatever happens. */
export async function withBrain<B extends LocalBrain, T>(
  brain: B,
  work: (brain: B) => Promise<T> | T,
  close: { drain?: boolean; timeoutMs?: number } = { drain: false },
): Promise<T> {
  try {
    return await work(brain);
  } finally {
    await brain.close(close);
  }
}
