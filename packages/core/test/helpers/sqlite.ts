import { sqliteDriver } from '../../src/storage/driver';
import { NodeSqliteDatabase } from '../../src/storage/driver/node-sqlite';
import type { SqliteStatement } from '../../src/storage/driver';

/** What a connection of the process's driver inherits `prepare` from (a test may wrap it to see every statement). */
export interface ConnectionPrototype {
  prepare(this: unknown, sql: string): SqliteStatement;
}

/** The prototype of the process's driver's connection class, better-sqlite3's or our node:sqlite adapter's. */
export function connectionPrototype(): ConnectionPrototype {
  if (sqliteDriver().name === 'node:sqlite') return NodeSqliteDatabase.prototype as unknown as ConnectionPrototype;
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- only when better-sqlite3 is the driver
  return (require('better-sqlite3') as { prototype: ConnectionPrototype }).prototype;
}
