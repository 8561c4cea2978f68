import path from 'node:path';
import { startIngestServer } from '@gradata/ingest-server';
import type { IngestServer } from '@gradata/ingest-server';
import { Brain } from '@gradata/sdk';
import { silent, tmpDir } from '../helpers';

let server: IngestServer;
beforeEach(async () => {
  server = await startIngestServer({ keys: ['k'], logger: false });
});
afterEach(() => server.close());

function brainWith(env: Record<string, string>): Brain {
  return new Brain(path.join(tmpDir(), 'brain'), {
    env: { GRADATA_API_KEY: 'k', GRADATA_CLOUD_INGEST_URL: server.ingestUrl, GRADATA_CLOUD_API_BASE: server.apiBase, ...env },
    homeDir: tmpDir(),
    logger: silent,
    exitHooks: false,
  });
}

it('write-through on: corrections go to /ingest and the session end never calls /sync', async () => {
  const brain = brainWith({});
  for (let i = 0; i < 5; i++) await brain.correct(`draft ${i} maybe`, `final ${i} surely`);
  await brain.flush({ timeoutMs: 10_000 });
  const end = await brain.endSession();
  expect(end.legacySync).toEqual({ ran: false, reason: 'write-through', pushed: 0 });
  await brain.close();
  expect(server.counts().ingest).toBeGreaterThanOrEqual(5);
  expect(server.counts().sync).toBe(0);
});

it.each(['1', 'true', 'YES', 'on'])('GRADATA_DISABLE_WRITE_THROUGH=%s: no worker, no outbox, /ingest never called, /sync at session end', async (value) => {
  const brain = brainWith({ GRADATA_DISABLE_WRITE_THROUGH: value });
  for (let i = 0; i < 5; i++) expect((await brain.correct(`draft ${i} maybe`, `final ${i} surely`)).queued).toBe(false);
  expect(brain.syncStatus()).toMatchObject({ enabled: false, reason: 'disabled', worker: 'off', pending: 0 });
  const end = await brain.endSession();
  expect(end.legacySync).toMatchObject({ ran: true, reason: null });
  await brain.close();
  expect(server.counts().ingest).toBe(0);
  expect(server.counts().sync).toBe(1);
});
