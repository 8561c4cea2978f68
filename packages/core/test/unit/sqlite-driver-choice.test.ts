import { Brain, GradataStorageError } from '@gradata/core';
import { chooseSqliteDriver, classifyBetterSqliteError } from '../../src/storage/driver';
import type { DriverFailure, DriverLoad, SqliteDriverName } from '../../src/storage/driver';
import { withoutSqliteExperimentalWarning } from '../../src/storage/driver/quiet-load';
import { tmpDir } from '../helpers/tmp';

// SPEC §4.1: which driver runs, and what the user reads when none can. The loaders are stubs here;
// sqlite-driver-parity.test.ts and the .ci/run matrix exercise the real ones.

const loaded: DriverLoad = { ok: true, driver: { open: () => { throw new Error('not opened in this test'); } } };
const NOT_BUILT: DriverFailure = { kind: 'not-built', detail: 'Could not locate the bindings file. Tried: …' };
const WRONG_ABI: DriverFailure = { kind: 'wrong-abi', builtFor: '115', needs: '137', detail: '…' };
const NO_NODE_SQLITE: DriverFailure = { kind: 'no-node-sqlite', nodeVersion: 'v20.20.2' };

function loaders(betterSqlite3: DriverLoad, nodeSqlite: DriverLoad): { load: (name: SqliteDriverName) => DriverLoad; calls: SqliteDriverName[] } {
  const calls: SqliteDriverName[] = [];
  return { calls, load: (name) => (calls.push(name), name === 'better-sqlite3' ? betterSqlite3 : nodeSqlite) };
}

function failureOf(run: () => unknown): GradataStorageError {
  try {
    run();
  } catch (error) {
    if (error instanceof GradataStorageError) return error;
    throw error;
  }
  throw new Error('expected a GradataStorageError');
}

describe('choosing the driver', () => {
  it('takes better-sqlite3 when its addon loads, without loading node:sqlite', () => {
    const { load, calls } = loaders(loaded, loaded);
    expect(chooseSqliteDriver({}, load).choice).toEqual({ name: 'better-sqlite3', forced: false, reason: 'its addon loads' });
    expect(calls).toEqual(['better-sqlite3']);
  });

  it('falls back to node:sqlite and says why better-sqlite3 was passed over', () => {
    const { load } = loaders({ ok: false, failure: WRONG_ABI }, loaded);
    const { choice } = chooseSqliteDriver({}, load);
    expect(choice.name).toBe('node:sqlite');
    expect(choice.reason).toMatch(/built for another Node \(NODE_MODULE_VERSION 115; this Node v[\d.]+ needs 137\)/);
  });

  it('uses the forced driver only, and fails with SQLITE_UNAVAILABLE when it cannot load', () => {
    const { load, calls } = loaders(loaded, loaded);
    expect(chooseSqliteDriver({ GRADATA_SQLITE_DRIVER: ' node:sqlite ' }, load).choice).toMatchObject({ name: 'node:sqlite', forced: true });
    expect(calls).toEqual(['node:sqlite']);

    const forced = failureOf(() => chooseSqliteDriver({ GRADATA_SQLITE_DRIVER: 'node:sqlite' }, loaders(loaded, { ok: false, failure: NO_NODE_SQLITE }).load));
    expect(forced.code).toBe('SQLITE_UNAVAILABLE');
    expect(forced.message).toBe(
      'GRADATA_SQLITE_DRIVER=node:sqlite forces a SQLite driver that cannot load: Node v20.20.2 has no node:sqlite (it needs Node 22.13 or later). '
      + 'Fix: upgrade Node to 22.13 or later, whose built-in node:sqlite needs no addon; or unset GRADATA_SQLITE_DRIVER.',
    );
  });

  it('refuses a value that names no driver', () => {
    const error = failureOf(() => chooseSqliteDriver({ GRADATA_SQLITE_DRIVER: 'sqlite3' }, loaders(loaded, loaded).load));
    expect(error.code).toBe('SQLITE_UNAVAILABLE');
    expect(error.message).toMatch(/^GRADATA_SQLITE_DRIVER="sqlite3" names no SQLite driver\. Fix: set it to better-sqlite3 or node:sqlite/);
  });
});

describe('SQLITE_UNAVAILABLE when no driver loads', () => {
  it('names an install script that never ran, and gives the npm 12, pnpm and yarn fix', () => {
    const error = failureOf(() => chooseSqliteDriver({}, loaders({ ok: false, failure: NOT_BUILT }, { ok: false, failure: NO_NODE_SQLITE }).load));
    expect(error.code).toBe('SQLITE_UNAVAILABLE');
    expect(error.message).toContain("better-sqlite3's native addon was never built (its install script did not run");
    expect(error.message).toContain('Node v20.20.2 has no node:sqlite');
    expect(error.message).toContain('npm approve-scripts better-sqlite3 && npm rebuild better-sqlite3');
    expect(error.message).toContain('pnpm approve-builds');
    expect(error.message).toContain('yarn rebuild better-sqlite3');
    expect(error.message).toContain('upgrade Node to 22.13 or later');
    expect(error.message).not.toContain('\n'); // the CLI prints it as one line
  });

  it('names both ABI numbers after a Node upgrade, with the rebuild', () => {
    const error = failureOf(() => chooseSqliteDriver({}, loaders({ ok: false, failure: WRONG_ABI }, { ok: false, failure: NO_NODE_SQLITE }).load));
    expect(error.message).toMatch(/NODE_MODULE_VERSION 115; this Node v[\d.]+ needs 137/);
    expect(error.message).toContain('npm rebuild better-sqlite3 after the Node upgrade');
  });

  it('reaches new Brain() as SQLITE_UNAVAILABLE, never IO', () => {
    const previous = process.env.GRADATA_SQLITE_DRIVER;
    process.env.GRADATA_SQLITE_DRIVER = 'no-such-driver';
    try {
      // A fresh module registry: the driver is chosen once per process, so this needs its own.
      jest.isolateModules(() => {
        const isolated = require('@gradata/core') as { Brain: typeof Brain; GradataStorageError: typeof GradataStorageError };
        const error = (() => {
          try {
            new isolated.Brain(tmpDir(), { exitHooks: false, writeThrough: false });
          } catch (caught) {
            return caught as GradataStorageError;
          }
          throw new Error('expected new Brain() to throw');
        })();
        expect(error).toBeInstanceOf(isolated.GradataStorageError);
        expect(error.code).toBe('SQLITE_UNAVAILABLE');
      });
    } finally {
      if (previous === undefined) delete process.env.GRADATA_SQLITE_DRIVER;
      else process.env.GRADATA_SQLITE_DRIVER = previous;
    }
  });
});

describe('reading better-sqlite3 load errors', () => {
  it('sorts the real messages into causes', () => {
    expect(classifyBetterSqliteError(new Error('Could not locate the bindings file. Tried:\n → /app/node_modules/better-sqlite3/build/better_sqlite3.node')).kind).toBe('not-built');
    const abi = new Error("The module '/app/node_modules/better-sqlite3/build/Release/better_sqlite3.node'\nwas compiled against a different Node.js version using\nNODE_MODULE_VERSION 115. This version of Node.js requires\nNODE_MODULE_VERSION 137. Please try re-compiling or re-installing");
    expect(classifyBetterSqliteError(abi, '137')).toMatchObject({ kind: 'wrong-abi', builtFor: '115', needs: '137' });
    expect(classifyBetterSqliteError(Object.assign(new Error("Cannot find module 'better-sqlite3'"), { code: 'MODULE_NOT_FOUND' })).kind).toBe('not-installed');
    expect(classifyBetterSqliteError(new Error('invalid ELF header')).kind).toBe('broken');
  });
});

describe("node:sqlite's ExperimentalWarning", () => {
  it('drops only that warning, only during our load', () => {
    const seen: string[] = [];
    const emitWarning = process.emitWarning;
    // Stands in for Node's emitter: what reaches it is what the user would see on stderr.
    process.emitWarning = ((warning: string, type: string) => void seen.push(`${type}: ${warning}`)) as unknown as typeof process.emitWarning;
    try {
      withoutSqliteExperimentalWarning(() => {
        process.emitWarning('SQLite is an experimental feature and might change at any time', 'ExperimentalWarning');
        process.emitWarning('something else is experimental', 'ExperimentalWarning');
        process.emitWarning('SQLite is an experimental feature', 'DeprecationWarning');
      });
      process.emitWarning('SQLite is an experimental feature and might change at any time', 'ExperimentalWarning');
    } finally {
      process.emitWarning = emitWarning;
    }
    expect(seen).toEqual([
      'ExperimentalWarning: something else is experimental',
      'DeprecationWarning: SQLite is an experimental feature',
      'ExperimentalWarning: SQLite is an experimental feature and might change at any time',
    ]);
  });
});
