import fs from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import type { Database } from 'better-sqlite3';
import { toStorageError } from './errors';
import { runMigrations } from './migrations';

export type { Database } from 'better-sqlite3';

/** The most a brain's WAL file keeps once checkpointed: about SQLite's auto-checkpoint size (1,000 pages). */
export const WAL_SIZE_LIMIT_BYTES = 4 * 1024 * 1024;

export interface OpenDatabaseOptions {
  /** NORMAL (default) survives a killed process; FULL also survives power loss, at 5–10× the commit cost. */
  synchronous?: 'NORMAL' | 'FULL';
}

/** The brain's database file inside its folder. */
export function brainDatabasePath(dir: string): string {
  return path.join(dir, 'system.db');
}

/**
 * Open (creating when missing) a brain database with the SPEC §4 PRAGMAs and run migrations.
 * A file that is not a readable SQLite database is reported, never overwritten.
 */
export function openBrainDatabase(file: string, options: OpenDatabaseOptions = {}): Database {
  if (file !== ':memory:') {
    try {
      fs.mkdirSync(path.dirname(file), { recursive: true });
    } catch (err) {
      throw toStorageError(err, `cannot create the brain folder ${path.dirname(file)}`);
    }
  }
  let db: Database | undefined;
  try {
    db = new BetterSqlite3(file);
    db.pragma('busy_timeout = 5000');
    db.pragma('journal_mode = WAL');
    // A WAL that once grew (a long reader held checkpoints back) is cut back to this size at its next
    // reset instead of keeping that space for ever; the worker also truncates it when idle (issue 19).
    db.pragma(`journal_size_limit = ${WAL_SIZE_LIMIT_BYTES}`);
    db.pragma(`synchronous = ${options.synchronous === 'FULL' ? 'FULL' : 'NORMAL'}`);
    db.pragma('foreign_keys = ON');
    runMigrations(db);
    return db;
  } catch (err) {
    db?.close();
    throw toStorageError(err, `cannot open the brain database ${file}`);
  }
}
