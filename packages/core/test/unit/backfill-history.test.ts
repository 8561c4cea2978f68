import path from 'node:path';
import { openSqlite } from '../../src/storage/driver';
import type { BrainDatabase } from '../../src/storage/driver';
import { markSynced, openBrainDatabase, peekPending, pruneSynced } from '@gradata/core';
import type { Brain } from '@gradata/core';
import { openTestBrain } from '../helpers/brain';
import { tmpDir } from '../helpers/tmp';

const EIGHT_DAYS_SEC = 8 * 24 * 3600;

function withDb<T>(brain: Brain, use: (db: BrainDatabase) => T): T {
  const db = openSqlite(path.join(brain.dir, 'system.db'));
  try {
    return use(db);
  } finally {
    db.close();
  }
}

function outboxEventIds(db: BrainDatabase): string[] {
  return (db.prepare('SELECT event_id FROM sync_queue ORDER BY id').all() as Array<{ event_id: string }>).map((r) => r.event_id);
}

describe('backfill() queues only corrections that never had an outbox row', () => {
  it('does not re-send corrections whose delivered rows were pruned by retention', async () => {
    const brain = openTestBrain({ apiKey: 'k' });
    await brain.correct('first draft of the reply', 'first final of the reply');
    await brain.correct('second draft of the reply', 'second final of the reply');
    const pruned = withDb(brain, (db) => {
      markSynced(db, peekPending(db).map((row) => row.id));
      return pruneSynced(db, { now: Date.now() / 1000 + EIGHT_DAYS_SEC });
    });
    expect(pruned).toBe(2);
    expect(await brain.backfill()).toBe(0);
    expect(withDb(brain, outboxEventIds)).toEqual([]);
    await brain.close();
  });

  it('does not resurrect a dead-lettered correction the user purged', async () => {
    const brain = openTestBrain({ apiKey: 'k' });
    await brain.correct('a draft the server refuses', 'a final the server refuses');
    withDb(brain, (db) => db.prepare('UPDATE sync_queue SET dead_at = 1, synced_at = 1').run());
    expect(brain.purgeDead()).toBe(1);
    expect(await brain.backfill()).toBe(0);
    expect(withDb(brain, outboxEventIds)).toEqual([]);
    await brain.close();
  });

  it('still queues a correction recorded while write-through was off, exactly once', async () => {
    const dir = path.join(tmpDir(), 'b');
    const offline = openTestBrain({ writeThrough: false }, dir);
    await offline.correct('draft written offline', 'final written offline');
    await offline.close();
    const online = openTestBrain({ apiKey: 'k' }, dir);
    expect(await online.backfill()).toBe(1);
    withDb(online, (db) => {
      markSynced(db, peekPending(db).map((row) => row.id));
      pruneSynced(db, { now: Date.now() / 1000 + EIGHT_DAYS_SEC });
    });
    expect(await online.backfill()).toBe(0);
    await online.close();
  });

  it('gives a brain from an older version (or the Python SDK) a history built from the rows it has', async () => {
    const dir = path.join(tmpDir(), 'old');
    const brain = openTestBrain({ writeThrough: false }, dir);
    const queued = await brain.correct('draft that has an outbox row', 'final that has an outbox row');
    const pythonQueued = await brain.correct('draft queued by the python sdk', 'final queued by the python sdk');
    const never = await brain.correct('draft that never got a row', 'final that never got a row');
    await brain.close();
    // Rewind the file to the schema before the history existed, with one row of ours and one
    // Python-style row (event id only inside the payload).
    const file = path.join(dir, 'system.db');
    const db = openSqlite(file);
    db.exec(`DROP TRIGGER trg_sync_queue_history; DROP TABLE outbox_history; DELETE FROM migrations WHERE id = 4;`);
    db.prepare("INSERT INTO sync_queue (payload_json, kind, enqueued_at, event_id) VALUES (?, 'correction', 1, ?)").run(
      JSON.stringify({ event_id: queued.eventId }),
      queued.eventId,
    );
    db.prepare("INSERT INTO sync_queue (payload_json, kind, enqueued_at) VALUES (?, 'correction', 1)").run(
      JSON.stringify({ event_id: pythonQueued.eventId }),
    );
    db.close();

    const upgraded = openBrainDatabase(file);
    const history = (upgraded.prepare('SELECT event_id FROM outbox_history ORDER BY event_id').all() as Array<{ event_id: string }>).map((r) => r.event_id);
    expect(history).toEqual([queued.eventId, pythonQueued.eventId].sort());
    // Retention then removes both rows; only the correction that never had one is backfilled.
    upgraded.prepare('UPDATE sync_queue SET synced_at = 1').run();
    expect(pruneSynced(upgraded, { now: Date.now() / 1000 })).toBe(2);
    upgraded.close();
    const online = openTestBrain({ apiKey: 'k' }, dir);
    expect(await online.backfill()).toBe(1);
    expect(withDb(online, outboxEventIds)).toEqual([never.eventId]);
    await online.close();
  });
});
