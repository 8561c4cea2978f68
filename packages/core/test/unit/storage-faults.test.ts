import fs from 'node:fs';
import path from 'node:path';
import { GradataStorageError } from '@gradata/core';
import type { Brain } from '@gradata/core';
import { openSqlite } from '../../src/storage/driver';
import type { BrainDatabase as Database } from '../../src/storage/driver';
import { captureLogger, openTestBrain } from '../helpers/brain';
import { tmpDir } from '../helpers/tmp';

// Damage done the way a disk or a stray writer does it: bytes over the closed file, found by a
// marker the test wrote, never a mock of SQLite.

const PAGE_SIZE = 4096;

async function brainWith(dir: string, markers: string[], options = {}): Promise<void> {
  const brain = openTestBrain({ apiKey: 'k', ...options }, dir);
  let n = 0;
  for (const marker of markers) await brain.correct(`draft ${n} ${marker}`, `final ${n++} ${marker} changed`);
  await brain.close(); // the last connection checkpoints the WAL into system.db
}

function offsetOf(file: string, marker: string): number {
  const offset = fs.readFileSync(file).indexOf(Buffer.from(marker));
  if (offset < 0) throw new Error(`marker ${marker} not in ${file}`);
  return offset;
}

function pagesContaining(file: string, marker: string): Set<number> {
  const bytes = fs.readFileSync(file);
  const pages = new Set<number>();
  for (let at = bytes.indexOf(marker); at >= 0; at = bytes.indexOf(marker, at + 1)) pages.add(Math.floor(at / PAGE_SIZE));
  return pages;
}

/** Deterministic "random" bytes: a linear congruential generator with a fixed seed. */
function noise(length: number, seed = 7): Buffer {
  const bytes = Buffer.alloc(length);
  let state = seed;
  for (let i = 0; i < length; i += 1) {
    state = (state * 1103515245 + 12345) >>> 0;
    bytes[i] = state >>> 24;
  }
  return bytes;
}

function overwrite(file: string, offset: number, bytes: Buffer): void {
  const fd = fs.openSync(file, 'r+');
  fs.writeSync(fd, bytes, 0, bytes.length, offset);
  fs.closeSync(fd);
}

it('random bytes over the page holding recent corrections: reads → CORRUPT naming the file; correct() then refuses and writes nothing', async () => {
  const dir = tmpDir();
  const file = path.join(dir, 'system.db');
  const markers = Array.from({ length: 60 }, (_, i) => `MARKER${String(i).padStart(3, '0')}${'z'.repeat(300)}`);
  await brainWith(dir, markers);
  // Every page holding a copy of one recent correction (its event, its outbox row).
  for (const page of pagesContaining(file, markers[55])) overwrite(file, page * PAGE_SIZE, noise(PAGE_SIZE, page));

  const brain = openTestBrain({ apiKey: 'k' }, dir);
  const error = (() => {
    try {
      brain.corrections();
      return null;
    } catch (e) {
      return e;
    }
  })();
  expect(error).toBeInstanceOf(GradataStorageError);
  expect(error).toMatchObject({ code: 'CORRUPT' });
  expect((error as Error).message).toContain(file);

  const before = fs.readFileSync(file);
  const refused = await brain.correct('a new draft', 'a new final').catch((e: unknown) => e);
  expect(refused).toMatchObject({ name: 'GradataStorageError', code: 'CORRUPT' });
  expect((refused as Error).message).toContain(file);
  const walFile = `${file}-wal`;
  const walSize = fs.existsSync(walFile) ? fs.statSync(walFile).size : 0;
  expect(walSize).toBe(0);
  // A dry run writes nothing and still works.
  await expect(brain.correct('a new draft', 'a new final', { dryRun: true })).resolves.toMatchObject({ eventId: '' });
  // close() still closes the handle (its report reads the outbox counters, on undamaged pages) and writes nothing.
  await brain.close();
  expect(fs.readFileSync(file).equals(before)).toBe(true);
});

it('a damaged outbox counters page: syncStatus() → CORRUPT naming the file, not a raw SqliteError', async () => {
  const dir = tmpDir();
  const file = path.join(dir, 'system.db');
  const markers = Array.from({ length: 30 }, (_, i) => `OUTBOX${String(i).padStart(3, '0')}${'q'.repeat(300)}`);
  await brainWith(dir, markers);
  // syncStatus() reads the outbox through its trigger-kept counters (a one-page table) and
  // indexes, never the payload pages: damage the counters' page, which it must read.
  const reader = openSqlite(file, { readonly: true });
  const { rootpage } = reader.prepare("SELECT rootpage FROM sqlite_master WHERE name = 'sync_queue_counts'").get() as { rootpage: number };
  reader.close();
  overwrite(file, (rootpage - 1) * PAGE_SIZE, noise(PAGE_SIZE, 11));

  const brain = openTestBrain({ apiKey: 'k' }, dir);
  expect(() => brain.syncStatus()).toThrow(expect.objectContaining({ name: 'GradataStorageError', code: 'CORRUPT', message: expect.stringContaining(file) }));
  await expect(brain.close()).rejects.toMatchObject({ code: 'CORRUPT' });
});

it('64 bytes inside one record (integrity_check still ok): that row is skipped, the rest listed, one warning with the count', async () => {
  const dir = tmpDir();
  const file = path.join(dir, 'system.db');
  const markers = ['ALPHA', 'BRAVO', 'CHARLIE'].map((word) => `${word}${'w'.repeat(100)}`);
  await brainWith(dir, markers);
  overwrite(file, offsetOf(file, markers[1]), Buffer.alloc(64, 0x01)); // control characters inside a JSON string

  const log = captureLogger('warn');
  const brain = openTestBrain({ apiKey: 'k', logger: log.logger }, dir);
  const integrity = (brain as unknown as { db: Database }).db.pragma('integrity_check', { simple: true });
  expect(integrity).toBe('ok');
  const listed = brain.corrections();
  expect(listed.map((c) => c.draft.slice(8, 13))).toEqual(['CHARL', 'ALPHA']);
  brain.corrections();
  const warnings = log.lines.filter((line) => String(line.msg).includes('unreadable'));
  expect(warnings).toHaveLength(1);
  expect(warnings[0]).toMatchObject({ skipped: 1, file });
  await brain.close();
});

it('a damaged lesson row is skipped from lessons(), the others listed', async () => {
  const brain = openTestBrain({ apiKey: 'k' });
  await brain.correct('The meeting is on Monday at 3pm.', 'The meeting is on Tuesday at 4pm.');
  await brain.correct('Please kindly revert back ASAP!!', 'Please reply when you can.');
  const db = (brain as unknown as { db: Database }).db;
  expect(brain.lessons().length).toBeGreaterThanOrEqual(2);
  const count = brain.lessons().length;
  db.prepare("UPDATE lessons SET source_event_ids = '[\"unterminated' WHERE id = 1").run();
  expect(brain.lessons()).toHaveLength(count - 1);
  await brain.close();
});

it('a read-only database: correct() → UNWRITABLE naming the file', async () => {
  const brain = openTestBrain({ apiKey: 'k' });
  // query_only makes SQLite refuse writes with SQLITE_READONLY, as a read-only file does (tests run as root).
  (brain as unknown as { db: Database }).db.pragma('query_only = 1');
  const error = await brain.correct('a draft', 'a final').catch((e: unknown) => e);
  expect(error).toMatchObject({ name: 'GradataStorageError', code: 'UNWRITABLE' });
  expect((error as Error).message).toContain(path.join(brain.dir, 'system.db'));
  (brain as unknown as { db: Database }).db.pragma('query_only = 0');
  await brain.close();
});

it('a brain path that is a regular file → NOT_A_DIRECTORY, not "not writable: EEXIST"', () => {
  const file = path.join(tmpDir(), 'plain-file');
  fs.writeFileSync(file, 'x');
  expect(() => openTestBrain({}, file)).toThrow(expect.objectContaining({ name: 'GradataStorageError', code: 'NOT_A_DIRECTORY', message: expect.stringContaining('is not a folder') }));
  expect(fs.readFileSync(file, 'utf8')).toBe('x');
});

it('a system.db truncated to 0 bytes → a new identity, and a warning that says so', async () => {
  const dir = tmpDir();
  const first = openTestBrain({}, dir);
  const oldId = first.brainId;
  await first.close();
  fs.truncateSync(path.join(dir, 'system.db'), 0);
  const log = captureLogger('warn');
  const second: Brain = openTestBrain({ logger: log.logger }, dir);
  expect(second.brainId).not.toBe(oldId);
  expect(log.lines.some((line) => line.level === 40 && String(line.msg).includes('new identity'))).toBe(true);
  await second.close();
});
