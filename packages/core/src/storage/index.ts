export { openBrainDatabase, brainDatabasePath, WAL_SIZE_LIMIT_BYTES } from './database';
export type { Database, OpenDatabaseOptions } from './database';
export { runMigrations, SCHEMA_VERSION } from './migrations';
export { toStorageError } from './errors';
export * from './meta';
export { convertReadable } from './readable';
export type { ReadableRows } from './readable';
