import fs from 'node:fs';
import path from 'node:path';
import { openSqlite } from './driver';
import type { BrainDatabase, SqliteDriverName } from './driver';
import { toStorageError } from './errors';
import { runMigrations } from './migrations';

/** An open brain database, of either SQLite driver (the name the API has always used). */
export type Database = BrainDatabase;

export interface OpenDatabaseOptions {
  /** NORMAL (default) survives a killed process; FULL also survives power loss, at 5–10× the commit cost. */
  synchronous?: 'NORMAL' | 'FULL';
  /** Use this driver instead of the process's choice (the sync worker thread follows its main thread). */
  driver?: SqliteDriverName;
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
    db = openSqlite(file, { driver: options.driver });
    db.pragma('busy_timeout = 5000');
    db.pragma('journal_mode = WAL');
    db.pragma(`synchronous = ${options.synchronous === 'FULL' ? 'FULL' : 'NORMAL'}`);
    db.pragma('foreign_keys = ON');
    runMigrations(db);
    return db;
  } catch (err) {
    db?.close();
    throw toStorageError(err, `cannot open the brain database ${file}`);
  }
}
