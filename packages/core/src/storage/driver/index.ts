export { openSqlite, sqliteDriver, chooseSqliteDriver, SQLITE_DRIVER_ENV } from './resolve';
export type { SqliteDriverChoice, OpenThroughDriverOptions } from './resolve';
export { classifyBetterSqliteError } from './load';
export { textCutAtNul } from './node-sqlite';
export type { DriverFailure, DriverLoad, LoadedDriver } from './load';
export type { BrainDatabase, SqliteStatement, SqliteTransaction, SqliteRunResult, SqliteDriverName, OpenSqliteOptions } from './types';
