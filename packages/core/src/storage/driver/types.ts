/**
 * The SQLite surface the SDK uses, whichever driver is underneath (SPEC §4.1). It is the part of
 * better-sqlite3's API that core calls, so a better-sqlite3 `Database` satisfies it as it is, and
 * the node:sqlite adapter implements it. Our own types: a user's TypeScript build does not need
 * `@types/better-sqlite3`.
 */

/** The drivers the seam can open; `GRADATA_SQLITE_DRIVER` forces one of them. */
export type SqliteDriverName = 'better-sqlite3' | 'node:sqlite';

/** What `run()` reports. */
export interface SqliteRunResult {
  /** Rows changed by the statement (INSERT, UPDATE, DELETE). */
  changes: number;
  /** The rowid of the last inserted row on this connection (a number; a BigInt only past 2^53 on better-sqlite3 with safeIntegers). */
  lastInsertRowid: number | bigint;
}

/**
 * A prepared statement. Parameters are positional values, or one object of named values whose keys
 * are written without the `@`/`:`/`$` prefix; integers come back as numbers.
 */
export interface SqliteStatement {
  run(...params: unknown[]): SqliteRunResult;
  get(...params: unknown[]): unknown;
  all(...params: unknown[]): unknown[];
  iterate(...params: unknown[]): IterableIterator<unknown>;
}

/** The arguments of F, spelled as better-sqlite3's typings spell them so its `Database` fits this interface. */
export type TransactionArguments<F extends (...args: any[]) => unknown> = F extends (...args: infer A) => unknown ? A : never;

/** A function wrapped in BEGIN/COMMIT (a SAVEPOINT when nested); ROLLBACK when it throws. */
export interface SqliteTransaction<F extends (...args: any[]) => unknown> {
  (...args: TransactionArguments<F>): ReturnType<F>;
  /** BEGIN DEFERRED (the default). */
  deferred(...args: TransactionArguments<F>): ReturnType<F>;
  /** BEGIN IMMEDIATE: takes the write lock (waiting on busy_timeout) before the function runs. */
  immediate(...args: TransactionArguments<F>): ReturnType<F>;
  /** BEGIN EXCLUSIVE. */
  exclusive(...args: TransactionArguments<F>): ReturnType<F>;
}

/** An open brain database connection, of either driver: what `openBrainDatabase()` returns. */
export interface BrainDatabase {
  /** Compile one statement (core caches them per connection). */
  prepare(sql: string): SqliteStatement;
  /** Run one or more statements that return no rows. */
  exec(sql: string): unknown;
  /** Wrap `fn` in a transaction; the function must be synchronous. */
  transaction<F extends (...args: any[]) => unknown>(fn: F): SqliteTransaction<F>;
  /** `PRAGMA <source>`: every row, or with `{ simple: true }` the first column of the first row. */
  pragma(source: string, options?: { simple?: boolean }): unknown;
  /** Close the connection; closing twice is harmless. */
  close(): unknown;
  /** False once closed. */
  readonly open: boolean;
  /** True while a transaction is open on this connection. */
  readonly inTransaction: boolean;
}

/** Options for opening a plain connection through the seam (no PRAGMAs, no migrations). */
export interface OpenSqliteOptions {
  /** Open read-only; the file must exist. */
  readonly?: boolean;
}
