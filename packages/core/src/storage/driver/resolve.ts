import { GradataStorageError } from '../../errors';
import { describeFailure, forcedDriverUnavailable, noDriverAvailable, pinnedDriverUnavailable, unknownDriver } from './unavailable';
import { loadBetterSqlite3, loadNodeSqlite } from './load';
import type { DriverLoad, LoadedDriver } from './load';
import type { BrainDatabase, OpenSqliteOptions, SqliteDriverName } from './types';

/** Forces a driver: `better-sqlite3` or `node:sqlite` (SPEC §4.1). */
export const SQLITE_DRIVER_ENV = 'GRADATA_SQLITE_DRIVER';

/** Which driver this process uses, and why (`gradata doctor` prints both). */
export interface SqliteDriverChoice {
  readonly name: SqliteDriverName;
  /** True when `GRADATA_SQLITE_DRIVER` chose it. */
  readonly forced: boolean;
  /** One clause: "its addon loads", "forced by GRADATA_SQLITE_DRIVER", or why better-sqlite3 was passed over. */
  readonly reason: string;
}

const REAL_LOADERS: Readonly<Record<SqliteDriverName, () => DriverLoad>> = { 'better-sqlite3': loadBetterSqlite3, 'node:sqlite': loadNodeSqlite };
const DRIVER_NAMES: readonly SqliteDriverName[] = ['better-sqlite3', 'node:sqlite'];

function isDriverName(value: string): value is SqliteDriverName {
  return (DRIVER_NAMES as readonly string[]).includes(value);
}

/**
 * The driver rule as a pure function of the environment and the loaders: the forced one or an
 * error; else better-sqlite3 when its addon loads, else node:sqlite; else SQLITE_UNAVAILABLE
 * naming both causes and their fixes.
 */
export function chooseSqliteDriver(
  env: Readonly<Record<string, string | undefined>>,
  load: (name: SqliteDriverName) => DriverLoad,
): { choice: SqliteDriverChoice; driver: LoadedDriver } {
  const forced = env[SQLITE_DRIVER_ENV]?.trim();
  if (forced) {
    if (!isDriverName(forced)) throw unknownDriver(SQLITE_DRIVER_ENV, forced);
    const loaded = load(forced);
    if (!loaded.ok) throw forcedDriverUnavailable(SQLITE_DRIVER_ENV, forced, loaded.failure);
    return { choice: { name: forced, forced: true, reason: `forced by ${SQLITE_DRIVER_ENV}` }, driver: loaded.driver };
  }
  const betterSqlite3 = load('better-sqlite3');
  if (betterSqlite3.ok) return { choice: { name: 'better-sqlite3', forced: false, reason: 'its addon loads' }, driver: betterSqlite3.driver };
  const nodeSqlite = load('node:sqlite');
  if (nodeSqlite.ok) {
    return { choice: { name: 'node:sqlite', forced: false, reason: describeFailure(betterSqlite3.failure) }, driver: nodeSqlite.driver };
  }
  throw noDriverAvailable(betterSqlite3.failure, nodeSqlite.failure);
}

/** Each driver is probed at most once per thread. */
const loads = new Map<SqliteDriverName, DriverLoad>();
function loadOnce(name: SqliteDriverName): DriverLoad {
  let loaded = loads.get(name);
  if (!loaded) {
    loaded = REAL_LOADERS[name]();
    loads.set(name, loaded);
  }
  return loaded;
}

let chosen: { choice: SqliteDriverChoice; driver: LoadedDriver } | GradataStorageError | null = null;

function resolved(): { choice: SqliteDriverChoice; driver: LoadedDriver } {
  if (chosen === null) {
    try {
      chosen = chooseSqliteDriver(process.env, loadOnce);
    } catch (error) {
      if (!(error instanceof GradataStorageError)) throw error;
      chosen = error;
    }
  }
  if (chosen instanceof GradataStorageError) throw chosen;
  return chosen;
}

/**
 * The SQLite driver of this process, chosen on first use and kept (two SQLite libraries in one
 * process would not see each other's file locks). Throws `GradataStorageError` SQLITE_UNAVAILABLE.
 */
export function sqliteDriver(): SqliteDriverChoice {
  return resolved().choice;
}

export interface OpenThroughDriverOptions extends OpenSqliteOptions {
  /**
   * Open with this driver rather than the process's choice: the sync worker thread passes the
   * main thread's, so both threads of one process run the same SQLite library.
   */
  driver?: SqliteDriverName;
}

/** A plain connection (no PRAGMAs beyond the 5 s busy timeout, no migrations) through the seam. */
export function openSqlite(file: string, options: OpenThroughDriverOptions = {}): BrainDatabase {
  if (options.driver === undefined) return resolved().driver.open(file, options);
  const loaded = loadOnce(options.driver);
  if (!loaded.ok) throw pinnedDriverUnavailable(options.driver, loaded.failure);
  return loaded.driver.open(file, options);
}
