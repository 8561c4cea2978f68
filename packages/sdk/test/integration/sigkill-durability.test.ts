import { spawn } from 'node:child_process';
import path from 'node:path';
import { openSqlite } from '@gradata/core';
import { startIngestServer } from '@gradata/ingest-server';
import type { IngestServer } from '@gradata/ingest-server';
import { Brain } from '@gradata/sdk';
import { SDK_DIST, cleanEnv, silent, tmpDir, waitFor } from '../helpers';

let server: IngestServer;
beforeAll(async () => {
  server = await startIngestServer({ keys: ['kill-key'], logger: false, faults: { failRate: 0.3, dropRate: 0.1, latencyMs: 20 } });
});
afterAll(() => server.close());

it('every correction committed before a SIGKILL reaches the receiver after the next start', async () => {
  const dir = path.join(tmpDir(), 'brain');
  const child = spawn(process.execPath, [path.join(__dirname, '../fixtures/record-forever.js'), dir], {
    env: cleanEnv({ SDK_DIST, GRADATA_API_KEY: 'kill-key', GRADATA_CLOUD_INGEST_URL: server.ingestUrl }),
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let printed = 0;
  child.stdout.on('data', (chunk: Buffer) => {
    printed += chunk.toString().split('\n').filter(Boolean).length;
  });
  // Kill mid-delivery: some rows delivered, some in flight, some pending.
  await waitFor('the child to commit 300 corrections and deliver some', () => printed >= 300 && server.counts().stored > 20);
  child.kill('SIGKILL');
  await new Promise((resolve) => child.once('exit', resolve));

  const db = openSqlite(path.join(dir, 'system.db'), { readonly: true });
  const committed = (db.prepare("SELECT event_id FROM events WHERE type = 'CORRECTION'").all() as Array<{ event_id: string }>).map((r) => r.event_id);
  db.close();
  expect(committed.length).toBeGreaterThanOrEqual(printed - 1);
  const before = new Set(server.storedEventIds());
  expect(before.size).toBeLessThan(committed.length); // the kill really interrupted delivery

  server.setFaults({}); // the network heals; the new process must finish what the killed one left
  const brain = new Brain(dir, { apiKey: 'kill-key', ingestUrl: server.ingestUrl, logger: silent, exitHooks: false });
  await waitFor('every committed correction at the receiver', () => {
    const stored = new Set(server.storedEventIds());
    return committed.every((id) => stored.has(id));
  }, 60_000);
  await waitFor('the outbox to drain', () => brain.syncStatus().pending === 0, 30_000);
  expect(brain.syncStatus()).toMatchObject({ pending: 0, dead: 0 });
  await brain.close();
}, 120_000);
