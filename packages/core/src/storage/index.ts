export { openBrainDatabase, brainDatabasePath, WAL_SIZE_LIMIT_BYTES } from './database';
export type { Database, OpenDatabaseOptions } from './database';
export { openSqlite, sqliteDriver, chooseSqliteDriver, SQLITE_DRIVER_ENV, classifyBetterSqliteError, textCutAtNul } from './driver';
export type {
  BrainDatabase, SqliteStatement, SqliteTransaction, SqliteRunResult, SqliteDriverName, OpenSqliteOptions,
  SqliteDriverChoice, OpenThroughDriverOptions, DriverFailure, DriverLoad, LoadedDriver,
} from './driver';
export { runMigrations, SCHEMA_VERSION } from './migrations';
export { toStorageError } from './errors';
export * from './meta';
export { convertReadable } from './readable';
export type { ReadableRows } from './readable';
