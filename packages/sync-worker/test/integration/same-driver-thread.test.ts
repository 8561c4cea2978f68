import { execFile } from 'node:child_process';
import path from 'node:path';
import { sqliteDriver } from '@gradata/core';
import type { IngestServer } from '@gradata/ingest-server';
import { API_KEY, enqueueCorrections, makeBrain, removeBrain, startReceiver } from './helpers';
import type { Brain } from './helpers';

jest.setTimeout(60_000);

let brain: Brain;
let server: IngestServer;
beforeEach(async () => {
  brain = makeBrain();
  ({ server } = await startReceiver());
});
afterEach(async () => {
  removeBrain(brain);
  await server.close();
});

function runChild(env: Record<string, string>): Promise<{ driver: string; flushed: { delivered: number; remaining: number } }> {
  const script = path.join(__dirname, 'fixtures', 'same-driver-child.js');
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [script, brain.dbPath, server.ingestUrl, API_KEY], { env: { PATH: process.env.PATH ?? '', ...env }, timeout: 45_000 }, (error, stdout, stderr) => {
      if (error) reject(new Error(`child failed: ${error.message}\n${stderr}`));
      else resolve(JSON.parse(stdout.trim().split('\n').pop() as string));
    });
  });
}

// SPEC §4.1: two SQLite libraries in one process do not see each other's file locks, so the thread
// must not choose on its own; it opens with the driver its main thread chose.
test("the worker thread opens the brain with its main thread's driver, whatever its own environment says", async () => {
  enqueueCorrections(brain.db, 3);
  const forced = process.env.GRADATA_SQLITE_DRIVER;
  const result = await runChild(forced ? { GRADATA_SQLITE_DRIVER: forced } : {});
  expect(result.driver).toBe(sqliteDriver().name);
  expect(result.flushed).toMatchObject({ delivered: 3, remaining: 0 });
});
