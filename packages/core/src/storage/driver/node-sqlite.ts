import { bindArguments, declaredParameters } from './parameters';
import type { DeclaredParameters } from './parameters';
import { sqliteCodeName } from './sqlite-codes';
import { TransactionFactory } from './transaction';
import type { BrainDatabase, OpenSqliteOptions, SqliteRunResult, SqliteStatement, SqliteTransaction } from './types';

/** The part of node:sqlite we call (typed here: @types/node 20 has no `node:sqlite`). */
interface NodeStatementSync {
  run(...params: unknown[]): { changes: number | bigint; lastInsertRowid: number | bigint };
  get(...params: unknown[]): Record<string, unknown> | undefined;
  all(...params: unknown[]): Record<string, unknown>[];
  iterate(...params: unknown[]): IterableIterator<Record<string, unknown>>;
  setReadBigInts(enabled: boolean): void;
}
interface NodeDatabaseSync {
  prepare(sql: string): NodeStatementSync;
  exec(sql: string): void;
  close(): void;
  /** Node 22.15+ / 24; older lines: the adapter follows its own close(). */
  readonly isOpen?: boolean;
  /** Node 22.16+ / 24; older lines: the adapter counts its own BEGINs. */
  readonly isTransaction?: boolean;
}
/** `node:sqlite` as loaded by `process.getBuiltinModule`. */
export interface NodeSqliteModule {
  DatabaseSync: new (file: string, options?: { readOnly?: boolean }) => NodeDatabaseSync;
}

/** better-sqlite3's `error.code` (`SQLITE_BUSY`…) on a node:sqlite error, which carries only the number. */
function withSqliteCode(error: unknown): unknown {
  const e = error as { code?: unknown; errcode?: unknown } | null;
  if (e !== null && typeof e === 'object' && e.code === 'ERR_SQLITE_ERROR' && typeof e.errcode === 'number') {
    e.code = sqliteCodeName(e.errcode);
  }
  return error;
}

/** better-sqlite3 turns a 64-bit integer into the nearest double; node:sqlite throws unless asked for BigInts. */
function widenedRow<T>(row: T): T {
  if (row !== null && typeof row === 'object') {
    const values = row as Record<string, unknown>;
    for (const key in values) if (typeof values[key] === 'bigint') values[key] = Number(values[key]);
  }
  return row;
}

const RETURNING = /\bRETURNING\b/i;

/** Text with U+0000 inside: what a connection is asked to hand back whole. */
const NUL_PROBE = 'a\u0000b';

/** Whether `connection` cuts text at U+0000 (Node 22's node:sqlite does, when it binds and when it reads). */
function probeCutsAtNul(connection: NodeDatabaseSync): boolean {
  try {
    return (connection.prepare('SELECT ? AS text').get(NUL_PROBE) as { text?: unknown } | undefined)?.text !== NUL_PROBE;
  } catch {
    return false; // a connection that cannot run this fails its first real statement instead
  }
}

function holdsNul(value: unknown): boolean {
  return typeof value === 'string' && value.includes('\u0000');
}

/** better-sqlite3 stores such text whole; a driver that would cut it refuses it instead, so nothing is stored cut. */
function refuseNul(args: readonly unknown[]): void {
  const named = args[0] !== null && typeof args[0] === 'object' && !ArrayBuffer.isView(args[0]) ? Object.values(args[0]) : [];
  if (args.some(holdsNul) || named.some(holdsNul)) {
    throw new RangeError(`this Node's node:sqlite (${process.version}) cuts text at U+0000, so a value holding it is refused rather than stored cut; Node 24 or better-sqlite3 keep it`);
  }
}

/** A node:sqlite statement that binds, reads and fails as a better-sqlite3 one does. */
class NodeSqliteStatement implements SqliteStatement {
  private readonly parameters: DeclaredParameters;
  /** Read integers as BigInts and convert them: after a first overflow, or always for a write that returns rows. */
  private wide: boolean;

  constructor(
    private readonly statement: NodeStatementSync,
    sql: string,
    /** The connection cuts text at U+0000: refuse such values (see refuseNul). */
    private readonly refusesNul: boolean,
  ) {
    this.parameters = declaredParameters(sql);
    // A RETURNING write cannot be re-run after an overflow, so it reads wide from the start.
    this.wide = RETURNING.test(sql);
    if (this.wide) statement.setReadBigInts(true);
  }

  run(...params: unknown[]): SqliteRunResult {
    const args = this.bind(params);
    try {
      const result = this.statement.run(...args);
      return { changes: Number(result.changes), lastInsertRowid: Number(result.lastInsertRowid) };
    } catch (error) {
      throw withSqliteCode(error);
    }
  }

  get(...params: unknown[]): unknown {
    const args = this.bind(params);
    return this.read(() => {
      const row = this.statement.get(...args);
      return this.wide ? widenedRow(row) : row;
    });
  }

  all(...params: unknown[]): unknown[] {
    const args = this.bind(params);
    return this.read(() => {
      const rows = this.statement.all(...args);
      if (this.wide) for (const row of rows) widenedRow(row);
      return rows;
    });
  }

  *iterate(...params: unknown[]): IterableIterator<unknown> {
    const args = this.bind(params);
    // Rows already handed out cannot be read again after an overflow: iteration always reads wide.
    this.widen();
    try {
      for (const row of this.statement.iterate(...args)) yield widenedRow(row);
    } catch (error) {
      throw withSqliteCode(error);
    }
  }

  private bind(params: readonly unknown[]): unknown[] {
    const args = bindArguments(this.parameters, params);
    if (this.refusesNul) refuseNul(args);
    return args;
  }

  private widen(): void {
    if (!this.wide) {
      this.wide = true;
      this.statement.setReadBigInts(true);
    }
  }

  private read<T>(query: () => T): T {
    try {
      return query();
    } catch (error) {
      // Only a read reaches here with ERR_OUT_OF_RANGE (RETURNING writes read wide), so running it again is safe.
      if ((error as { code?: unknown } | null)?.code !== 'ERR_OUT_OF_RANGE' || this.wide) throw withSqliteCode(error);
    }
    this.widen();
    try {
      return query();
    } catch (error) {
      throw withSqliteCode(error);
    }
  }
}

/** SQLite's messages for a ROLLBACK (TO) with no transaction, or no savepoint, left to undo. */
const NOTHING_TO_ROLL_BACK = /no transaction is active|no such savepoint/;

/** A node:sqlite connection behind the seam's `BrainDatabase`. */
export class NodeSqliteDatabase implements BrainDatabase {
  private readonly transactions = new TransactionFactory(this);
  /** Open transactions counted by this adapter, for Node lines without `isTransaction`. */
  private ownTransactionDepth = 0;
  /** Whether this adapter closed the connection, for Node lines without `isOpen` (a connection opens when made). */
  private closedHere = false;
  /** The connection cuts text at U+0000 (Node 22): values holding it are refused, never stored cut. */
  readonly cutsTextAtNul: boolean;

  constructor(private readonly connection: NodeDatabaseSync) {
    this.cutsTextAtNul = probeCutsAtNul(connection);
  }

  prepare(sql: string): SqliteStatement {
    let statement: NodeStatementSync;
    try {
      statement = this.connection.prepare(sql);
    } catch (error) {
      throw withSqliteCode(error);
    }
    const adapted = new NodeSqliteStatement(statement, sql, this.cutsTextAtNul);
    if (this.connection.isTransaction !== undefined) return adapted;
    return this.countingTransactions(adapted, sql);
  }

  exec(sql: string): this {
    try {
      this.connection.exec(sql);
    } catch (error) {
      throw withSqliteCode(error);
    }
    return this;
  }

  transaction<F extends (...args: any[]) => unknown>(fn: F): SqliteTransaction<F> {
    return this.transactions.create(fn);
  }

  pragma(source: string, options: { simple?: boolean } = {}): unknown {
    const rows = this.prepare(`PRAGMA ${source}`).all() as Record<string, unknown>[];
    if (!options.simple) return rows;
    const first = rows[0];
    return first === undefined ? undefined : Object.values(first)[0];
  }

  close(): this {
    // Node 22.13–22.14 have no isOpen: reading it as false made close() a no-op there, so every
    // closed connection stayed open (one per rest-watch look).
    if (this.open) this.connection.close();
    this.closedHere = true;
    return this;
  }

  get open(): boolean {
    return this.connection.isOpen ?? !this.closedHere;
  }

  get inTransaction(): boolean {
    return this.connection.isTransaction ?? this.ownTransactionDepth > 0;
  }

  /**
   * Node 22.13–22.15 cannot say whether a transaction is open: follow the helper's own BEGIN, COMMIT
   * and ROLLBACK. A ROLLBACK (TO) that fails because there is no transaction or savepoint left
   * (SQLite rolled the transaction back itself) counts it closed; one that fails for another reason
   * leaves the count, so the outer ROLLBACK still runs. A COMMIT that fails may leave the
   * transaction open (SQLITE_BUSY), and the ROLLBACK after it settles which.
   */
  private countingTransactions(statement: SqliteStatement, sql: string): SqliteStatement {
    const verb = /^\s*(BEGIN|COMMIT|ROLLBACK(?:\s+TO\b)?)/i.exec(sql)?.[1]?.toUpperCase().replace(/\s+/, ' ');
    if (verb === undefined) return statement;
    const run = statement.run.bind(statement);
    statement.run = (...params: unknown[]) => {
      let result;
      try {
        result = run(...params);
      } catch (error) {
        if (verb.startsWith('ROLLBACK') && NOTHING_TO_ROLL_BACK.test((error as Error | null)?.message ?? '')) this.ownTransactionDepth = 0;
        throw error;
      }
      if (verb !== 'ROLLBACK TO') this.ownTransactionDepth = verb === 'BEGIN' ? 1 : 0;
      return result;
    };
    return statement;
  }
}

/**
 * True for a connection that cuts text at U+0000 (node:sqlite on Node 22), which refuses values
 * holding it: a caller that would rather answer such input itself (the ingest server's 422) asks first.
 */
export function textCutAtNul(db: BrainDatabase): boolean {
  return db instanceof NodeSqliteDatabase && db.cutsTextAtNul;
}

/**
 * Open a node:sqlite connection with better-sqlite3's defaults: a 5 s busy timeout and a 16 MB page
 * cache (better-sqlite3 compiles SQLite with DEFAULT_CACHE_SIZE=-16000; Node's build keeps SQLite's 2 MB).
 */
export function openNodeSqlite(sqlite: NodeSqliteModule, file: string, options: OpenSqliteOptions = {}): BrainDatabase {
  let connection: NodeDatabaseSync;
  try {
    connection = new sqlite.DatabaseSync(file, options.readonly ? { readOnly: true } : {});
  } catch (error) {
    throw withSqliteCode(error);
  }
  const db = new NodeSqliteDatabase(connection);
  db.pragma('busy_timeout = 5000');
  try {
    db.pragma('cache_size = -16000');
  } catch {
    // This pragma reads the schema; a damaged file fails at its first real statement instead, as with better-sqlite3.
  }
  return db;
}
