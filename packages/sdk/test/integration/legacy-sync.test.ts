import path from 'node:path';
import { openSqlite } from '@gradata/core';
import { startIngestServer } from '@gradata/ingest-server';
import type { IngestServer } from '@gradata/ingest-server';
import { Brain } from '@gradata/sdk';
import { silent, tmpDir } from '../helpers';

let server: IngestServer;
beforeEach(async () => {
  server = await startIngestServer({ keys: ['legacy-key'], logger: false });
});
afterEach(() => server.close());

function offlineBrain(dir = path.join(tmpDir(), 'brain')): Brain {
  return new Brain(dir, {
    env: { GRADATA_DISABLE_WRITE_THROUGH: '1' },
    homeDir: tmpDir(),
    apiKey: 'legacy-key',
    apiBase: server.apiBase,
    ingestUrl: server.ingestUrl,
    logger: silent,
    exitHooks: false,
  });
}

async function record(brain: Brain, count: number, size = 40): Promise<void> {
  for (let i = 0; i < count; i++) {
    await brain.correct(`Draft ${i} ${'maybe we could '.repeat(size / 15)}`, `Final ${i} ${'we will '.repeat(size / 8)}`);
  }
}

/** Every event in the brain's database (corrections, lesson changes, session ends). */
function eventCount(brain: Brain): number {
  const db = openSqlite(path.join(brain.dir, 'system.db'), { readonly: true });
  const { n } = db.prepare('SELECT COUNT(*) AS n FROM events').get() as { n: number };
  db.close();
  return n;
}

it('pushes every event since the watermark in batches of at most 500, and never touches /ingest', async () => {
  const brain = offlineBrain();
  await record(brain, 400); // 400 CORRECTION + 400 LESSON_CHANGE events
  const result = await brain.endSession();
  const total = eventCount(brain);
  expect(total).toBeGreaterThanOrEqual(801); // plus graduation events and SESSION_END
  expect(result.legacySync).toEqual({ ran: true, reason: null, pushed: total });
  expect(server.counts().sync).toBe(Math.ceil(total / 500));
  expect(server.counts().ingest).toBe(0);
  expect(brain.syncStatus()).toMatchObject({ enabled: false, reason: 'disabled', pending: 0 });
  // Only what is new since the watermark goes next time.
  const second = await brain.endSession();
  expect(second.legacySync.pushed).toBe(eventCount(brain) - total);
  await brain.close();
});

it('resumes from the saved watermark after a failed batch and a restart, and reports the error without throwing', async () => {
  const dir = path.join(tmpDir(), 'brain');
  const brain = offlineBrain(dir);
  await record(brain, 300); // 600 events + 1 SESSION_END
  server.pushSyncScript(200, { status: 500, body: { error: 'database on fire' } });
  const first = await brain.endSession();
  expect(first.legacySync).toMatchObject({ ran: true, pushed: 500 });
  expect(first.legacySync.reason).toMatch(/^http 500/);
  await brain.close();

  const reopened = offlineBrain(dir);
  const second = await reopened.endSession();
  expect(second.legacySync).toEqual({ ran: true, reason: null, pushed: eventCount(reopened) - 500 });
  await reopened.close();
});

it('halves the batch on 413 until the body fits', async () => {
  const brain = offlineBrain();
  await record(brain, 250, 3000); // ~6 KB per CORRECTION event: a 500-event batch is ~1.5 MB, over the 1 MB limit
  const result = await brain.endSession();
  expect(result.legacySync).toMatchObject({ ran: true, reason: null });
  expect(server.counts().byStatus[413]).toBeGreaterThan(0);
  expect(result.legacySync.pushed).toBe(eventCount(brain));
  await brain.close();
});

it('a network failure is reported, not thrown', async () => {
  const brain = offlineBrain();
  await record(brain, 2);
  await server.close();
  const result = await brain.endSession();
  expect(result.legacySync).toMatchObject({ ran: true, pushed: 0 });
  expect(result.legacySync.reason).toMatch(/^network error/);
  await brain.close();
  server = await startIngestServer({ keys: ['legacy-key'], logger: false });
});
