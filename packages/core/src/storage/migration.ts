import type { Database } from 'better-sqlite3';

/**
 * One numbered, idempotent migration. It may run against a database that already has some of its
 * objects (a brain created by the Python SDK), so every step checks before it changes.
 */
export interface Migration {
  id: number;
  name: string;
  up(db: Database): void;
}
