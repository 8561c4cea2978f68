import type { Database } from 'better-sqlite3';

/**
 * One numbered, idempotent migration. It may run against a database that already has some of its
 * objects (a brain created by the Python SDK), so every step checks before it changes. `up` runs in
 * one transaction; `steps` run in order, each in a transaction of its own (keeps the write lock
 * short), the migration recorded with the last.
 */
export type Migration = {
  id: number;
  name: string;
} & ({ up(db: Database): void; steps?: undefined } | { steps: ReadonlyArray<(db: Database) => void>; up?: undefined });
