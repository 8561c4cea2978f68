import path from 'node:path';
import { startIngestServer } from '@gradata/ingest-server';
import type { IngestServer } from '@gradata/ingest-server';
import { Brain } from '@gradata/sdk';
import pino from 'pino';
import { Writable } from 'node:stream';
import { silent, tmpDir, waitFor } from '../helpers';

let server: IngestServer;
beforeAll(async () => {
  server = await startIngestServer({ keys: ['env-key'], logger: false });
});
afterAll(() => server.close());

function open(env: Record<string, string>, logger = silent): Brain {
  return new Brain(path.join(tmpDir(), 'brain'), { env, homeDir: tmpDir(), logger, exitHooks: false });
}

it('GRADATA_API_KEY + GRADATA_CLOUD_INGEST_URL start the worker, which delivers without waiting for a tick', async () => {
  const brain = open({ GRADATA_API_KEY: 'env-key', GRADATA_CLOUD_INGEST_URL: server.ingestUrl, GRADATA_SYNC_TICK_SEC: '999' });
  const r = await brain.correct('we might ship friday', 'we ship friday');
  expect(r.queued).toBe(true);
  await waitFor('delivery acknowledged', () => brain.syncStatus().synced === 1);
  expect(server.storedEventIds()).toContain(r.eventId);
  expect(brain.syncStatus()).toMatchObject({ enabled: true, reason: null, worker: 'running', pending: 0, synced: 1 });
  await brain.close();
});

it('without a key nothing starts and the reason says so', async () => {
  const brain = open({ GRADATA_CLOUD_INGEST_URL: server.ingestUrl });
  expect((await brain.correct('a b c', 'a b d')).queued).toBe(false);
  expect(brain.syncStatus()).toMatchObject({ enabled: false, reason: 'no-api-key', worker: 'off' });
  await brain.close();
});

it('a plain-http remote ingest URL never starts delivery: the key is not sent in clear', async () => {
  const brain = open({ GRADATA_API_KEY: 'env-key', GRADATA_CLOUD_INGEST_URL: 'http://192.0.2.1/api/v1/ingest' });
  await brain.correct('a b c', 'a b d');
  expect(brain.syncStatus()).toMatchObject({ enabled: false, reason: 'insecure-ingest-url', worker: 'off', pending: 1 });
  await brain.close();
});

it('a malformed GRADATA_SYNC_TICK_SEC falls back with one warning and write-through still works', async () => {
  const lines: string[] = [];
  const logger = pino({ level: 'warn' }, new Writable({ write(chunk, _e, done) { lines.push(String(chunk)); done(); } }));
  const brain = open({ GRADATA_API_KEY: 'env-key', GRADATA_CLOUD_INGEST_URL: server.ingestUrl, GRADATA_SYNC_TICK_SEC: 'abc' }, logger);
  const r = await brain.correct('one two three', 'one two four');
  await waitFor('delivery', () => server.storedEventIds().includes(r.eventId));
  await brain.close();
  expect(lines.filter((l) => l.includes('GRADATA_SYNC_TICK_SEC'))).toHaveLength(1);
  expect(lines.join('')).not.toContain('env-key');
});

it('an out-of-range GRADATA_SYNC_TICK_SEC (a day and more) falls back instead of making new Brain throw', async () => {
  const brain = open({ GRADATA_API_KEY: 'env-key', GRADATA_CLOUD_INGEST_URL: server.ingestUrl, GRADATA_SYNC_TICK_SEC: '100000' });
  const r = await brain.correct('one two three', 'one two five');
  await waitFor('delivery', () => server.storedEventIds().includes(r.eventId));
  expect(brain.syncStatus()).toMatchObject({ enabled: true, worker: 'running' });
  await brain.close();
});
