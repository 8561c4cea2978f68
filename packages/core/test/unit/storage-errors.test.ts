import fs from 'node:fs';
import path from 'node:path';
import { GradataStorageError } from '@gradata/core';
import type { Brain } from '@gradata/core';
import type { BrainDatabase as Database } from '../../src/storage/driver';
import { openTestBrain } from '../helpers/brain';
import { tmpDir } from '../helpers/tmp';

it('a brain folder that cannot be created → GradataStorageError', () => {
  const file = path.join(tmpDir(), 'plain-file');
  fs.writeFileSync(file, 'x');
  expect(() => openTestBrain({}, path.join(file, 'brain'))).toThrow(GradataStorageError);
});

it('a corrupt system.db → GradataStorageError CORRUPT, and the file is never overwritten', () => {
  const dir = tmpDir();
  const file = path.join(dir, 'system.db');
  const garbage = Buffer.alloc(8192, 7);
  fs.writeFileSync(file, garbage);
  expect(() => openTestBrain({}, dir)).toThrow(expect.objectContaining({ name: 'GradataStorageError', code: 'CORRUPT' }));
  expect(fs.readFileSync(file).equals(garbage)).toBe(true);
});

it('a full disk during correct() → GradataStorageError DISK_FULL, and the brain keeps working once space returns', async () => {
  const brain = openTestBrain({ apiKey: 'k' });
  // SQLite's page cap is a real SQLITE_FULL, reached the way a full disk is reached.
  const db = (brain as unknown as { db: Database }).db;
  const pages = db.pragma('page_count', { simple: true }) as number;
  db.pragma(`max_page_count = ${pages}`);
  const big = 'lorem ipsum dolor sit amet '.repeat(400);
  const error = await brain.correct(big, `${big} changed`).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(GradataStorageError);
  expect(error).toMatchObject({ code: 'DISK_FULL' });
  expect(brain.corrections()).toHaveLength(0);
  db.pragma('max_page_count = 1073741823');
  await expect(brain.correct(big, `${big} changed`)).resolves.toMatchObject({ queued: true });
  await (brain as Brain).close();
});
