import { GradataStorageError } from '../../errors';
import type { DriverFailure } from './load';
import type { SqliteDriverName } from './types';

const MAX_DETAIL_CHARS = 200;

/** What went wrong, in words a user can act on (one clause, no line breaks). */
export function describeFailure(failure: DriverFailure): string {
  switch (failure.kind) {
    case 'not-installed':
      return 'better-sqlite3 is not installed';
    case 'not-built':
      return "better-sqlite3's native addon was never built (its install script did not run: npm 12 and pnpm 10 skip it unless approved, and --ignore-scripts skips it)";
    case 'wrong-abi':
      return `better-sqlite3's addon was built for another Node (NODE_MODULE_VERSION ${failure.builtFor ?? 'unknown'}; this Node ${process.version} needs ${failure.needs})`;
    case 'broken':
      return `better-sqlite3's addon does not load (${failure.detail.slice(0, MAX_DETAIL_CHARS)})`;
    case 'no-node-sqlite':
      return `Node ${failure.nodeVersion} has no node:sqlite (it needs Node 22.13 or later)`;
    default:
      throw new Error(`unknown driver failure ${(failure as { kind: string }).kind}`);
  }
}

/** The exact commands that fix it, for npm, pnpm and yarn. */
export function fixFor(failure: DriverFailure): string {
  switch (failure.kind) {
    case 'not-installed':
      return 'npm install better-sqlite3 (pnpm add better-sqlite3, yarn add better-sqlite3)';
    case 'not-built':
      return 'npm approve-scripts better-sqlite3 && npm rebuild better-sqlite3 (npm 10/11: npm rebuild better-sqlite3; pnpm: pnpm approve-builds, then pnpm rebuild better-sqlite3; yarn: yarn rebuild better-sqlite3)';
    case 'wrong-abi':
      return 'npm rebuild better-sqlite3 after the Node upgrade (pnpm rebuild better-sqlite3, yarn rebuild better-sqlite3)';
    case 'broken':
      return 'npm rebuild better-sqlite3 on this machine (pnpm rebuild better-sqlite3, yarn rebuild better-sqlite3)';
    case 'no-node-sqlite':
      return 'upgrade Node to 22.13 or later, whose built-in node:sqlite needs no addon';
    default:
      throw new Error(`unknown driver failure ${(failure as { kind: string }).kind}`);
  }
}

/** SQLITE_UNAVAILABLE when the forced driver cannot load. */
export function forcedDriverUnavailable(variable: string, name: SqliteDriverName, failure: DriverFailure): GradataStorageError {
  return new GradataStorageError(
    'SQLITE_UNAVAILABLE',
    `${variable}=${name} forces a SQLite driver that cannot load: ${describeFailure(failure)}. Fix: ${fixFor(failure)}; or unset ${variable}.`,
  );
}

/** SQLITE_UNAVAILABLE when neither driver loads: both causes, then both ways out. */
export function noDriverAvailable(betterSqlite3: DriverFailure, nodeSqlite: DriverFailure): GradataStorageError {
  return new GradataStorageError(
    'SQLITE_UNAVAILABLE',
    `no SQLite driver can be loaded: ${describeFailure(betterSqlite3)}, and ${describeFailure(nodeSqlite)}. Fix: ${fixFor(betterSqlite3)}; or ${fixFor(nodeSqlite)}.`,
  );
}

/** SQLITE_UNAVAILABLE for a value of the variable that names no driver. */
export function unknownDriver(variable: string, value: string): GradataStorageError {
  return new GradataStorageError(
    'SQLITE_UNAVAILABLE',
    `${variable}=${JSON.stringify(value)} names no SQLite driver. Fix: set it to better-sqlite3 or node:sqlite, or unset it to let the SDK choose.`,
  );
}

/** SQLITE_UNAVAILABLE in a worker thread that cannot load the driver its main thread uses. */
export function pinnedDriverUnavailable(name: SqliteDriverName, failure: DriverFailure): GradataStorageError {
  return new GradataStorageError('SQLITE_UNAVAILABLE', `the main thread uses ${name}, which cannot load in this thread: ${describeFailure(failure)}. Fix: ${fixFor(failure)}.`);
}
