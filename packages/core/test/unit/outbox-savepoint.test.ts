import { openSqlite } from '../../src/storage/driver';
import path from 'node:path';
import { captureLogger, openTestBrain } from '../helpers/brain';
import { tmpDir } from '../helpers/tmp';

it('a failing outbox insert rolls back to its savepoint: the correction commits with queued: false, logged once', async () => {
  const dir = path.join(tmpDir(), 'brain');
  const capture = captureLogger('error');
  const brain = openTestBrain({ apiKey: 'k', logger: capture.logger }, dir);
  // A real SQLite failure inside the outbox insert, from a second connection.
  const saboteur = openSqlite(path.join(dir, 'system.db'));
  saboteur.exec(`CREATE TRIGGER fail_outbox BEFORE INSERT ON sync_queue BEGIN SELECT RAISE(ABORT, 'outbox is broken'); END`);

  const first = await brain.correct('we might refund you', 'we will refund you today');
  const second = await brain.correct('the meeting is at 3pm', 'the meeting is at 4pm');
  expect(first.queued).toBe(false);
  expect(second.queued).toBe(false);
  const events = saboteur.prepare("SELECT event_id FROM events WHERE type = 'CORRECTION' ORDER BY id").all() as Array<{ event_id: string }>;
  expect(events.map((e) => e.event_id)).toEqual([first.eventId, second.eventId]);
  expect(saboteur.prepare('SELECT COUNT(*) AS n FROM lessons').get()).toEqual({ n: 2 });
  expect(saboteur.prepare('SELECT COUNT(*) AS n FROM sync_queue').get()).toEqual({ n: 0 });
  expect(capture.lines.filter((l) => String(l.msg).includes('outbox insert failed'))).toHaveLength(1);

  // Once the fault is gone, backfill queues what was missed.
  saboteur.exec('DROP TRIGGER fail_outbox');
  expect(await brain.backfill()).toBe(2);
  saboteur.close();
  await brain.close();
});

it('an outbox insert that makes SQLite roll the whole correction back fails correct() with its own error, storing nothing', async () => {
  const dir = path.join(tmpDir(), 'brain');
  const brain = openTestBrain({ apiKey: 'k' }, dir);
  const saboteur = openSqlite(path.join(dir, 'system.db'));
  // RAISE(ROLLBACK) ends the whole transaction, as SQLITE_FULL may: there is no savepoint left to return to.
  saboteur.exec(`CREATE TRIGGER end_all BEFORE INSERT ON sync_queue BEGIN SELECT RAISE(ROLLBACK, 'the outbox took the transaction'); END`);

  const failure = await brain.correct('we might refund you', 'we will refund you today').then(() => null, (error: unknown) => error);
  expect(failure).toBeInstanceOf(Error);
  expect(String((failure as Error).message) + String((failure as Error).cause)).toContain('the outbox took the transaction');
  expect(saboteur.prepare('SELECT COUNT(*) AS n FROM events').get()).toEqual({ n: 0 });
  expect(saboteur.prepare('SELECT COUNT(*) AS n FROM lessons').get()).toEqual({ n: 0 });

  saboteur.exec('DROP TRIGGER end_all');
  expect((await brain.correct('we might refund you', 'we will refund you today')).queued).toBe(true);
  saboteur.close();
  await brain.close();
});
