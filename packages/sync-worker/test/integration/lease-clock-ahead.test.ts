/**
 * Issue 19, item 2: a second process whose wall clock runs 120 s ahead took every lease of a live
 * process, so every row was sent twice. Here that process really runs ahead (a preload shifts its
 * Date, test/fixtures/clock-shift.js) beside a worker on the machine's clock, both on one brain.
 */
import { fork } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import path from 'node:path';
import type { ReceivedRequest } from '@gradata/ingest-server';
import { API_KEY, BRAIN_ID, enqueueCorrections, pendingCount, useWorkerFixture, waitFor } from './helpers';

const FIXTURES = path.resolve(__dirname, '../fixtures');
const AHEAD_MS = 120_000;

function startShiftedWorker(options: Record<string, unknown>): ChildProcess {
  return fork(path.join(FIXTURES, 'run-worker.js'), [JSON.stringify({ apiKey: API_KEY, tickSec: 1, ...options })], {
    execArgv: ['-r', path.join(FIXTURES, 'clock-shift.js')],
    env: { ...process.env, GRADATA_TEST_CLOCK_OFFSET_MS: String(AHEAD_MS) },
    stdio: ['ignore', 'ignore', 'ignore', 'ipc'],
  });
}

describe('two processes on one brain, one clock 120 s ahead', () => {
  const sent = new Map<string, number>();
  const fx = useWorkerFixture({
    faults: { latencyMs: 20 }, // leases are held for a while, as over a real link
    onRequest: (info: ReceivedRequest) => {
      if (info.route === 'ingest' && info.eventId) sent.set(info.eventId, (sent.get(info.eventId) ?? 0) + 1);
    },
  });
  let child: ChildProcess | null = null;
  beforeEach(() => sent.clear());
  afterEach(async () => {
    if (child && child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((resolve) => child?.once('exit', resolve));
      child.kill('SIGKILL');
      await exited;
    }
    child = null;
  });

  test('neither takes the other’s leases: 400 rows arrive, none twice', async () => {
    const { brain, server } = fx;
    const eventIds = enqueueCorrections(brain.db, 400);
    const local = fx.makeWorker({ batch: false, batchSize: 50, concurrency: 4, tickSec: 1 });
    local.start();
    await waitFor('the local worker holds leases', () => (brain.db.prepare('SELECT COUNT(*) AS n FROM sync_queue WHERE lease_owner IS NOT NULL').get() as { n: number }).n > 0);
    child = startShiftedWorker({ dbPath: brain.dbPath, ingestUrl: server.ingestUrl, batch: false, batchSize: 50, concurrency: 4 });
    await waitFor('all rows delivered', () => pendingCount(brain.db) === 0, 60_000);
    expect(server.storedEventIds(BRAIN_ID).sort()).toEqual([...eventIds].sort());
    expect([...sent.entries()].filter(([, times]) => times > 1)).toEqual([]);
  }, 90_000);
});
