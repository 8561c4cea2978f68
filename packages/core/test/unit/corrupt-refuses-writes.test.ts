/**
 * Once SQLite has reported the brain's file corrupt, every call that would write to it refuses with
 * `CORRUPT` and writes nothing: `correct()` (storage-faults.test.ts), and `endSession()` and
 * `backfill()` here. The damage (noise over the one page of the outbox counters, which
 * `syncStatus()` reads) is chosen so that neither call would trip over it itself: only the refusal
 * stands between them and a write into a damaged file.
 */
import fs from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { GradataStorageError } from '@gradata/core';
import type { Brain } from '@gradata/core';
import { openTestBrain } from '../helpers/brain';
import { tmpDir } from '../helpers/tmp';

const PAGE_SIZE = 4096;

/** A closed brain with a few corrections (all queued), its counters page overwritten with noise. */
async function brainWithDamagedCounters(): Promise<{ dir: string; file: string }> {
  const dir = tmpDir();
  const file = path.join(dir, 'system.db');
  const writer = openTestBrain({ apiKey: 'k' }, dir);
  for (let n = 0; n < 3; n++) await writer.correct(`draft number ${n} about the weather`, `final number ${n} about the weather, shorter`);
  await writer.close(); // the last connection checkpoints the WAL into system.db
  const reader = new BetterSqlite3(file, { readonly: true });
  const { rootpage } = reader.prepare("SELECT rootpage FROM sqlite_master WHERE name = 'sync_queue_counts'").get() as { rootpage: number };
  reader.close();
  const noise = Buffer.alloc(PAGE_SIZE);
  for (let i = 0, state = 11; i < PAGE_SIZE; i++) {
    state = (state * 1103515245 + 12345) >>> 0;
    noise[i] = state >>> 24;
  }
  const fd = fs.openSync(file, 'r+');
  fs.writeSync(fd, noise, 0, PAGE_SIZE, (rootpage - 1) * PAGE_SIZE);
  fs.closeSync(fd);
  return { dir, file };
}

/** The brain reopened on the damaged file, after SQLite has reported it corrupt once. */
async function brainKnownCorrupt(): Promise<{ brain: Brain; file: string; bytes: () => Buffer }> {
  const { dir, file } = await brainWithDamagedCounters();
  const brain = openTestBrain({ apiKey: 'k' }, dir);
  expect(() => brain.syncStatus()).toThrow(expect.objectContaining({ code: 'CORRUPT' }));
  const walFile = `${file}-wal`;
  const bytes = (): Buffer => Buffer.concat([fs.readFileSync(file), fs.existsSync(walFile) ? fs.readFileSync(walFile) : Buffer.alloc(0)]);
  return { brain, file, bytes };
}

test.each<[string, (brain: Brain) => Promise<unknown>, string]>([
  ['endSession()', (brain) => brain.endSession(), 'cannot end the session'],
  ['backfill()', (brain) => brain.backfill(), 'cannot backfill the outbox'],
])('%s after CORRUPT refuses with CORRUPT naming the file, and writes nothing', async (_name, call, action) => {
  const { brain, file, bytes } = await brainKnownCorrupt();
  const before = bytes();
  const refused = await call(brain).catch((error: unknown) => error);
  expect(refused).toBeInstanceOf(GradataStorageError);
  expect(refused).toMatchObject({ code: 'CORRUPT', message: expect.stringContaining(file) });
  expect((refused as Error).message).toContain(action);
  expect(bytes().equals(before)).toBe(true);
  await brain.close().catch(() => undefined); // its report reads the damaged counters
});
