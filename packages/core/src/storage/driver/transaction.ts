import type { SqliteStatement, SqliteTransaction, TransactionArguments } from './types';

/** What the transaction helper needs from a connection. */
export interface TransactionHost {
  prepare(sql: string): SqliteStatement;
  readonly inTransaction: boolean;
}

type Mode = 'BEGIN' | 'BEGIN DEFERRED' | 'BEGIN IMMEDIATE' | 'BEGIN EXCLUSIVE';

/** The statements one transaction mode runs, prepared once per connection. */
interface Controller {
  begin: SqliteStatement;
  commit: SqliteStatement;
  rollback: SqliteStatement;
  savepoint: SqliteStatement;
  release: SqliteStatement;
  rollbackTo: SqliteStatement;
}

const SAVEPOINT = '`\t_bs3.\t`';

function controllers(host: TransactionHost): Record<Mode, Controller> {
  const shared = {
    commit: host.prepare('COMMIT'),
    rollback: host.prepare('ROLLBACK'),
    savepoint: host.prepare(`SAVEPOINT ${SAVEPOINT}`),
    release: host.prepare(`RELEASE ${SAVEPOINT}`),
    rollbackTo: host.prepare(`ROLLBACK TO ${SAVEPOINT}`),
  };
  const modes: Mode[] = ['BEGIN', 'BEGIN DEFERRED', 'BEGIN IMMEDIATE', 'BEGIN EXCLUSIVE'];
  return Object.fromEntries(modes.map((mode) => [mode, { begin: host.prepare(mode), ...shared }])) as Record<Mode, Controller>;
}

function wrap<F extends (...args: any[]) => unknown>(host: TransactionHost, fn: F, controller: Controller): (...args: TransactionArguments<F>) => ReturnType<F> {
  return function sqliteTransaction(this: unknown, ...args: TransactionArguments<F>): ReturnType<F> {
    // Nested: a SAVEPOINT, so a failure undoes only the inner part (SPEC §5.4's outbox insert).
    const nested = host.inTransaction;
    const before = nested ? controller.savepoint : controller.begin;
    const after = nested ? controller.release : controller.commit;
    const undo = nested ? controller.rollbackTo : controller.rollback;
    before.run();
    try {
      const result = fn.apply(this, args) as ReturnType<F>;
      if (result !== null && typeof result === 'object' && typeof (result as { then?: unknown }).then === 'function') {
        throw new TypeError('Transaction function cannot return a promise');
      }
      after.run();
      return result;
    } catch (error) {
      if (host.inTransaction) {
        try {
          undo.run();
          if (nested) after.run();
        } catch {
          // The first error is the one to report, on every Node line (better-sqlite3 would throw the
          // undo's): typically SQLite had already rolled the whole transaction back (SQLITE_FULL,
          // OR ROLLBACK, …) where the connection could not say so (Node 22.13–22.15).
        }
      }
      throw error;
    }
  };
}

/**
 * better-sqlite3's `db.transaction(fn)`, rebuilt on plain statements for a driver that has none
 * (node:sqlite): same BEGIN modes, same savepoint name, same rollback rules, same refusal of an
 * async function (it would commit at its first `await`).
 */
export class TransactionFactory {
  private byMode: Record<Mode, Controller> | null = null;

  constructor(private readonly host: TransactionHost) {}

  create<F extends (...args: any[]) => unknown>(fn: F): SqliteTransaction<F> {
    if (typeof fn !== 'function') throw new TypeError('Expected first argument to be a function');
    this.byMode ??= controllers(this.host);
    const run = wrap(this.host, fn, this.byMode.BEGIN) as SqliteTransaction<F>;
    run.deferred = wrap(this.host, fn, this.byMode['BEGIN DEFERRED']);
    run.immediate = wrap(this.host, fn, this.byMode['BEGIN IMMEDIATE']);
    run.exclusive = wrap(this.host, fn, this.byMode['BEGIN EXCLUSIVE']);
    return run;
  }
}
