import path from 'node:path';
import { enqueue, openBrainDatabase, peekPending, SCHEMA_VERSION } from '@gradata/core';
import type { SqliteDriverName } from '../../src/storage/driver';
import { loadBetterSqlite3, loadNodeSqlite } from '../../src/storage/driver/load';
import { tmpDir } from '../helpers/tmp';

// SPEC §4.1: one file format. Runs where both drivers load in one process (Node 22+ with a
// better-sqlite3 built for it); elsewhere .ci/run's two legs and the package test cover the move.
const bothLoad = loadBetterSqlite3().ok && loadNodeSqlite().ok;

(bothLoad ? describe : describe.skip)('a brain written by one driver opens in the other', () => {
  it('keeps the schema version and every outbox row, both ways', () => {
    const file = path.join(tmpDir(), 'system.db');
    const order: SqliteDriverName[] = ['better-sqlite3', 'node:sqlite', 'better-sqlite3'];
    order.forEach((driver, i) => {
      const db = openBrainDatabase(file, { driver });
      expect(db.pragma('user_version', { simple: true })).toBeDefined();
      expect((db.prepare('SELECT MAX(id) AS v FROM migrations').get() as { v: number }).v).toBe(SCHEMA_VERSION);
      expect(peekPending(db).map((row) => row.payload)).toEqual(order.slice(0, i).map((by) => ({ by })));
      enqueue(db, 'event', { by: driver });
      db.close();
    });
  });
});
