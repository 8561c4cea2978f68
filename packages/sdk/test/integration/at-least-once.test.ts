import path from 'node:path';
import { enqueueCorrection, openBrainDatabase, queueStats } from '@gradata/core';
import type { Database } from '@gradata/core';
import { startIngestServer } from '@gradata/ingest-server';
import type { IngestServer } from '@gradata/ingest-server';
import { SyncWorker } from '@gradata/sync-worker';
import { Writable } from 'node:stream';
import pino from 'pino';
import { tmpDir, waitFor } from '../helpers';

let server: IngestServer;
let db: Database;
let worker: SyncWorker;
afterEach(async () => {
  await worker?.stop({ drain: false, timeoutMs: 2_000 });
  await server?.close();
  db?.close();
});

it('when recording the acknowledgement fails, the rows stay pending and are delivered again (deduplicated by the receiver)', async () => {
  server = await startIngestServer({ keys: ['k'], logger: false });
  const dbPath = path.join(tmpDir(), 'system.db');
  db = openBrainDatabase(dbPath);
  const eventIds = ['E1', 'E2', 'E3'];
  for (const id of eventIds) {
    enqueueCorrection(db, 'brain-1', { session: 1, category: 'TONE', severity: 'minor', description: 'd', draft: `a ${id}`, final: `b ${id}` }, id);
  }
  // A real SQLite failure at the moment the worker marks rows synced (as a full disk would cause).
  db.exec(`CREATE TRIGGER refuse_ack BEFORE UPDATE OF synced_at ON sync_queue WHEN NEW.synced_at IS NOT NULL
           BEGIN SELECT RAISE(ABORT, 'cannot record the acknowledgement'); END`);

  // The failed round releases its leases, so the rows come back at the next round; the short lease
  // only bounds the wait if a release were ever lost.
  const logged: string[] = [];
  const logger = pino({ level: 'warn' }, new Writable({ write(chunk, _encoding, done) { logged.push(String(chunk)); done(); } }));
  worker = new SyncWorker({ dbPath, apiKey: 'k', ingestUrl: server.ingestUrl, tickSec: 1, leaseSec: 4, requestTimeoutMs: 1_000, logger });
  worker.start();
  await waitFor('the receiver to store all three', () => server.storedEventIds().length === 3);
  await waitFor('the worker to fail recording the acknowledgement', () => logged.some((line) => line.includes('cannot record the acknowledgement')));
  expect(queueStats(db).pending).toBe(3); // received, but not recorded as synced

  db.exec('DROP TRIGGER refuse_ack');
  await waitFor('the rows to be delivered again and acknowledged', () => queueStats(db).pending === 0, 30_000);
  expect(server.storedEventIds().sort()).toEqual(eventIds);
  expect(server.counts().deduplicated).toBeGreaterThanOrEqual(3);
  expect(queueStats(db)).toMatchObject({ pending: 0, synced: 3, dead: 0 });
}, 60_000);
