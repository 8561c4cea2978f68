import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { startIngestServer } from '@gradata/ingest-server';
import type { IngestServer } from '@gradata/ingest-server';
import { Brain } from '@gradata/sdk';
import type { BrainOptions } from '@gradata/sdk';
import { silent, tmpDir, waitFor } from '../helpers';

// Each `delivery` knob set on the SDK's Brain takes effect in its real worker thread, against a
// real receiver on 127.0.0.1:0 (SPEC §3). Assertions are on what the receiver and the outbox saw,
// never on elapsed time.
jest.setTimeout(60_000);

const KEY = 'knob-key';
let brains: Brain[] = [];
let closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  await Promise.allSettled(brains.map((brain) => brain.close({ drain: false, timeoutMs: 1_000 })));
  brains = [];
  await Promise.allSettled(closers.map((close) => close()));
  closers = [];
});

function openBrain(dir: string, ingestUrl: string, options: BrainOptions = {}): Brain {
  const brain = new Brain(dir, { apiKey: KEY, ingestUrl, logger: silent, exitHooks: false, ...options });
  brains.push(brain);
  return brain;
}

const pair = (i: number): [string, string] => [`Ship the report on Monday, item ${i}.`, `Ship the final report on Tuesday, item ${i}.`];

/** A receiver that counts requests in flight and paths; per-row requests get 200 after `delayMs`, `/batch` gets 404. */
async function countingReceiver(delayMs: number): Promise<{ ingestUrl: string; paths: string[]; maxInFlight: () => number }> {
  const paths: string[] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  const server = http.createServer((req, res) => {
    paths.push(req.url ?? '');
    inFlight += 1;
    maxInFlight = Math.max(maxInFlight, inFlight);
    req.resume();
    req.on('end', () => {
      setTimeout(() => {
        inFlight -= 1;
        if (req.url?.endsWith('/batch')) {
          res.writeHead(404).end();
          return;
        }
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ status: 'ok', deduplicated: false }));
      }, delayMs);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  closers.push(() => new Promise<void>((resolve) => server.close(() => resolve())));
  const { port } = server.address() as AddressInfo;
  return { ingestUrl: `http://127.0.0.1:${port}/api/v1/ingest`, paths, maxInFlight: () => maxInFlight };
}

async function silentReceiver(): Promise<IngestServer> {
  const server = await startIngestServer({ keys: [KEY], logger: false, faults: { neverRespond: true } });
  closers.push(() => server.close());
  return server;
}

function readQueue<T>(brain: Brain, sql: string): T[] {
  const db = new BetterSqlite3(path.join(brain.dir, 'system.db'), { readonly: true });
  try {
    return db.prepare(sql).all() as T[];
  } finally {
    db.close();
  }
}

test('delivery.requestTimeoutMs: a receiver that never answers gives a timeout error on the attempt', async () => {
  const { ingestUrl } = await silentReceiver();
  // Without the knob the first attempt would wait the default 30 s and this test would time out.
  const brain = openBrain(path.join(tmpDir(), 'brain'), ingestUrl, { delivery: { requestTimeoutMs: 500, concurrency: 1 } });
  await brain.correct(...pair(0));
  await waitFor('a timed-out attempt', () => brain.syncStatus().lastError !== null, 20_000);
  expect(brain.syncStatus().lastError).toMatch(/timeout/i);
  const [row] = readQueue<{ attempts: number; last_error: string; synced_at: number | null }>(brain, 'SELECT attempts, last_error, synced_at FROM sync_queue');
  expect(row.attempts).toBeGreaterThanOrEqual(1);
  expect(row.last_error).toMatch(/timeout/i);
  expect(row.synced_at).toBeNull();
});

test('delivery.maxConcurrency: 1 is never exceeded at the receiver', async () => {
  const receiver = await countingReceiver(15);
  const brain = openBrain(path.join(tmpDir(), 'brain'), receiver.ingestUrl, { delivery: { maxConcurrency: 1, batch: false } });
  for (let i = 0; i < 12; i++) await brain.correct(...pair(i));
  expect(await brain.flush({ timeoutMs: 20_000 })).toMatchObject({ remaining: 0, dead: 0 });
  expect(receiver.paths.length).toBeGreaterThanOrEqual(12);
  expect(receiver.maxInFlight()).toBe(1);
});

test('delivery.batch: false sends one request per row and never tries the batch route', async () => {
  const receiver = await countingReceiver(0);
  const brain = openBrain(path.join(tmpDir(), 'brain'), receiver.ingestUrl, { delivery: { batch: false } });
  for (let i = 0; i < 5; i++) await brain.correct(...pair(i));
  expect(await brain.flush({ timeoutMs: 20_000 })).toMatchObject({ delivered: 5, remaining: 0 });
  expect(receiver.paths).toHaveLength(5);
  expect(receiver.paths.every((p) => p === '/api/v1/ingest')).toBe(true);
});

test('delivery.batch left on: the batch route is tried first (the control for the test above)', async () => {
  const receiver = await countingReceiver(0);
  const brain = openBrain(path.join(tmpDir(), 'brain'), receiver.ingestUrl);
  for (let i = 0; i < 5; i++) await brain.correct(...pair(i));
  expect(await brain.flush({ timeoutMs: 20_000 })).toMatchObject({ delivered: 5, remaining: 0 });
  expect(receiver.paths[0]).toBe('/api/v1/ingest/batch');
});

test('delivery.leaseSec is the length of the lease a held request keeps', async () => {
  const { ingestUrl } = await silentReceiver();
  const brain = openBrain(path.join(tmpDir(), 'brain'), ingestUrl, { delivery: { leaseSec: 3_600, concurrency: 1 } });
  await brain.correct(...pair(0));
  await waitFor('the request held by the receiver', () => brain.syncStatus().inFlight > 0);
  const [row] = readQueue<{ lease_until: number }>(brain, 'SELECT lease_until FROM sync_queue');
  // The default lease (60 s) would end within a minute of now; this one ends about an hour out.
  expect(row.lease_until - Date.now() / 1000).toBeGreaterThan(3_000);
  expect(row.lease_until - Date.now() / 1000).toBeLessThanOrEqual(3_600);
});

test('delivery.flushTimeoutMs is the budget of a flush() given none', async () => {
  const { ingestUrl } = await silentReceiver();
  const brain = openBrain(path.join(tmpDir(), 'brain'), ingestUrl, { delivery: { flushTimeoutMs: 300 } });
  await brain.correct(...pair(0));
  // With the default (30 s) this flush outlives the test's own timeout.
  expect(await brain.flush()).toMatchObject({ delivered: 0, remaining: 1 });
}, 15_000);

test('delivery.retentionSec: synced rows older than it are pruned when the worker starts', async () => {
  const receiver = await countingReceiver(0);
  const dir = path.join(tmpDir(), 'brain');
  const first = openBrain(dir, receiver.ingestUrl);
  for (let i = 0; i < 3; i++) await first.correct(...pair(i));
  expect(await first.flush({ timeoutMs: 20_000 })).toMatchObject({ delivered: 3, remaining: 0 });
  await first.close();
  // Delivered two days ago: inside the default 7-day retention, outside a one-day one.
  const db = new BetterSqlite3(path.join(dir, 'system.db'));
  db.prepare('UPDATE sync_queue SET synced_at = ?').run(Date.now() / 1000 - 2 * 86_400);
  db.close();

  const second = openBrain(dir, receiver.ingestUrl, { delivery: { retentionSec: 86_400 } });
  await waitFor('synced rows past retention pruned', () => second.syncStatus().synced === 0);
  expect(second.syncStatus()).toMatchObject({ synced: 0, pending: 0, dead: 0 });
});
